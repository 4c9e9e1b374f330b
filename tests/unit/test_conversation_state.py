"""What the gateway knows of live conversations, in the database or shared in Redis,
and what a resident gets when that store, or the rate limits' store, is down."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.engine import ConversationLocks, EngineClient, EngineUnavailable
from api.main import create_app
from api.sessions import RedisSessions, SessionsUnavailable
from core.db import session_scope
from core.redis_store import redis_client
from core.settings import Settings
from demand.conversation_keys import RedisConversationKeys
from demand.models import DemandEvent

ENERGY_REPLY = [
    {"text": "Help with energy bills", "buttons": [{"title": "More", "payload": "/more"}]},
    {"custom": {"need": "energy_bills", "outcome": "signposted"}},
]


class AnsweringEngine:
    """Rasa's REST channel stand-in: answers every message about energy bills."""

    def __init__(self) -> None:
        self.senders: list[str] = []

    def send(self, sender_id: str, message: str) -> list[dict]:
        self.senders.append(sender_id)
        return ENERGY_REPLY


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> AnsweringEngine:
    answering = AnsweringEngine()
    monkeypatch.setattr("api.deps.EngineClient", lambda *args: answering)
    return answering


COUNCIL_PHONE = "01429 266522"


def said(body: dict) -> str:
    return " ".join(reply["text"] for reply in body["replies"])


def demand_outcomes(settings: Settings) -> list[str]:
    with session_scope(settings.demand_url) as db:
        return [event.outcome for event in db.scalars(select(DemandEvent))]


def test_sessions_in_redis_start_resume_and_remember_offers(redis_settings: Settings) -> None:
    s = redis_settings
    client = redis_client(s.redis_url)
    sessions = RedisSessions(client, s.redis_key_prefix, timedelta(minutes=60))
    first = sessions.resume_or_start(None)
    sessions.remember_offers(first, ["/a", "/b", "/a"])
    again = sessions.resume_or_start(first.id)
    assert (again.id, again.offered_payloads) == (first.id, ["/a", "/b"])
    assert sessions.resume_or_start("made-up").id not in {first.id, "made-up"}
    # Renewed at every message, gone a lifetime after the last one.
    assert 3500 < client.ttl(f"{s.redis_key_prefix}:chat:{first.id}") <= 3600


def test_an_expired_session_in_redis_starts_a_new_one(redis_settings: Settings) -> None:
    s = redis_settings
    client = redis_client(s.redis_url)
    first = RedisSessions(client, s.redis_key_prefix, timedelta(minutes=60)).resume_or_start(None)
    client.delete(f"{s.redis_key_prefix}:chat:{first.id}")  # as Redis does when the TTL ends
    sessions = RedisSessions(client, s.redis_key_prefix, timedelta(minutes=60))
    assert sessions.resume_or_start(first.id).id != first.id


def test_redis_down_is_sessions_unavailable(dead_redis_url: str) -> None:
    sessions = RedisSessions(redis_client(dead_redis_url), "x", timedelta(minutes=60))
    with pytest.raises(SessionsUnavailable):
        sessions.resume_or_start(None)


def test_two_workers_share_sessions_and_conversation_keys(
    redis_settings: Settings, engine: AnsweringEngine
) -> None:
    with (
        TestClient(create_app(redis_settings)) as one,
        TestClient(create_app(redis_settings)) as two,
    ):
        first = one.post("/api/chat", json={"message": "cant pay the gas"}).json()
        # The button offered through one worker is a command through the other.
        two.post("/api/chat", json={"message": "/more", "session_id": first["session_id"]})
    assert engine.senders == [first["session_id"]] * 2
    with session_scope(redis_settings.demand_url) as db:
        keys = {event.conversation_key for event in db.scalars(select(DemandEvent))}
    assert len(keys) == 1  # one conversation, counted once across the workers


def test_conversation_keys_in_redis_fall_back_to_a_fresh_key_when_it_is_down(
    dead_redis_url: str,
) -> None:
    keys = RedisConversationKeys(redis_client(dead_redis_url), "x", timedelta(hours=24))
    assert keys.key_for("session-a") != keys.key_for("session-a")  # each event still recorded


def test_redis_down_gets_the_degraded_reply_and_the_event_is_kept(
    redis_settings: Settings, dead_redis_url: str, engine: AnsweringEngine
) -> None:
    down = redis_settings.model_copy(
        update={"redis_url": dead_redis_url, "rate_limit_storage": dead_redis_url}
    )
    with TestClient(create_app(down)) as client:
        response = client.post(
            "/api/chat", json={"message": "cant pay the gas", "session_id": "s1"}
        )
        crisis = client.post("/api/chat", json={"message": "i want to kill myself tonight"})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] and body["session_id"] == "s1"
    assert COUNCIL_PHONE in said(body) and "999" in said(body)
    assert engine.senders == []  # the engine's conversations are in Redis too
    # Danger still comes first, from the gateway's own layers.
    assert crisis.status_code == 200 and crisis.json()["crisis"]
    assert said(crisis.json()).index("999") < said(crisis.json()).index("01429 266522")
    assert sorted(demand_outcomes(down)) == ["crisis", "degraded"]


def test_the_rate_limits_store_down_never_turns_a_resident_away(
    settings: Settings, dead_redis_url: str, engine: AnsweringEngine
) -> None:
    limited = settings.model_copy(
        update={"rate_limit_storage": dead_redis_url, "chat_rate_per_session": "1/minute"}
    )
    with TestClient(create_app(limited)) as client:
        first = client.post("/api/chat", json={"message": "cant pay the gas"}).json()
        again = client.post(
            "/api/chat", json={"message": "and the electric", "session_id": first["session_id"]}
        )
    assert again.status_code == 200 and not again.json()["degraded"]


def test_the_database_down_gets_the_degraded_reply_not_an_error(
    settings: Settings, tmp_path: Path, engine: AnsweringEngine
) -> None:
    gone = settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'no-such-dir' / 'gone.db'}"}
    )
    with TestClient(create_app(gone)) as client:
        response = client.post("/api/chat", json={"message": "cant pay the gas"})
    assert response.status_code == 200
    assert response.json()["degraded"]


def test_the_knowledge_base_down_gets_the_degraded_reply_not_did_not_understand(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The action server could not read services: it says so in its facts, and nothing else."""
    unavailable = [{"custom": {"need": None, "unavailable": True}}]
    monkeypatch.setattr(AnsweringEngine, "send", lambda self, sender, text: unavailable)
    monkeypatch.setattr("api.deps.EngineClient", lambda *args: AnsweringEngine())
    with TestClient(create_app(settings)) as client:
        body = client.post("/api/chat", json={"message": "cant pay the gas"}).json()
    assert body["degraded"] and COUNCIL_PHONE in said(body)
    assert "did not understand" not in said(body)
    assert demand_outcomes(settings) == ["degraded"]


def engine_answering(answer: int | httpx.HTTPError, locks: ConversationLocks) -> EngineClient:
    def engine(request: httpx.Request) -> httpx.Response:
        if isinstance(answer, httpx.HTTPError):
            raise answer
        return httpx.Response(answer, json=[])

    return EngineClient(
        httpx.Client(transport=httpx.MockTransport(engine)),
        "http://engine",
        1.0,
        "http://actions",
        locks,
    )


# HAProxy says the replica holding the message went away with a 502 or, on a reused
# connection, by closing ours unanswered; a replica that answered with an error, none
# to send to (503), or one still working when the gateway stopped waiting, is not that.
@pytest.mark.parametrize(
    ("answer", "released"),
    [
        (502, True),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), True),
        (500, False),
        (503, False),
        (httpx.ReadTimeout("timed out"), False),
    ],
    ids=["bad-gateway", "closed-unanswered", "error", "no-replica", "timeout"],
)
def test_a_replica_lost_mid_message_frees_its_conversation_and_nothing_else(
    redis_settings: Settings, answer: int | httpx.HTTPError, released: bool
) -> None:
    s = redis_settings
    client = redis_client(s.redis_url)
    held = {
        sender: f"{s.redis_key_prefix}:lock:{sender}" for sender in ("resident", "somebody-else")
    }
    for key in held.values():
        client.set(key, '{"conversation_id": "x", "tickets": [{"number": 0, "expires": 1e12}]}')
    engine = engine_answering(answer, ConversationLocks(client, s.redis_key_prefix))
    with pytest.raises(EngineUnavailable):
        engine.send("resident", "cant pay the gas")
    assert client.exists(held["resident"]) == (not released)
    assert client.exists(held["somebody-else"])


def test_redis_down_when_freeing_a_conversation_is_still_the_degraded_reply(
    dead_redis_url: str,
) -> None:
    engine = engine_answering(502, ConversationLocks(redis_client(dead_redis_url), "x"))
    with pytest.raises(EngineUnavailable):
        engine.send("resident", "cant pay the gas")
