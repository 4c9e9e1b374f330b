"""How much the chat gateway adds to Rasa's own latency.

Starts the whole assistant on free ports, sends the same messages through
/api/chat and straight to Rasa's REST webhook, interleaved so both see the
same machine load, and prints p50/p95 for each and their ratio.

    .venv/bin/python -m benchmarks.chat_latency [--rounds 10]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from core.settings import Settings
from launcher.model import model_path
from launcher.stack import Stack, prepare_database, throwaway_settings

MESSAGES = [
    "hiya",
    "im skint an dont know what benefits i can get",
    "£2 left on the meter and its freezing",
    "black mould all over the bedroom and landlord wont fix it",
    "where is my nearest community hub",
    "want to pack in the tabs for good",
    "qwv zxkj plort",
    "ta very much",
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(client: httpx.Client, url: str, body: dict) -> float:
    start = time.perf_counter()
    client.post(url, json=body).raise_for_status()
    return (time.perf_counter() - start) * 1000


def measure(settings: Settings, rounds: int) -> tuple[list[float], list[float]]:
    gateway_url = f"http://{settings.api_host}:{settings.api_port}/api/chat"
    engine_url = f"{settings.engine_base_url}/webhooks/rest/webhook"
    gateway, direct = [], []
    with httpx.Client(timeout=60) as client:
        for _ in range(rounds):
            session_id = None
            sender = uuid.uuid4().hex
            for message in MESSAGES:
                start = time.perf_counter()
                reply = client.post(
                    gateway_url, json={"message": message, "session_id": session_id}
                )
                gateway.append((time.perf_counter() - start) * 1000)
                session_id = reply.json()["session_id"]
                direct.append(timed(client, engine_url, {"sender": sender, "message": message}))
    return gateway, direct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="conversations per path")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as work:
        settings = throwaway_settings(Path(work))
        prepare_database(settings)
        with Stack(settings, model_path(settings)) as stack:
            stack.start()
            measure(settings, 1)  # warm up both paths
            gateway, direct = measure(settings, rounds)
    print(f"{len(gateway)} messages per path")
    print(f"{'path':<22}{'p50 ms':>10}{'p95 ms':>10}")
    for name, samples in (("gateway /api/chat", gateway), ("rasa webhook", direct)):
        print(f"{name:<22}{statistics.median(samples):>10.1f}{percentile(samples, 0.95):>10.1f}")
    print(
        f"ratio gateway/rasa     p50 {statistics.median(gateway) / statistics.median(direct):.2f}"
        f"   p95 {percentile(gateway, 0.95) / percentile(direct, 0.95):.2f}"
    )


if __name__ == "__main__":
    main()
