"""A text classifier over sentence embeddings and character n-grams.

The embeddings carry meaning ("me dad can't wash himself" is close to "help
with personal care"); the character n-grams carry the spellings residents use
that the encoder's word pieces split badly ("skint", "benifits", "cooncil"). Words
typed with their vowels left out are spelt out first (spelling.py), and punctuation that
dictation spelt out as words is written as punctuation (dictation.py).
A logistic regression over both gives calibrated scores, which the clarifying
question and the crisis threshold rely on.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from encoder.dictation import written_out
from encoder.minilm import SentenceEncoder, get_encoder
from encoder.spelling import Respeller


@dataclass(frozen=True)
class ClassifierSettings:
    # Inverse regularisation strength, chosen on tests/data/dev (scripts/nlu_dev.py).
    c: float = 30.0
    # How much the character n-grams count beside the embedding (0 turns them off).
    char_weight: float = 1.5
    min_ngram: int = 2
    max_ngram: int = 5
    class_weight: str | None = "balanced"
    # How much whole words and word pairs count (0 turns them off). The crisis classifier
    # uses them: on the development sets they told danger from near-misses better than the
    # embedding and character n-grams alone (knowledge/crisis_classifier.py).
    word_weight: float = 0.0
    # Spell out unknown words typed without their vowels ("hlp" as "help").
    respell: bool = True
    # Read the sentence embedding. Without it the classifier reads only characters and
    # words: several times cheaper, which makes it the crisis classifier's first reading.
    embedding: bool = True


@dataclass(frozen=True)
class TextFeatures:
    """Texts as a classifier reads them: respelt, with their character and word features.
    Read once, they serve every classifier whose features are the same
    (`SentenceClassifier.reads_like`)."""

    texts: list[str]
    sparse: sparse.csr_matrix

    def rows(self, indices: Sequence[int]) -> TextFeatures:
        return TextFeatures([self.texts[i] for i in indices], self.sparse[list(indices)])


class SentenceClassifier:
    """Fit on (text, label) pairs; score new texts against every label."""

    def __init__(
        self, settings: ClassifierSettings | None = None, encoder: SentenceEncoder | None = None
    ) -> None:
        self.settings = settings or ClassifierSettings()
        self._encoder = encoder
        self._chars: TfidfVectorizer | None = None
        self._words: TfidfVectorizer | None = None
        self._model: LogisticRegression | None = None
        self._respeller: Respeller | None = None

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = get_encoder()
        return self._encoder

    @property
    def labels(self) -> list[str]:
        if self._model is None:
            raise RuntimeError("the classifier has not been trained")
        return [str(label) for label in self._model.classes_]

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        embeddings: np.ndarray | None = None,
    ) -> SentenceClassifier:
        s = self.settings
        # Training words are all known to it, so the training texts stay as written.
        self._respeller = Respeller(texts) if s.respell else None
        if s.char_weight > 0:
            self._chars = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(s.min_ngram, s.max_ngram),
                lowercase=True,
                sublinear_tf=True,
                min_df=2,
            ).fit(texts)
        if s.word_weight > 0:
            self._words = TfidfVectorizer(
                analyzer="word",
                ngram_range=(1, 2),
                token_pattern=r"(?u)\b\w+\b",  # "i", "a" and "2" are words too
                lowercase=True,
                sublinear_tf=True,
                min_df=2,
            ).fit(texts)
        self._model = LogisticRegression(C=s.c, max_iter=3000, class_weight=s.class_weight).fit(
            self._features(TextFeatures(list(texts), self._sparse(texts)), embeddings), list(labels)
        )
        return self

    def predict_proba(
        self, texts: Sequence[str] | TextFeatures, embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        """One row per text, one column per label (in `labels` order). `embeddings`,
        if given, are of the texts as `respelt` gives them."""
        if self._model is None:
            raise RuntimeError("the classifier has not been trained")
        if not isinstance(texts, TextFeatures):
            texts = self.text_features(texts)
        return self._model.predict_proba(self._features(texts, embeddings))

    def text_features(self, texts: Sequence[str]) -> TextFeatures:
        """The texts respelt, and their character and word features."""
        spelt = self.respelt(texts)
        return TextFeatures(spelt, self._sparse(spelt))

    def reads_like(self, other: SentenceClassifier) -> bool:
        """Whether the two give the same TextFeatures: the same respelling, character
        n-grams and words, with the same weights."""
        mine, theirs = self.settings, other.settings
        weights = ("char_weight", "word_weight", "min_ngram", "max_ngram")
        return (
            all(getattr(mine, w) == getattr(theirs, w) for w in weights)
            and _same_vectorizer(self._chars, other._chars)
            and _same_vectorizer(self._words, other._words)
            and self._respeller == other._respeller
        )

    def respelt(self, texts: Sequence[str]) -> list[str]:
        """The texts as the classifier reads them."""
        texts = [written_out(text) for text in texts]
        if self._respeller is None:
            return texts
        return [self._respeller.respell(text) for text in texts]

    def _features(self, texts: TextFeatures, embeddings: np.ndarray | None) -> sparse.csr_matrix:
        """The embedding (if the classifier reads it) beside the character and word features."""
        if not self.settings.embedding:
            return texts.sparse
        if embeddings is None:
            embeddings = self.encoder.encode(texts.texts)
        return sparse.hstack([sparse.csr_matrix(embeddings), texts.sparse], format="csr")

    def _sparse(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The character n-grams and words, weighted (no columns if neither is on)."""
        blocks = [sparse.csr_matrix((len(texts), 0))]
        if self._chars is not None:
            blocks.append(self._chars.transform(texts) * self.settings.char_weight)
        if self._words is not None:
            blocks.append(self._words.transform(texts) * self.settings.word_weight)
        return sparse.hstack(blocks, format="csr")

    def save(self, path: Path) -> None:
        # Only ever loaded by the same environment that wrote it (a model
        # directory or var/), never from outside.
        with path.open("wb") as file:
            parts = (self.settings, self._chars, self._model, self._respeller, self._words)
            pickle.dump(parts, file)

    @classmethod
    def load(cls, path: Path, encoder: SentenceEncoder | None = None) -> SentenceClassifier:
        with path.open("rb") as file:
            settings, chars, model, respeller, *words = pickle.load(file)
        classifier = cls(settings, encoder)
        classifier._chars, classifier._model, classifier._respeller = chars, model, respeller
        # A model saved before word features were added has none.
        classifier._words = words[0] if words else None
        return classifier


def _same_vectorizer(a: TfidfVectorizer | None, b: TfidfVectorizer | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.vocabulary_ == b.vocabulary_ and np.array_equal(a.idf_, b.idf_)
