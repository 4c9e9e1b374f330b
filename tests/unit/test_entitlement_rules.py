"""The entitlement rules against the household table, and the ruleset's own promises."""

from __future__ import annotations

import re
import sys
import types
from datetime import date
from pathlib import Path

import pytest
import yaml

from knowledge.entitlements.household import ENTITLEMENT_IDS, Household
from knowledge.entitlements.rules import check
from knowledge.entitlements.ruleset import load_ruleset

TABLE = Path(__file__).parents[1] / "data" / "entitlements" / "households.yml"
HOUSEHOLDS = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["households"]
OFFICIAL = re.compile(r"^https://([a-z0-9-]+\.)*(gov\.uk|hartlepool\.gov\.uk|nhs\.uk)(/|$)")
JARGON = (
    "claimant",
    "eligib",
    "entitle",
    "means-test",
    "means test",
    "applicable amount",
    "taper",
    "tariff",
    "capital",
    "passport",
    "deemed",
    "assessment period",
)
MAX_REASON_WORDS = 25
MAX_SENTENCE_WORDS = 20


# The table's households are checked on this day unless a row says `checked_on:` (State Pension
# age depends on the day: people born from April 1960 reach it month by month).
CHECKED_ON = date(2026, 12, 1)


def _check(household: dict, on: date = CHECKED_ON):
    return check(Household.model_validate(household), estimate=False, today=on)


@pytest.mark.parametrize("row", HOUSEHOLDS, ids=[row["id"] for row in HOUSEHOLDS])
def test_household_gets_exactly_the_expected_entitlements(row) -> None:
    results = _check(row["household"], row.get("checked_on", CHECKED_ON)).results
    expected = row["expect"] or {}
    assert {r.id for r in results} == set(expected), row["about"]
    for result in results:
        assert result.source_url == expected[result.id], result.id


@pytest.mark.parametrize(
    "row",
    [row for row in HOUSEHOLDS if row.get("notes_mention")],
    ids=[row["id"] for row in HOUSEHOLDS if row.get("notes_mention")],
)
def test_notes_mention_what_limited_the_check(row) -> None:
    notes = " ".join(_check(row["household"], row.get("checked_on", CHECKED_ON)).notes)
    for words in row["notes_mention"]:
        assert words in notes


def test_the_table_is_big_enough_and_covers_every_entitlement() -> None:
    assert len(HOUSEHOLDS) >= 30
    assert len({row["id"] for row in HOUSEHOLDS}) == len(HOUSEHOLDS)
    expected = {e for row in HOUSEHOLDS for e in (row["expect"] or {})}
    assert expected == set(ENTITLEMENT_IDS)


def test_tax_year_is_2026_27() -> None:
    assert load_ruleset().tax_year == "2026-27"
    assert _check({}).tax_year == "2026-27"


def test_every_route_has_an_official_source_and_a_verified_flag() -> None:
    for rule in load_ruleset().rules:
        assert OFFICIAL.match(str(rule.how_to_claim.url)), rule.id
        for route in rule.routes:
            assert OFFICIAL.match(route.source_url), (rule.id, route.test)
            assert isinstance(route.verified, bool)


def _every_reason() -> list[tuple[str, str]]:
    ruleset = load_ruleset()
    return [
        (f"{rule.id}/{route.test}/{key}", ruleset.render(text))
        for rule in ruleset.rules
        for route in rule.routes
        for key, text in route.reasons.items()
    ]


@pytest.mark.parametrize("where,reason", _every_reason(), ids=[w for w, _ in _every_reason()])
def test_reasons_are_short_plain_sentences(where, reason) -> None:
    assert len(reason.split()) <= MAX_REASON_WORDS
    assert reason[0].isupper() and reason.endswith(".")
    for sentence in re.split(r"(?<=\.)\s+", reason):
        assert len(sentence.split()) <= MAX_SENTENCE_WORDS, sentence
    assert not [word for word in JARGON if word in reason.lower()]
    assert "{" not in reason


@pytest.mark.parametrize("row", HOUSEHOLDS, ids=[row["id"] for row in HOUSEHOLDS])
def test_what_they_already_get_is_never_listed(row) -> None:
    found = [r.id for r in _check(row["household"]).results]
    for entitlement in found:
        receives = [*row["household"].get("receives", []), entitlement]
        again = _check({**row["household"], "receives": receives})
        assert entitlement not in {r.id for r in again.results}


def test_receiving_universal_credit_removes_it_and_opens_the_help_it_unlocks() -> None:
    household = {"age": 30, "partner": False, "housing": "social_rent", "rent_monthly": 400}
    before = {r.id for r in _check(household).results}
    after = {r.id for r in _check({**household, "receives": ["universal_credit"]}).results}
    assert "universal_credit" not in after
    assert before == set()  # income unknown: nothing means-tested
    assert {"warm_home_discount", "council_tax_reduction"} <= after


def test_results_come_in_the_ruleset_order() -> None:
    order = [rule.id for rule in load_ruleset().rules]
    for row in HOUSEHOLDS:
        found = [r.id for r in _check(row["household"]).results]
        assert found == sorted(found, key=order.index)


def test_never_promises() -> None:
    ruleset = load_ruleset()
    for text in ruleset.texts():
        assert "you will get" not in text.lower() and "you are entitled" not in text.lower()
    notes = _check({"age": 40, "housing": "own", "take_home_pay_monthly": 500}).notes
    assert "may be able to get" in notes[0]
    assert "free and confidential" in notes[-1]


def test_an_empty_request_offers_only_the_adviser() -> None:
    result = _check({})
    assert result.results == ()
    assert len(result.notes) == 2
    assert "adviser" in result.notes[1]


def _estimates_module(monkeypatch, module) -> None:
    monkeypatch.setitem(sys.modules, "knowledge.entitlements.estimates", module)


def test_without_the_estimates_extra_amounts_are_null_with_a_note(monkeypatch) -> None:
    _estimates_module(monkeypatch, None)  # importing it raises ImportError
    result = check(Household(age=30, partner=False, take_home_pay_monthly=300, savings=0))
    assert result.results and all(r.estimate_monthly is None for r in result.results)
    assert "Amounts are not available on this system." in result.notes


def test_estimates_fill_the_amounts_of_listed_entitlements_only(monkeypatch) -> None:
    fake = types.ModuleType("estimates")
    fake.estimate_monthly = lambda household: {"universal_credit": 321.456, "pip": 400.0}
    _estimates_module(monkeypatch, fake)
    result = check(Household(age=30, partner=False, take_home_pay_monthly=300, savings=0))
    amounts = {r.id: r.estimate_monthly for r in result.results}
    assert amounts["universal_credit"] == 321.46
    assert "pip" not in amounts
    assert "Amounts are not available on this system." not in result.notes


def test_a_failing_estimate_does_not_stop_the_check(monkeypatch, caplog) -> None:
    fake = types.ModuleType("estimates")

    def broken(household):
        raise RuntimeError(f"cannot estimate {household.take_home_pay_monthly}")

    fake.estimate_monthly = broken
    _estimates_module(monkeypatch, fake)
    result = check(Household(age=30, partner=False, take_home_pay_monthly=312.34, savings=0))
    assert [r.estimate_monthly for r in result.results] == [None] * len(result.results)
    assert "312.34" not in caplog.text


def test_every_route_names_a_known_test_and_writes_all_its_reasons() -> None:
    from knowledge.entitlements.rules import checked_ruleset

    assert checked_ruleset().tax_year == "2026-27"
