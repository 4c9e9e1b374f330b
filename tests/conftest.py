"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from core.migrate import migrate
from core.settings import Settings
from launcher.stack import free_port, throwaway_database


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


@pytest.fixture(scope="session")
def content_sqlite(migrated_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated template with the real knowledge base content loaded, once per session."""
    from core.db import get_engine, session_scope
    from knowledge.entries import read_content
    from knowledge.loading import load_content

    path = tmp_path_factory.mktemp("content") / "template.db"
    shutil.copyfile(migrated_sqlite, path)
    url = f"sqlite:///{path}"
    with session_scope(url) as db:
        load_content(db, read_content())
        # Everything into the file itself, so a copy of the file has it all.
        db.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    get_engine(url).dispose()
    return path


@pytest.fixture
def content_url(tmp_path: Path, content_sqlite: Path) -> str:
    """A fresh database with the real content loaded: a copy of the session's template."""
    path = tmp_path / "content.db"
    shutil.copyfile(content_sqlite, path)
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


@pytest.fixture
def app_settings(settings: Settings) -> Settings:
    """Settings for signed-in pages: TestClient talks plain HTTP to "testserver", where
    Secure cookies would not come back."""
    return settings.model_copy(update={"cookie_secure": False})


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards; skips if none."""
    with throwaway_postgres() as url:
        yield url


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards; skips the test if there is none."""
    try:
        _ping(SERVER_URL)
    except OperationalError as error:
        if not _start_debian_cluster():
            pytest.skip(f"no PostgreSQL server at {SERVER_URL}, none to start: {error.orig}")
        try:
            _ping(SERVER_URL)
        except OperationalError as still:
            pytest.skip(f"PostgreSQL at {SERVER_URL} did not answer after starting: {still.orig}")
    with throwaway_database(SERVER_URL) as url:
        yield url


def _ping(url: str) -> None:
    admin = create_engine(url)
    try:
        with admin.connect():
            pass
    finally:
        admin.dispose()


def allow_connections(database_url: str, *, allowed: bool) -> None:
    """Close a throwaway database to connections, ending those it has (PostgreSQL down,
    as far as its users can tell), or open it again."""
    name = make_url(database_url).database
    admin = create_engine(
        make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(
            text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        )
        if not allowed:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
    admin.dispose()


REDIS_URL = os.environ.get("ASSISTANT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_settings(settings: Settings) -> Iterator[Settings]:
    """Settings that keep conversations in Redis under a prefix of this test's own, whose
    keys are deleted afterwards (no other data is touched); skips if Redis does not answer."""
    from redis import RedisError

    from core.redis_store import redis_client

    client = redis_client(REDIS_URL)
    try:
        client.ping()
    except RedisError as error:
        pytest.skip(f"no Redis server at {REDIS_URL}: {error}")
    prefix = f"unittest{uuid.uuid4().hex[:12]}"
    yield settings.model_copy(
        update={"conversation_state": "redis", "redis_url": REDIS_URL, "redis_key_prefix": prefix}
    )
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def dead_redis_url() -> str:
    """A Redis URL where nothing listens: Redis is down."""
    return f"redis://127.0.0.1:{free_port()}/0"
