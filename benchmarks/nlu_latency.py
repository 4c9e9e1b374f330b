"""How fast the engine understands a message, and what the sentence encoder costs in memory.

Starts a Rasa engine alone (with its HTTP API) on the trained model and parses
every development message twice through /model/parse, interleaved with a
request to /version: the same HTTP round trip with no understanding in it, as
the baseline measured under the same machine load. Prints p50/p95 for both,
their ratio, and the engine's resident memory after loading and after the run.
Then measures what the sentence encoder adds to a process's memory (loaded and
used, in the engine's Python). The targets (issue 10): parse p95 under 60 ms on
a two-core machine, and memory growth under 400 MB.

    .venv/bin/python -m benchmarks.nlu_latency [--rounds 2] [--messages 1000]

With --messages, an evenly spaced sample of that many development messages: the
development sets have grown past 24,000 messages, about 25 minutes a round.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.chat_latency import percentile
from core.settings import Settings
from evaluation.sets import routing_set
from launcher.model import engine_command, engine_environment, ensure_trained
from launcher.stack import Process, free_port


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


ENCODER_MEMORY = """
import sys
from pathlib import Path
sys.path.insert(0, ".")
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
import numpy, scipy.special, tokenizers, safetensors  # the libraries, before the model
before = rss()
from encoder import get_encoder
get_encoder().encode(["a message to warm up the encoder"] * 32)
print(rss() - before)
"""


def encoder_memory_mb(settings: Settings) -> float:
    """What loading and using the encoder adds to a process, in the engine's Python."""
    python = settings.engine_venv / "bin" / "python"
    out = subprocess.run(
        [str(python), "-c", ENCODER_MEMORY], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def engine(settings: Settings, model: Path, port: int, log: Path) -> Process:
    argv = engine_command(
        settings,
        "run",
        "--model",
        str(model),
        "--enable-api",
        "--port",
        str(port),
        "--interface",
        "127.0.0.1",
    )
    return Process("engine", argv, engine_environment(), f"http://127.0.0.1:{port}/", log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--messages", type=int, help="an evenly spaced sample of this many")
    args = parser.parse_args()
    rounds = args.rounds
    settings = Settings()
    model = ensure_trained(settings)
    messages = [text for text, _ in routing_set(dev=True)]
    if args.messages:
        messages = messages[:: max(1, len(messages) // args.messages)][: args.messages]
    port = free_port()
    with tempfile.TemporaryDirectory() as work:
        process = engine(settings, model, port, Path(work) / "engine.log")
        process.start()
        try:
            deadline = time.monotonic() + 300
            while not process.is_ready():
                if process.has_exited() or time.monotonic() > deadline:
                    raise SystemExit(f"the engine did not start:\n{process.log_tail()}")
                time.sleep(1)
            base = f"http://127.0.0.1:{port}"
            parse, baseline = [], []
            with httpx.Client(base_url=base, timeout=60) as client:
                client.post("/model/parse", json={"text": "warm up"}).raise_for_status()
                loaded = resident_mb(process.popen.pid)
                for _ in range(rounds):
                    for text in messages:
                        start = time.perf_counter()
                        client.post("/model/parse", json={"text": text}).raise_for_status()
                        parse.append((time.perf_counter() - start) * 1000)
                        start = time.perf_counter()
                        client.get("/version").raise_for_status()
                        baseline.append((time.perf_counter() - start) * 1000)
                after = resident_mb(process.popen.pid)
        finally:
            process.stop()
    print(f"{len(parse)} parses of {len(messages)} development messages")
    print(f"{'request':<24}{'p50 ms':>10}{'p95 ms':>10}")
    for name, samples in (("/model/parse", parse), ("/version (baseline)", baseline)):
        print(f"{name:<24}{statistics.median(samples):>10.1f}{percentile(samples, 0.95):>10.1f}")
    p95 = percentile(parse, 0.95)
    print(f"ratio parse/baseline    p95 {p95 / percentile(baseline, 0.95):.2f}")
    print(f"parse p95 {p95:.1f} ms against the 60 ms target: {'met' if p95 < 60 else 'NOT met'}")
    print(
        f"engine memory: {loaded:.0f} MB after loading, {after:.0f} MB after the run "
        f"(growth {after - loaded:+.0f} MB)"
    )
    added = encoder_memory_mb(settings)
    verdict = "met" if added < 400 else "NOT met"
    print(f"the sentence encoder adds {added:.0f} MB to a process (400 MB target: {verdict})")


if __name__ == "__main__":
    main()
