"""Bring the database schemas up to date with Alembic (`migrations/`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from core.settings import PROJECT_ROOT, Settings


def migrate(settings: Settings) -> None:
    """Upgrade every database the settings name to the newest schema (creating SQLite
    files on first run). The demand log may live in a database of its own; each gets
    the same schema."""
    for url in dict.fromkeys((settings.database_url, settings.demand_url)):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        config = Config(str(PROJECT_ROOT / "alembic.ini"))
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(config, "head")
