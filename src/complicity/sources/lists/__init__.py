"""Official-list loaders: one module per published format, each ``read(paths) -> ListBatch``.

``ListBatch`` is a ``Batch`` that also counts, per file, the rows read and what became of each
(an entry, attached to an entry, or rejected with its reason). ``load`` reads, resolves against
the store (``resolve.py``) and writes in one transaction.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from complicity.errors import UserError

from .base import ListBatch

# format name -> (module, function, description)
FORMATS: dict[str, tuple[str, str, str]] = {
    "ofac-csv": ("ofac_csv", "read", "OFAC sdn.csv / cons_prim.csv with alt.csv, add.csv"),
    "ofac-xml": ("ofac_xml", "read", "OFAC sdn_advanced.xml / cons_advanced.xml"),
    "csl-json": ("csl", "read_json", "trade.gov Consolidated Screening List, JSON"),
    "csl-csv": ("csl", "read_csv", "trade.gov Consolidated Screening List, CSV"),
    "uflpa-html": ("uflpa", "read_html", "DHS UFLPA Entity List web page"),
    "uflpa-csv": ("uflpa", "read_csv", "DHS UFLPA Entity List as CSV (name, date, ...)"),
    "dod-1260h": ("dod_1260h", "read", "DoD Section 1260H list (OpenSanctions CSV layout)"),
    "eu-csv": ("eu_csv", "read", "EU Official Journal sanctions CSV (45/46 columns)"),
    "uk-csv": ("uk_csv", "read", "UK Sanctions List relational CSVs (subjects, names, ids)"),
    "un-xml": ("un_xml", "read", "UN Security Council consolidated list XML"),
    "mofcom-json": ("mofcom_json", "read", "PRC MOFCOM lists as JSON (cn.json)"),
    "opensanctions-csv": ("opensanctions_csv", "read", "OpenSanctions targets.simple.csv"),
    "ftm": ("ftm", "read", "FollowTheMoney JSON lines"),
    "gleif": ("gleif", "read", "GLEIF API JSON: LEI records and parent relationships"),
}

Reader = Callable[..., ListBatch]


def reader(fmt: str) -> Reader:
    if fmt not in FORMATS:
        raise UserError(f"unknown list format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    module, func, _ = FORMATS[fmt]
    mod = importlib.import_module(f"{__name__}.{module}")
    fn: Reader = getattr(mod, func)
    return fn


def read_list(fmt: str, paths: list[Path], encoding: str | None = None) -> ListBatch:
    """Read list files of one format into a batch (nothing written)."""
    if not paths:
        raise UserError("no files given")
    batch = reader(fmt)(paths, encoding=encoding)
    for fc in batch.files:
        if not fc.balanced:  # a reader bug, not bad input: say so loudly
            raise AssertionError(f"{fc.path}: {fc.rows} rows but counts do not add up: {fc}")
    return batch


__all__ = ["FORMATS", "ListBatch", "read_list", "reader"]
