"""The launcher hands its settings to the processes it starts."""

from __future__ import annotations

import yaml

from core.settings import PROJECT_ROOT, Settings
from launcher.model import story_files
from launcher.stack import settings_environment


def test_child_processes_read_the_launchers_settings(monkeypatch) -> None:
    settings = Settings(engine_port=6123, chat_rate_per_session="7/minute")
    for name, value in settings_environment(settings).items():
        monkeypatch.setenv(name, value)
    child = Settings()
    assert child.engine_base_url == "http://127.0.0.1:6123"
    assert child.chat_rate_per_session == "7/minute"


def test_the_dialogue_report_counts_the_test_stories() -> None:
    count = sum(len(yaml.safe_load(p.read_text())["stories"]) for p in story_files())
    report = (PROJECT_ROOT / "docs" / "dialogue-report.md").read_text()
    assert f"{count} conversations in {len(story_files())} files" in report
    assert count >= 40
