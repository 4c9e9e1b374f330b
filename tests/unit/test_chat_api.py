"""The chat API in-process, with a fresh database and no engine running."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from api.models import ChatSession
from core.db import session_scope
from core.settings import Settings


@pytest.fixture
def client(settings: Settings):
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_names_what_is_down(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"engine": False, "action_server": False, "database": True}


@pytest.mark.parametrize("message", ["", "   ", "x" * 1001])
def test_message_length_is_checked_with_a_plain_explanation(client: TestClient, message) -> None:
    response = client.post("/api/chat", json={"message": message})
    assert response.status_code == 422
    assert response.json()["detail"] == "Please type a message of 1 to 1,000 characters."
    assert response.json()["errors"][0]["field"] == "message"


def test_message_of_exactly_1000_characters_after_trimming_is_accepted(client) -> None:
    response = client.post("/api/chat", json={"message": "  " + "a" * 1000 + "  "})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body", [{}, {"message": 12}, {"message": ["a"]}, {"message": "hi", "session_id": 5}]
)
def test_malformed_bodies_get_a_422_naming_the_field(client: TestClient, body) -> None:
    response = client.post("/api/chat", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] in {"message", "session_id"}


@pytest.mark.parametrize("body", [b"{not json", b"\xe9}", b"m\xc3\x11.\x01", b"\x05\xa0DA\xff"])
def test_invalid_json_gets_a_422(client: TestClient, body: bytes) -> None:
    """Bytes that are not even text too (FastAPI's own answer to those is a bare 400)."""
    response = client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request body must be valid JSON.",
        "errors": [{"field": "body", "problem": "The request body must be valid JSON."}],
    }


def test_other_http_errors_keep_their_status(client: TestClient) -> None:
    assert client.get("/api/no-such-thing").status_code == 404
    assert client.get("/api/chat").status_code == 405


def test_engine_down_still_answers_200_and_logs_no_message_text(client, caplog) -> None:
    caplog.set_level(logging.INFO)
    response = client.post("/api/chat", json={"message": "my address is 12 Secret Street"})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is True
    assert "01429 266522" in " ".join(r["text"] for r in body["replies"])
    assert "engine unavailable" in caplog.text
    assert "Secret Street" not in caplog.text


def test_server_issues_the_session_id_and_keeps_it(client: TestClient) -> None:
    first = client.post("/api/chat", json={"message": "hiya"}).json()
    assert len(first["session_id"]) >= 32
    again = client.post("/api/chat", json={"message": "hi", "session_id": first["session_id"]})
    assert again.json()["session_id"] == first["session_id"]


def test_unknown_session_id_starts_a_new_session(client: TestClient) -> None:
    body = client.post("/api/chat", json={"message": "hi", "session_id": "made-up"}).json()
    assert body["session_id"] != "made-up"


def test_expired_session_starts_a_new_session(client: TestClient, settings: Settings) -> None:
    old = client.post("/api/chat", json={"message": "hiya"}).json()["session_id"]
    with session_scope(settings.database_url) as db:
        session = db.get(ChatSession, old)
        session.last_seen_at = datetime.now(UTC) - timedelta(
            minutes=settings.session_ttl_minutes + 1
        )
        db.commit()
    body = client.post("/api/chat", json={"message": "hi", "session_id": old}).json()
    assert body["session_id"] != old
    with session_scope(settings.database_url) as db:
        assert db.get(ChatSession, old) is None  # expired sessions are cleared away


def test_a_message_not_understood_is_kept_only_after_scrubbing(settings: Settings) -> None:
    from api.engine import EngineClient
    from demand.models import UnmetDemandSample

    not_understood = [
        {"text": "Sorry, I did not understand."},
        {"custom": {"need": None, "outcome": "no_match", "confidence": "low"}},
    ]
    message = "zzkp from Sarah Jones, 12 Raby Road TS24 8AB, 07700 900123, sarah@example.com"
    with_samples = settings.model_copy(update={"unmet_demand_samples": True})
    with (
        pytest.MonkeyPatch.context() as patch,
        TestClient(create_app(with_samples)) as client,
    ):
        patch.setattr(EngineClient, "send", lambda self, sender, text: not_understood)
        assert client.post("/api/chat", json={"message": message}).status_code == 200
    with session_scope(settings.database_url) as db:
        [sample] = db.scalars(select(UnmetDemandSample))
    assert sample.text.startswith("zzkp from [name]") and "TS24" in sample.text
    for value in ("Sarah", "Jones", "Raby Road", "8AB", "07700", "sarah@example.com"):
        assert value not in sample.text


def test_a_degraded_reply_is_counted_and_the_log_holds_no_text(client, settings) -> None:
    from demand.models import DemandEvent

    client.post("/api/chat", json={"message": "help me with my rent, I'm Sarah"})
    with session_scope(settings.demand_url) as db:
        [event] = db.scalars(select(DemandEvent))
    assert (event.outcome, event.channel, event.need_id) == ("degraded", "web", None)
    assert "Sarah" not in repr(event.__dict__)


def test_a_healthy_engine_with_nothing_to_say_is_not_an_outage(settings: Settings) -> None:
    """Rasa answers [] when its policies choose to listen: the resident is asked again."""
    from api.engine import EngineClient
    from demand.models import DemandEvent

    with (
        pytest.MonkeyPatch.context() as patch,
        TestClient(create_app(settings)) as client,
    ):
        patch.setattr(EngineClient, "send", lambda self, sender, text: [])
        patch.setattr(EngineClient, "actions_answer", lambda self: True)
        body = client.post("/api/chat", json={"message": "hmm"}).json()
        assert body["degraded"] is False
        assert body["replies"][0]["text"].startswith("Sorry, I did not understand")
        [button] = body["replies"][0]["buttons"]
        assert button["payload"] == "/show_topics"
        again = {"message": "/show_topics", "session_id": body["session_id"]}
        assert client.post("/api/chat", json=again).json()["degraded"] is False
    with session_scope(settings.demand_url) as db:
        assert list(db.scalars(select(DemandEvent))) == []


class RecordingEngine:
    """Rasa's REST channel stand-in: records what reached it, offers one button."""

    def __init__(self) -> None:
        self.received: list[str] = []

    def send(self, sender_id: str, message: str) -> list[dict]:
        self.received.append(message)
        return [{"text": "Pick one", "buttons": [{"title": "Rent", "payload": "/help_with_rent"}]}]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> RecordingEngine:
    recording = RecordingEngine()
    monkeypatch.setattr("api.deps.EngineClient", lambda *args: recording)
    return recording


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("/crisis_emergency", "crisis_emergency"),
        ("/food_and_essentials@0.01", "food_and_essentials@0.01"),
        ("/restart", "restart"),
        ("// hi my name is Sam", "hi my name is Sam"),
    ],
)
def test_commands_a_resident_types_reach_the_engine_as_words(
    client: TestClient, engine: RecordingEngine, typed: str, sent: str
) -> None:
    client.post("/api/chat", json={"message": typed}).raise_for_status()
    assert engine.received == [sent]


def test_only_buttons_the_assistant_offered_are_sent_as_commands(
    client: TestClient, engine: RecordingEngine
) -> None:
    first = client.post("/api/chat", json={"message": "/show_topics"}).json()
    assert engine.received == ["/show_topics"]  # the widget's own control
    session = first["session_id"]
    client.post("/api/chat", json={"message": "/help_with_rent", "session_id": session})
    client.post("/api/chat", json={"message": "/debt_advice", "session_id": session})
    assert engine.received[1:] == ["/help_with_rent", "debt_advice"]


@pytest.mark.parametrize("message", ["\u200b\u200b", "\u2060 \ufeff", "///", " / "])
def test_invisible_characters_or_slashes_alone_are_an_empty_message(client, message) -> None:
    response = client.post("/api/chat", json={"message": message})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "message"


def test_a_body_over_16_kb_is_refused_before_parsing(client: TestClient) -> None:
    big = {"message": "hi", "padding": "x" * 20_000}
    response = client.post("/api/chat", json=big)
    assert response.status_code == 413


def test_a_body_without_a_length_is_counted_as_it_arrives(client: TestClient) -> None:
    def chunks():
        yield b'{"message": "'
        for _ in range(40):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        "/api/chat", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "url",
    [
        "/oruk/services?page=99999999999999999999",
        "/oruk/taxonomies?page=99999999999999999999",
        "/oruk/taxonomy_terms?page=100001",
        "/oruk/services?search=" + "word%20" * 1000,
    ],
)
def test_out_of_range_parameters_are_a_422(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 422


def test_interactive_api_pages_are_off_unless_asked_for(client: TestClient, settings) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").status_code == 200
    with TestClient(create_app(settings.model_copy(update={"api_docs": True}))) as dev:
        assert dev.get("/docs").status_code == 200


def test_a_client_sending_too_fast_gets_a_kind_429(settings: Settings) -> None:
    quick = settings.model_copy(update={"chat_rate_per_client": "3/minute"})
    with TestClient(create_app(quick)) as client:
        codes = [client.post("/api/chat", json={"message": "hi"}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = client.post("/api/chat", json={"message": "hi"})
        assert response.json()["detail"].startswith("You are sending messages very quickly")
        assert int(response.headers["Retry-After"]) > 0


def test_one_conversation_sending_too_fast_gets_a_429(settings: Settings) -> None:
    quick = settings.model_copy(update={"chat_rate_per_session": "2/minute"})
    with TestClient(create_app(quick)) as client:
        session = client.post("/api/chat", json={"message": "hi"}).json()["session_id"]
        body = {"message": "hi", "session_id": session}
        codes = [client.post("/api/chat", json=body).status_code for _ in range(3)]
        assert codes == [200, 200, 429]


def residents_saying_hi(client: TestClient, count: int) -> list[threading.Thread]:
    """That many residents each sending a message at once, on threads of their own."""
    residents = [
        threading.Thread(
            target=client.post, args=("/api/chat",), kwargs={"json": {"message": "hi"}}
        )
        for _ in range(count)
    ]
    for resident in residents:
        resident.start()
    return residents


def test_readiness_answers_at_once_while_every_worker_thread_is_busy(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifty residents waiting on a slow engine must not make /readyz wait behind them."""
    answer = threading.Event()

    class SlowEngine:
        def send(self, sender_id: str, message: str) -> list[dict]:
            answer.wait(10)  # until readiness has been asked
            return [{"text": "OK"}]

    monkeypatch.setattr("api.deps.EngineClient", lambda *args: SlowEngine())
    with TestClient(create_app(settings)) as client:
        residents = residents_saying_hi(client, 50)
        time.sleep(0.5)  # every request worker is now waiting on the engine
        started = time.monotonic()
        checks = client.get("/readyz").json()["checks"]
        answer.set()
        assert time.monotonic() - started < 2.0
        assert checks["database"] is True
        for resident in residents:
            resident.join()


def test_a_worker_holds_at_most_api_threads_messages_at_once(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages beyond the pool wait for a thread rather than open more engine requests."""
    release = threading.Event()
    changed = threading.Condition()
    waiting = {"now": 0, "most": 0}

    class SlowEngine:
        def send(self, sender_id: str, message: str) -> list[dict]:
            with changed:
                waiting["now"] += 1
                waiting["most"] = max(waiting["most"], waiting["now"])
                changed.notify_all()
            release.wait(10)
            return [{"text": "OK"}]

    monkeypatch.setattr("api.deps.EngineClient", lambda *args: SlowEngine())
    with TestClient(create_app(settings.model_copy(update={"api_threads": 5}))) as client:
        residents = residents_saying_hi(client, 12)
        with changed:
            assert changed.wait_for(lambda: waiting["now"] == 5, timeout=10)
        time.sleep(0.5)  # room for a sixth, were the pool larger
        most = waiting["most"]
        release.set()
        for resident in residents:
            resident.join()
    assert most == 5
