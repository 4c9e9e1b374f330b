"""Choose the intent classifier's settings on the development set, never the blind one.

    .venv/bin/python scripts/nlu_dev.py [--c 10 --char-weight 0.5 ...] [--misses]

Trains the classifier in encoder/classifier.py on data/nlu/ exactly as the Rasa
component does, and prints accuracy on the development set (tests/data/dev/nlu/) for each setting
given, with the dev set's misses for the first and what the fallback thresholds, the
clarifying question and the runner-up button would do. Fast (seconds per setting), so
settings can be compared before the minutes a `rasa train` takes.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.signpost import runner_up  # noqa: E402
from encoder import get_encoder  # noqa: E402
from encoder.classifier import ClassifierSettings, SentenceClassifier  # noqa: E402
from evaluation.sets import DEV_NLU  # noqa: E402
from knowledge.nlu_data import labelled_messages, nlu_examples  # noqa: E402
from knowledge.taxonomy import load_taxonomy  # noqa: E402


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
    dev_vectors = None  # of the development texts as the classifier respells them
    print(f"{len(train_texts)} training examples, {len(dev_texts)} development messages")

    for i, (c, weight) in enumerate(itertools.product(args.c, args.char_weight)):
        settings = ClassifierSettings(c=c, char_weight=weight)
        model = SentenceClassifier(settings, encoder).fit(train_texts, train_intents, train_vectors)
        if dev_vectors is None:
            dev_vectors = encoder.encode(model.respelt(dev_texts))
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


def routing_table(labels: list[str], scores, needs: list[str]) -> None:
    """What the FallbackClassifier thresholds, the clarifying question and the runner-up
    button would do.

    Answered directly when the top score reaches `threshold` and leads the next by
    `ambiguity`, with the runner-up offered beside the answer as the action server
    offers it (actions/signpost.py); otherwise a clarifying question offers the top three.
    """
    taxonomy = load_taxonomy()
    rows = []
    for row, need in zip(scores, needs, strict=True):
        order = row.argsort()[::-1]
        answered = taxonomy.need(labels[order[0]])
        ranking = [{"name": labels[i], "confidence": float(row[i])} for i in order]
        offer = answered and runner_up({"intent_ranking": ranking}, answered)
        rows.append((row[order[0]], row[order[1]], labels[order[0]], offer, order[:3], need))
    print("threshold ambiguity  first-turn  within-two  clarified  wrong  with runner-up")
    for threshold, ambiguity in itertools.product((0.2, 0.3, 0.4, 0.5), (0.0, 0.05, 0.1)):
        first = two = asked = wrong = offered = 0
        for top, second, guess, offer, top_three, need in rows:
            if top >= threshold and top - second >= ambiguity:
                right = guess == need
                first += right
                two += right
                wrong += not right
                offered += not right and bool(offer) and offer.id == need
            else:
                asked += 1
                two += need in [labels[i] for i in top_three]
        n = len(needs)
        print(
            f"{threshold:9} {ambiguity:9} {first / n:11.3f} {two / n:11.3f}"
            f" {asked / n:10.3f} {wrong / n:6.3f} {(two + offered) / n:15.3f}"
        )


if __name__ == "__main__":
    main()
