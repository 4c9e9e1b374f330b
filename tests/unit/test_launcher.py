"""The launcher hands its settings to the processes it starts, in either topology."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from pydantic import ValidationError

from core.settings import PROJECT_ROOT, Settings
from launcher.model import story_files
from launcher.scaled import ScaledStack, Topology, haproxy_binary, render_haproxy_config
from launcher.stack import ONE_MATHS_THREAD, Stack, settings_environment


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


def test_the_single_topology_keeps_its_three_processes(tmp_path) -> None:
    stack = Stack(Settings(log_dir=tmp_path), tmp_path / "model.tar.gz")
    assert [p.name for p in stack.processes] == ["action server", "engine", "api"]
    assert [p.log_path.name for p in stack.processes] == [
        "action-server.log",
        "engine.log",
        "api.log",
    ]
    engine = stack.processes[1]
    assert engine.argv[engine.argv.index("--endpoints") + 1] == "bot/endpoints.yml"
    assert "--workers" not in stack.processes[2].argv
    for process in stack.processes:
        assert ONE_MATHS_THREAD.items() <= process.env.items(), process.name


def test_the_scaled_topology_puts_haproxy_where_the_single_processes_were(tmp_path) -> None:
    settings = Settings(log_dir=tmp_path, redis_url="redis://10.0.0.5:6380/3")
    topology = Topology.above(settings, replicas=3, action_servers=2, api_workers=4)
    assert topology.engine_ports == (5006, 5007, 5008)
    assert topology.action_ports == (5056, 5057)
    stack = ScaledStack(settings, tmp_path / "model.tar.gz", topology)
    engine = stack.engines[0]
    assert engine.argv[engine.argv.index("--endpoints") + 1] == "deploy/endpoints.yml"
    assert engine.env["ACTION_SERVER_URL"] == "http://127.0.0.1:5055"  # HAProxy's frontend
    assert (engine.env["REDIS_HOST"], engine.env["REDIS_PORT"], engine.env["REDIS_DB"]) == (
        "10.0.0.5",
        "6380",
        "3",
    )
    assert stack.api.argv[stack.api.argv.index("--workers") + 1] == "4"
    for process in stack.processes:
        assert ONE_MATHS_THREAD.items() <= process.env.items(), process.name

    config = render_haproxy_config(settings, topology)
    assert "bind 127.0.0.1:5005" in config and "bind 127.0.0.1:5055" in config
    assert config.count("server engine") == 3 and config.count("server actions") == 2
    assert "option httpchk GET /webhooks/rest/" in config


@pytest.mark.skipif(haproxy_binary() is None, reason="HAProxy is not installed")
def test_haproxy_accepts_the_rendered_configuration(tmp_path) -> None:
    settings = Settings()
    path = tmp_path / "haproxy.cfg"
    path.write_text(render_haproxy_config(settings, Topology.above(settings, 2, 2)))
    result = subprocess.run(
        [haproxy_binary(), "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_redis_key_prefix_must_be_one_rasa_accepts() -> None:
    with pytest.raises(ValidationError):
        Settings(redis_key_prefix="hartlepool:test")


def test_a_real_host_runs_one_maths_thread_per_process_as_the_tests_do() -> None:
    lines = (PROJECT_ROOT / "deploy" / "environment.example").read_text().splitlines()
    assert {f"{name}={value}" for name, value in ONE_MATHS_THREAD.items()} <= set(lines)
