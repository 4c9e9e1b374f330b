"""The demand log with the real assistant: events as conversations happen, no
personal data anywhere afterwards, and nothing lost while the database is down."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, select, text

from api.main import create_app
from core.db import session_scope
from core.migrate import migrate
from core.settings import Settings
from demand.models import DemandEvent, UnmetDemandSample
from launcher.stack import Stack
from tests.conftest import allow_connections
from tests.integration.conftest import Conversation

pytestmark = pytest.mark.integration

# Realistic messages full of personal data, and each value that must not survive.
PERSONAL_MESSAGES = [
    "hi im Sarah Jones, 12 Raby Road TS24 8AB, cant pay me rent this month",
    "my number is 07700 900123 and email sarah.jones@example.com, need food bank",
    "DOB 03/04/1985, NI number QQ 12 34 56 C, need help with council tax",
    "my NHS number is 943 476 5919, who can help me stop smoking",
    "sort code 12-34-56 account 12345678, bailiffs are coming about my debts",
    "zxqv Peter Smith 07700 900456 blorp",  # not understood: the fallback path
    # Rasa reads a message starting with "/" as a command, and logs one it cannot
    # parse whole: the gateway sends only offered buttons as commands.
    "/ hi my name is Sarah Jones, TS24 8AB, 07700 900123",
    "/crisis_emergency Raby Road",
]
PERSONAL_VALUES = [
    "Sarah",
    "Jones",
    "Raby Road",
    "TS24 8AB",
    "07700 900123",
    "07700900123",
    "sarah.jones@example.com",
    "03/04/1985",
    "QQ 12 34 56 C",
    "QQ123456C",
    "943 476 5919",
    "9434765919",
    "12-34-56",
    "12345678",
    "Peter Smith",
    "07700 900456",
]


def demand_events(url: str) -> list[DemandEvent]:
    with session_scope(url) as db:
        return list(db.scalars(select(DemandEvent).order_by(DemandEvent.occurred_hour)))
    return []


INWARD_CODE = re.compile(r"(?<![A-Za-z0-9_-])5AB(?![A-Za-z0-9_-])")


def everything_stored(url: str) -> str:
    """Every value in every table of the database, as one string."""
    engine = create_engine(url)
    with engine.connect() as connection:
        dump = [
            repr(row)
            for table in inspect(connection).get_table_names()
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
        ]
    engine.dispose()
    return "\n".join(dump)


def everything_logged(log_dir: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(log_dir.glob("*.log")))


class NewEvents:
    """The events written since it was made (the table's order within an hour is not kept)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.seen = {e.id for e in demand_events(url)}

    def __call__(self) -> list[DemandEvent]:
        fresh = [e for e in demand_events(self.url) if e.id not in self.seen]
        self.seen |= {e.id for e in fresh}
        return fresh


def test_a_conversation_makes_one_event_per_routed_request(stack: Stack, api) -> None:
    new_events = NewEvents(stack.settings.demand_url)
    chat = Conversation(api)
    chat.say("hello")  # small talk: no event
    chat.say("gas and electric bills are through the roof")
    chat.say("what's their number")  # a follow-up: no event
    chat.say("need a food bank")
    new = new_events()
    assert sorted(e.need_id for e in new) == ["energy_bills", "food_and_essentials"]
    assert {e.outcome for e in new} == {"signposted"}
    assert {e.channel for e in new} == {"web"} and {e.hub_id for e in new} == {None}
    assert new[0].conversation_key == new[1].conversation_key
    assert all(e.service_ids and e.priority_id == "reduce_poverty" for e in new)
    assert all(e.occurred_hour.minute == 0 and e.occurred_hour.second == 0 for e in new)

    Conversation(api).say("need a food bank")
    [other] = new_events()
    assert other.conversation_key != new[0].conversation_key


def test_typed_commands_make_no_demand_events(stack: Stack, api) -> None:
    new_events = NewEvents(stack.settings.demand_url)
    for command in ("/crisis_emergency", "/food_and_essentials@0.01", "/restart"):
        reply = Conversation(api).say(command)
        assert reply["crisis"] is False and reply["degraded"] is False
    assert "crisis" not in [e.outcome for e in new_events()]


def test_crisis_and_not_understood_are_counted(stack: Stack, api) -> None:
    new_events = NewEvents(stack.settings.demand_url)
    Conversation(api).say("i want to end my life")
    # Keyboard mash the model finds no need in ("qwv zxkj plort" now gets a choice of
    # needs, which is counted only once the resident chooses).
    reply = Conversation(api).say("vrop ksh mmt")
    assert "did not understand" in reply["replies"][0]["text"]
    assert sorted(e.outcome for e in new_events()) == ["crisis", "no_match"]


def test_the_area_a_resident_gives_is_kept_only_as_a_district(stack: Stack, api) -> None:
    new_events = NewEvents(stack.settings.demand_url)
    chat = Conversation(api)
    chat.say("where is my nearest community hub")
    chat.say("TS25 5AB")
    [event] = new_events()
    assert (event.need_id, event.area) == ("community_hubs", "TS25")
    # The inward code on its own, not inside one of the random session ids and
    # tokens the database also holds (hundreds of them by now, so "…z5ABe…" turns up).
    stored = everything_stored(stack.settings.demand_url)
    assert not INWARD_CODE.search(stored)
    assert "TS25 5AB" not in stored and "TS255AB" not in stored


def test_no_personal_data_reaches_the_database_or_the_logs(stack: Stack, api) -> None:
    for message in PERSONAL_MESSAGES:
        Conversation(api).say(message)
    stored = everything_stored(stack.settings.database_url)
    logged = everything_logged(stack.settings.log_dir)
    assert logged, "the processes wrote no logs to check"
    # No value as short as "8AB": three characters can turn up by chance inside
    # the random session ids and tokens the database also holds.
    for value in PERSONAL_VALUES:
        assert value not in stored, f"{value!r} is in the database"
        assert value not in logged, f"{value!r} is in a log"


@pytest.fixture
def gateway(stack: Stack, tmp_path: Path) -> Iterator[tuple[TestClient, Settings]]:
    """A second gateway, in-process, using the running engine, with samples kept."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        engine_url=stack.settings.engine_base_url,
        demand_spool_path=tmp_path / "spool" / "demand-events.jsonl",
        unmet_demand_samples=True,
    )
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        yield client, settings


def test_unmet_demand_samples_are_scrubbed_before_they_are_kept(gateway) -> None:
    client, settings = gateway
    # Whether the model falls back on a given message can change with training,
    # so several; the assertions hold for whichever it did not understand.
    for message in (
        "qwv zzkp blorf from Peter Smith",
        "zzkp qwv, ring Peter Smith",
        "blorf zzkp qwv peter@example.com",
        "qwv blorf zzkp 07700 900456",
    ):
        Conversation(client).say(message)
    with session_scope(settings.demand_url) as db:
        samples = [s.text for s in db.scalars(select(UnmetDemandSample))]
    assert samples, "none of the messages fell back"
    assert all(("qwv" in text or "zzkp" in text) for text in samples)
    for value in ("Peter", "Smith", "07700 900456", "peter@example.com"):
        assert not any(value in text for text in samples), value


def test_events_survive_the_demand_database_going_down_mid_conversation(
    stack: Stack, tmp_path: Path, postgres_url: str
) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        demand_database_url=postgres_url,
        engine_url=stack.settings.engine_base_url,
        demand_spool_path=tmp_path / "spool" / "demand-events.jsonl",
    )
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        chat = Conversation(client)
        assert not chat.say("cant afford the gas bill")["degraded"]
        allow_connections(postgres_url, allowed=False)  # the database goes away
        for message in ("need a food bank", "behind on my rent", "help with debts"):
            reply = chat.say(message)
            assert not reply["degraded"] and reply["need"]  # the resident notices nothing
        assert len(settings.demand_spool_path.read_text().splitlines()) == 3
        allow_connections(postgres_url, allowed=True)  # and comes back
        chat.say("where can i get help to stop smoking")
    needs = [e.need_id for e in demand_events(postgres_url)]
    assert sorted(needs) == sorted(
        ["energy_bills", "food_and_essentials", "help_with_rent", "debt_advice", "stop_smoking"]
    )
    assert settings.demand_spool_path.read_text() == ""
