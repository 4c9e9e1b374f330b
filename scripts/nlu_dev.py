"""Choose the intent classifier's settings on the development set, never the blind one.

    .venv/bin/python scripts/nlu_dev.py [--c 10 --char-weight 0.5 ...] [--misses]

Trains the classifier in encoder/classifier.py on data/nlu/ exactly as the Rasa
component does, and prints accuracy on the development set (tests/data/dev/nlu/) for each setting
given, with the dev set's misses for the first, what the fallback thresholds would do, and
what the runner-up button beside an answer adds within two turns. Fast (seconds per setting), so
settings can be compared before the minutes a `rasa train` takes.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from encoder import get_encoder  # noqa: E402
from encoder.classifier import ClassifierSettings, SentenceClassifier  # noqa: E402
from evaluation.sets import DEV_NLU  # noqa: E402
from knowledge.nlu_data import labelled_messages, nlu_examples  # noqa: E402
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy  # noqa: E402

# As actions/signpost.py: the runner-up need offered as a button beside an answer.
RUNNER_UP_FLOORS = (0.1, 0.15, 0.2)
NEVER_A_RUNNER_UP = frozenset({CRISIS_NEED, "out_of_scope"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--c", type=float, nargs="+", default=[ClassifierSettings.c])
    parser.add_argument(
        "--char-weight", type=float, nargs="+", default=[ClassifierSettings.char_weight]
    )
    parser.add_argument("--dev", type=Path, nargs="+", default=sorted(DEV_NLU.glob("*.yml")))
    parser.add_argument("--misses", action="store_true", help="print every missed message")
    args = parser.parse_args()

    train_texts, train_intents = map(list, zip(*nlu_examples(), strict=True))
    dev_pairs = [pair for path in args.dev for pair in labelled_messages(path)]
    dev_texts, dev_needs = map(list, zip(*dev_pairs, strict=True))
    encoder = get_encoder()
    train_vectors = encoder.encode(train_texts)
    dev_vectors = encoder.encode(dev_texts)
    print(f"{len(train_texts)} training examples, {len(dev_texts)} development messages")

    for i, (c, weight) in enumerate(itertools.product(args.c, args.char_weight)):
        settings = ClassifierSettings(c=c, char_weight=weight)
        model = SentenceClassifier(settings, encoder).fit(train_texts, train_intents, train_vectors)
        scores = model.predict_proba(dev_texts, dev_vectors)
        predicted = [model.labels[j] for j in scores.argmax(1)]
        right = sum(p == n for p, n in zip(predicted, dev_needs, strict=True))
        print(f"c={c:<6} char_weight={weight:<5} accuracy {right / len(dev_needs):.3f}")
        if i == 0:
            misses = Counter((n, p) for p, n in zip(predicted, dev_needs, strict=True) if p != n)
            for (need, got), times in misses.most_common(15):
                print(f"    {need} -> {got}: {times}")
            if args.misses:
                for text, need, got in zip(dev_texts, dev_needs, predicted, strict=True):
                    if need != got:
                        print(f"    [{need} -> {got}] {text}")
            routing_table(model.labels, scores, dev_needs)
            runner_up_table(model.labels, scores, dev_needs)


def routing_table(labels: list[str], scores, needs: list[str]) -> None:
    """What the FallbackClassifier thresholds and the clarifying question would do.

    Answered directly when the top score reaches `threshold` and leads the next
    by `ambiguity`; otherwise a clarifying question offers the top three.
    """
    print("threshold ambiguity  first-turn  within-two  clarified  wrong")
    for threshold, ambiguity in itertools.product((0.2, 0.3, 0.4, 0.5), (0.0, 0.05, 0.1)):
        first = two = asked = wrong = 0
        for row, need in zip(scores, needs, strict=True):
            order = row.argsort()[::-1]
            top, second = row[order[0]], row[order[1]]
            if top >= threshold and top - second >= ambiguity:
                right = labels[order[0]] == need
                first += right
                two += right
                wrong += not right
            else:
                asked += 1
                two += need in [labels[i] for i in order[:3]]
        n = len(needs)
        print(
            f"{threshold:9} {ambiguity:9} {first / n:11.3f} {two / n:11.3f}"
            f" {asked / n:10.3f} {wrong / n:6.3f}"
        )


def fallback_thresholds() -> tuple[float, float]:
    """The FallbackClassifier's threshold and ambiguity threshold in config.yml."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    fallback = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    return fallback["threshold"], fallback["ambiguity_threshold"]


def runner_up_table(labels: list[str], scores, needs: list[str]) -> None:
    """Within two turns at config.yml's thresholds, counting the runner-up button beside a
    direct answer, for each runner-up floor; and how many right answers carry that button."""
    offerable = set(load_taxonomy().need_ids) - NEVER_A_RUNNER_UP
    threshold, ambiguity = fallback_thresholds()
    print("runner-up floor  within-two  right answers with a button")
    for floor in RUNNER_UP_FLOORS:
        two = buttons = right_answers = 0
        for row, need in zip(scores, needs, strict=True):
            order = row.argsort()[::-1]
            top, second = row[order[0]], row[order[1]]
            if not (top >= threshold and top - second >= ambiguity):
                two += need in [labels[i] for i in order[:3]]
                continue
            runner = next((i for i in order[1:] if labels[i] in offerable), None)
            offered = runner is not None and row[runner] >= floor
            right = labels[order[0]] == need
            two += right or (offered and labels[runner] == need)
            right_answers += right
            buttons += right and offered
        print(f"{floor:15} {two / len(needs):11.3f} {buttons / right_answers:28.3f}")


if __name__ == "__main__":
    main()
