"""How the gateway turns the engine's messages into the chat API's reply."""

from __future__ import annotations

from typing import Any

from api.chat import ChatTurn
from api.engine import EngineUnavailable
from knowledge.crisis import get_crisis_detector
from knowledge.taxonomy import load_taxonomy


class ScriptedEngine:
    """Stands in for Rasa's REST channel: answers with fixed messages, or fails."""

    def __init__(self, messages: list[dict[str, Any]] | None, actions_up: bool = True) -> None:
        self.messages = messages
        self.actions_up = actions_up
        self.received: list[tuple[str, str]] = []

    def actions_answer(self) -> bool:
        return self.actions_up

    def send(self, sender_id: str, message: str) -> list[dict[str, Any]]:
        self.received.append((sender_id, message))
        if self.messages is None:
            raise EngineUnavailable("ConnectTimeout")
        return self.messages


def turn(messages: list[dict[str, Any]] | None) -> ChatTurn:
    return ChatTurn(ScriptedEngine(messages), get_crisis_detector(), load_taxonomy())


CRISIS = load_taxonomy().crisis
CRISIS_TEXT = CRISIS.reply


def test_reply_carries_need_priority_and_buttons() -> None:
    engine_says = [
        {
            "recipient_id": "s",
            "text": "Help with rent",
            "buttons": [{"title": "A", "payload": "/a"}],
        },
        {"recipient_id": "s", "custom": {"need": "help_with_rent", "services": []}},
    ]
    reply = turn(engine_says).answer("s", "cant pay me rent")
    assert [r.text for r in reply.replies] == ["Help with rent"]
    assert reply.replies[0].buttons[0].payload == "/a"
    assert (reply.need, reply.priority, reply.crisis, reply.degraded) == (
        "help_with_rent",
        "reduce_poverty",
        False,
        False,
    )


def test_basics_have_no_need() -> None:
    reply = turn([{"recipient_id": "s", "text": "Hello."}]).answer("s", "hiya")
    assert (reply.need, reply.priority) == (None, None)


def test_safety_net_puts_the_emergency_reply_first_even_if_the_model_missed_it() -> None:
    engine_says = [
        {"recipient_id": "s", "text": "Talk to your GP."},
        {"recipient_id": "s", "custom": {"need": "mental_wellbeing"}},
    ]
    reply = turn(engine_says).answer("s", "i want to end it all")
    assert reply.crisis is True
    assert reply.need == "crisis_emergency"
    assert reply.priority == "safer_neighbourhoods"
    assert reply.replies[0].text == CRISIS.reply_for("suicide")
    assert reply.replies[1].text == "Talk to your GP."


def test_on_danger_the_engine_gets_the_crisis_intent_not_the_words() -> None:
    chat = turn([{"recipient_id": "s", "text": "Are you safe right now?"}])
    chat.answer("s", "took 30 paracetamol an hour ago")
    assert chat.engine.received == [
        ("s", '/crisis_emergency{"crisis_category":"overdose_poisoning"}')
    ]
    chat.answer("s", "cant pay me rent")
    assert chat.engine.received[-1] == ("s", "cant pay me rent")


def test_the_reply_fits_the_kind_of_danger() -> None:
    for message, category in [
        ("hes got a knife and hes outside the door", "violence_now"),
        ("the bairn isnt breathing", "medical_emergency"),
        ("the voices are telling me to hurt the baby", "psychosis_harm"),
    ]:
        reply = turn([{"recipient_id": "s", "text": "Are you safe right now?"}]).answer(
            "s", message
        )
        assert reply.replies[0].text == CRISIS.reply_for(category), message
        assert reply.services == []


def test_emergency_reply_is_not_repeated_when_model_and_net_agree() -> None:
    engine_says = [
        {"recipient_id": "s", "text": CRISIS_TEXT},
        {"recipient_id": "s", "custom": {"need": "crisis_emergency", "crisis": True}},
    ]
    reply = turn(engine_says).answer("s", "hes got a knife")
    assert [r.text for r in reply.replies] == [CRISIS.reply_for("violence_now")]


def test_model_alone_can_raise_a_crisis() -> None:
    engine_says = [
        {"recipient_id": "s", "text": CRISIS_TEXT},
        {"recipient_id": "s", "custom": {"need": "crisis_emergency", "crisis": True}},
    ]
    reply = turn(engine_says).answer("s", "can you help me with something")
    assert reply.crisis is True
    assert reply.replies[0].text == CRISIS_TEXT


def test_engine_down_gives_a_kind_degraded_reply_with_phone_numbers() -> None:
    reply = turn(None).answer("s", "need help with me rent")
    assert reply.degraded is True
    assert reply.crisis is False
    text = " ".join(r.text for r in reply.replies)
    for number in (load_taxonomy().council.phone, "999", "116 123"):
        assert number in text


def test_engine_down_in_a_crisis_still_puts_the_emergency_reply_first() -> None:
    reply = turn(None).answer("s", "the bairn isnt breathing")
    assert (reply.degraded, reply.crisis) == (True, True)
    assert reply.replies[0].text == CRISIS.reply_for("medical_emergency")


def test_engine_down_the_classifier_still_sees_danger_no_phrase_names() -> None:
    reply = turn(None).answer(
        "s", "she went grey and sweaty and is holding her arm, now she is on the floor"
    )
    assert (reply.degraded, reply.crisis) == (True, True)


def test_no_reply_because_the_action_server_is_down_counts_as_degraded() -> None:
    # Rasa answers with nothing when the action server behind it is down.
    engine = ScriptedEngine([], actions_up=False)
    chat = ChatTurn(engine, get_crisis_detector(), load_taxonomy())
    assert chat.answer("s", "help with bills").degraded is True


def test_no_reply_from_a_healthy_engine_asks_again_and_is_not_degraded() -> None:
    reply = turn([]).answer("s", "help with bills")
    assert reply.degraded is False
    assert reply.replies[0].text.startswith("Sorry, I did not understand")


def test_a_button_payload_is_not_read_for_danger() -> None:
    class NeverAsked:
        def assess(self, message: str) -> None:
            raise AssertionError(f"a payload was read for danger: {message}")

    engine = ScriptedEngine([{"recipient_id": "s", "text": "Help with rent"}])
    chat = ChatTurn(engine, NeverAsked(), load_taxonomy())
    assert chat.answer("s", "/help_with_rent").crisis is False
    assert engine.received == [("s", "/help_with_rent")]


class Recorded:
    """Keeps the demand facts the gateway records."""

    def __init__(self) -> None:
        self.facts: list[Any] = []

    def after_reply(self, session_id: str, message: str, channel: Any, facts: Any) -> None:
        self.facts.append(facts)


PORTUGUESE = "Olá, meu marido perdeu o emprego. Podemos pedir ajuda com a renda?"


def test_a_message_in_another_language_gets_how_else_to_reach_the_council() -> None:
    # The English model's guess at it is noise: out of scope, or a clarifying question.
    engine = ScriptedEngine(
        [
            {"recipient_id": "s", "text": "I cannot help with that."},
            {"recipient_id": "s", "custom": {"need": "out_of_scope", "outcome": "signposted"}},
        ]
    )
    demand = Recorded()
    chat = ChatTurn(engine, get_crisis_detector(), load_taxonomy(), demand)  # type: ignore[arg-type]
    reply = chat.answer("s", PORTUGUESE)
    [text] = [r.text for r in reply.replies]
    assert "only read English" in text
    assert load_taxonomy().council.phone in text and "999" in text
    assert reply.payloads == ["/show_topics"]
    assert (reply.need, reply.crisis) == (None, False)
    # Counted as not understood: the council still sees the demand.
    assert [(f.outcome, f.need_id) for f in demand.facts] == [("no_match", None)]


def test_a_need_found_in_another_language_is_kept_with_a_warning() -> None:
    engine_says = [
        {"recipient_id": "s", "text": "Help with rent"},
        {"recipient_id": "s", "custom": {"need": "help_with_rent", "outcome": "signposted"}},
    ]
    reply = turn(engine_says).answer("s", PORTUGUESE)
    assert [r.text for r in reply.replies][1:] == ["Help with rent"]
    assert "may have this wrong" in reply.replies[0].text
    assert reply.need == "help_with_rent"


def test_english_is_answered_as_the_engine_says() -> None:
    reply = turn([{"recipient_id": "s", "text": "Hello."}]).answer("s", "hiya, is anyone there")
    assert [r.text for r in reply.replies] == ["Hello."]


def test_danger_comes_before_the_language() -> None:
    chat = turn([{"recipient_id": "s", "text": "Are you safe right now?"}])
    reply = chat.answer("s", "Socorro, o meu pai não respira, caiu no chão da cozinha")
    assert reply.crisis is True
    assert reply.replies[0].text == CRISIS.reply_for("medical_emergency")
