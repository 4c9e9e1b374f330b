"""Words typed without their vowels are spelt out before a message is scored."""

from __future__ import annotations

import pytest

from encoder.classifier import ClassifierSettings, SentenceClassifier
from encoder.spelling import Respeller, consonants

TRAINING = [
    "help to stop my vape",
    "quitting smoking",
    "is the food bank open on saturday",
    "what time does the hub close",
    "talking therapy self referral",
    "the team will ring you",
]


@pytest.fixture(scope="module")
def respeller() -> Respeller:
    return Respeller(TRAINING)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hlp quttng vpe", "help quitting vape"),
        ("fod bnk opn on satrdy", "food bank open on saturday"),
        ("wht tme dos it clse", "what time dos it close"),
        ("tlkng therpy slf refrl", "talking therapy self referral"),
    ],
)
def test_words_typed_without_vowels_are_spelt_out(respeller, typed, meant) -> None:
    assert respeller.respell(typed) == meant


def test_known_words_stay_as_typed_even_where_a_training_word_fits(respeller) -> None:
    # "tm" fits "team" and "time"; "sat" fits "saturday": all are English already.
    assert respeller.respell("sat at the tm") == "sat at the tm"


def test_a_word_is_only_respelt_as_one_holding_its_letters_in_order(respeller) -> None:
    # "vpae" has the consonants of "vape", but not its letters in order.
    assert respeller.respell("vpae") == "vpae"


def test_a_word_no_training_word_fits_stays_as_typed(respeller) -> None:
    assert respeller.respell("xqzt tenerife") == "xqzt tenerife"


def test_a_single_consonant_is_too_little_to_go_on(respeller) -> None:
    assert respeller.respell("ny") == "ny"


def test_consonants_drop_vowels_and_doubled_letters() -> None:
    assert consonants("quitting") == consonants("quttng") == "qtng"


def test_the_classifier_reads_a_message_as_respelt() -> None:
    texts = ["help to stop my vape", "quitting smoking", "food bank", "no food in"]
    labels = ["stop_smoking", "stop_smoking", "food_and_essentials", "food_and_essentials"]
    respelling = SentenceClassifier(ClassifierSettings(c=10)).fit(texts, labels)
    as_typed = SentenceClassifier(ClassifierSettings(c=10, respell=False)).fit(texts, labels)
    assert respelling.respelt(["hlp quttng vpe"]) == ["help quitting vape"]
    assert as_typed.respelt(["hlp quttng vpe"]) == ["hlp quttng vpe"]
    [row] = respelling.predict_proba(["hlp quttng vpe"])
    assert respelling.labels[row.argmax()] == "stop_smoking"
