"""The trained Rasa model, named by a fingerprint of what it was trained from.

Training takes minutes, so it only happens when the NLU data, stories, rules,
domain or pipeline change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import yaml

from core.settings import PROJECT_ROOT, Settings

# The custom NLU component and the encoder it uses shape the model as much as
# the data does, so a change to their code retrains too.
TRAINING_INPUTS = ("config.yml", "bot/domain", "bot/components", "data", "encoder")


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(settings: Settings) -> Path:
    return settings.model_dir / f"model-{fingerprint()}.tar.gz"


def engine_command(settings: Settings, *args: str) -> list[str]:
    return [str(settings.engine_venv / "bin" / "rasa"), *args]


def engine_environment(**extra: str) -> dict[str, str]:
    # No telemetry (nothing leaves the machine) and quieter TensorFlow.
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **extra}


def ensure_trained(settings: Settings) -> Path:
    """Return the model for the current training data, training it if needed."""
    target = model_path(settings)
    if target.exists():
        print(f"Model is up to date: {target.name}")
        return target
    print("Training the Rasa model (the data, domain or config changed); this takes a few minutes")
    settings.model_dir.mkdir(parents=True, exist_ok=True)
    command = engine_command(
        settings,
        "train",
        "--config",
        "config.yml",
        "--domain",
        "bot/domain",
        "--data",
        "data",
        "--out",
        str(settings.model_dir),
        "--fixed-model-name",
        target.name.removesuffix(".tar.gz"),
    )
    subprocess.run(command, cwd=PROJECT_ROOT, env=engine_environment(), check=True)
    for old in settings.model_dir.glob("model-*.tar.gz"):
        if old != target:
            old.unlink()
    return target


STORIES_DIR = PROJECT_ROOT / "tests" / "stories"


def run_stories(settings: Settings) -> int:
    """Run the test stories through the trained model; any wrong action fails.

    `rasa test core` predicts each bot action from the conversation so far and
    compares it with the story: the dialogue alone, with each message's intent
    as written in the story (the NLU is measured by the blind sets).
    """
    model = ensure_trained(settings)
    out = PROJECT_ROOT / "var" / "stories"
    command = engine_command(
        settings,
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        str(STORIES_DIR),
        "--out",
        str(out),
        "--fail-on-prediction-errors",
    )
    shutil.rmtree(out, ignore_errors=True)  # no stale report from an earlier run
    out.mkdir(parents=True)
    log = out / "rasa-test.log"
    with log.open("w") as sink:
        result = subprocess.run(
            command, cwd=PROJECT_ROOT, env=engine_environment(), stdout=sink, stderr=sink
        )
    if result.returncode != 0:
        lines = log.read_text(errors="replace").splitlines()
        print("Test stories failed: a story got a wrong action. The end of the log:")
        print("\n".join(lines[-40:]))
    else:
        count = sum(len(yaml.safe_load(p.read_text())["stories"]) for p in story_files())
        print(f"Test stories: every action right in all {count} stories ({out})")
    return result.returncode


def story_files() -> list[Path]:
    return sorted(STORIES_DIR.glob("*.yml"))
