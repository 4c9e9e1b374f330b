"""Scrubs personal data from every log record before any handler sees it.

A resident's words can reach a log line by accident: an exception quoting a
message, a debug line with a request body. `install_log_scrubbing` wraps the
log record factory, so each record's formatted message and traceback go
through the scrubber when the record is made, whatever handler or formatter
the process uses.
"""

from __future__ import annotations

import logging
import re
import threading

from privacy.scrubbing import REMOVED, get_scrubber

# These log while the scrubber works; scrubbing their records would recurse.
_SKIPPED_LOGGERS = ("presidio", "spacy", "tldextract")
_MARK = "_scrubs_personal_data"
_state = threading.local()

# Words the name patterns in privacy/scrubbing.py start from.
_NAME_CUES = re.compile(
    r"\b(?:names?|called|this\s+is|it['\u2019]?s|it\s+is|mrs?|ms|mx|dr)\b", re.IGNORECASE
)
_IPV6_SHAPE = re.compile(r"::|[0-9a-f]{1,4}:[0-9a-f]{1,4}:", re.IGNORECASE)


def may_be_personal(text: str) -> bool:
    """False only for text the scrubber would give back unchanged, so it can skip spaCy.

    Every kind of personal data it finds has a digit or an "@" (IPv6 may be
    letters and colons), except names; and it only takes a name from a word
    capitalised after the first letter of the text, or from a cue word.
    """
    return (
        "@" in text
        or any(c.isdigit() for c in text)
        or any(c.isupper() for c in text[1:])
        or _IPV6_SHAPE.search(text) is not None
        or _NAME_CUES.search(text) is not None
    )


def _scrub(text: str) -> str:
    if not may_be_personal(text):
        return text
    try:
        return get_scrubber().scrub(text)
    except Exception:  # the scrubber could not be built: keep nothing
        return REMOVED


def _scrub_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # msg and args do not fit; the handler would report it
        message = f"{record.msg} {record.args!r}"
    record.msg, record.args = _scrub(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = _scrub(record.exc_text)
        # Formatters print exc_text; one that formatted exc_info itself would
        # print the exception unscrubbed.
        record.exc_info = None
    if record.stack_info:
        record.stack_info = _scrub(record.stack_info)


def install_log_scrubbing() -> None:
    """Scrub every log record made from now on; calling it again does nothing."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, _MARK, False):
        return

    def scrubbed_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if str(record.name).startswith(_SKIPPED_LOGGERS) or getattr(_state, "busy", False):
            return record
        _state.busy = True
        try:
            _scrub_record(record)
        finally:
            _state.busy = False
        return record

    setattr(scrubbed_record, _MARK, True)
    logging.setLogRecordFactory(scrubbed_record)
