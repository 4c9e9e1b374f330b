"""Take out of the training data every example identical to a blind test message.

    .venv/bin/python scripts/remove_blind_overlap.py

Short phrases ("food bank near me") are written by training and test writers alike; a
blind message the model was trained on no longer measures unseen text, so the training
copy goes (never the blind one). Messages are compared lower-cased, with punctuation and
spacing ignored. Prints what it took out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BLIND_DIRS = [ROOT / "tests" / "data" / "blind", ROOT / "tests" / "data" / "crisis_blind"]
TRAINING_FILES = [
    *sorted((ROOT / "data" / "nlu").glob("*.yml")),
    ROOT / "knowledge" / "taxonomy" / "crisis_examples.yml",
]
EXAMPLE_LINE = re.compile(r"^\s+- (?!intent:)(.*)$")


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def texts(node: object) -> Iterator[str]:
    """Every message in a blind file: plain strings, or a near-miss's `text`."""
    if isinstance(node, dict):
        if "text" in node:
            yield str(node["text"])
            return
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)
    elif isinstance(node, str):
        yield node


def blind_messages() -> set[str]:
    found: set[str] = set()
    for directory in BLIND_DIRS:
        for path in sorted(directory.glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            found.update(normalised(text) for text in texts(data))
    return found


def main() -> None:
    blind = blind_messages()
    removed = 0
    for path in TRAINING_FILES:
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            example = EXAMPLE_LINE.match(line)
            if example and normalised(example.group(1).strip("\"'")) in blind:
                print(f"{path.relative_to(ROOT)}: {line.strip()}")
                removed += 1
                continue
            kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")
    print(f"{removed} training examples taken out")


if __name__ == "__main__":
    main()
