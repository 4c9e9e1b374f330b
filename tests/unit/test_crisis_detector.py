"""The gateway's crisis layers together: phrases, classifier, and the context that calms them."""

from __future__ import annotations

import numpy as np
import pytest

from encoder.classifier import SentenceClassifier
from knowledge.crisis import (
    CLASSIFIER,
    PHRASES,
    CrisisDetector,
    get_crisis_detector,
    is_bare_answer,
    with_words_apart,
)
from knowledge.crisis_classifier import (
    WINDOW_WORDS,
    WORDS_ONLY_BELOW,
    CrisisClassifier,
    CrisisScore,
    get_crisis_classifier,
    model_path,
    passages,
    unpasted,
    words_only_path,
)
from knowledge.safety_net import get_safety_net
from knowledge.taxonomy import CrisisClassifierSettings, load_taxonomy

SETTINGS = CrisisClassifierSettings(
    threshold=0.2,
    calm_threshold=0.9,
    calm_phrase_threshold=0.4,
    passage_threshold=0.9,
    short_passage_words=8,
    short_passage_threshold=0.98,
)


@pytest.mark.parametrize(
    ("message", "category"),
    [
        # Described, not named: no phrase matches, the classifier knows.
        ("my dad has gone grey and sweaty and is clutching his chest", "medical_emergency"),
        ("my 8 year old never came home from the park and its dark now", "child_in_danger"),
        ("given the dog to my sister and sorted my will, its time", "suicide"),
    ],
)
def test_the_classifier_sees_danger_no_phrase_names(message: str, category: str) -> None:
    assert get_safety_net().dangers(message) == set()
    verdict = get_crisis_detector().assess(message)
    assert verdict.layers == (CLASSIFIER,)
    assert verdict.category == category


def test_either_layer_is_enough_and_both_are_reported() -> None:
    verdict = get_crisis_detector().assess("my son isnt breathing")
    assert verdict.in_danger and set(verdict.layers) <= {PHRASES, CLASSIFIER}
    assert PHRASES in verdict.layers


@pytest.mark.parametrize(
    "message",
    [
        "my feet are killing me",
        "dying for a brew",
        "I tried to kill myself five years ago and now I would like to volunteer",
        "4 and 9",
        "where can I get a carbon monoxide alarm",
        "whats the weather like tomorrow in seaton",
    ],
)
def test_sayings_the_past_and_bare_answers_stay_calm(message: str) -> None:
    assert not get_crisis_detector().assess(message).in_danger


def test_context_never_silences_danger_on_its_own() -> None:
    # Told beside the past, but the classifier agrees: still an emergency.
    verdict = get_crisis_detector().assess("he has a knife, last year he stabbed me")
    assert verdict.category == "violence_now"


@pytest.mark.parametrize(
    ("whole", "in_danger"),
    [
        (0.3, False),  # the classifier is unsure: the past is believed
        (0.5, True),  # the classifier half agrees: the phrase still counts
    ],
)
def test_a_calm_messages_phrases_count_only_if_the_classifier_half_agrees(whole, in_danger):
    message = "my son swallowed a button battery last xmas, hes fine now thank god"
    reading = get_safety_net().read(message)
    assert reading.named and reading.calm
    # A passage scoring nothing: only the whole message's score counts.
    detector = CrisisDetector(get_safety_net(), ScoredPassages(whole, 0.0), SETTINGS)
    assert detector.assess(message).in_danger is in_danger


def test_without_the_classifier_the_phrases_still_work() -> None:
    guidance = load_taxonomy().crisis
    phrases_only = CrisisDetector(get_safety_net(), None, SETTINGS)
    assert phrases_only.assess("hes got a knife").category == "violence_now"
    assert not phrases_only.assess("he has gone grey and is clutching his chest").in_danger
    assert guidance.classifier.threshold < guidance.classifier.calm_threshold
    assert guidance.classifier.threshold <= guidance.classifier.calm_phrase_threshold


def test_the_classifier_scores_every_danger_class_together() -> None:
    score = get_crisis_classifier().score("i have taken 40 of my mams tablets")
    assert score.danger > 0.5
    assert score.category == "overdose_poisoning"


LONG_MESSAGE_WITH_DANGER_INSIDE = (
    "Hi, I need to ask about my housing benefit because the letter says I owe money and I "
    "do not understand it. My partner left last month and everything has been hard. Earlier "
    "tonight I swallowed every one of my sleeping tablets with a bottle of wine and I cannot "
    "keep my eyes open. Anyway, who do I ring about the letter?"
)


def test_a_longer_message_is_also_read_a_sentence_at_a_time() -> None:
    assert passages("my son isnt breathing") == []
    assert len(passages(LONG_MESSAGE_WITH_DANGER_INSIDE)) == 4
    unpunctuated = " ".join(["word"] * 60)
    windows = passages(unpunctuated)
    assert len(windows) == 4 and all(len(w.split()) <= WINDOW_WORDS for w in windows)


def test_danger_in_the_middle_of_a_long_message_is_caught() -> None:
    verdict = get_crisis_detector().assess(LONG_MESSAGE_WITH_DANGER_INSIDE)
    assert verdict.category == "overdose_poisoning"


def test_a_plainly_ordinary_message_is_read_on_its_words_alone() -> None:
    classifier = get_crisis_classifier()
    score = classifier.score("when is my brown bin collected in seaton carew")
    assert not score.encoder_read and score.danger < WORDS_ONLY_BELOW
    # The same message read with the encoder too is still calm, as the words said.
    fully = classifier.score("when is my brown bin collected in seaton carew", read_fully=True)
    assert fully.encoder_read and fully.danger < 0.2


def test_danger_is_always_read_with_the_encoder() -> None:
    score = get_crisis_classifier().score(
        "my dad has gone grey and sweaty and is clutching his chest"
    )
    assert score.encoder_read and score.danger > 0.5


def test_a_long_message_has_only_its_doubtful_passages_read_by_the_encoder() -> None:
    score = get_crisis_classifier().score(LONG_MESSAGE_WITH_DANGER_INSIDE)
    assert score.passage is not None and score.passage.encoder_read
    assert "sleeping tablets" in score.passage.text
    readings = get_crisis_classifier()._read_words_first(
        [LONG_MESSAGE_WITH_DANGER_INSIDE, *passages(LONG_MESSAGE_WITH_DANGER_INSIDE)], False
    )[1]
    assert any(readings) and not all(readings)


def test_the_full_classifier_reads_the_first_readings_features() -> None:
    # The crisis classifier's first reading hands its character and word features on
    # to the full classifier, which reads them as its own.
    classifier = get_crisis_classifier()
    first, full = classifier._words_only, classifier._model
    assert first.reads_like(full)
    texts = ["when is my brown bin collected", "hlp me hes got a knife"]
    features = first.text_features(texts)
    assert np.allclose(full.predict_proba(features.rows([1])), full.predict_proba(texts[1:]))


def test_without_its_first_reading_the_classifier_reads_every_message_fully() -> None:
    get_crisis_classifier()  # trained and saved for the current data
    classifier = CrisisClassifier(SentenceClassifier.load(model_path()))
    assert classifier.score("when is my brown bin collected in seaton carew").encoder_read


def test_a_model_saved_without_its_first_reading_is_trained_again(tmp_path) -> None:
    get_crisis_classifier().save(tmp_path / "classifier.pkl")
    assert CrisisClassifier.load(tmp_path / "classifier.pkl") is not None
    words_only_path(tmp_path / "classifier.pkl").unlink()
    assert CrisisClassifier.load(tmp_path / "classifier.pkl") is None


LONG_SENTENCE = "I have taken every tablet in the box an hour ago"


class ScoredPassages:
    """A classifier whose whole-message and passage scores the test sets."""

    def __init__(self, whole: float, passage: float, sentence: str = LONG_SENTENCE) -> None:
        self.whole, self.passage, self.sentence = whole, passage, sentence

    def score(self, message: str, *, read_fully: bool = False) -> CrisisScore:
        passage = CrisisScore(self.passage, "overdose_poisoning", text=self.sentence)
        return CrisisScore(self.whole, "suicide", passage)


@pytest.mark.parametrize(
    ("whole", "passage", "category"),
    [
        (0.05, 0.95, "overdose_poisoning"),  # one sentence alone is plainly danger
        (0.05, 0.85, None),  # a sentence alone must be surer than the whole message
        (0.30, 0.10, "suicide"),  # the whole message is enough on its own
    ],
)
def test_a_passage_must_be_much_surer_than_a_whole_message(whole, passage, category) -> None:
    detector = CrisisDetector(get_safety_net(), ScoredPassages(whole, passage), SETTINGS)
    assert detector.assess("an ordinary looking message about the rent").category == category


@pytest.mark.parametrize(
    ("passage", "in_danger"),
    [
        (0.95, False),  # "Typing for my dad, he's beside me." scored 0.95 read alone
        (0.99, True),  # a few words can still be plainly danger
    ],
)
def test_a_short_passage_must_be_surer_still(passage: float, in_danger: bool) -> None:
    short = "Typing for my dad, he's beside me."
    detector = CrisisDetector(get_safety_net(), ScoredPassages(0.01, passage, short), SETTINGS)
    assert detector.assess("an ordinary looking message about the rent").in_danger is in_danger


@pytest.mark.parametrize(
    "answer", ["4 and 9", "3 years old and 7", "about 900 a month", "70", "cancel", "stop", "end"]
)
def test_a_bare_answer_or_a_stop_word_is_calm(answer: str) -> None:
    assert is_bare_answer(answer)
    assert not get_crisis_detector().assess(answer).in_danger


@pytest.mark.parametrize("message", ["32 sertraline", "40 propranolol", "fluoxetine x30"])
def test_a_number_of_tablets_of_a_named_medicine_is_danger(message: str) -> None:
    """One word and a number: not a bare answer, because the word is the news."""
    assert not is_bare_answer(message)
    assert get_crisis_detector().assess(message).in_danger


class CalmMessageDangerousPassage:
    """A calm message whose last sentence scores 0.97 read alone."""

    def score(self, message: str, *, read_fully: bool = False) -> CrisisScore:
        sentence = message.split(". ")[-1]
        return CrisisScore(0.05, "sexual_assault_now", CrisisScore(0.97, "suicide", text=sentence))


@pytest.mark.parametrize(
    ("message", "in_danger"),
    [
        # The dangerous sentence carries its own past: the message stays calm.
        ("I've had counselling and I'm okay now. I was raped at uni about eight years ago", False),
        # The dangerous sentence is about now, though the message mentions the past.
        ("I tried years ago. The pills are counted out and the note is written", True),
    ],
)
def test_in_a_calm_message_a_passage_counts_only_if_it_is_not_past(message, in_danger) -> None:
    detector = CrisisDetector(get_safety_net(), CalmMessageDangerousPassage(), SETTINGS)
    assert detector.assess(message).in_danger is in_danger


def test_a_pasted_chat_is_read_without_its_times_and_names() -> None:
    chat = "[21:40] Mam: have u got owt for tea [21:41] Mam: ive nowt in   <- my mams texts"
    assert unpasted(chat) == "have u got owt for tea \nive nowt in   <- my mams texts"
    exported = "12/03/2024, 09:14 - Donna: pip said no\n12/03/2024, 09:15 - Me: appeal it"
    assert unpasted(exported) == "pip said no\n\nappeal it"
    assert unpasted("meet at 10:30. Is that ok: yes") == "meet at 10:30. Is that ok: yes"


def test_danger_in_a_pasted_chat_is_still_danger() -> None:
    chat = "[23:02] Kev: cant do this no more [23:03] Kev: taken all me tablets, sorry"
    assert get_crisis_detector().assess(chat).in_danger


def test_a_child_out_in_the_dark_is_danger() -> None:
    message = "my son is 7 and hes out right now on his own, its dark and i cant find him"
    assert get_crisis_detector().assess(message).category == "child_in_danger"


def test_a_saying_read_alone_is_still_a_saying() -> None:
    # The passage "The waiting is killing me." scores as danger read alone; a saying is
    # calm whether read whole or a sentence at a time.
    message = (
        "The waiting is killing me. Four months for a PIP decision and nothing. Who can I chase?"
    )
    assert not get_crisis_detector().assess(message).in_danger


@pytest.mark.parametrize(
    ("typed", "apart"),
    [
        ("shesgotaknifetomyneck", "shes got a knife to my neck"),
        ("HELP imgoingtokillmyself", "HELP im going to kill myself"),
        ("the safeguarding team", "the safeguarding team"),
        ("accommodation in hartlepool", "accommodation in hartlepool"),
        # Split only by leaving a piece that is no word: a name, kept whole. Read as "Tr in
        # coma lee" it was a medical emergency.
        ("when was the Trincomalee built", "when was the Trincomalee built"),
        ("im a scaffolder", "im a scaffolder"),
    ],
)
def test_words_run_together_are_read_apart(typed: str, apart: str) -> None:
    assert with_words_apart(typed) == apart


def test_danger_typed_with_no_spaces_is_still_danger() -> None:
    message = "pleasehelpmydadhasstoppedbreathing"
    assert not get_safety_net().read(message).named  # no phrase sees it as typed
    assert get_crisis_detector().assess(message).in_danger


def test_ordinary_words_run_together_stay_calm() -> None:
    assert not get_crisis_detector().assess("whereismynearestfoodbank").in_danger
