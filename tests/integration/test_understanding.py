"""Understanding through /api/chat: the clarifying question and out-of-scope answers."""

from __future__ import annotations

import pytest

from knowledge.taxonomy import load_taxonomy

pytestmark = pytest.mark.integration


def test_a_close_call_is_asked_about_not_guessed(conversation) -> None:
    # A home, repairs or help at home: no need is likely enough to answer. (The model
    # now reads "house help" as homelessness, with reason, so it no longer tests this.)
    reply = conversation.say("help with my house")
    assert reply["need"] is None
    buttons = reply["replies"][0]["buttons"]
    payloads = [b["payload"] for b in buttons]
    assert "Is it about one of these?" in reply["replies"][0]["text"]
    assert 2 <= len(payloads) <= 4 and payloads[-1] == "/show_topics"
    assert buttons[-1]["title"] == "Something else"
    chosen = conversation.say(payloads[0])
    assert chosen["need"] == payloads[0].removeprefix("/")


def test_a_likely_runner_up_is_one_tap_away(conversation) -> None:
    # A family worn out by a nana's care at home: answered as support for carers, with
    # care for the nana herself offered beside it.
    reply = conversation.say(
        "the carers only come for 15 mins, not long enough to shower my nana, "
        "and im wiped out doing it all"
    )
    assert reply["need"] == "carers_support"
    offer = next(r for r in reply["replies"] if r["text"] == "If this is not what you need, try:")
    [button] = offer["buttons"]
    assert button == {"title": "Care and support for adults", "payload": "/adult_social_care"}
    assert conversation.say(button["payload"])["need"] == "adult_social_care"


@pytest.mark.parametrize(
    "message",
    [
        "who won the football last night",
        "can you write me a poem about the sea",
        "my phone keeps turning itself off",
        "what do you think of the prime minister",
    ],
)
def test_out_of_scope_says_what_the_assistant_can_help_with(conversation, message) -> None:
    reply = conversation.say(message)
    assert reply["need"] == "out_of_scope"
    assert reply["replies"][0]["text"] == load_taxonomy().need("out_of_scope").reply


@pytest.mark.parametrize("message", ["hello", "are you a real person", "ok thanks"])
def test_small_talk_also_says_what_the_assistant_can_help_with(conversation, message) -> None:
    # Answered as conversation, not refused, but with the same offer as the
    # out-of-scope answer: what it can help with, and the topics one tap away.
    reply = conversation.say(message)
    assert reply["need"] is None and reply["crisis"] is False
    [answer] = reply["replies"]
    assert "money, food, housing or health" in answer["text"]
    assert {"title": "See what I can help with", "payload": "/show_topics"} in answer["buttons"]


def test_a_message_in_another_language_says_how_else_to_reach_the_council(conversation) -> None:
    reply = conversation.say("Dzień dobry, mój sąsiad ciągle hałasuje w nocy i nie wiem, co robić")
    [answer] = reply["replies"]
    assert answer["text"].startswith("Sorry, I can only read English.")
    assert load_taxonomy().council.phone in answer["text"]
    assert reply["need"] is None and reply["crisis"] is False
    # The conversation carries on in English as if nothing had happened.
    assert conversation.say("my neighbour is noisy every night")["need"] == "antisocial_behaviour"


def test_danger_in_another_language_gets_the_emergency_reply(conversation) -> None:
    reply = conversation.say("mi hijo se tomó todas las pastillas de mi madre")
    assert reply["crisis"] is True
    assert reply["replies"][0]["text"] == load_taxonomy().crisis.reply_for("overdose_poisoning")


def test_a_team_asked_for_by_name_gets_its_need_and_no_emergency(conversation) -> None:
    reply = conversation.say("can you put me through to housing options")
    assert reply["need"] == "homelessness" and reply["crisis"] is False
    reply = conversation.say("can you put me through to planning")
    assert reply["need"] == "other_council_service" and reply["crisis"] is False
    assert reply["replies"][0]["text"] == load_taxonomy().need("other_council_service").reply


def test_an_area_and_a_word_is_answered_as_the_word(conversation) -> None:
    reply = conversation.say("ts24 damp")
    assert reply["need"] == "home_repairs"
    texts = [r["text"] for r in reply["replies"]]
    assert any(t.startswith("Your nearest community hub is") for t in texts), texts
