"""The personal-data scrubber: residents' details go, everyday words stay, nothing leaks to logs.

All data is valid-looking but fake: 943 476 5919 is the NHS's documented test
number, NI numbers starting QQ are reserved for examples, 07700 900xxx is
Ofcom's drama range and 4111 1111 1111 1111 a well-known test card.
"""

from __future__ import annotations

import io
import logging
import re
import socket
from collections.abc import Iterator

import pytest
import tldextract.tldextract

from privacy.log_scrubbing import install_log_scrubbing, may_be_personal
from privacy.scrubbing import MAX_LENGTH, REMOVED, Scrubber, get_scrubber

# (message, personal values that must go, words that must stay)
PERSONAL = [
    (
        "hi my name is Sarah Jones, I live at 12 Raby Road TS24 8AB, my number is 07700 900123 "
        "and email sarah.jones@example.com, DOB 03/04/1985, NI number QQ 12 34 56 C, NHS number "
        "943 476 5919, my bank sort code is 12-34-56 account 12345678",
        [
            "Sarah",
            "Jones",
            "12 Raby Road",
            "TS24 8AB",
            "07700 900123",
            "sarah.jones@example.com",
            "03/04/1985",
            "QQ 12 34 56 C",
            "943 476 5919",
            "12-34-56",
            "12345678",
        ],
        ["TS24", "sort code"],
    ),
    ("its jo smith here, ring me on 07700900123", ["jo smith", "07700900123"], ["ring me"]),
    (
        "this is Karen from Owton Manor, flat 3, 45 York Road ts24 8ny, my nhs no is 9434765919",
        ["Karen", "flat 3", "45 York Road", "ts24 8ny", "9434765919"],
        ["Owton Manor", "TS24"],
    ),
    (
        "I'm called Sue and my DOB is 3rd April 1985, call me on +44 7700 900123 or 01429 266522",
        ["Sue", "3rd April 1985", "+44 7700 900123", "7700 900123", "01429 266522"],
        ["my DOB is"],
    ),
    (
        "date of birth: 1985-04-03, I live at 14a Oxford St, Hartlepool TS26 9QP",
        ["1985-04-03", "14a Oxford St", "TS26 9QP"],
        ["Hartlepool", "TS26"],
    ),
    (
        "hiya its gemma, my nino is qq123456c and email gemma.w@example.co.uk",
        ["gemma", "qq123456c"],
        ["my nino is"],
    ),
    (
        "Mrs Patel from next door needs help, her number is 01429 523 000 and she was born "
        "12/11/1948",
        ["Patel", "01429 523 000", "12/11/1948"],
        ["next door"],
    ),
    (
        "my bank acc no is 87654321 sort code 20 00 00, can the council pay my housing benefit "
        "into it",
        ["87654321", "20 00 00"],
        ["housing benefit"],
    ),
    (
        "Can you send the form to me at 27 Catcote Road, TS25 4AB? My name is David Brown",
        ["27 Catcote Road", "TS25 4AB", "David", "Brown"],
        ["TS25"],
    ),
    (
        "I paid £50 with my card 4111 1111 1111 1111 and it didn't go through",
        ["4111 1111 1111 1111"],
        ["£50"],
    ),
    ("my iban is GB82 WEST 1234 5698 7654 32 for the grant", ["GB82 WEST 1234 5698 7654 32"], []),
    ("your site keeps blocking me, my IP is 81.2.69.142", ["81.2.69.142"], []),
    (
        "name: john o'neill, tel 07700 900 456, postcode ts27 3hh",
        ["john", "o'neill", "07700 900 456", "ts27 3hh"],
        ["TS27"],
    ),
    (
        "Margaret Thompson is my mam, she's 84 and lives at 3 Elwick Road",
        ["Margaret", "Thompson", "3 Elwick Road"],
        ["my mam"],
    ),
    (
        "hi this is Dave Wilson speaking, DOB 5 May 1990, NHS no 943 476 5919",
        ["Dave Wilson", "5 May 1990", "943 476 5919"],
        ["speaking"],
    ),
    (
        "hello, it's Tracey here from Rift House, my National Insurance is QQ 98 76 54 A",
        ["Tracey", "QQ 98 76 54 A"],
        ["Rift House"],
    ),
    (
        "my son Callum was born on the 3rd of April 2015 and needs a school place",
        ["Callum", "3rd of April 2015"],
        ["school place"],
    ),
    (
        "email me on jo_smith99@hotmail.co.uk or text 07700-900-123, I'm called jo and jo's "
        "mam is ill",
        ["jo_smith99@hotmail.co.uk", "07700-900-123", "called jo", "jo's"],
        ["mam is ill"],
    ),
]

ORDINARY = [
    "I need help with council tax in April",
    "Can I go to the Civic Centre on Tuesday?",
    "My Universal Credit payment is late and the Jobcentre said next week",
    "Where is the food bank in Seaton Carew?",
    "I have 3 kids aged 4 and 7 and I'm struggling",
    "rent is 450 a month and I only get £50 a week",
    "Is there anything on in Hartlepool for kids over Easter?",
    "can i get a council tax reduction im on universal credit",
    "My landlord put the rent up by £75 in April, can I get a Discretionary Housing Payment?",
    "Is Citizens Advice open on the Headland on Friday?",
    "I'm looking for a food bank near West View or Dyke House",
    "my PIP review is on the 14th and I'm worried",
    "I have 2 food bank vouchers and a 2 day court hearing",
    "Do I need to bring ID to the Jobcentre Plus on York Road?",
    "Is Healthy Start still running? my baby is 6 months old",
    "is the South community hub open next week, I need a food parcel for 3 people",
    "can the council help with a deposit for a 2 bed house in TS25",
    "my energy bill went up to 120 pounds a month since January",
    "Landlord wont fix anything and the damp is getting worse",
    "missed bin again this week",
]


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return get_scrubber()


def _compact(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


@pytest.mark.parametrize(("message", "personal", "kept"), PERSONAL)
def test_personal_data_is_removed(
    scrubber: Scrubber, message: str, personal: list[str], kept: list[str]
) -> None:
    scrubbed = scrubber.scrub(message)
    for value in personal:
        assert value not in scrubbed, scrubbed
        assert _compact(value) not in _compact(scrubbed), scrubbed
    for words in kept:
        assert words in scrubbed, scrubbed


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_messages_come_back_unchanged(scrubber: Scrubber, message: str) -> None:
    assert scrubber.scrub(message) == message
    assert scrubber.found(message) == []


def test_replacements_are_plain_words(scrubber: Scrubber) -> None:
    scrubbed = scrubber.scrub(PERSONAL[0][0])
    assert scrubbed == (
        "hi my name is [name], I live at [address] TS24, my number is [phone number] and email "
        "[email], DOB [date of birth], NI number [NI number], NHS number [NHS number], my bank "
        "sort code is [bank details] account [bank details]"
    )


def test_found_names_the_entity_types(scrubber: Scrubber) -> None:
    assert scrubber.found("card 4111 1111 1111 1111 from 81.2.69.142, postcode ts24 8ny") == [
        "CREDIT_CARD",
        "IP_ADDRESS",
        "UK_POSTCODE",
    ]


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "😀🙈 £££", "\x00\x01\x1b[31m\x7f", "\ud800 half a surrogate", "a" * 50_000],
)
def test_scrub_never_raises(scrubber: Scrubber, text: str) -> None:
    assert isinstance(scrubber.scrub(text), str)


def test_text_that_cannot_be_scrubbed_is_removed(
    scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise ValueError("spaCy fell over")

    monkeypatch.setattr(scrubber._analyzer, "analyze", fail)
    assert scrubber.scrub("my name is Sarah Jones") == REMOVED


def test_very_long_text_is_removed_whole(scrubber: Scrubber) -> None:
    assert scrubber.scrub("ring 07700 900123 " * (MAX_LENGTH // 10)) == REMOVED


def test_scrubbing_uses_no_network(scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[tuple] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Forget the suffix list tldextract has read, so this scrub must find one.
    monkeypatch.setattr(tldextract.tldextract.TLD_EXTRACTOR, "_extractor", None)

    assert scrubber.scrub("write to sarah.jones@example.com") == "write to [email]"
    assert attempts == []


@pytest.mark.parametrize(
    "text",
    [
        "my name is jo smith",
        "my names jo",
        "im called sue",
        "its jo here",
        "this is karen from the headland",
        "ask mrs patel",
        "sarah.jones@example.com",
        "ring 07700900123",
        "born 3rd april",
        "chat from Karen",
        "from be:ad::",
    ],
)
def test_log_precheck_lets_anything_personal_through(text: str) -> None:
    assert may_be_personal(text)


@pytest.mark.parametrize("message", [m for m, _, _ in PERSONAL] + ORDINARY)
def test_log_precheck_skips_only_what_scrubbing_would_not_change(
    scrubber: Scrubber, message: str
) -> None:
    for text in (message, message.lower(), message[:1].upper() + message[1:]):
        if not may_be_personal(text):
            assert scrubber.scrub(text) == text


@pytest.fixture
def log() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger writing to a string, with log scrubbing installed for this test only."""
    previous = logging.getLogRecordFactory()
    install_log_scrubbing()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.scrubbing")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logging.setLogRecordFactory(previous)


def test_log_records_are_scrubbed(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.info("message from %s: %s", "Sarah Jones", "ring me on 07700 900123")
    try:
        raise ValueError("no account for sarah.jones@example.com, NI QQ 12 34 56 C")
    except ValueError:
        logger.exception("lookup failed for %s", "12 Raby Road")
    logger.info("nothing personal here")

    output = stream.getvalue()
    for value in ("Sarah", "Jones", "07700 900123", "sarah.jones@example.com", "QQ 12 34 56 C"):
        assert value not in output
    assert "Raby Road" not in output
    assert "message from [name]: ring me on [phone number]" in output
    assert "Traceback" in output
    assert "ValueError: no account for [email], NI [NI number]" in output
    assert "nothing personal here" in output


def test_installing_twice_wraps_once(log: tuple[logging.Logger, io.StringIO]) -> None:
    factory = logging.getLogRecordFactory()
    install_log_scrubbing()
    assert logging.getLogRecordFactory() is factory


def test_the_scrubbers_own_loggers_are_not_scrubbed(
    log: tuple[logging.Logger, io.StringIO],
) -> None:
    # Presidio and spaCy log while scrubbing; scrubbing those records would recurse.
    make_record = logging.getLogRecordFactory()
    record = make_record(
        "presidio-analyzer", logging.INFO, __file__, 1, "ring %s", ("07700",), None
    )
    assert record.getMessage() == "ring 07700"
