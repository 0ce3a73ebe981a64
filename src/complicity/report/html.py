"""The screening report as one self-contained HTML file and a JSON file.

Jinja2 with autoescaping: every name, quote and title comes from a source we do not control, so
nothing is inserted unescaped. The only markup passed through is the path picture, which
``graph.render`` builds from escaped text.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from complicity import __version__
from complicity.screen.screen import ScreenResult
from complicity.screen.table import Rejected


def web_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a source could carry ``javascript:`` or ``data:``."""
    if url and url.split(":", 1)[0].lower() in ("http", "https"):
        return url
    return None


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("complicity.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    return env


def render_html(
    results: list[ScreenResult],
    *,
    input_name: str,
    counts: dict[str, int],
    rejected: list[Rejected],
    as_of: str | None,
) -> str:
    from complicity.graph.render import path_svg

    rows: list[dict[str, Any]] = []
    for r in results:
        row = r.to_dict()
        row["svg"] = Markup(path_svg(r.exposure)) if r.exposure else None
        rows.append(row)
    flagged = [r for r in rows if r["status"] == "flagged"]
    return (
        _env()
        .get_template("report.html")
        .render(
            title="Exposure to the Xinjiang surveillance industry",
            results=rows,
            flagged=flagged,
            related=[r for r in rows if r["status"] == "related"],
            review=[r for r in rows if r["status"] == "review"],
            nearest=[r for r in rows if r["nearest"]],
            # an XLSX's lines count within each sheet: ids and the summary name the sheet too
            sheets={
                s: n for n, s in enumerate(dict.fromkeys(r.sheet for r in results if r.sheet), 1)
            },
            clear=sum(r["status"] == "clear" for r in rows),
            nomatch=sum(r["status"] == "no match" for r in rows),
            input_name=input_name,
            counts=counts,
            rejected=rejected,
            as_of=as_of,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            version=__version__,
        )
    )


def write_reports(
    results: list[ScreenResult],
    out_dir: Path,
    *,
    input_name: str,
    counts: dict[str, int],
    rejected: list[Rejected],
    as_of: str | None,
) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "exposure.html"
    json_path = out_dir / "exposure.json"
    html_path.write_text(
        render_html(results, input_name=input_name, counts=counts, rejected=rejected, as_of=as_of),
        encoding="utf-8",
    )
    payload = {
        "input": input_name,
        "as_of": as_of,
        "store": counts,
        "results": [r.to_dict() for r in results],
        "rejected": [x._asdict() for x in rejected],
    }
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return html_path, json_path
