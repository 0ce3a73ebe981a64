"""FollowTheMoney JSON lines: delegated to ``complicity.sources.ftm.read_ftm`` (the project's
FtM reader, shared with ``complicity import``), with the per-file counts every list format
reports: each non-blank line is an entity, a relation (or other folded-in statement: attached) or
rejected with the reader's reason."""

from __future__ import annotations

from pathlib import Path

from complicity.errors import UserError

from .base import FileCount, ListBatch, read_source


def read(paths: list[Path], encoding: str | None = None) -> ListBatch:
    try:
        from complicity.sources.ftm import read_ftm
    except ImportError:
        raise UserError("the ftm format needs complicity.sources.ftm, which is missing") from None
    out = ListBatch(format="ftm")
    for path in paths:
        src = read_source(path, encoding)  # the same encoding errors as every other format
        batch = read_ftm(path)
        for ent in batch.entities:  # whitespace-only names would fail the whole write
            ent.names = [n for n in ent.names if n.text.strip()]
            out.entries[ent.id] = ent.id
        lines = sum(1 for line in src.text.splitlines() if line.strip())
        count = FileCount(path=str(path), rows=lines)
        count.entries = len(batch.entities)
        count.rejected = len(batch.rejected)
        count.attached = lines - count.entries - count.rejected
        if count.attached < 0:  # entities not one per line: count what the reader produced
            count.rows, count.attached = count.entries + count.rejected, 0
        out.files.append(count)
        out.extend(batch)
    return out
