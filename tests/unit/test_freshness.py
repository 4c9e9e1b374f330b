"""Data that goes out of date by the calendar: the entitlements ruleset's tax year, the
sources of its figures, and the bank holidays.

These tests are about today's date (the project's clock, `london_today`), so they start
failing on the day the data needs updating, with a message that says what to update.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import holidays
import pytest
import yaml

from core.clock import london_today
from knowledge.entitlements.ruleset import RULES_DIR, load_ruleset
from knowledge.opening import BANK_HOLIDAYS_FILE

TAX_YEAR = re.compile(r"\b(20\d\d)-(\d\d)\b")  # "2026-27"; not the "2026-04" of a date
URL = re.compile(r"https?://\S+")
KEY = re.compile(r"^(?P<indent> *)(?P<key>[a-z0-9_]+):(?P<value>.*)$")

# Figures whose comment names no tax year or no source, found when this test was written.
# The YAML is the content team's to change: each one leaves this list when its comment
# gains what it lacks (and the test fails until it does, so the list stays true).
KNOWN_GAPS: dict[str, str] = {}  # figures whose comment may lack a year or source, with why


# --- the tax year ----------------------------------------------------------------------------


def tax_year_end(tax_year: str) -> date:
    """The last day of a UK tax year written "2026-27": 5 April 2027."""
    start, end = (int(part) for part in tax_year.split("-"))
    assert (start + 1) % 100 == end, f"{tax_year!r} is not a tax year such as 2026-27"
    return date(start + 1, 4, 5)


def ended_ruleset_problem(tax_year: str, today: date) -> str | None:
    """What to update when the ruleset's tax year has ended on `today`; None while it runs."""
    ended = tax_year_end(tax_year)
    if today <= ended:
        return None
    start = ended.year
    following = f"{start}-{(start + 1) % 100:02d}"
    return (
        f"The entitlements ruleset is for the {tax_year} tax year, which ended on "
        f"{ended:%-d %B %Y}. Add knowledge/entitlements/rules_{following.replace('-', '_')}.yml "
        f"with the {following} figures (knowledge/entitlements/README.md, 'Adding next year's "
        f"ruleset'), set CURRENT_TAX_YEAR in knowledge/entitlements/ruleset.py to "
        f'"{following}", and update tests/data/entitlements/households.yml.'
    )


def test_a_tax_year_ends_on_5_april() -> None:
    assert tax_year_end("2026-27") == date(2027, 4, 5)
    assert tax_year_end("2099-00") == date(2100, 4, 5)
    assert ended_ruleset_problem("2026-27", date(2027, 4, 5)) is None
    problem = ended_ruleset_problem("2026-27", date(2027, 4, 6))
    assert problem is not None
    assert "ended on 5 April 2027" in problem
    assert "rules_2027_28.yml" in problem and "CURRENT_TAX_YEAR in" in problem


def test_the_entitlements_ruleset_is_for_a_tax_year_that_has_not_ended() -> None:
    ruleset = load_ruleset()
    problem = ended_ruleset_problem(ruleset.tax_year, london_today())
    assert problem is None, problem


# --- every figure's tax year and source -------------------------------------------------------


def figure_comments(text: str) -> dict[str, str]:
    """Each figure under `figures:` (dotted path) and the comment that documents it.

    A comment documents the figures after it, down to the next comment or blank line, and
    a comment above a group (`standard_allowance:`) documents every figure in the group.
    """
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("figures:"))
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "#")),
        len(lines),
    )
    comments: dict[str, str] = {}
    path: list[str] = []
    for number in range(start + 1, end):
        match = KEY.match(lines[number])
        if not match:
            continue
        path = [*path[: len(match["indent"]) // 2 - 1], match["key"]]
        if match["value"].split("#")[0].strip():  # a figure, not a group
            comments[".".join(path)] = _comment_above(lines, number, start)
    return comments


def _comment_above(lines: list[str], number: int, start: int) -> str:
    indent = _indent(lines[number])
    i = number - 1
    while i > start:
        line = lines[i].strip()
        if not line:
            return ""  # a blank line ends the figures a comment documents
        if line.startswith("#"):
            block = []
            while i > start and lines[i].strip().startswith("#"):
                block.append(lines[i].strip().lstrip("#").strip())
                i -= 1
            return " ".join(reversed(block))
        if _indent(lines[i]) > indent:
            return ""  # inside an earlier group: its comment is not this figure's
        indent = min(indent, _indent(lines[i]))  # a group's own comment covers its figures
        i -= 1
    return ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _leaves(data: dict, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for key, value in data.items():
        path = f"{prefix}{key}"
        found |= _leaves(value, path + ".") if isinstance(value, dict) else {path}
    return found


def names_a_tax_year(comment: str) -> bool:
    return any((int(a) + 1) % 100 == int(b) for a, b in TAX_YEAR.findall(comment))


def names_a_source(comment: str, shorthands: set[str]) -> bool:
    return bool(URL.search(comment)) or any(name in comment for name in shorthands)


def gaps(text: str) -> dict[str, str]:
    # The header may name a source once ('"RATES-2026-27" below means DWP's ...: <url>').
    shorthands = set(re.findall(r'"([A-Z0-9-]+)" below means(?:[^\n]*\n#)*?[^\n]*?https?://', text))
    found = {}
    for figure, comment in figure_comments(text).items():
        missing = [
            what
            for what, ok in (
                ("tax year", names_a_tax_year(comment)),
                ("source", names_a_source(comment, shorthands)),
            )
            if not ok
        ]
        if missing:
            found[figure] = "no " + " and no ".join(missing)
    return found


def _rules_file() -> Path:
    return RULES_DIR / f"rules_{load_ruleset().tax_year.replace('-', '_')}.yml"


def test_every_figure_is_found_with_its_comment() -> None:
    text = _rules_file().read_text(encoding="utf-8")
    assert set(figure_comments(text)) == _leaves(yaml.safe_load(text)["figures"])


def test_every_figure_names_its_tax_year_and_its_source() -> None:
    found = gaps(_rules_file().read_text(encoding="utf-8"))
    new = {figure: gap for figure, gap in found.items() if figure not in KNOWN_GAPS}
    assert not new, (
        f"{_rules_file().name}: say in the comment above each of these figures which tax year "
        f"it is for (such as 2026-27) and where it comes from (a URL): {new}"
    )
    fixed = set(KNOWN_GAPS) - set(found)
    assert not fixed, f"Now documented, so remove from KNOWN_GAPS in this test: {sorted(fixed)}"


def test_the_gap_finder_reads_comments_as_the_file_uses_them() -> None:
    text = (
        '# "RATES-2026-27" below means the rates paper:\n'
        "#   https://www.gov.uk/rates\n"
        'tax_year: "2026-27"\n'
        "figures:\n"
        "  # https://www.gov.uk/a (2026-27)\n"
        "  group:\n"
        "    first: 1\n"
        "    second: 2\n"
        "\n"
        "  other:\n"
        "    # Weekly, 2026-27, RATES-2026-27.\n"
        "    documented: 3\n"
        "    # From September 2026. https://www.gov.uk/b\n"
        "    no_year: 4\n"
        "    # 2026-27, checked by phone\n"
        "    no_source: 5\n"
        "  bare: 6\n"
        "rules: []\n"
    )
    assert gaps(text) == {
        "other.no_year": "no tax year",
        "other.no_source": "no source",
        "bare": "no tax year and no source",
    }


# --- bank holidays -----------------------------------------------------------------------------


def _file_holidays() -> dict[int, set[date]]:
    data = yaml.safe_load(BANK_HOLIDAYS_FILE.read_text(encoding="utf-8"))
    by_year: dict[int, set[date]] = {}
    for entry in data["bank_holidays"]:
        by_year.setdefault(entry["date"].year, set()).add(entry["date"])
    return by_year


def days_off_in_england(year: int) -> set[date]:
    """England's bank holidays as days off, from the `holidays` package.

    The package lists a holiday on its own date and, when that is a weekend, the
    substitute weekday too ("Boxing Day (observed)"). GOV.UK and our file list only the
    weekday people have off, so weekend dates are left out.
    """
    return {day for day in holidays.UK(subdiv="ENG", years=year) if day.weekday() < 5}


@pytest.mark.parametrize("year", sorted(_file_holidays()))
def test_the_bank_holidays_file_matches_england_for_each_year(year: int) -> None:
    ours, expected = _file_holidays()[year], days_off_in_england(year)
    assert ours == expected, (
        f"{BANK_HOLIDAYS_FILE.name}, {year}: missing {sorted(map(str, expected - ours))}, "
        f"not bank holidays {sorted(map(str, ours - expected))} (see https://www.gov.uk/bank-holidays)"
    )


def test_the_bank_holidays_file_covers_this_year_and_next() -> None:
    this_year = london_today().year
    missing = sorted({this_year, this_year + 1} - set(_file_holidays()))
    assert not missing, (
        f"knowledge/content/calendar/{BANK_HOLIDAYS_FILE.name} has no bank holidays for "
        f"{', '.join(map(str, missing))}: add them from https://www.gov.uk/bank-holidays "
        "(services would otherwise be shown as open on those days)."
    )
