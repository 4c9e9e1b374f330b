"""Entitlement rules: check a household against a tax year's ruleset.

The ruleset (ruleset.py, from YAML) holds every threshold, source, reason and
note; the Python holds only the logic. Each rule has one or more routes (ways
to qualify). A route names a test in routes.py; the test returns which of the
route's reasons applies, or None. This module puts a check together: the
household's situation (situation.py), the first route of each rule that
applies, and the notes. The checks are screens: they say what a resident
"may be able to get".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from core.clock import london_today
from knowledge.entitlements.household import Household
from knowledge.entitlements.routes import REASON_KEYS, ROUTE_TESTS
from knowledge.entitlements.ruleset import (
    CURRENT_TAX_YEAR,
    CheckResult,
    Result,
    Ruleset,
    RulesetError,
    UnknownNotes,
    load_ruleset,
)
from knowledge.entitlements.situation import Situation, situation

log = logging.getLogger(__name__)


@lru_cache
def checked_ruleset(tax_year: str = CURRENT_TAX_YEAR) -> Ruleset:
    """The year's ruleset, once every route names a test in routes.py and writes all its reasons."""
    ruleset = load_ruleset(tax_year)
    for rule in ruleset.rules:
        for route in rule.routes:
            if route.test not in ROUTE_TESTS:
                raise RulesetError(f"{rule.id}: unknown test {route.test!r}")
            missing = REASON_KEYS[route.test] - route.reasons.keys()
            if missing:
                raise RulesetError(f"{rule.id}: {route.test} needs reasons {sorted(missing)}")
    return ruleset


def check(household: Household, *, estimate: bool = True, today: date | None = None) -> CheckResult:
    """What the household may be able to get, most valuable first, with notes."""
    ruleset = checked_ruleset()
    f = ruleset.figures
    s = situation(household, f, today or london_today())
    amounts = _estimates(household) if estimate else None
    results = []
    for rule in ruleset.rules:
        if household.gets(rule.id):
            continue
        for route in rule.routes:
            reason = ROUTE_TESTS[route.test](household, s, f)
            if reason is not None:
                amount = amounts.get(rule.id) if amounts else None
                results.append(
                    Result(
                        id=rule.id,
                        title=rule.title,
                        reason=ruleset.render(route.reasons[reason]),
                        how_to_claim=rule.how_to_claim,
                        estimate_monthly=None if amount is None else round(float(amount), 2),
                        source_url=route.source_url,
                        verified=route.verified,
                    )
                )
                break
    notes = _notes(household, s, ruleset, {r.id for r in results}, amounts is not None)
    return CheckResult(tax_year=ruleset.tax_year, results=tuple(results), notes=notes)


def _estimates(household: Household) -> dict[str, float] | None:
    """Monthly amounts from the optional PolicyEngine extra, or None without it."""
    try:
        from knowledge.entitlements.estimates import estimate_monthly

        return dict(estimate_monthly(household))
    except ImportError:  # the module or policyengine_uk is not installed
        return None
    except Exception as error:  # an estimate must never stop the check
        log.warning("entitlement estimates failed: %s", type(error).__name__)
        return None


def _notes(
    h: Household, s: Situation, ruleset: Ruleset, found: set[str], have_amounts: bool
) -> tuple[str, ...]:
    notes = ruleset.notes
    if h.told_us_nothing():
        return ruleset.render(notes.nothing_known), ruleset.render(notes.adviser)
    said: list[str] = [notes.may_get if found else notes.nothing_found]
    if "child_benefit" in found:
        said.append(notes.child_benefit_charge)
    if s.pension_age_unclear:
        said.append(notes.state_pension_age_rising)
    if "carers_allowance" in found and s.pension_age:
        said.append(notes.carer_underlying)
    # The screen leaves out Pension Credit's extra amounts for carers and disabled people.
    checked_pension_credit = s.stage == "pension" and h.pension_age_income_monthly is not None
    extra_needs = h.disability or h.care_needs or h.caring_35_hours
    no_pension_credit = "pension_credit" not in found and not h.gets("pension_credit")
    if checked_pension_credit and extra_needs and no_pension_credit:
        said.append(notes.pension_credit_can_be_higher)
    said.extend(_unknown_answers(h, s, notes.unknown))
    if found and not have_amounts:
        said.append(notes.amounts_unavailable)
    said.append(notes.adviser)
    return tuple(ruleset.render(note) for note in said)


def _unknown_answers(h: Household, s: Situation, unknown: UnknownNotes) -> Iterator[str]:
    """One note for each answer we did not get that could have changed the check."""
    if h.age is None:
        yield unknown.age
    if h.partner is None:
        yield unknown.partner
    elif h.partner and h.partner_age is None:
        yield unknown.partner_age
    if h.children_ages is None:
        yield unknown.children_ages
    if h.housing is None:
        yield unknown.housing
    elif h.renting and h.rent_monthly is None:
        yield unknown.rent_monthly
    if s.stage == "pension":
        if h.pension_age_income_monthly is None:
            yield unknown.pension_age_income_monthly
    elif h.take_home_pay_monthly is None and not (s.stage is None and s.pension_age_unclear):
        yield unknown.take_home_pay_monthly
    if h.savings is None:
        yield unknown.savings
    if h.disability is None and h.care_needs is None:
        yield unknown.disability
    if h.caring_35_hours is None:
        yield unknown.caring_35_hours
