"""`python -m knowledge load|review|import|train-crisis`: load the content; list what must be
checked (by team, as text or CSV); import Open Referral UK services from a JSON file; train
the crisis classifier."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from core.clock import london_today
from core.db import session_scope
from core.migrate import migrate
from core.settings import get_settings
from knowledge.entries import ContentError, read_content
from knowledge.importing import ImportProblem, import_file
from knowledge.loading import load_content
from knowledge.review import format_csv, format_report, review_items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("load", help="validate knowledge/content/ and load it into the database")
    review = commands.add_parser(
        "review", help="list unverified, overdue and stale entries by team, with their sources"
    )
    review.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=london_today(),
        help="the date to judge review dates by (YYYY-MM-DD; today in Hartlepool by default)",
    )
    review.add_argument(
        "--format",
        choices=("text", "csv"),
        default="text",
        help="text to read (the default), or CSV with a header row for a spreadsheet",
    )
    imports = commands.add_parser("import", help="import Open Referral UK services from JSON")
    imports.add_argument("file", type=Path, help="a service, a list of services or a page")
    commands.add_parser(
        "train-crisis", help="train the crisis classifier if its data changed (set-up runs it)"
    )
    args = parser.parse_args(argv)
    if args.command == "import":
        return _import(args.file)
    if args.command == "train-crisis":
        from knowledge.crisis_classifier import fingerprint, get_crisis_classifier

        get_crisis_classifier()
        print(f"Crisis classifier ready ({fingerprint()})")
        return 0
    try:
        content = read_content()
    except ContentError as error:
        print(f"The content has {len(error.problems)} problem(s):\n{error}", file=sys.stderr)
        return 1
    settings = get_settings()
    migrate(settings)
    with session_scope(settings.database_url) as db:
        if args.command == "load":
            report = load_content(db, content)
            print(
                f"Loaded {report.services} services, {report.organizations} organisations and "
                f"{report.locations} locations; removed {report.removed} withdrawn services."
            )
        else:
            max_age = settings.review_max_age_days
            items = review_items(db, content, args.as_of, max_age)
            if args.format == "csv":
                sys.stdout.write(format_csv(items))
            else:
                print(format_report(items, args.as_of, max_age))
    return 0


def _import(path: Path) -> int:
    settings = get_settings()
    migrate(settings)
    with session_scope(settings.database_url) as db:
        try:
            report = import_file(db, path)
        except ImportProblem as problem:
            print(f"Nothing imported.\n{problem}", file=sys.stderr)
            return 1
        print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
