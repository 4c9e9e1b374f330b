"""How long the analytics dashboard takes over a year of demand, against bare SQL.

Builds a fresh SQLite database in a temporary directory with the migrations,
fills it with synthetic events, then times, interleaved so that all three see
the same machine load, and takes the median of each:

- the dashboard: dashboard(db, Filters(), granularity="month", threshold=5), from
  demand.figures.dashboard;
- baseline: SELECT priority_id, count(*) FROM demand_events GROUP BY priority_id;
- bare queries: the same three GROUP BYs the dashboard runs, written plainly
  (UTC month x priority; channel x area x need x outcome; distinct conversations),
  timed together, without the UK dates, the subqueries or the suppression.

Figures are ratios to the baseline measured in the same run, as the machines
are shared; seconds are printed for information.

    .venv/bin/python -m benchmarks.analytics [--events 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from core.db import get_engine
from core.migrate import migrate
from core.settings import Settings
from demand.demo.synthetic import synthesise
from demand.figures.dashboard import dashboard
from demand.figures.queries import Filters

BASELINE = "SELECT priority_id, count(*) FROM demand_events GROUP BY priority_id"
BARE_QUERIES = (
    "SELECT substr(occurred_hour, 1, 7), priority_id, count(*) FROM demand_events GROUP BY 1, 2",
    "SELECT channel, area, need_id, outcome, count(*) FROM demand_events GROUP BY 1, 2, 3, 4",
    "SELECT count(*) FROM (SELECT conversation_key FROM demand_events GROUP BY conversation_key)",
)


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(db: Session, repeat: int) -> dict[str, list[float]]:
    """Seconds per run for each query set, interleaved; one untimed warm-up round first."""
    runs = {
        "baseline GROUP BY priority": lambda: db.execute(text(BASELINE)).all(),
        f"bare queries ({len(BARE_QUERIES)}, summed)": lambda: [
            db.execute(text(q)).all() for q in BARE_QUERIES
        ],
        "dashboard (month, threshold 5)": lambda: dashboard(
            db, Filters(), granularity="month", threshold=5
        ),
    }
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(repeat + 1):
        for name, run in runs.items():
            elapsed = seconds(run)
            if round_:
                samples[name].append(elapsed)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        url = f"sqlite:///{Path(work) / 'analytics.db'}"
        migrate(Settings(database_url=url, demand_database_url=None))
        filled = seconds(lambda: synthesise(url, events=args.events))
        print(f"{args.events:,} synthetic events written in {filled:.1f} s")
        engine = get_engine(url)
        with Session(engine) as db:
            samples = measure(db, args.repeat)
        engine.dispose()
    medians = {name: statistics.median(runs) for name, runs in samples.items()}
    baseline, bare, board = medians.values()
    print(f"median of {args.repeat} runs each, interleaved")
    print(f"{'query':<34}{'median s':>10}{'x baseline':>12}")
    for name, median in medians.items():
        print(f"{name:<34}{median:>10.3f}{median / baseline:>12.2f}")
    print(f"ratio dashboard/bare queries   {board / bare:.2f}")


if __name__ == "__main__":
    main()
