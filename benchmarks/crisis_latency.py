"""What the crisis classifier adds to each message in the gateway.

Times the phrase layer alone (the baseline: what the gateway did before) and
the whole detector (phrases and classifier) on a fixed sample of the development
messages, interleaved so both see the same load. The target (issue 11): at most
10 ms added at p95.

    .venv/bin/python -m benchmarks.crisis_latency [--messages 3000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from benchmarks.chat_latency import percentile
from evaluation.sets import crisis_set, routing_set
from knowledge.crisis import get_crisis_detector
from knowledge.safety_net import get_safety_net


def main() -> None:
    parser = argparse.ArgumentParser()
    # All 57,000 development messages would take most of an hour; a fixed sample (the
    # same messages each run) keeps runs comparable.
    parser.add_argument("--messages", type=int, default=3000)
    args = parser.parse_args()
    messages = [c.text for c in crisis_set(dev=True)] + [t for t, _ in routing_set(dev=True)]
    messages = random.Random(0).sample(messages, min(args.messages, len(messages)))
    net, detector = get_safety_net(), get_crisis_detector()
    detector.assess("warm up")
    phrases, whole = [], []
    for text in messages * 2:
        start = time.perf_counter()
        net.dangers(text)
        phrases.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        detector.assess(text)
        whole.append((time.perf_counter() - start) * 1000)
    print(f"{len(whole)} messages")
    print(f"{'layers':<28}{'p50 ms':>10}{'p95 ms':>10}")
    for name, samples in (("phrases (baseline)", phrases), ("phrases and classifier", whole)):
        print(f"{name:<28}{statistics.median(samples):>10.2f}{percentile(samples, 0.95):>10.2f}")
    added = percentile(whole, 0.95) - percentile(phrases, 0.95)
    print(f"ratio whole/phrases      p95 {percentile(whole, 0.95) / percentile(phrases, 0.95):.1f}")
    verdict = "met" if added <= 10 else "NOT met"
    print(f"added at p95: {added:.1f} ms against the 10 ms target: {verdict}")


if __name__ == "__main__":
    main()
