"""Alembic environment: every table hangs off core.db.Base."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

import api.models  # noqa: F401  (registers the gateway's tables)
import demand.models  # noqa: F401  (registers the demand log's tables)
import knowledge.models  # noqa: F401  (registers the directory tables)
from core.db import Base
from core.settings import get_settings
from knowledge.search import not_full_text_table

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=not_full_text_table,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=not_full_text_table,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
