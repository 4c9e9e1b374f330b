"""Take out of the training data every example identical to a blind test message.

    .venv/bin/python scripts/remove_blind_overlap.py

Short phrases ("food bank near me") are written by training and test writers alike; a
blind message the model was trained on no longer measures unseen text, so the training
copy goes (never the blind one). Messages are compared lower-cased, with punctuation and
spacing ignored. Prints what it took out.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.sets import crisis_set, routing_set  # noqa: E402
from knowledge.crisis_classifier import EXAMPLES_FILE  # noqa: E402
from knowledge.nlu_data import NLU_DIR  # noqa: E402

EXAMPLE_LINE = re.compile(r"^\s+- (?!intent:)(.*)$")


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def blind_messages() -> set[str]:
    texts = [text for text, _ in routing_set()] + [case.text for case in crisis_set()]
    return {normalised(text) for text in texts}


def main() -> None:
    blind = blind_messages()
    removed = 0
    for path in [*sorted(NLU_DIR.glob("*.yml")), EXAMPLES_FILE]:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = []
        for line in lines:
            example = EXAMPLE_LINE.match(line)
            if example and normalised(example.group(1).strip("\"'")) in blind:
                print(f"{path.relative_to(ROOT)}: {line.strip()}")
                continue
            kept.append(line)
        if len(kept) < len(lines):
            removed += len(lines) - len(kept)
            path.write_text("".join(kept), encoding="utf-8")
    print(f"{removed} training examples taken out")


if __name__ == "__main__":
    main()
