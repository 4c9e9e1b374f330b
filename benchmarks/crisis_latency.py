"""What the crisis classifier adds to each message in the gateway.

Times the phrase layer alone (the baseline: what the gateway did before) and
the whole detector (phrases and classifier) on a fixed sample of the development
messages, interleaved so all see the same load. The whole detector is timed twice:
with the sentence encoder on ONNX Runtime (what the gateway runs) and on numpy (what
it ran before 2026-12-07, and what the engine still runs). The target (issue 11): at
most 10 ms added at p95.

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
from encoder.minilm import SentenceEncoder
from evaluation.sets import crisis_set, routing_set
from knowledge.crisis import CrisisDetector, get_crisis_detector
from knowledge.crisis_classifier import CrisisClassifier, model_path
from knowledge.safety_net import get_safety_net
from knowledge.taxonomy import load_taxonomy


def on_numpy() -> CrisisDetector:
    """The same trained classifier, reading vectors from the numpy encoder."""
    get_crisis_detector()  # trains and saves the classifier if the data changed
    model = SentenceClassifier.load(model_path(), SentenceEncoder(runtime=False))
    settings = load_taxonomy().crisis.classifier
    return CrisisDetector(get_safety_net(), CrisisClassifier(model), settings)


def main() -> None:
    parser = argparse.ArgumentParser()
    # All 57,000 development messages would take most of an hour; a fixed sample (the
    # same messages each run) keeps runs comparable.
    parser.add_argument("--messages", type=int, default=3000)
    args = parser.parse_args()
    messages = [c.text for c in crisis_set(dev=True)] + [t for t, _ in routing_set(dev=True)]
    messages = random.Random(0).sample(messages, min(args.messages, len(messages)))
    readers: dict[str, Callable[[str], object]] = {
        "phrases (baseline)": get_safety_net().dangers,
        "phrases and classifier": get_crisis_detector().assess,
        "the same, encoder on numpy": on_numpy().assess,
    }
    times: dict[str, list[float]] = {name: [] for name in readers}
    for read in readers.values():
        read("warm up")
    for text in messages * 2:
        for name, read in readers.items():
            start = time.perf_counter()
            read(text)
            times[name].append((time.perf_counter() - start) * 1000)
    print(f"{len(messages) * 2} messages")
    print(f"{'layers':<30}{'p50 ms':>10}{'p95 ms':>10}{'added p95':>12}")
    base = percentile(times["phrases (baseline)"], 0.95)
    for name, samples in times.items():
        p95 = percentile(samples, 0.95)
        print(f"{name:<30}{statistics.median(samples):>10.2f}{p95:>10.2f}{p95 - base:>12.1f}")
    whole, numpy_whole = (percentile(times[n], 0.95) for n in list(readers)[1:])
    print(f"ratio whole/phrases at p95: {whole / base:.1f}")
    saved = (numpy_whole - base) / (whole - base)
    print(f"ratio of added cost, numpy/ONNX Runtime at p95: {saved:.1f}")
    added = whole - base
    verdict = "met" if added <= 10 else "NOT met"
    print(f"added at p95: {added:.1f} ms against the 10 ms target: {verdict}")


if __name__ == "__main__":
    main()
