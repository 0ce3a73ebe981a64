"""Keeping every published version of a list, and what changed between two.

``update`` fetches the files of each configured source (a YAML of source -> format + URLs; the
shipped ``sources.yaml`` points at the official publications), keeps each version under
``<db dir>/lists/<source>/<version>-<file name>`` with ``index.json`` beside it, and hands new
versions to the loader. A version whose files are byte-identical to the latest is not kept again.

``diff`` reads two versions with the source's reader (no store involved) and compares entries by
their pre-resolution id, which is deterministic from (list, entry number): added, removed, and
changed names, programs and identifiers.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from complicity import __version__
from complicity.errors import UserError

from . import FORMATS, read_list
from .base import ListBatch

USER_AGENT = f"complicity/{__version__} (+list monitoring; official public files)"
TIMEOUT = 60


@dataclass
class SourceConfig:
    name: str
    format: str
    urls: list[str]
    title: str = ""


def default_config_text() -> str:
    return resources.files("complicity.sources.lists").joinpath("sources.yaml").read_text("utf-8")


def load_config(path: Path | None) -> dict[str, SourceConfig]:
    if path is None:
        text, where = default_config_text(), "the shipped sources.yaml"
    else:
        try:
            text, where = path.read_text("utf-8"), str(path)
        except OSError as exc:
            raise UserError(f"{path}: cannot read the config ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UserError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        raise UserError(f"{where}: expected a mapping with a 'sources:' section")
    out: dict[str, SourceConfig] = {}
    for name, item in data["sources"].items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", str(name)):
            raise UserError(f"{where}: source name {name!r}: use lower-case letters, digits, -")
        if not isinstance(item, dict) or "format" not in item or "urls" not in item:
            raise UserError(f"{where}: source {name}: needs 'format' and 'urls'")
        if item["format"] not in FORMATS:
            raise UserError(f"{where}: source {name}: unknown format {item['format']!r}")
        urls = item["urls"] if isinstance(item["urls"], list) else [item["urls"]]
        for url in urls:
            if not re.match(r"^https?://", str(url)):
                raise UserError(f"{where}: source {name}: {url!r} is not an http(s) URL")
        out[str(name)] = SourceConfig(
            str(name), item["format"], [str(u) for u in urls], str(item.get("title", ""))
        )
    return out


@dataclass
class Version:
    id: str
    fetched: str
    format: str
    files: list[dict[str, Any]] = field(default_factory=list)

    def paths(self, folder: Path) -> list[Path]:
        return [folder / f["path"] for f in self.files]


class Archive:
    """The versions of one source on disk."""

    def __init__(self, root: Path, source: str) -> None:
        self.folder = root / source
        self.source = source
        self.index_path = self.folder / "index.json"

    def versions(self) -> list[Version]:
        if not self.index_path.exists():
            return []
        try:
            data = json.loads(self.index_path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise UserError(f"{self.index_path}: unreadable version index ({exc})") from None
        return [Version(**v) for v in data.get("versions", [])]

    def add(self, fmt: str, files: list[tuple[str, bytes]]) -> tuple[Version, bool]:
        """Keep a version; returns it and whether it is new (False: same bytes as the latest)."""
        digest = hashlib.sha256()
        for _, data in files:
            digest.update(hashlib.sha256(data).digest())
        versions = self.versions()
        sha = digest.hexdigest()
        if versions and versions[-1].id.rsplit("-", 1)[-1] == sha[:12]:
            return versions[-1], False
        now = datetime.now(UTC)
        vid = f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{sha[:12]}"
        self.folder.mkdir(parents=True, exist_ok=True)
        entries = []
        for url, data in files:
            base = re.sub(r"[^A-Za-z0-9._-]+", "_", url.rstrip("/").rsplit("/", 1)[-1]) or "file"
            name = f"{vid}-{base}"
            (self.folder / name).write_bytes(data)
            entries.append(
                {
                    "url": url,
                    "path": name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                }
            )
        version = Version(vid, now.isoformat(timespec="seconds"), fmt, entries)
        payload = {"source": self.source, "versions": [vars(v) for v in [*versions, version]]}
        tmp = self.index_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False), "utf-8")
        tmp.replace(self.index_path)
        return version, True

    def find(self, ref: str | None, default_back: int) -> Version:
        versions = self.versions()
        if not versions:
            raise UserError(f"no versions of {self.source} kept yet: run `complicity lists update`")
        if ref is None:
            if len(versions) < default_back:
                raise UserError(
                    f"{self.source} has {len(versions)} version(s); a diff needs two "
                    "(run `lists update` again after the list changes, or pass --from/--to)"
                )
            return versions[-default_back]
        hits = [v for v in versions if v.id == ref or v.id.startswith(ref)]
        if len(hits) != 1:
            known = ", ".join(v.id for v in versions[-5:])
            what = "matches no" if not hits else "matches more than one"
            raise UserError(f"{ref!r} {what} version of {self.source} (latest: {known})")
        return hits[0]


def fetch(url: str, timeout: float = TIMEOUT) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as exc:
        raise UserError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(f"{url}: cannot fetch ({reason}); offline?") from None


# -- diff -------------------------------------------------------------------------------------------
@dataclass
class EntrySummary:
    id: str
    caption: str
    names: set[str]
    programs: set[str]
    identifiers: set[str]


def summarise(batch: ListBatch) -> dict[str, EntrySummary]:
    programs: dict[str, set[str]] = {}
    for rel in batch.relations:
        if rel.type == "listing":
            progs = programs.setdefault(rel.source, set())
            label = rel.target + (f" {rel.attrs['program']}" if rel.attrs.get("program") else "")
            progs.add(label)
    out = {}
    for ent in batch.entities:
        if ent.id not in batch.entries:
            continue
        out[ent.id] = EntrySummary(
            ent.id,
            ent.caption,
            {n.text for n in ent.names},
            programs.get(ent.id, set()),
            {f"{i.scheme}:{i.value}" for i in ent.identifiers if i.scheme != "list_entry"},
        )
    return out


def diff_batches(old: ListBatch, new: ListBatch) -> dict[str, Any]:
    a, b = summarise(old), summarise(new)
    added = [b[k] for k in sorted(b.keys() - a.keys())]
    removed = [a[k] for k in sorted(a.keys() - b.keys())]
    changed = []
    for k in sorted(a.keys() & b.keys()):
        x, y = a[k], b[k]
        change: dict[str, Any] = {"id": k, "caption": y.caption}
        for what in ("names", "programs", "identifiers"):
            before, after = getattr(x, what), getattr(y, what)
            if before != after:
                change[what] = {"added": sorted(after - before), "removed": sorted(before - after)}
        if len(change) > 2:
            changed.append(change)

    def brief(e: EntrySummary) -> dict[str, Any]:
        return {
            "id": e.id,
            "caption": e.caption,
            "names": sorted(e.names),
            "programs": sorted(e.programs),
            "identifiers": sorted(e.identifiers),
        }

    return {
        "added": [brief(e) for e in added],
        "removed": [brief(e) for e in removed],
        "changed": changed,
    }


def diff_versions(
    archive: Archive, ref_from: str | None, ref_to: str | None
) -> tuple[Version, Version, dict[str, Any]]:
    v_to = archive.find(ref_to, 1)
    if ref_from is None:
        versions = archive.versions()
        idx = next(i for i, v in enumerate(versions) if v.id == v_to.id)
        if idx == 0:
            raise UserError(
                f"{archive.source}: {v_to.id} is the first kept version; nothing to diff it with"
            )
        v_from = versions[idx - 1]
    else:
        v_from = archive.find(ref_from, 2)
    old = read_list(v_from.format, v_from.paths(archive.folder))
    new = read_list(v_to.format, v_to.paths(archive.folder))
    return v_from, v_to, diff_batches(old, new)


def format_diff(source: str, v_from: Version, v_to: Version, diff: dict[str, Any]) -> str:
    lines = [
        f"{source}: {v_from.id} -> {v_to.id}: {len(diff['added'])} added, "
        f"{len(diff['removed'])} removed, {len(diff['changed'])} changed"
    ]
    for sign, key in (("+", "added"), ("-", "removed")):
        for e in diff[key]:
            progs = "; ".join(e["programs"])
            lines.append(f"  {sign} {e['id']}  {e['caption']}" + (f"  [{progs}]" if progs else ""))
    for c in diff["changed"]:
        lines.append(f"  ~ {c['id']}  {c['caption']}")
        for what in ("names", "programs", "identifiers"):
            if what in c:
                parts = [f"+{v}" for v in c[what]["added"]] + [f"-{v}" for v in c[what]["removed"]]
                lines.append(f"      {what}: " + "; ".join(parts))
    return "\n".join(lines)
