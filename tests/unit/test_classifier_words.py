"""Whole words and word pairs as features: only when asked for, and kept when saved."""

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
