"""A path as a small inline SVG: boxes for entities, labelled arrows for relations.

Every piece of text (names, labels, titles) goes through ``html.escape``: names come from lists
and articles and may contain ``<``, ``&`` or quotes. No scripts, no external references.
"""

from __future__ import annotations

import unicodedata
from html import escape
from typing import Any

from complicity.graph.exposure import ExposurePath

FONT = 12
PAD = 8
BOX_H = 30
GAP_MIN = 90
MAX_LABEL = 40


def _width(text: str) -> float:
    """Rough rendered width: wide (CJK) characters count double."""
    units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return units * FONT * 0.56


def _short(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def path_svg(path: ExposurePath | dict[str, Any]) -> str:
    """An inline SVG of the chain ``entity -> ... -> anchor -> list/body``, from a path or its
    JSON form (``ExposurePath.to_dict()``, as reports store it)."""
    data = path.to_dict() if isinstance(path, ExposurePath) else path
    steps: list[dict[str, Any]] = data["steps"]
    chain: str = data["chain"]
    names = [data["entity"]["name"]]
    labels = []
    for hop in steps:
        names.append(hop["to"]["name"])
        label = hop["label"]
        if "percent" in hop["attrs"]:
            label += f" {hop['attrs']['percent']:g}%"
        if hop["directed"] and not hop["forward"]:
            label = f"{label} (reverse)"  # the arrow is drawn from the relation's own source
        if hop["end"]:
            label += f" (until {hop['end']})"
        labels.append(_short(label))
    names = [_short(n) for n in names]
    boxes = [max(_width(n) + 2 * PAD, 60.0) for n in names]
    gaps = [max(_width(lb) + 2 * PAD, float(GAP_MIN)) for lb in labels]
    width = sum(boxes) + sum(gaps) + 2 * PAD
    height = BOX_H + 2 * PAD + 18
    y = PAD + 16
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
        f'viewBox="0 0 {width:.0f} {height}" role="img" '
        f'aria-label="{escape(chain, quote=True)}" class="complicity-path">',
        f"<title>{escape(chain)}</title>",
        '<defs><marker id="cp-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#555"/></marker></defs>',
    ]
    x = float(PAD)
    for i, name in enumerate(names):
        last = i == len(names) - 1
        anchor = i == len(names) - 2
        fill = "#fde2e1" if last else ("#fff3cd" if anchor else "#eef2f7")
        stroke = "#b42318" if last or anchor else "#667085"
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="{boxes[i]:.1f}" height="{BOX_H}" rx="5" '
            f'fill="{fill}" stroke="{stroke}"/>'
        )
        out.append(
            f'<text x="{x + boxes[i] / 2:.1f}" y="{y + BOX_H / 2 + FONT / 2 - 2:.1f}" '
            f'font-size="{FONT}" text-anchor="middle" font-family="sans-serif">'
            f"{escape(name)}</text>"
        )
        x += boxes[i]
        if not last:
            gap = gaps[i]
            hop = steps[i]
            forward = hop["forward"] or not hop["directed"]
            x1, x2 = (x, x + gap) if forward else (x + gap, x)
            out.append(
                f'<line x1="{x1:.1f}" y1="{y + BOX_H / 2}" x2="{x2:.1f}" y2="{y + BOX_H / 2}" '
                'stroke="#555" marker-end="url(#cp-arrow)"/>'
            )
            out.append(
                f'<text x="{x + gap / 2:.1f}" y="{y - 4}" font-size="{FONT - 2}" '
                f'text-anchor="middle" font-family="sans-serif" fill="#333">'
                f"{escape(labels[i])}</text>"
            )
            x += gap
    out.append("</svg>")
    return "".join(out)
