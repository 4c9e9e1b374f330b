"""python -m evaluation {nlu,crisis} [--dev] [--detector-only] [--floor F] [--write FILE]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluation import crisis, nlu
from evaluation.sets import crisis_set, routing_set
from evaluation.stack import running_stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation")
    parser.add_argument("what", choices=["nlu", "crisis"])
    parser.add_argument("--dev", action="store_true", help="the development set, not the blind")
    parser.add_argument(
        "--detector-only", action="store_true", help="crisis: the gateway's layers alone"
    )
    parser.add_argument("--floor", type=float, help="nlu: fail under this first-turn accuracy")
    parser.add_argument("--write", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    title = "Development set" if args.dev else "Blind set"

    if args.what == "crisis":
        cases = crisis_set(args.dev)
        if args.detector_only:
            figures = crisis.figures(crisis.judge_with_detector(cases), with_needs=False)
            if args.dev:
                from knowledge.crisis_classifier import get_crisis_classifier

                classifier = get_crisis_classifier()
                ordinary = [text for text, _ in routing_set(dev=True)]
                print(crisis.sweep(cases, ordinary, lambda text: classifier.score(text).danger))
        else:
            with running_stack() as client:
                figures = crisis.figures(crisis.judge_through_chat(client, cases), with_needs=True)
        text = crisis.report(
            figures,
            f"{title}, {'gateway layers alone' if args.detector_only else 'through /api/chat'}",
        )
        print(text)
        _write(args.write, crisis.PREAMBLE + text)
        return 0

    with running_stack() as client:
        figures = nlu.figures(nlu.judge_through_chat(client, routing_set(args.dev)))
    text = nlu.report(figures, f"{title}, through /api/chat")
    print(text)
    _write(args.write, nlu.PREAMBLE + text)
    if args.floor is not None and figures.first_turn < args.floor:
        print(f"First-turn accuracy {figures.first_turn:.3f} is under the floor {args.floor}")
        return 1
    return 0


def _write(path: Path | None, text: str) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"Written to {path}")


if __name__ == "__main__":
    sys.exit(main())
