"""The scale path: the same migrations and sessions on PostgreSQL.

Each test gets a database of its own, created and dropped here. Without a
server the tests are skipped, and the skip says why.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, inspect, select

from api.sessions import resume_or_start
from core.db import session_scope
from core.migrate import migrate
from core.settings import Settings
from knowledge.entries import read_content
from knowledge.loading import load_content
from knowledge.models import Service
from knowledge.search import search_text

pytestmark = pytest.mark.postgres


def test_migrations_create_the_tables(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    engine = create_engine(postgres_url)
    assert "chat_sessions" in inspect(engine).get_table_names()
    engine.dispose()


def test_sessions_resume_and_expire(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    with session_scope(postgres_url) as db:
        first = resume_or_start(db, None, timedelta(minutes=60))
        assert resume_or_start(db, first.id, timedelta(minutes=60)).id == first.id
        assert resume_or_start(db, first.id, timedelta(0)).id != first.id


def test_content_loads_idempotently(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    content = read_content()
    for _ in range(2):
        with session_scope(postgres_url) as db:
            load_content(db, content)
    with session_scope(postgres_url) as db:
        assert db.scalar(select(func.count()).select_from(Service)) == len(content.services())


def test_free_text_search_uses_postgres_full_text(postgres_url: str) -> None:
    migrate(Settings(database_url=postgres_url))
    with session_scope(postgres_url) as db:
        load_content(db, read_content())
        assert "trussell-find-a-food-bank" in [s.id for s in search_text(db, "food bank")[:3]]
        assert search_text(db, '"; DROP TABLE services; --') is not None
        assert search_text(db, "   ") == []
