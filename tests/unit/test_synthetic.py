"""Synthetic demand events: the right count, deterministic, real ids only, a plausible shape."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.clock import LONDON
from core.db import Base, get_engine
from demand.demo import synthetic
from demand.demo.synthetic import synthesise
from demand.models import CHANNELS, CONFIDENCE_BANDS, OUTCOMES, DemandEvent
from knowledge.entitlements import CHECK_PRIORITY
from knowledge.entries import read_content
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy

END = datetime(2026, 11, 23, 12, tzinfo=UTC)
START = datetime(2025, 11, 23, 12, tzinfo=UTC)
EVENTS = 3_000

WINTER, SUMMER = (11, 12, 1, 2), (6, 7, 8)
COLUMNS = {c.name for c in DemandEvent.__table__.columns}


def _fill(directory: Path, **options: Any) -> tuple[int, list[dict[str, Any]]]:
    """Synthesise into a fresh SQLite database; the count written and the rows, by id."""
    url = f"sqlite:///{directory / 'demand.db'}"
    Base.metadata.create_all(get_engine(url), tables=[DemandEvent.__table__])
    written = synthesise(url, **{"events": EVENTS, "end": END, **options})
    table = DemandEvent.__table__
    with get_engine(url).connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(table).order_by(table.c.id))]
    return written, rows


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return _fill(tmp_path_factory.mktemp("synthetic"))[1]


def _share(rows: list[dict[str, Any]], keep) -> float:
    return sum(1 for r in rows if keep(r)) / len(rows)


def _uk(row: dict[str, Any]) -> datetime:
    return row["occurred_hour"].replace(tzinfo=UTC).astimezone(LONDON)


def test_writes_exactly_the_number_asked_for(tmp_path: Path) -> None:
    written, rows = _fill(tmp_path)
    assert written == len(rows) == EVENTS


def test_writes_nothing_when_asked_for_nothing(tmp_path: Path) -> None:
    assert _fill(tmp_path, events=0) == (0, [])


def test_the_same_seed_gives_the_same_events(tmp_path: Path) -> None:
    for name in "abc":
        (tmp_path / name).mkdir()
    _, first = _fill(tmp_path / "a")
    _, again = _fill(tmp_path / "b")
    _, other = _fill(tmp_path / "c", seed=7)
    assert first == again
    assert {r["id"] for r in first}.isdisjoint({r["id"] for r in other})


def test_every_id_is_a_real_one(rows: list[dict[str, Any]]) -> None:
    taxonomy, content = load_taxonomy(), read_content()
    needs = {n.id: n for n in taxonomy.needs}
    hubs = {loc.id for loc in content.files["hubs.yml"].locations}
    areas = {d.code for d in content.area.districts} | {w.name for w in content.area.wards}
    serving = {s.id: set(s.needs) for _, s in content.services()}
    for row in rows:
        need = needs[row["need_id"]] if row["need_id"] else None
        assert row["priority_id"] == (need.priority if need else None)
        assert row["secondary_priority_ids"] == (list(need.also) if need else [])
        assert row["hub_id"] is None or row["hub_id"] in hubs
        assert row["area"] is None or row["area"] in areas
        for service in row["service_ids"]:
            assert row["need_id"] in serving[service]
    assert {r["hub_id"] for r in rows} == {*hubs, None}


def test_every_row_keeps_the_models_rules(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert set(row) == COLUMNS
        assert row["channel"] in CHANNELS
        assert row["outcome"] in OUTCOMES
        assert row["confidence_band"] in (*CONFIDENCE_BANDS, None)
        assert (row["hub_id"] is not None) == (row["channel"] == "hub")
        assert uuid.UUID(row["id"]).version == 4
        assert str(uuid.UUID(row["id"])) == row["id"]
        assert START.replace(tzinfo=None) <= row["occurred_hour"] < END.replace(tzinfo=None)
        assert row["occurred_hour"].minute == row["occurred_hour"].second == 0


def test_nothing_looks_like_free_text(rows: list[dict[str, Any]]) -> None:
    # Every text value is an id, a code or a name from the taxonomy or the content.
    content = read_content()
    names = {w.name for w in content.area.wards}
    id_like = re.compile(r"^[a-z0-9_-]{1,64}$|^TS2[4-7]$")
    for row in rows:
        assert re.fullmatch(r"[0-9a-f]{32}", row["conversation_key"])
        for column in ("need_id", "priority_id", "hub_id", "outcome", "confidence_band"):
            assert row[column] is None or id_like.match(row[column]), row[column]
        assert row["area"] is None or row["area"] in names or id_like.match(row["area"])
        for value in (*row["service_ids"], *row["secondary_priority_ids"]):
            assert id_like.match(value)


def test_outcomes_fit_the_need(rows: list[dict[str, Any]]) -> None:
    money = {n.id for n in load_taxonomy().needs if n.priority == CHECK_PRIORITY}
    for row in rows:
        outcome = row["outcome"]
        assert (outcome == "crisis") == (row["need_id"] == CRISIS_NEED)
        if outcome == "check_completed":
            assert row["need_id"] in money
        if outcome in ("no_match", "degraded", "crisis", "handoff"):
            assert row["service_ids"] == []
        if outcome in ("signposted", "check_completed"):
            assert row["confidence_band"] in ("high", "medium")
        if outcome == "no_match":
            assert row["confidence_band"] == "low"
        if outcome == "degraded":
            assert row["need_id"] is None and row["confidence_band"] is None
    assert 0.75 < _share(rows, lambda r: r["outcome"] == "signposted") < 0.9
    assert 0.05 < _share(rows, lambda r: r["outcome"] == "no_match") < 0.11
    assert 0.01 < _share(rows, lambda r: r["outcome"] == "check_completed") < 0.05


def test_money_needs_lead_and_crisis_is_rare(rows: list[dict[str, Any]]) -> None:
    money = _share(rows, lambda r: r["priority_id"] == CHECK_PRIORITY)
    assert money > 0.4
    assert _share(rows, lambda r: r["need_id"] == CRISIS_NEED) < 0.015


def test_energy_bills_are_asked_about_more_in_winter(rows: list[dict[str, Any]]) -> None:
    def energy_share(months: tuple[int, ...]) -> float:
        season = [r for r in rows if _uk(r).month in months]
        return _share(season, lambda r: r["need_id"] == "energy_bills")

    assert energy_share(WINTER) > 1.5 * energy_share(SUMMER)


def test_weekdays_and_daytime_are_busier(rows: list[dict[str, Any]]) -> None:
    assert _share(rows, lambda r: _uk(r).weekday() < 5) > 0.75
    assert _share(rows, lambda r: 8 <= _uk(r).hour < 22) > 0.85


def test_channel_and_area_shares(rows: list[dict[str, Any]]) -> None:
    assert 0.10 < _share(rows, lambda r: r["channel"] == "hub") < 0.20
    assert 0.33 < _share(rows, lambda r: r["area"] is None) < 0.47
    assert all(_uk(r).weekday() < 6 for r in rows if r["channel"] == "hub")


def test_conversations_have_a_few_events_on_one_day(rows: list[dict[str, Any]]) -> None:
    days = defaultdict(set)
    for row in rows:
        days[row["conversation_key"]].add(_uk(row).date())
    assert all(len(d) == 1 for d in days.values())
    assert 1.4 < len(rows) / len(days) < 1.8


def test_a_weight_for_an_unknown_need_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(synthetic.NEED_WEIGHTS, "not_a_need", 1.0)
    with pytest.raises(ValueError, match="not_a_need"):
        _fill(tmp_path)


def test_only_finished_checks_carry_real_entitlement_ids(rows: list[dict[str, Any]]) -> None:
    from knowledge.entitlements.household import ENTITLEMENT_IDS

    assert any(r["entitlement_ids"] for r in rows if r["outcome"] == "check_completed")
    for row in rows:
        assert set(row["entitlement_ids"]) <= set(ENTITLEMENT_IDS)
        assert not row["entitlement_ids"] or row["outcome"] == "check_completed"
