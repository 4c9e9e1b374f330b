"""The safety net outside the NLU model: danger to life is caught, figures of speech are not."""

from __future__ import annotations

import pytest

from knowledge.safety_net import compile_phrase, get_safety_net

DANGER = [
    ("i want to kill myself", "suicidal_intent"),
    ("i just want to end it all tonight", "suicidal_intent"),
    ("thinkin of taking my own life", "suicidal_intent"),
    ("i dont want to be alive anymore", "suicidal_intent"),
    ("I don't want to wake up tomorrow", "suicidal_intent"),
    ("everyone would be better off without me", "suicidal_intent"),
    ("feel suicidal", "suicidal_intent"),
    ("been cutting myself again", "self_harm"),
    ("i want to hurt myself", "self_harm"),
    ("me mam has taken all her tablets", "overdose"),
    ("took a load of paracetamol an hour ago", "overdose"),
    ("my lass has overdosed", "overdose"),
    ("hes got a knife", "violence_now"),
    ("He's hitting me and the kids are screaming", "violence_now"),
    ("my ex is kicking the door in", "violence_now"),
    ("he threatened to kill me", "violence_now"),
    ("the bairn isnt breathing", "danger_to_life_now"),
    ("my baby's choking", "danger_to_life_now"),
    ("the house is on fire", "danger_to_life_now"),
    ("me dad's collapsed on the floor", "danger_to_life_now"),
]

FIGURES_OF_SPEECH = [
    "this form is killing me",
    "dying for a brew",
    "my feet are killing me",
    "i nearly died laughing",
    "I could murder a pint",
    "the bills are hitting me hard this month",
    "the baby is kicking me all night",
    "my son is missing school",
    "i dont want to live here anymore, the damp is awful",
    "i cant wake up in the mornings",
    "this cold weather will be the death of me",
    "my phone died so i missed the call",
    "i take lots of tablets for my back",
    "me mam will kill me if i miss the bin day",
    "my phone is dead",
    "dead skint till friday",
]


@pytest.mark.parametrize(("message", "danger"), DANGER)
def test_danger_to_life_is_caught(message: str, danger: str) -> None:
    assert danger in get_safety_net().dangers(message)


@pytest.mark.parametrize("message", FIGURES_OF_SPEECH)
def test_figures_of_speech_are_not_emergencies(message: str) -> None:
    assert get_safety_net().dangers(message) == set()


def test_phrase_syntax() -> None:
    assert compile_phrase("took|taken * pills?") == [
        {"LOWER": {"IN": ["took", "taken"]}},
        {"OP": "?"},
        {"LOWER": {"IN": ["pills"]}, "OP": "?"},
    ]


@pytest.mark.parametrize(
    "message", ["this form is killing me", "dying for a brew", "me back is killing me"]
)
def test_everyday_sayings_are_recognised(message: str) -> None:
    assert get_safety_net().is_only_a_figure_of_speech(message)


@pytest.mark.parametrize(
    "message", ["hes killing me", "this form is killing me and i want to end it all", "help"]
)
def test_danger_or_plain_words_are_not_sayings(message: str) -> None:
    assert not get_safety_net().is_only_a_figure_of_speech(message)
