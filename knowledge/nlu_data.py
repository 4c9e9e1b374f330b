"""Read Rasa's YAML NLU files as (text, intent) pairs, for the classifiers and reports
that learn from or measure against the same examples as the engine."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NLU_DIR = ROOT / "data" / "nlu"


def nlu_examples(folder: Path = NLU_DIR) -> list[tuple[str, str]]:
    examples: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append((line[2:].strip(), block["intent"]))
    return examples


def labelled_messages(path: Path) -> list[tuple[str, str]]:
    """(message, need) pairs from a test set shaped {need_id: [message, ...]}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(str(text), need) for need, texts in data.items() for text in texts]
