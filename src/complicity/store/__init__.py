"""The embedded SQLite store (see db.py)."""

from complicity.store.db import SearchHit, Store, WriteResult, open_store, resolve_path, search_key

__all__ = ["SearchHit", "Store", "WriteResult", "open_store", "resolve_path", "search_key"]
