"""full-text search over services

SQLite gets an FTS5 table kept in step by the loader; PostgreSQL gets a GIN
index on the same words, so one search function serves both.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_DOCUMENT = "to_tsvector('english', name || ' ' || summary || ' ' || description)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE services_fts USING fts5("
            "service_id UNINDEXED, name, summary, description, tokenize='porter unicode61')"
        )
    else:
        op.execute(f"CREATE INDEX ix_services_search ON services USING gin ({PG_DOCUMENT})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE services_fts")
    else:
        op.execute("DROP INDEX ix_services_search")
