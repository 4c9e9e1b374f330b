"""Service cards, follow-up questions and the nearest-hub form, through the real stack."""

from __future__ import annotations

import pytest

from knowledge.cards import CARD_FIELDS
from knowledge.taxonomy import load_taxonomy
from tests.integration.test_conversations import REACH_EVERY_NEED

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "need",
    [n.id for n in load_taxonomy().needs if n.id not in {"community_hubs", "crisis_emergency"}],
)
def test_every_need_shows_real_service_cards(conversation, need) -> None:
    reply = conversation.say(REACH_EVERY_NEED[need])
    assert 1 <= len(reply["services"]) <= 3
    for card in reply["services"]:
        assert set(card) >= CARD_FIELDS
        assert card["need"] == need
        assert card["phone"] or card["url"]


def test_crisis_reply_is_not_diluted_by_cards(conversation) -> None:
    reply = conversation.say("i want to kill myself")
    assert reply["crisis"] is True
    assert "999" in reply["replies"][0]["text"]


def test_follow_up_questions_about_the_cards(conversation) -> None:
    first = conversation.say("got letters off a debt collector and i owe loads on catalogues")
    shown = [c["id"] for c in first["services"]]
    contact = conversation.say("whats their number")
    assert [c["id"] for c in contact["services"]] == shown
    numbers = [c["phone"] for c in first["services"] if c["phone"]]
    assert numbers and numbers[0] in contact["replies"][0]["text"]
    hours = conversation.say("are they open saturday")
    assert "Saturday" in hours["replies"][0]["text"]
    more = conversation.say("anything else?")
    assert not {c["id"] for c in more["services"]} & set(shown)


def test_nearest_hub_form_asks_reasks_and_answers(conversation) -> None:
    ask = conversation.say("where is my nearest community hub")
    assert "postcode" in ask["replies"][0]["text"]
    again = conversation.say("my house")
    assert "did not recognise" in again["replies"][0]["text"]
    answer = conversation.say("TS25 5AA")
    assert answer["need"] == "community_hubs"
    assert [c["hub"] for c in answer["services"]] == ["south-community-hub"]
    assert answer["replies"][0]["text"].startswith("The hub for TS25 is")


def test_seaton_carew_has_its_own_hub(conversation) -> None:
    """Issue 14: Seaton Carew Community Hub opened in April 2025, in Station Lane."""
    conversation.say("which hub is closest to me")
    answer = conversation.say("Seaton Carew")
    assert [c["hub"] for c in answer["services"]] == ["seaton-carew-community-hub"]
    card = answer["services"][0]
    assert card["name"] == "Seaton Carew Community Hub"
    assert "TS25 1BN" in card["address"]
    assert card["checked"].startswith("Checked ")


def test_nearest_hub_from_a_place_name(conversation) -> None:
    conversation.say("which hub is closest to me")
    answer = conversation.say("the headland")
    assert len(answer["services"]) == 1
    assert "Headland" in answer["replies"][0]["text"]


def test_hub_is_remembered_for_the_next_question(conversation) -> None:
    conversation.say("where is my nearest hub")
    conversation.say("TS24")
    again = conversation.say("is the hub open now")
    assert again["replies"][0]["text"].startswith("The hub for TS24 is")
