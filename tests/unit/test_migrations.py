"""Every schema change has a migration: the migrated database matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import api.models  # noqa: F401  (registers the gateway's tables)
import demand.models  # noqa: F401  (registers the demand log's tables)
import knowledge.models  # noqa: F401  (registers the directory tables)
from core.db import Base
from knowledge.search import not_full_text_table


def test_migrations_match_the_models(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": not_full_text_table}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()
