"""Database errors as a person reads them: never the SQL, never its parameters (an article's text).

`Database` turns a lost or refused connection into `StoreUnavailable` ("the database is
unreachable"), which a long run stops on, where a bad article is only skipped. Anything else
the database refuses is told with `describe`: the driver's first line, which names the problem
("value too long for type character varying(200)") and holds no data.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, SQLAlchemyError

UNREACHABLE = (
    "the database is unreachable. Check that the database server is running and can be reached, then run "
    "the same command again: what was stored is kept, and articles already stored are skipped as duplicates."
)


class StoreUnavailable(RuntimeError):
    """The database cannot be reached (server stopped, network down, file gone): stop, do not skip."""

    def __init__(self, reason: str = ""):
        self.reason = reason
        super().__init__(UNREACHABLE)


# SQLSTATE classes of a connection that failed or was ended by the server (admin or crash shutdown,
# server starting up or going down).
_UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03")


def is_unreachable(error: BaseException) -> bool:
    """A lost or refused connection, wrapped by SQLAlchemy or raised by the driver itself (a raw cursor)."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated or isinstance(error, InterfaceError):
            return True
        orig: BaseException | None = error.orig
    elif type(error).__module__.startswith(("psycopg", "sqlite3")):
        orig = error
    else:
        return False
    state = getattr(orig, "sqlstate", None)
    if state:
        return state.startswith(_UNREACHABLE_STATES)
    message = str(orig).lower()
    if type(orig).__module__.startswith("psycopg"):
        # Raised by the client itself (no SQLSTATE): the connection could not be made or was lost.
        return type(orig).__name__ in ("OperationalError", "InterfaceError")
    return "unable to open database file" in message


def describe(error: BaseException) -> str:
    """One line for a person: what the database refused, without the statement or its values."""
    if isinstance(error, StoreUnavailable):
        return str(error)
    if isinstance(error, DBAPIError) and error.orig is not None:
        first = (str(error.orig).strip().splitlines() or [""])[0].strip()
        return f"the database refused it ({type(error.orig).__name__}: {first[:200]})"
    if isinstance(error, SQLAlchemyError):
        return f"the database refused it ({type(error).__name__})"
    return f"{type(error).__name__}: {error}"
