"""`python -m demand prune|replay|synthesise`: the demand log's housekeeping.

prune       delete events and samples older than the retention settings
            (run it daily, for example from cron or a systemd timer)
replay      write events spooled during a database outage (the gateway also
            does this by itself once the database is back)
synthesise  fill the demand log with realistic made-up events, for demos and
            benchmarks; never run it against a live council database
"""

from __future__ import annotations

import argparse

from core.migrate import migrate
from core.settings import get_settings
from demand.demo.synthetic import DEFAULT_EVENTS, synthesise
from demand.events import DemandLog
from demand.retention import delete_expired
from demand.spool import Spool
from knowledge.taxonomy import load_taxonomy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m demand",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prune", help="delete demand data past its retention period")
    commands.add_parser("replay", help="write spooled events to the database")
    fake = commands.add_parser("synthesise", help="add made-up events for a demo")
    fake.add_argument("--events", type=int, default=DEFAULT_EVENTS)
    fake.add_argument("--months", type=int, default=12)
    fake.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    settings = get_settings()
    migrate(settings)
    if args.command == "prune":
        deleted = delete_expired(
            settings.demand_url,
            months=settings.demand_retention_months,
            sample_days=settings.unmet_sample_retention_days,
        )
        print(
            f"Deleted {deleted.events} events older than {settings.demand_retention_months} "
            f"months and {deleted.samples} samples older than "
            f"{settings.unmet_sample_retention_days} days."
        )
    elif args.command == "replay":
        log = DemandLog(settings.demand_url, Spool(settings.demand_spool_path), load_taxonomy())
        print(f"Replayed {log.replay()} spooled events.")
    else:
        written = synthesise(
            settings.demand_url, events=args.events, months=args.months, seed=args.seed
        )
        print(f"Added {written} synthetic events over {args.months} months.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
