"""Storage through SQLAlchemy: SQLite by default, PostgreSQL (or any URL) by STANCE_DATABASE_URL."""

from stance.store.repository import Filters, SaveOutcome, Store

__all__ = ["Filters", "SaveOutcome", "Store"]
