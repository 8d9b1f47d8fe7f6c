"""Pytest plugin: a throwaway PostgreSQL server, and `database_url` over SQLite and PostgreSQL.

The server is Debian's `postgresql` package (initdb + pg_ctl), started once per test
session in a temporary folder, listening on 127.0.0.1 only, and removed at the end. Set
STANCE_TEST_POSTGRES_URL to use a server of your own instead (its user needs CREATEDB).

Where no server can be had, PostgreSQL tests are skipped with the reason, except when
CI or STANCE_REQUIRE_POSTGRES is set: then they fail, so CI never passes by skipping them.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

PG_USER = "stance"


def postgres_required() -> bool:
    """CI=1/true (set by CI) or STANCE_REQUIRE_POSTGRES=1: a missing server is a failure, not a skip."""
    return any(
        os.environ.get(name, "").lower() not in ("", "0", "false", "no") for name in ("CI", "STANCE_REQUIRE_POSTGRES")
    )


def _unavailable(reason: str) -> NoReturn:
    if postgres_required():
        pytest.fail(f"PostgreSQL is required here (CI or STANCE_REQUIRE_POSTGRES is set) but {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL for these tests: {reason}. Run `make system-deps` or set STANCE_TEST_POSTGRES_URL.")


def _bin_dir() -> Path | None:
    """The newest Debian PostgreSQL binaries (/usr/lib/postgresql/<ver>/bin), else initdb on PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """A PostgreSQL server of our own: one database per test, dropped afterwards."""

    def __init__(
        self, admin_url: str, folder: Path | None = None, run_as: str | None = None, bin_dir: Path | None = None
    ):
        self.admin_url = admin_url  # SQLAlchemy URL of a database to connect to for CREATE DATABASE
        self.folder = folder
        self.run_as = run_as
        self.bin_dir = bin_dir

    @classmethod
    def start(cls) -> PostgresServer:
        bin_dir = _bin_dir()
        if bin_dir is None:
            _unavailable("the PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        run_as = None
        folder = Path(tempfile.mkdtemp(prefix="stance-pg-"))
        if os.geteuid() == 0:  # initdb refuses to run as root: the server runs as the postgres user
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(folder, ignore_errors=True)
                _unavailable("tests run as root and there is no 'postgres' user to run the server as")
            os.chown(folder, account.pw_uid, account.pw_gid)
            run_as = "postgres"
        server = cls("", folder, run_as, bin_dir)
        try:
            server._run(
                "initdb",
                "-D",
                str(folder / "data"),
                "-U",
                PG_USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
            port = server._start_server()
        except (OSError, subprocess.CalledProcessError) as exc:
            log = folder / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else getattr(exc, "stderr", "") or ""
            shutil.rmtree(folder, ignore_errors=True)
            _unavailable(f"the throwaway server did not start ({exc}).\n{detail}")
        server.admin_url = f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/postgres"
        return server

    def _run(self, program: str, *args: str) -> None:
        kwargs = (
            {"user": self.run_as, "group": pwd.getpwnam(self.run_as).pw_gid, "extra_groups": []} if self.run_as else {}
        )
        subprocess.run(
            [str(self.bin_dir / program), *args],
            check=True,
            capture_output=True,
            text=True,
            cwd=self.folder,
            timeout=120,
            **kwargs,
        )

    def _start_server(self) -> int:
        """Start on a free loopback port (tried three times in case another process takes the port first)."""
        for attempt in range(3):
            port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={self.folder} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            try:
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.folder / "data"),
                    "-l",
                    str(self.folder / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                )
                return port
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        if self.folder is None:
            return  # a server we were given, not ours to stop
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _admin(self, sql: str) -> None:
        import sqlalchemy

        engine = sqlalchemy.create_engine(
            self.admin_url, isolation_level="AUTOCOMMIT", poolclass=sqlalchemy.pool.NullPool
        )
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import sqlalchemy

        name = f"stance_test_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return sqlalchemy.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        import sqlalchemy

        name = sqlalchemy.make_url(url).database
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # FORCE: test engines may still hold connections


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One server for the whole session: STANCE_TEST_POSTGRES_URL, or a throwaway one started here."""
    given = os.environ.get("STANCE_TEST_POSTGRES_URL")
    if given:
        from stance.store.database import normalise_url

        yield PostgresServer(normalise_url(given))
        return
    server = PostgresServer.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'stance.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty store's URL, once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
