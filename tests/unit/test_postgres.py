"""The scale path: the same migrations and sessions on PostgreSQL.

Each test gets a database of its own, created and dropped here. Without a
server the tests are skipped, and the skip says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from api.sessions import resume_or_start
from api.settings import Settings
from knowledge.db import session_scope
from knowledge.entries import read_content
from knowledge.loading import load_content
from knowledge.models import Service
from knowledge.search import search_text
from launcher.stack import migrate

SERVER_URL = os.environ.get(
    "ASSISTANT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

pytestmark = pytest.mark.postgres


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
def postgres_url() -> Iterator[str]:
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


def test_migrations_create_the_tables(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    engine = create_engine(postgres_url)
    assert "chat_sessions" in inspect(engine).get_table_names()
    engine.dispose()


def test_sessions_resume_and_expire(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    for db in session_scope(postgres_url):
        first = resume_or_start(db, None, timedelta(minutes=60))
        assert resume_or_start(db, first.id, timedelta(minutes=60)).id == first.id
        assert resume_or_start(db, first.id, timedelta(0)).id != first.id


def test_content_loads_idempotently(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    content = read_content()
    for _ in range(2):
        for db in session_scope(postgres_url):
            load_content(db, content)
    for db in session_scope(postgres_url):
        assert db.scalar(select(func.count()).select_from(Service)) == len(content.services())


def test_free_text_search_uses_postgres_full_text(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    for db in session_scope(postgres_url):
        load_content(db, read_content())
        assert "trussell-find-a-food-bank" in [s.id for s in search_text(db, "food bank")[:3]]
        assert search_text(db, '"; DROP TABLE services; --') is not None
        assert search_text(db, "   ") == []
