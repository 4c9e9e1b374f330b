"""What the crisis classifier adds to each message in the gateway.

Times the phrase layer alone (the baseline: what the gateway did before the
classifier) and the whole detector (phrases and classifier) on a fixed sample of
the development messages, interleaved so all see the same load. The whole detector
is timed twice: as the gateway runs it, reading a message's words first and running
the sentence encoder only where the words leave doubt, and reading every message
with the encoder, as it did before 2026-12-07's first reading. Ordinary messages
(what residents mostly send) and the crisis sets' danger and near-miss messages are
reported apart. The target (issue 11): at most 10 ms added at p95.

    .venv/bin/python -m benchmarks.crisis_latency [--messages 3000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from benchmarks.chat_latency import percentile
from encoder.classifier import SentenceClassifier
from evaluation.sets import crisis_set, routing_set
from knowledge.crisis import CrisisDetector, get_crisis_detector
from knowledge.crisis_classifier import (
    CrisisClassifier,
    CrisisScore,
    get_crisis_classifier,
    model_path,
)
from knowledge.safety_net import get_safety_net
from knowledge.taxonomy import load_taxonomy

BASELINE = "phrases (baseline)"
DETECTOR = "phrases and classifier"
FULLY = "the same, encoder on every message"


def reading_fully() -> CrisisDetector:
    """The same trained classifier without its first reading."""
    get_crisis_classifier()  # trains and saves the classifier if the data changed
    classifier = CrisisClassifier(SentenceClassifier.load(model_path()))
    return CrisisDetector(get_safety_net(), classifier, load_taxonomy().crisis.classifier)


def timed(readers: dict[str, Callable[[str], object]], messages: list[str]) -> dict:
    times: dict[str, list[float]] = {name: [] for name in readers}
    for text in messages * 2:
        for name, read in readers.items():
            start = time.perf_counter()
            read(text)
            times[name].append((time.perf_counter() - start) * 1000)
    return times


class Recording:
    """The gateway's classifier, noting whether any reading of a message ran the encoder."""

    def __init__(self, classifier: CrisisClassifier) -> None:
        self._classifier = classifier
        self.encoder_read = False

    def score(self, message: str, *, read_fully: bool = False) -> CrisisScore:
        score = self._classifier.score(message, read_fully=read_fully)
        self.encoder_read |= score.encoder_read
        return score


def encoder_share(messages: list[str]) -> float:
    """How many of the messages the encoder read, as the detector itself asks for readings."""
    recording = Recording(get_crisis_classifier())
    settings = load_taxonomy().crisis.classifier
    detector = CrisisDetector(get_safety_net(), recording, settings)  # type: ignore[arg-type]
    read = 0
    for message in messages:
        recording.encoder_read = False
        detector.assess(message)
        read += recording.encoder_read
    return read / len(messages)


def report(title: str, messages: list[str], times: dict[str, list[float]]) -> None:
    print(
        f"\n{title}: {len(messages)} messages, each read twice; the encoder read "
        f"{encoder_share(messages):.0%} of them"
    )
    print(f"{'layers':<36}{'p50 ms':>10}{'p95 ms':>10}{'added p95':>12}")
    base = percentile(times[BASELINE], 0.95)
    for name, samples in times.items():
        p95 = percentile(samples, 0.95)
        print(f"{name:<36}{statistics.median(samples):>10.2f}{p95:>10.2f}{p95 - base:>12.1f}")
    added = percentile(times[DETECTOR], 0.95) - base
    before = percentile(times[FULLY], 0.95) - base
    print(
        f"ratio of added cost at p95, encoder on every message / first reading: "
        f"{before / max(added, 0.01):.1f}"
    )
    verdict = "met" if added <= 10 else "NOT met"
    print(f"added at p95: {added:.1f} ms against the 10 ms target: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    # All 59,000 development messages would take most of an hour; a fixed sample (the
    # same messages each run) keeps runs comparable.
    parser.add_argument("--messages", type=int, default=3000)
    args = parser.parse_args()
    pick = random.Random(0)
    ordinary = [text for text, _ in routing_set(dev=True)]
    crisis = [case.text for case in crisis_set(dev=True)]
    samples = {
        "Ordinary messages (the routing sets)": pick.sample(ordinary, args.messages * 2 // 3),
        "Danger and near-miss messages (the crisis sets)": pick.sample(crisis, args.messages // 3),
    }
    readers: dict[str, Callable[[str], object]] = {
        BASELINE: get_safety_net().dangers,
        DETECTOR: get_crisis_detector().assess,
        FULLY: reading_fully().assess,
    }
    for read in readers.values():
        read("warm up")
    for title, messages in samples.items():
        report(title, messages, timed(readers, messages))


if __name__ == "__main__":
    main()
