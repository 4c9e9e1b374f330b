"""The figures analysts see: counts per table, filters, UK periods and suppression."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import demand.models  # noqa: F401  (registers the demand tables)
from core.db import Base
from demand.figures.dashboard import Dashboard, dashboard
from demand.figures.export import dashboard_as_json, table_as_csv
from demand.figures.layout import Table
from demand.figures.queries import Filters
from demand.models import DemandEvent
from demand.suppression import HIDDEN
from knowledge.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()
POVERTY = TAXONOMY.priority("reduce_poverty").title
HEALTH = TAXONOMY.priority("healthier_people").title
HOUSING = TAXONOMY.priority("better_housing").title
_FROM_NEED = object()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'demand.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def add(
    db: Session,
    when: datetime,
    need: str | None = "benefits_advice",
    *,
    n: int = 1,
    outcome: str = "signposted",
    channel: str = "web",
    area: str | None = "TS25",
    priority: object = _FROM_NEED,
    conversation: str | None = None,
    entitlements: tuple[str, ...] = (),
) -> None:
    """Add `n` events; the priority is the need's unless given."""
    if priority is _FROM_NEED:
        found = TAXONOMY.need(need) if need else None
        priority = found.priority if found else None
    for _ in range(n):
        db.add(
            DemandEvent(
                id=str(uuid.uuid4()),
                occurred_hour=when,
                need_id=need,
                priority_id=priority,
                secondary_priority_ids=[],
                channel=channel,
                hub_id=None,
                area=area,
                outcome=outcome,
                service_ids=[],
                entitlement_ids=list(entitlements),
                confidence_band="high",
                conversation_key=conversation or uuid.uuid4().hex,
            )
        )
    db.commit()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def table(d: Dashboard, table_id: str) -> Table:
    return next(t for t in d.tables if t.id == table_id)


def rows(d: Dashboard, table_id: str) -> dict[str, str | int]:
    return {str(row[0]): row[1] for row in table(d, table_id).rows}


def _known_events(db: Session) -> None:
    nov = utc(2026, 11, 10, 14)
    add(db, nov, "benefits_advice", n=12)
    add(db, nov, "debt_advice", n=7, channel="hub", area="TS24")
    add(db, nov, "mental_wellbeing", n=9, area=None)
    add(db, utc(2026, 12, 2, 9), "home_repairs", n=5, channel="hub")
    add(db, utc(2026, 12, 2, 9), None, n=6, outcome="no_match")
    add(db, utc(2026, 12, 3, 9), "help_with_rent", n=5, outcome="no_match", area="TS26")
    add(db, utc(2026, 12, 3, 9), "home_repairs", n=6, outcome="handoff")


# Counting


def test_each_table_counts_the_events(db: Session) -> None:
    _known_events(db)
    d = dashboard(db, Filters())

    assert d.events == 50
    assert d.conversations == 50
    assert d.unmet_share == "22%"  # 11 of 50
    assert [t.id for t in d.tables] == [
        "over_time",
        "by_priority",
        "by_need",
        "by_measure",
        "by_channel",
        "by_area",
        "by_outcome",
        "unmet_by_need",
        "found_by_checks",
    ]
    assert rows(d, "by_priority") == {POVERTY: 24, HOUSING: 11, HEALTH: 9, "Not known": 6}
    assert rows(d, "by_need") == {
        "Repairs and damp": 11,
        "Benefits": 12,
        "Feeling low or stressed": 9,
        "Debt and money worries": 7,
        "Not understood": 6,
        "Help paying rent": 5,
    }
    assert rows(d, "by_channel") == {"Website": 38, "Community hub": 12}
    assert rows(d, "by_area") == {"TS25": 29, "Not given": 9, "TS24": 7, "TS26": 5}
    assert rows(d, "by_outcome") == {
        "Shown where to get help": 33,
        "Not understood": 11,
        "Asked to talk to a person": 6,
    }
    assert rows(d, "unmet_by_need") == {"No guess": 6, "Help paying rent": 5}
    for t in d.tables[1:]:
        if t.id in ("by_measure", "found_by_checks"):
            assert t.total_row is None  # measures share needs, so no total
            continue
        assert t.total_row == ["Total", 11 if t.id == "unmet_by_need" else 50]
        assert t.columns[1] == "Requests"
        assert t.note is None or "<5" not in t.note


def test_a_measure_is_hidden_when_any_of_its_needs_is(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), "energy_bills", n=20)
    add(db, utc(2026, 11, 10, 9), "food_and_essentials", n=3)
    add(db, utc(2026, 11, 10, 9), "stop_smoking", n=2)  # two hidden: none more to hide
    add(db, utc(2026, 11, 10, 9), "debt_advice", n=12)
    measures = rows(dashboard(db, Filters()), "by_measure")
    # Crisis support = energy + food: showing 23 beside energy's 20 would give food away.
    assert measures["Number of families needing crisis support"] in ("<5", "[c]")
    assert measures["Residents seeking help with problem debt"] == 12


def test_one_way_tables_are_sorted_by_count_then_label(db: Session) -> None:
    _known_events(db)
    labels = [row[0] for row in table(dashboard(db, Filters()), "by_need").rows]
    assert labels == [
        "Benefits",
        "Repairs and damp",
        "Feeling low or stressed",
        "Debt and money worries",
        "Not understood",
        "Help paying rent",
    ]


def test_over_time_by_month_has_priorities_in_taxonomy_order(db: Session) -> None:
    _known_events(db)
    over_time = table(dashboard(db, Filters()), "over_time")
    titles = [p.title for p in TAXONOMY.priorities]
    assert over_time.columns == ["Month", *titles, "Not known", "Total"]
    poverty, health, housing = (titles.index(t) + 1 for t in (POVERTY, HEALTH, HOUSING))
    nov, dec = over_time.rows
    assert nov[0] == "2026-11" and dec[0] == "2026-12"
    assert (nov[poverty], nov[health], nov[housing], nov[-2], nov[-1]) == (19, 9, 0, 0, 28)
    assert (dec[poverty], dec[health], dec[housing], dec[-2], dec[-1]) == (5, 0, 11, 6, 22)
    assert over_time.total_row[0] == "Total" and over_time.total_row[-1] == 50


def test_the_priority_table_matches_the_over_time_totals(db: Session) -> None:
    _known_events(db)
    add(db, utc(2026, 11, 1, 9), "stop_smoking", n=2)  # small: hidden in both places
    d = dashboard(db, Filters())
    over_time = table(d, "over_time")
    totals = dict(zip(over_time.columns[1:-1], over_time.total_row[1:-1], strict=True))
    for label, value in rows(d, "by_priority").items():
        assert totals[label] == value


def test_unknown_ids_are_shown_by_id(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), "retired_need", n=5, priority="old_priority")
    d = dashboard(db, Filters())
    assert rows(d, "by_need") == {"retired_need": 5}
    assert rows(d, "by_priority") == {"old_priority": 5}
    assert "old_priority" in table(d, "over_time").columns


def test_empty_database_gives_empty_tables(db: Session) -> None:
    d = dashboard(db, Filters(), granularity="week")
    assert (d.events, d.conversations, d.unmet_share) == (0, 0, None)
    for t in d.tables:
        assert t.rows == [] and t.total_row is None
        assert len(list(csv.reader(io.StringIO(table_as_csv(t))))) == 1  # the header
    json.dumps(dashboard_as_json(d))


def test_conversations_count_distinct_keys(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), n=6, conversation="same")
    add(db, utc(2026, 11, 10, 9), n=6)
    assert dashboard(db, Filters()).conversations == 7


def test_unmet_by_need_keeps_the_top_ten_then_other(db: Session) -> None:
    needs = [n.id for n in TAXONOMY.needs][:13]
    for i, need in enumerate(needs):
        add(db, utc(2026, 11, 10, 9), need, n=20 - i, outcome="no_match")
    unmet = table(dashboard(db, Filters()), "unmet_by_need")
    assert len(unmet.rows) == 11
    assert unmet.rows[0] == [TAXONOMY.need(needs[0]).title, 20]
    assert unmet.rows[-1] == ["Other", 8 + 9 + 10]
    assert unmet.total_row == ["Total", sum(range(8, 21))]
    assert "best guess" in unmet.note


# Filters and periods


def test_filters_apply(db: Session) -> None:
    _known_events(db)

    def events(**kwargs: object) -> int | str:
        return dashboard(db, Filters(**kwargs)).events

    assert events(start=date(2026, 12, 1)) == 22
    assert events(end=date(2026, 11, 30)) == 28
    assert events(start=date(2026, 12, 2), end=date(2026, 12, 2)) == 11
    assert events(channel="hub") == 12
    assert events(area="TS25") == 29
    assert events(priority="reduce_poverty") == 24
    assert events(priority="better_housing", channel="hub") == 5
    assert events(start=date(2027, 1, 1)) == 0


def test_dates_and_months_are_uk_time(db: Session) -> None:
    add(db, utc(2026, 6, 30, 23), n=5)  # 00:00 on 1 July in summer time
    add(db, utc(2026, 12, 31, 23), n=6)  # still 31 December in winter
    d = dashboard(db, Filters())
    assert rows(d, "over_time")["2026-07"] == 5
    assert rows(d, "over_time")["2026-12"] == 6
    assert "2026-06" not in rows(d, "over_time")
    assert dashboard(db, Filters(start=date(2026, 7, 1), end=date(2026, 7, 1))).events == 5
    assert dashboard(db, Filters(end=date(2026, 6, 30))).events == 0
    assert dashboard(db, Filters(start=date(2026, 12, 31))).events == 6


def test_summer_time_edges(db: Session) -> None:
    # Summer time in 2026: 29 March 01:00 UTC to 25 October 01:00 UTC.
    add(db, utc(2026, 3, 28, 23), n=5)  # Saturday 23:00 GMT: still in March's week 13
    add(db, utc(2026, 3, 29, 23), n=6)  # Monday 00:00 BST: week 14
    add(db, utc(2026, 10, 24, 23), n=7)  # Sunday 00:00 BST: week 43
    add(db, utc(2026, 10, 25, 23), n=8)  # Sunday 23:00 GMT: still week 43
    by_week = rows(dashboard(db, Filters(), granularity="week"), "over_time")
    assert (by_week["2026-W13"], by_week["2026-W14"]) == (5, 6)
    assert by_week["2026-W43"] == 15


def test_weeks_start_on_monday_and_gaps_show_as_zero(db: Session) -> None:
    add(db, utc(2026, 11, 8, 12), n=5)  # Sunday: week 45
    add(db, utc(2026, 11, 9, 0), n=6)  # Monday: week 46
    add(db, utc(2026, 11, 23, 12), n=7)  # week 48
    add(db, utc(2026, 12, 31, 12), n=8)  # Thursday: 2026 has a week 53
    add(db, utc(2027, 1, 4, 12), n=9)
    over_time = table(dashboard(db, Filters(), granularity="week"), "over_time")
    assert over_time.columns[0] == "Week"
    labels = [row[0] for row in over_time.rows]
    assert labels[:4] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert labels[-2:] == ["2026-W53", "2027-W01"]
    assert len(labels) == 10
    assert [row[-1] for row in over_time.rows[:4]] == [5, 6, 0, 7]
    assert "Monday" in over_time.note


def test_months_run_across_years_with_gaps(db: Session) -> None:
    add(db, utc(2026, 11, 10, 12), n=5)
    add(db, utc(2027, 2, 10, 12), n=6)
    labels = [row[0] for row in table(dashboard(db, Filters()), "over_time").rows]
    assert labels == ["2026-11", "2026-12", "2027-01", "2027-02"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"granularity": "day"}, "granularity"),
        ({"threshold": 0}, "threshold"),
        ({"filters": Filters(channel="phone")}, "channel"),
        ({"filters": Filters(start=date(2026, 2, 1), end=date(2026, 1, 1))}, "start"),
    ],
)
def test_bad_arguments_are_refused(db: Session, kwargs: dict, message: str) -> None:
    filters = kwargs.pop("filters", Filters())
    with pytest.raises(ValueError, match=message):
        dashboard(db, filters, **kwargs)


# Suppression


def test_a_small_need_shows_as_under_five_everywhere(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), "benefits_advice", n=20)
    add(db, utc(2026, 11, 10, 9), "debt_advice", n=9)
    add(db, utc(2026, 11, 10, 9), "energy_bills", n=3)
    d = dashboard(db, Filters())
    by_need = table(d, "by_need")
    # 3 is small; 9 is hidden too, or 20 + 9 + ? = 32 would give the 3 away.
    assert by_need.rows == [
        ["Benefits", 20],
        ["Debt and money worries", HIDDEN],
        ["Gas and electric bills", "<5"],
    ]
    assert by_need.total_row == ["Total", 32]
    assert "<5 means 1 to 4" in by_need.note and HIDDEN in by_need.note

    lines = list(csv.reader(io.StringIO(table_as_csv(by_need))))
    assert lines == [
        ["Need", "Requests"],
        ["Benefits", "20"],
        ["Debt and money worries", "[c]"],
        ["Gas and electric bills", "<5"],
        ["Total", "32"],
    ]
    as_json = json.loads(json.dumps(dashboard_as_json(d)))
    json_need = next(t for t in as_json["tables"] if t["id"] == "by_need")
    assert json_need["rows"] == by_need.rows
    assert json_need["total_row"] == ["Total", 32]


def test_hidden_rows_come_last_in_label_order(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), "benefits_advice", n=20)
    add(db, utc(2026, 11, 10, 9), "stop_smoking", n=4)
    add(db, utc(2026, 11, 10, 9), "debt_advice", n=1)
    labels = [row[0] for row in table(dashboard(db, Filters()), "by_need").rows]
    # Placing them by their true counts would say which hidden count is bigger.
    assert labels == ["Benefits", "Debt and money worries", "Stop smoking"]


def test_small_totals_hide_the_headline_figures(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), n=2)
    add(db, utc(2026, 11, 10, 9), None, n=1, outcome="no_match")
    d = dashboard(db, Filters())
    assert (d.events, d.conversations, d.unmet_share) == ("<5", "<5", None)
    for t in d.tables:
        assert t.id in ("by_measure", "found_by_checks") or t.total_row[-1] == "<5"
    assert dashboard_as_json(d)["events"] == "<5"


def test_a_hidden_not_understood_count_hides_the_unmet_total(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), n=30)
    add(db, utc(2026, 11, 10, 9), None, n=2, outcome="crisis", priority="safer_neighbourhoods")
    add(db, utc(2026, 11, 10, 9), None, n=6, outcome="no_match")
    add(db, utc(2026, 11, 10, 9), "debt_advice", n=5, outcome="no_match")
    d = dashboard(db, Filters())
    assert rows(d, "by_outcome")["Not understood"] == HIDDEN  # protecting the crisis count
    assert d.unmet_share is None
    unmet = table(d, "unmet_by_need")
    assert unmet.total_row == ["Total", HIDDEN]
    assert sum(isinstance(row[1], str) for row in unmet.rows) >= 1


def test_over_time_is_protected_in_rows_and_columns(db: Session) -> None:
    needs = ["benefits_advice", "stop_smoking", "home_repairs", "family_support"]
    counts = [[20, 3, 0, 7], [9, 12, 2, 0], [30, 8, 6, 1]]
    for month, row in enumerate(counts, start=9):
        for need, n in zip(needs, row, strict=True):
            if n:
                add(db, utc(2026, month, 15, 12), need, n=n)
    over_time = table(dashboard(db, Filters()), "over_time")
    grid = [row[1:] for row in [*over_time.rows, over_time.total_row]]
    lines = [*grid, *zip(*grid, strict=True)]
    for line in lines:
        hidden = sum(isinstance(v, str) for v in line)
        assert hidden != 1, line
        assert all(v == 0 or not isinstance(v, int) or v >= 5 for v in line)
    assert "<5" in over_time.note


def test_csv_cells_cannot_become_spreadsheet_formulas(db: Session) -> None:
    add(db, utc(2026, 11, 10, 9), n=5, area="=HYPERLINK(1)")
    lines = list(csv.reader(io.StringIO(table_as_csv(table(dashboard(db, Filters()), "by_area")))))
    assert lines[1] == ["'=HYPERLINK(1)", "5"]


def test_json_is_plain(db: Session) -> None:
    _known_events(db)
    filters = Filters(start=date(2026, 11, 1), channel="web")
    as_json = dashboard_as_json(dashboard(db, filters, granularity="week", threshold=10))
    assert as_json["filters"] == {
        "start": "2026-11-01",
        "end": None,
        "channel": "web",
        "area": None,
        "priority": None,
    }
    assert (as_json["granularity"], as_json["threshold"], as_json["events"]) == ("week", 10, 38)
    assert json.loads(json.dumps(as_json)) == as_json
    assert {"id", "title", "columns", "rows", "total_row", "note"} <= set(as_json["tables"][0])


# The same figures on PostgreSQL

POSTGRES_URL = os.environ.get(
    "ASSISTANT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A fresh PostgreSQL database with the tables, dropped afterwards (skipped without one)."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"assistant_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL}: {error.orig}")
    engine = create_engine(make_url(POSTGRES_URL).set(database=name))
    try:
        Base.metadata.create_all(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_postgres_gives_the_same_figures(postgres_engine: Engine, engine: Engine) -> None:
    for bind in (postgres_engine, engine):
        with Session(bind) as session:
            _known_events(session)
            add(session, utc(2026, 6, 30, 23), n=5)  # July in the UK
            add(session, utc(2026, 3, 29, 23), n=3)  # Monday of week 14 in the UK
            add(session, utc(2026, 10, 25, 23), "stop_smoking", n=6)  # Sunday of week 43
    results = []
    for bind in (postgres_engine, engine):
        with Session(bind) as session:
            results.append(
                [
                    dashboard_as_json(dashboard(session, filters, granularity=granularity))
                    for granularity in ("week", "month")
                    for filters in (Filters(), Filters(start=date(2026, 7, 1), channel="web"))
                ]
            )
    on_postgres, on_sqlite = results
    assert on_postgres == on_sqlite
    by_month = {row[0]: row[-1] for row in on_postgres[2]["tables"][0]["rows"]}
    assert by_month["2026-06"] == 0
    assert by_month["2026-07"] == HIDDEN  # 5, hidden to protect March's 3
    by_week = {row[0]: row[-1] for row in on_postgres[0]["tables"][0]["rows"]}
    assert "2026-W13" not in by_week  # Sunday 23:00 UTC is Monday of week 14 in the UK
    assert (by_week["2026-W14"], by_week["2026-W43"]) == ("<5", 6)


def test_what_checks_found_is_counted_per_entitlement_and_suppressed(db: Session) -> None:
    checks = {"universal_credit": 6, "pension_credit": 2}
    for first, n in checks.items():
        ids = (first, "child_benefit") if first == "universal_credit" else (first,)
        add(db, utc(2026, 11, 10, 9), n=n, outcome="check_completed", entitlements=ids)
    found = rows(dashboard(db, Filters()), "found_by_checks")
    assert found == {"Universal Credit": 6, "Child Benefit": 6, "Pension Credit": "<5"}


# --- the analysts' filters, checked in demand/ (a 422 from the API's one handler) ---------


def test_filters_default_to_the_year_up_to_today() -> None:
    from demand.figures.filters import demand_filters

    found = demand_filters(date(2026, 12, 3), channel="hub", area="TS25")
    assert (found.start, found.end) == (date(2025, 12, 3), date(2026, 12, 3))
    assert (found.channel, found.area) == ("hub", "TS25")


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"start": date(2026, 5, 2), "end": date(2026, 5, 1)}, "start date"),
        ({"priority": "no_such_priority"}, "'priority'"),
        ({"area": "Mars"}, "'area'"),
    ],
)
def test_a_wrong_filter_is_an_invalid_request_that_says_which(given, says) -> None:
    from core.errors import InvalidRequest
    from demand.figures.filters import demand_filters

    with pytest.raises(InvalidRequest, match=says):
        demand_filters(date(2026, 12, 3), **given)
