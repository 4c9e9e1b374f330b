"""The launcher hands its settings to the processes it starts."""

from __future__ import annotations

import yaml

from api.settings import PROJECT_ROOT, Settings
from launcher.model import story_files
from launcher.stack import settings_environment


def test_child_processes_share_the_service_token_itself_not_its_mask(monkeypatch) -> None:
    settings = Settings()
    environment = settings_environment(settings)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    child = Settings()
    token = settings.service_token.get_secret_value()
    assert len(token) >= 32
    assert child.service_token.get_secret_value() == token


def test_each_process_started_alone_makes_its_own_token(monkeypatch) -> None:
    monkeypatch.delenv("ASSISTANT_SERVICE_TOKEN", raising=False)
    assert Settings().service_token != Settings().service_token


def test_the_dialogue_report_counts_the_test_stories() -> None:
    count = sum(len(yaml.safe_load(p.read_text())["stories"]) for p in story_files())
    report = (PROJECT_ROOT / "docs" / "dialogue-report.md").read_text()
    assert f"{count} conversations in {len(story_files())} files" in report
    assert count >= 40
