"""Which messages are plainly in another language, and which stay with the English model."""

from __future__ import annotations

import pytest

from knowledge.language import other_language


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Olá, meu marido perdeu o emprego. Podemos pedir ajuda com a renda?", "pt"),
        ("Hola, mi madre vive sola y ya no puede cocinar. ¿Hay comidas a domicilio?", "es"),
        ("Dzień dobry, potrzebuję pomocy z podatkiem od nieruchomości", "pl"),
        ("Bună ziua, am nevoie de ajutor cu chiria, nu mai pot plăti", "ro"),
        ("مساعدة في دفع الإيجار", "ar"),
        ("我需要帮助支付房租", "zh"),
        ("Мне нужна помощь с арендой", "ru"),  # noqa: RUF001
    ],
)
def test_a_message_plainly_in_another_language_is_named(message: str, language: str) -> None:
    assert other_language(message) == language


@pytest.mark.parametrize(
    "message",
    [
        # Dialect, text-speak and misspellings look foreign word by word.
        "me mam divvent knaa owt aboot the council tax, nowt in the hoose",
        "wot time hub open pls",
        "housng benfit stoppd why",
        "how doo i get on the stopp smokng thing",
        "OT assessment for adaptations",
        "whats a good film on netflix",
        "wana die tonite",
        "drank vodka n 30 diazepam",
        # Too few words to tell.
        "uc",
        "ta pet",
        "gizza job",
        "😊😊😊",
        # English with a greeting or a word in another language stays with the model.
        "Labdien. I am from Latvia living in Hartlepool 6 years, working in fish factory.",
        "Hola, vivo en un piso in Stranton, the landlord raise the rent and universal credit "
        "no pay all of it, what can I do",
    ],
)
def test_english_however_it_is_written_is_not(message: str) -> None:
    assert other_language(message) is None
