"""Print `rasa test nlu` cross-validation results as a Markdown table for the README.

.venv/bin/python -m benchmarks.nlu_summary reports/nlu
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(report_dir: str) -> None:
    report = json.loads((Path(report_dir) / "intent_report.json").read_text())
    print("| intent | precision | recall | f1 | examples |\n|---|---|---|---|---|")
    averages = {}
    for intent, scores in sorted(report.items()):
        if not isinstance(scores, dict):
            continue
        if intent in {"macro avg", "weighted avg", "micro avg"}:
            averages[intent] = scores
            continue
        print(
            f"| {intent} | {scores['precision']:.2f} | {scores['recall']:.2f} "
            f"| {scores['f1-score']:.2f} | {scores['support']} |"
        )
    for name, scores in averages.items():
        print(
            f"| **{name}** | {scores['precision']:.2f} | {scores['recall']:.2f} "
            f"| {scores['f1-score']:.2f} | {scores['support']} |"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "reports/nlu")
