"""The whole scaled stack under residents' load: 1 engine replica against 2 (issue 16).

Simulated residents hold 5-turn conversations (a need, follow-ups, an area, the
entitlements check, thanks) through /api/chat at a set concurrency for a bounded
time, each starting a new conversation when one ends. Both topologies run as
ScaledStack (HAProxy, Redis, PostgreSQL) with the same action servers and API
workers, so the only difference is the number of engine replicas. Prints messages
per second, p50/p95/p99, errors (5xx or no answer) and degraded replies for each,
then the ratios 2 replicas / 1 replica beside the issue's targets. Prints, never
asserts: the machines are noisy.

With --soak N it sends N messages to the 2-replica topology instead and prints the
engines' and the API's memory after the first 1,000 and at the end.

Needs HAProxy, Redis and PostgreSQL (ASSISTANT_TEST_POSTGRES_URL, by default the
test server); a database and Redis keys of its own are deleted afterwards.

    .venv/bin/python -m benchmarks.load [--concurrency 40] [--seconds 60] [--soak 0]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
from sqlalchemy.exc import OperationalError

from benchmarks.chat_latency import percentile
from core.redis_store import redis_client
from core.settings import Settings
from launcher.model import model_path
from launcher.scaled import ScaledStack, Topology, missing_parts
from launcher.stack import (
    Process,
    StackError,
    free_port,
    prepare_database,
    throwaway_database,
    throwaway_settings,
)

POSTGRES_URL = os.environ.get(
    "ASSISTANT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

# Residents' own words; nothing about danger to life, so the crisis path is not timed.
CONVERSATIONS = [
    [
        "cant afford the gas bill this month",
        "whats their number",
        "TS25",
        "are they open saturday",
        "ta very much",
    ],
    [
        "landlord wont fix the damp in the back bedroom",
        "whats their number",
        "owton manor",
        "anything else",
        "cheers",
    ],
    ["what benefits can i get", "yes please", "34", "no", "2"],
    ["can you check what im entitled to", "41", "yes", "1", "renting from thirteen"],
    ["need a food bank", "TS24", "when are they open", "whats the address", "thanks pet"],
    [
        "where is my nearest community hub",
        "TS25",
        "what time do they open",
        "whats their number",
        "ta",
    ],
    [
        "cant pay the council tax this month",
        "what number do i ring",
        "im in seaton carew",
        "any other places",
        "thank you",
    ],
    [
        "i owe on two catalogues and the credit card",
        "how do i get hold of them",
        "the headland",
        "are they open now",
        "cheers",
    ],
    ["want to pack in the tabs for good", "yes", "TS26", "when are they open", "ta ra"],
]

THROUGHPUT_TARGET = 1.6  # 2 replicas / 1 replica, messages per second
MEMORY_TARGET = 0.10  # growth from after the first 1,000 messages to the end of a soak
SOAK_BASELINE = 1000  # messages before the memory baseline: caches and pools have filled


@dataclass
class Tally:
    """What the residents saw: latencies of real answers, and what went wrong."""

    latencies_ms: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)  # time.monotonic()
    started: float = 0.0
    deadline: float | None = None  # a timed run's end
    errors: int = 0  # 5xx or no HTTP answer at all
    rejected: int = 0  # other non-200 answers (4xx)
    degraded: int = 0
    seconds: float = 0.0

    @property
    def finished(self) -> int:
        return len(self.latencies_ms) + self.degraded + self.errors + self.rejected

    @property
    def per_second(self) -> float:
        """Real answers (not degraded) per second; in a timed run only those within its
        time, as the messages still in flight at the end drain with no new ones behind them."""
        if self.deadline is not None:
            answered = sum(moment <= self.deadline for moment in self.answered_at)
            return answered / (self.deadline - self.started)
        return len(self.answered_at) / self.seconds if self.seconds else 0.0

    def p(self, fraction: float) -> float:
        return percentile(self.latencies_ms, fraction) if self.latencies_ms else float("nan")


class Budget:
    """When residents stop: at a deadline, or once a number of messages have been sent."""

    def __init__(self, seconds: float | None = None, messages: int | None = None) -> None:
        self.seconds = seconds
        self.deadline: float | None = None
        self.left = messages

    def start(self) -> None:
        if self.seconds is not None:
            self.deadline = time.monotonic() + self.seconds

    def take(self) -> bool:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return False
        if self.left is not None:
            if self.left <= 0:
                return False
            self.left -= 1
        return True


async def say(
    client: httpx.AsyncClient, url: str, message: str, session_id: str | None, tally: Tally
) -> tuple[bool, str | None]:
    """One message; returns whether the conversation can go on, and its session id."""
    start = time.perf_counter()
    try:
        response = await client.post(url, json={"message": message, "session_id": session_id})
    except httpx.HTTPError:
        tally.errors += 1
        return False, session_id
    if response.status_code >= 500:
        tally.errors += 1
        return False, session_id
    if response.status_code != 200:
        tally.rejected += 1
        return False, session_id
    body = response.json()
    if body.get("degraded"):
        # The phone numbers instead of an answer: a failure to serve, and a quick one
        # that would flatter both the rate and the percentiles.
        tally.degraded += 1
    else:
        tally.latencies_ms.append((time.perf_counter() - start) * 1000)
        tally.answered_at.append(time.monotonic())
    return True, body["session_id"]


async def resident(
    client: httpx.AsyncClient,
    url: str,
    first: int,
    budget: Budget,
    tally: Tally,
    think: float,
    checkpoint: Callable[[int], None] | None,
) -> None:
    """Hold conversations one after another, from a different script each, until the budget
    runs out; a failed message ends its conversation, as a resident would start again."""
    for script in itertools.islice(itertools.cycle(CONVERSATIONS), first, None):
        session_id = None
        for message in script:
            if not budget.take():
                return
            carry_on, session_id = await say(client, url, message, session_id, tally)
            if checkpoint:
                checkpoint(tally.finished)
            if not carry_on:
                break
            if think:
                await asyncio.sleep(think)


async def simulate(
    settings: Settings,
    concurrency: int,
    budget: Budget,
    think: float = 0.0,
    checkpoint: Callable[[int], None] | None = None,
) -> Tally:
    url = f"http://{settings.api_host}:{settings.api_port}/api/chat"
    tally = Tally()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    # Above the engine timeout, so a slow engine shows as a degraded reply, not a timeout here.
    timeout = settings.engine_timeout_seconds * 2
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
        budget.start()
        tally.started, tally.deadline = time.monotonic(), budget.deadline
        await asyncio.gather(
            *(
                resident(client, url, i, budget, tally, think, checkpoint)
                for i in range(concurrency)
            )
        )
        tally.seconds = time.monotonic() - tally.started
    return tally


def tree(process: Process) -> list[psutil.Process]:
    """A process and all its children (uvicorn's workers, Rasa's)."""
    if process.popen is None:
        return []
    try:
        root = psutil.Process(process.popen.pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_rss(process: Process) -> int:
    total = 0
    for member in tree(process):
        with suppress(psutil.NoSuchProcess):  # a worker may exit while we read
            total += member.memory_info().rss
    return total


def tree_cpu(process: Process) -> float:
    total = 0.0
    for member in tree(process):
        with suppress(psutil.NoSuchProcess):
            times = member.cpu_times()
            total += times.user + times.system
    return total


def cpu_seconds(stack: ScaledStack) -> dict[str, float]:
    """CPU used so far by each kind of process, and by these residents themselves."""
    groups = {
        "engines": stack.engines,
        "API": [stack.api],
        "action servers": stack.action_servers,
        "HAProxy": [stack.haproxy],
    }
    used = {name: sum(tree_cpu(p) for p in group) for name, group in groups.items()}
    own = psutil.Process().cpu_times()
    return {**used, "residents": own.user + own.system}


def cpu_share(before: dict[str, float], after: dict[str, float], seconds: float) -> str:
    """Where the cores went, as a share of all the machine's CPU time in the run."""
    available = seconds * (psutil.cpu_count() or 1)
    parts = [f"{name} {(after[name] - before[name]) / available:.0%}" for name in after]
    return "CPU: " + ", ".join(parts) + f" of {psutil.cpu_count()} cores"


@contextmanager
def busiest_worker_threads(api: Process) -> Iterator[list[int]]:
    """The most threads one API worker ran at once while the block ran: a chat message
    waiting on the engine holds one of its pool's threads (Settings.api_threads)."""
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], worker_threads(api))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        sampler.join()


def worker_threads(api: Process) -> int:
    """The threads of the API worker running the most now."""
    counts = [0]
    for worker in tree(api)[1:]:
        with suppress(psutil.NoSuchProcess):
            counts.append(worker.num_threads())
    return max(counts)


def memory(stack: ScaledStack) -> tuple[int, int]:
    """Bytes resident in all the engine replicas together, and in the API."""
    return sum(tree_rss(e) for e in stack.engines), tree_rss(stack.api)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A database of our own on the PostgreSQL server, dropped afterwards."""
    try:
        with throwaway_database(POSTGRES_URL) as url:
            yield url
    except OperationalError as error:
        raise SystemExit(f"PostgreSQL does not answer at {POSTGRES_URL}: {error.orig}") from None


@contextmanager
def running(
    work: Path, replicas: int, action_servers: int, api_workers: int
) -> Iterator[ScaledStack]:
    """A fresh scaled stack with its own database and Redis keys, all gone afterwards."""
    base = throwaway_settings(work / f"{replicas}-replicas")
    missing = missing_parts(base)
    if missing:
        raise SystemExit("Cannot run the scaled topology: " + "; ".join(missing))
    model = model_path(base)
    if not model.exists():
        raise SystemExit(f"No trained model at {model}: run `make setup` first")
    with postgres_database() as database_url:
        settings = base.model_copy(
            update={
                "database_url": database_url,
                "redis_key_prefix": f"load{uuid.uuid4().hex[:12]}",
                # Seconds of CPU in the background at start, for amounts no 5-turn
                # conversation reaches: it would only blur the first measurements.
                "estimates_warm_up": False,
            }
        )
        prepare_database(settings)
        ports = Topology(
            tuple(free_port() for _ in range(replicas)),
            tuple(free_port() for _ in range(action_servers)),
            api_workers,
        )
        stack = ScaledStack(settings, model, ports)
        print(f"Starting {replicas} engine replica(s), logs in {settings.log_dir}")
        try:
            stack.start(timeout_seconds=600)
            yield stack
        except StackError as error:
            raise SystemExit(str(error)) from None
        finally:
            stack.stop()
            client = redis_client(settings.redis_url)
            for key in client.scan_iter(f"{settings.redis_key_prefix}:*"):
                client.delete(key)


def warm_up(settings: Settings) -> None:
    """A few conversations first, so every replica and API worker has loaded what a first
    message loads (models, connections), which would otherwise count in the first seconds."""
    asyncio.run(simulate(settings, 8, Budget(messages=40)))


def complaints(stack: ScaledStack, limit: int = 8) -> list[str]:
    """The last warnings and errors in each process's log, to explain failures."""
    found = []
    for process in stack.processes:
        lines = process.log_tail(2000).splitlines()
        bad = [line for line in lines if re.search(r"ERROR|WARNING|Traceback|Exception", line)]
        found += [f"  {process.name}: {line[:200]}" for line in bad[-limit:]]
    return found


def report_problems(stack: ScaledStack, tally: Tally) -> None:
    if tally.errors or tally.rejected or tally.degraded:
        print("Warnings and errors in the logs:")
        print("\n".join(complaints(stack)) or "  none")


def row(name: str, tally: Tally) -> str:
    return (
        f"{name:<20}{tally.finished:>9}{tally.per_second:>8.1f}{tally.p(0.50):>9.0f}"
        f"{tally.p(0.95):>9.0f}{tally.p(0.99):>9.0f}"
        f"{tally.errors:>8}{tally.rejected:>6}{tally.degraded:>10}"
    )


HEADER = (
    f"{'topology':<20}{'messages':>9}{'msg/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    f"{'errors':>8}{'4xx':>6}{'degraded':>10}"
)


def megabytes(value: int) -> str:
    return f"{value / 2**20:.0f} MB"


def compare(args: argparse.Namespace, work: Path) -> None:
    results: dict[int, Tally] = {}
    for replicas in (1, 2):
        with running(work, replicas, args.action_servers, args.api_workers) as stack:
            warm_up(stack.settings)
            print(f"  {args.concurrency} residents for {args.seconds:.0f} s")
            before = cpu_seconds(stack)
            idle = worker_threads(stack.api)
            with busiest_worker_threads(stack.api) as peak:
                tally = asyncio.run(
                    simulate(
                        stack.settings, args.concurrency, Budget(seconds=args.seconds), args.think
                    )
                )
            print("  " + cpu_share(before, cpu_seconds(stack), tally.seconds))
            print(
                f"  threads in the busiest API worker: {idle} idle, {peak[0]} at peak "
                f"(the chat's pool holds at most {stack.settings.api_threads})"
            )
            engines, api = memory(stack)
            print(f"  memory after the run: engines {megabytes(engines)}, API {megabytes(api)}")
            report_problems(stack, tally)
            results[replicas] = tally
    one, two = results[1], results[2]
    print(
        f"\n{args.concurrency} residents, {args.seconds:.0f} s each, "
        f"{args.action_servers} action servers, {args.api_workers} API workers"
    )
    print(HEADER)
    print(row("1 engine replica", one))
    print(row("2 engine replicas", two))
    throughput = two.per_second / one.per_second if one.per_second else float("nan")
    p95 = two.p(0.95) / one.p(0.95)
    print("2 replicas / 1 replica:")
    enough = met(throughput >= THROUGHPUT_TARGET)
    print(f"  messages per second {throughput:.2f}x  (target >= {THROUGHPUT_TARGET}x: {enough})")
    print(f"  p95                 {p95:.2f}x  (target < 1.00x, a lower p95: {met(p95 < 1)})")


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def soak(args: argparse.Namespace, work: Path) -> None:
    with running(work, 2, args.action_servers, args.api_workers) as stack:
        warm_up(stack.settings)
        baseline: list[tuple[int, int]] = []

        def after(finished: int) -> None:
            if finished >= args.soak_baseline and not baseline:
                baseline.append(memory(stack))

        print(f"  {args.soak} messages from {args.concurrency} residents")
        budget = Budget(messages=args.soak)
        before = cpu_seconds(stack)
        tally = asyncio.run(simulate(stack.settings, args.concurrency, budget, args.think, after))
        print("  " + cpu_share(before, cpu_seconds(stack), tally.seconds))
        end = memory(stack)
        report_problems(stack, tally)
    print(HEADER)
    print(row("2 engine replicas", tally))
    label = f"after {args.soak_baseline:,}"
    print(f"{'memory':<10}{label:>14}{'at the end':>14}{'growth':>9}   target <= 10%")
    for name, first, last in zip(("engines", "API"), baseline[0], end, strict=True):
        growth = last / first - 1
        print(
            f"{name:<10}{megabytes(first):>14}{megabytes(last):>14}{growth:>+9.1%}   "
            f"{met(growth <= MEMORY_TARGET)}"
        )
    print(f"5xx or no answer: {tally.errors}   degraded replies: {tally.degraded}   (target: none)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=40, help="residents at once")
    parser.add_argument("--seconds", type=float, default=60, help="time under load per topology")
    parser.add_argument("--soak", type=int, default=0, help="messages for a soak (2 replicas)")
    parser.add_argument(
        "--soak-baseline", type=int, default=SOAK_BASELINE, help="messages before memory's baseline"
    )
    parser.add_argument("--think", type=float, default=0.0, help="seconds between messages")
    parser.add_argument("--action-servers", type=int, default=2)
    parser.add_argument("--api-workers", type=int, default=2)
    parser.add_argument("--keep-logs", type=Path, help="put the logs here, not in a temp dir")
    args = parser.parse_args()
    if args.soak and args.soak <= args.soak_baseline:
        parser.error(f"--soak needs more than --soak-baseline ({args.soak_baseline}) messages")
    with tempfile.TemporaryDirectory() as temp:
        work = args.keep_logs.resolve() if args.keep_logs else Path(temp)
        if args.soak:
            soak(args, work)
        else:
            compare(args, work)


if __name__ == "__main__":
    main()
