"""Punctuation that dictation spelt out as words is written back before scoring."""

from __future__ import annotations

import pytest

from encoder.classifier import ClassifierSettings, SentenceClassifier
from encoder.dictation import written_out
from knowledge.crisis_classifier import passages


@pytest.mark.parametrize(
    ("dictated", "meant"),
    [
        (
            "my bin was missed again full stop when is the next collection question mark",
            "my bin was missed again. when is the next collection?",
        ),
        ("no gas comma can i get a voucher", "no gas, can i get a voucher"),
        ("Thank you Full Stop", "Thank you."),
        ("help fullstop", "help."),
        ("brilliant exclamation mark", "brilliant!"),
        ("dear sir new paragraph my rent", "dear sir\n my rent"),
    ],
)
def test_spoken_marks_are_written_as_punctuation(dictated: str, meant: str) -> None:
    assert written_out(dictated) == meant


@pytest.mark.parametrize(
    "own_words",
    [
        "my mam is in a coma",
        "can i get period products from the hub",
        "a new line of work",
        "the commander of the sea cadets",
        "full time job",
    ],
)
def test_words_that_may_be_the_residents_own_are_left(own_words: str) -> None:
    assert written_out(own_words) == own_words


def test_a_dictated_message_is_read_a_sentence_at_a_time() -> None:
    dictated = written_out(
        "the boiler has gone again full stop the landlord will not come out full stop "
        "what do i do now question mark"
    )
    assert passages(dictated) == [
        "the boiler has gone again.",
        "the landlord will not come out.",
        "what do i do now?",
    ]


def test_the_classifier_reads_dictated_marks_as_punctuation() -> None:
    texts = ["help to stop my vape", "quitting smoking", "food bank", "no food in"]
    labels = ["stop_smoking", "stop_smoking", "food_and_essentials", "food_and_essentials"]
    for respell in (True, False):
        model = SentenceClassifier(ClassifierSettings(c=10, respell=respell)).fit(texts, labels)
        assert model.respelt(["no food in full stop"]) == ["no food in."]
