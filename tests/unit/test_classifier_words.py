"""Whole words and word pairs as features: only when asked for, and kept when saved; and a
classifier of words and characters alone that never runs the encoder."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from encoder.classifier import ClassifierSettings, SentenceClassifier

TEXTS = [
    "flying my kite at seaton in the wind",
    "the wind took my kite out over the sea",
    "hes got a knife at my throat",
    "he is holding a knife to me now",
]
LABELS = ["out_of_scope", "out_of_scope", "violence_now", "violence_now"]
ASKED = ["wind nearly took me and the kite out to sea"]


def test_words_change_the_scores_only_when_asked_for() -> None:
    plain = SentenceClassifier(ClassifierSettings(c=10)).fit(TEXTS, LABELS)
    words = SentenceClassifier(ClassifierSettings(c=10, word_weight=1.5)).fit(TEXTS, LABELS)
    assert not np.allclose(plain.predict_proba(ASKED), words.predict_proba(ASKED))


def test_a_saved_classifier_keeps_its_words(tmp_path: Path) -> None:
    words = SentenceClassifier(ClassifierSettings(c=10, word_weight=1.5)).fit(TEXTS, LABELS)
    words.save(tmp_path / "words.pkl")
    loaded = SentenceClassifier.load(tmp_path / "words.pkl")
    assert np.allclose(loaded.predict_proba(ASKED), words.predict_proba(ASKED))


def test_a_classifier_saved_before_words_existed_still_loads(tmp_path: Path) -> None:
    plain = SentenceClassifier(ClassifierSettings(c=10)).fit(TEXTS, LABELS)
    # The four parts a model was saved as before words were added.
    old = (plain.settings, plain._chars, plain._model, plain._respeller)
    (tmp_path / "old.pkl").write_bytes(pickle.dumps(old))
    loaded = SentenceClassifier.load(tmp_path / "old.pkl")
    assert np.allclose(loaded.predict_proba(ASKED), plain.predict_proba(ASKED))


class NoEncoder:
    """Fails the test if the classifier asks for a sentence embedding."""

    dimension = 384

    def encode(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("the encoder was run")


def test_without_the_embedding_the_encoder_is_never_run(tmp_path: Path) -> None:
    settings = ClassifierSettings(c=10, word_weight=1.5, embedding=False)
    words_only = SentenceClassifier(settings, NoEncoder()).fit(TEXTS, LABELS)  # type: ignore[arg-type]
    scores = words_only.predict_proba(["he has a knife at my throat"])
    assert words_only.labels[int(np.argmax(scores[0]))] == "violence_now"
    words_only.save(tmp_path / "words-only.pkl")
    loaded = SentenceClassifier.load(tmp_path / "words-only.pkl", NoEncoder())  # type: ignore[arg-type]
    assert np.allclose(loaded.predict_proba(ASKED), words_only.predict_proba(ASKED))


def test_settings_saved_before_the_embedding_could_be_left_out_still_read_it() -> None:
    old = ClassifierSettings(c=10)
    del old.__dict__["embedding"]  # as unpickled from a model saved before the setting
    assert old.embedding


def test_classifiers_reading_other_features_do_not_share_them() -> None:
    texts, labels = ["bins", "bins day", "a knife", "a knife now"], ["a", "a", "b", "b"]
    words = SentenceClassifier(ClassifierSettings(word_weight=1.0, embedding=False))
    chars_only = SentenceClassifier(ClassifierSettings(embedding=False))
    assert not words.fit(texts, labels).reads_like(chars_only.fit(texts, labels))
