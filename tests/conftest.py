"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from api.settings import PROJECT_ROOT, Settings
from launcher.stack import free_port, migrate

HELD_OUT_DIR = PROJECT_ROOT / "tests" / "data" / "held_out"


def held_out_messages() -> list[tuple[str, str]]:
    """(need id, message) pairs that the model never saw in training."""
    pairs = []
    for path in sorted(HELD_OUT_DIR.glob("*.yml")):
        for need, messages in yaml.safe_load(path.read_text()).items():
            pairs.extend((need, message) for message in messages)
    return pairs


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, migrated SQLite database for one test."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'test.db'}")
    migrate(settings)
    return settings.database_url


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings for an app whose engine and action server are not running."""
    yield Settings(
        database_url=sqlite_url,
        engine_port=free_port(),
        action_port=free_port(),
        engine_timeout_seconds=2.0,
        log_dir=tmp_path / "log",
    )
