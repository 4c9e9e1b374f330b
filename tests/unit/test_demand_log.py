"""The demand log: what an event holds, the spool that loses nothing, keys, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.chat import demand_facts
from api.schemas import ChatResponse, Reply
from core.contracts import ReplyFacts, ServiceCard
from core.db import session_scope
from core.migrate import migrate
from core.settings import Settings
from demand.conversation_keys import ConversationKeys
from demand.events import WEBSITE, Channel, DemandFacts, DemandLog
from demand.models import DemandEvent, UnmetDemandSample
from demand.retention import delete_expired, months_before
from demand.spool import Spool
from knowledge.area import demand_area
from knowledge.taxonomy import load_taxonomy

MOMENT = datetime(2026, 11, 23, 14, 37, 12, tzinfo=UTC)


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    return Spool(tmp_path / "spool" / "demand-events.jsonl")


def events(url: str) -> list[DemandEvent]:
    with session_scope(url) as db:
        return list(db.scalars(select(DemandEvent)))
    return []


def test_an_event_keeps_the_hour_and_the_need_priorities(sqlite_url: str, spool: Spool) -> None:
    log = DemandLog(sqlite_url, spool, load_taxonomy())
    facts = DemandFacts("signposted", "help_with_rent", "TS25", ["svc-1"], "high")
    log.record(facts, channel=Channel("hub", "hub-1"), conversation_key="k" * 32, at=MOMENT)
    [event] = events(sqlite_url)
    assert event.occurred_hour.replace(tzinfo=UTC) == datetime(2026, 11, 23, 14, tzinfo=UTC)
    assert (event.need_id, event.priority_id) == ("help_with_rent", "reduce_poverty")
    assert event.secondary_priority_ids == ["better_housing"]
    assert (event.channel, event.hub_id, event.area) == ("hub", "hub-1", "TS25")
    assert (event.service_ids, event.confidence_band) == (["svc-1"], "high")


def test_a_website_event_never_names_a_hub(sqlite_url: str, spool: Spool) -> None:
    log = DemandLog(sqlite_url, spool, load_taxonomy())
    log.record(
        DemandFacts("signposted", "energy_bills"),
        channel=Channel("web", "hub-1"),
        conversation_key="k",
    )
    assert events(sqlite_url)[0].hub_id is None


def test_an_unknown_need_is_not_stored(sqlite_url: str, spool: Spool) -> None:
    log = DemandLog(sqlite_url, spool, load_taxonomy())
    log.record(DemandFacts("no_match", "my name is Sue"), channel=WEBSITE, conversation_key="k")
    [event] = events(sqlite_url)
    assert (event.need_id, event.priority_id) == (None, None)


@pytest.mark.parametrize(
    "kwargs", [{"outcome": "done"}, {"outcome": "signposted", "confidence_band": "0.93"}]
)
def test_facts_refuse_values_outside_the_lists(kwargs) -> None:
    with pytest.raises(ValueError):
        DemandFacts(**kwargs)


def test_events_are_spooled_while_the_database_is_down_and_replayed_once(
    tmp_path: Path, spool: Spool
) -> None:
    database = tmp_path / "later" / "demand.db"
    url = f"sqlite:///{database}"
    log = DemandLog(url, spool, load_taxonomy())
    for need in ("energy_bills", "food_and_essentials", "debt_advice"):
        log.record(DemandFacts("signposted", need), channel=WEBSITE, conversation_key="k")
    assert not spool.is_empty()
    assert log.replay() == 0  # still down: the spool is kept

    migrate(Settings(database_url=url))  # the database is back
    log.record(DemandFacts("signposted", "homelessness"), channel=WEBSITE, conversation_key="k")
    assert spool.is_empty()
    needs = sorted(e.need_id for e in events(url))
    assert needs == ["debt_advice", "energy_bills", "food_and_essentials", "homelessness"]


def test_a_replay_cut_short_and_run_again_writes_each_event_once(
    sqlite_url: str, spool: Spool
) -> None:
    log = DemandLog(sqlite_url, spool, load_taxonomy())
    row = log._event_row(DemandFacts("crisis", "crisis_emergency"), WEBSITE, "k", MOMENT)
    spool.append({**row, "occurred_hour": row["occurred_hour"].isoformat()})
    # The first replay wrote the event but died before emptying the spool.
    with pytest.raises(RuntimeError):
        spool.replay(lambda rows: (log._insert_new([_parsed(r) for r in rows]), _die()))
    assert not spool.is_empty()
    assert log.replay() == 1
    assert len(events(sqlite_url)) == 1


def _parsed(row: dict) -> dict:
    return {**row, "occurred_hour": datetime.fromisoformat(row["occurred_hour"])}


def _die() -> None:
    raise RuntimeError("power cut")


def test_samples_keep_only_the_text_they_are_given(sqlite_url: str, spool: Spool) -> None:
    log = DemandLog(sqlite_url, spool, load_taxonomy())
    log.keep_sample("help with [name]'s thing", WEBSITE, at=MOMENT)
    with session_scope(sqlite_url) as db:
        [sample] = db.scalars(select(UnmetDemandSample))
        assert sample.text == "help with [name]'s thing"
        assert sample.occurred_hour.replace(tzinfo=UTC).minute == 0


def test_conversation_keys_are_random_per_session_and_rotate() -> None:
    keys = ConversationKeys(timedelta(hours=24))
    first = keys.key_for("session-a", MOMENT)
    assert keys.key_for("session-a", MOMENT + timedelta(hours=1)) == first
    assert keys.key_for("session-b", MOMENT) != first
    assert "session-a" not in first and len(first) == 32
    assert keys.key_for("session-a", MOMENT + timedelta(hours=25)) != first
    assert len(keys) == 1  # the expired keys are forgotten


def test_a_fresh_process_gives_the_same_session_a_different_key() -> None:
    assert ConversationKeys(timedelta(hours=1)).key_for("s") != ConversationKeys(
        timedelta(hours=1)
    ).key_for("s")


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 11, 23, tzinfo=UTC), 24, datetime(2024, 11, 23, tzinfo=UTC)),
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 1, datetime(2025, 12, 15, tzinfo=UTC)),
        (datetime(2028, 2, 29, tzinfo=UTC), 12, datetime(2027, 2, 28, tzinfo=UTC)),
    ],
)
def test_months_before(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


def test_retention_deletes_only_what_is_past_its_time(sqlite_url: str, spool: Spool) -> None:
    log = DemandLog(sqlite_url, spool, load_taxonomy())
    for age_days in (10, 700, 740, 800):
        at = MOMENT - timedelta(days=age_days)
        log.record(
            DemandFacts("signposted", "energy_bills"), channel=WEBSITE, conversation_key="k", at=at
        )
        log.keep_sample("text", WEBSITE, at=at)
    deleted = delete_expired(sqlite_url, months=24, sample_days=90, now=MOMENT)
    assert (deleted.events, deleted.samples) == (2, 3)
    with session_scope(sqlite_url) as db:
        assert db.scalar(select(func.count()).select_from(DemandEvent)) == 2


def test_the_prune_command_uses_the_settings(sqlite_url: str, monkeypatch, capsys) -> None:
    from demand.__main__ import main

    monkeypatch.setenv("ASSISTANT_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("ASSISTANT_DEMAND_RETENTION_MONTHS", "1")
    from core.settings import get_settings

    get_settings.cache_clear()
    try:
        log = DemandLog(sqlite_url, Spool(Path("/nonexistent/spool")), load_taxonomy())
        log.record(
            DemandFacts("signposted", "energy_bills"),
            channel=WEBSITE,
            conversation_key="k",
            at=datetime.now(UTC) - timedelta(days=45),
        )
        assert main(["prune"]) == 0
    finally:
        get_settings.cache_clear()
    assert "Deleted 1 events older than 1 months" in capsys.readouterr().out
    assert events(sqlite_url) == []


def _response(**kwargs) -> ChatResponse:
    return ChatResponse(session_id="s", replies=[Reply(text="hi")], **kwargs)


def _card(service_id: str) -> ServiceCard:
    return ServiceCard(
        id=service_id,
        name="A service",
        need="energy_bills",
        summary="Help",
        phone=None,
        url="https://www.hartlepool.gov.uk",
        address=None,
        opening_times=[],
        hours_by_day={},
        opening_today="Not known",
        open_now=None,
        verified=False,
        last_reviewed="2026-12-01",
        checked="Checked December 2026",
        check_before_you_go=True,
        provider="Hartlepool Borough Council",
    )


def test_the_gateway_turns_replies_into_facts() -> None:
    signposted = demand_facts(
        _response(services=[_card("a"), _card("b")]),
        ReplyFacts(need="energy_bills", outcome="signposted", confidence="medium", area="ts25"),
    )
    assert signposted == DemandFacts("signposted", "energy_bills", "TS25", ["a", "b"], "medium")
    assert demand_facts(_response(crisis=True), ReplyFacts()).outcome == "crisis"
    assert demand_facts(_response(degraded=True), ReplyFacts()).outcome == "degraded"
    assert demand_facts(_response(), ReplyFacts(need="energy_bills")) is None  # a follow-up
    odd = demand_facts(_response(), ReplyFacts(outcome="no_match", area="Mars"))
    assert odd.area is None
    guessed = demand_facts(_response(), ReplyFacts(outcome="no_match", guess="debt_advice"))
    assert guessed.need_id == "debt_advice"


def test_facts_that_break_the_contract_are_dropped_and_logged_without_values(caplog) -> None:
    """A misspelt field or a raw score is a bug in the action server: the reply still goes
    out, the demand event does not, and the log names the fields but not what they held."""
    from api.chat import read_facts

    facts = read_facts({"need": "energy_bills", "outcom": "signposted", "confidence": 0.2})
    assert facts == ReplyFacts()
    assert "outcom" in caplog.text and "confidence" in caplog.text
    assert "signposted" not in caplog.text and "energy_bills" not in caplog.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TS25 5AB", "TS25"),
        ("ts24", "TS24"),
        ("Seaton Carew", "TS25"),
        ("DL1 1AA", None),
        ("my house", None),
        (None, None),
    ],
)
def test_demand_area_keeps_a_district_or_ward_only(text, expected) -> None:
    assert demand_area(text) == expected
