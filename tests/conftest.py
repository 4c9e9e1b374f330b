"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from core.migrate import migrate
from core.settings import Settings
from launcher.stack import free_port


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> None:
    """Argon2 at its smallest cost in this process: the same sign-in code, a millisecond a
    hash instead of a tenth of a second (the servers that integration tests start keep
    the real cost)."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from api import security

    security._passwords = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))
    security._DUMMY_HASH = security._passwords.hash("not anyone's password")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head, once per test session."""
    path = tmp_path_factory.mktemp("migrated") / "template.db"
    migrate(Settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """A fresh, migrated SQLite database for one test: a copy of the session's template,
    so each test starts clean without running every migration again."""
    path = tmp_path / "test.db"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings for an app whose engine and action server are not running."""
    yield Settings(
        database_url=sqlite_url,
        engine_port=free_port(),
        action_port=free_port(),
        engine_timeout_seconds=2.0,
        log_dir=tmp_path / "log",
        demand_spool_path=tmp_path / "spool" / "demand-events.jsonl",
        estimates_warm_up=False,  # seconds of CPU per app start that these tests never use
    )


SERVER_URL = os.environ.get(
    "ASSISTANT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _start_debian_cluster() -> bool:
    """Start Debian's PostgreSQL cluster if it is installed but not running."""
    clusters = sorted(Path("/etc/postgresql").glob("*/main"))
    if not clusters or not shutil.which("pg_ctlcluster"):
        return False
    version = clusters[-1].parent.name
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


def _create_database(admin, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))


@pytest.fixture
def app_settings(settings: Settings) -> Settings:
    """Settings for signed-in pages: TestClient talks plain HTTP to "testserver", where
    Secure cookies would not come back."""
    return settings.model_copy(update={"cookie_secure": False})


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards; skips if none."""
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"assistant_test_{uuid.uuid4().hex[:12]}"
    try:
        _create_database(admin, name)
    except OperationalError as error:
        if not _start_debian_cluster():
            pytest.skip(f"no PostgreSQL server at {SERVER_URL}, none to start: {error.orig}")
        try:
            _create_database(admin, name)
        except OperationalError as still:
            pytest.skip(f"PostgreSQL at {SERVER_URL} did not answer after starting: {still.orig}")
    try:
        yield make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
