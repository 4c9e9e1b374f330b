"""The need taxonomy is a contract: its ids, priorities and Rasa data must agree."""

from __future__ import annotations

import re

import pytest
import yaml

from core.settings import PROJECT_ROOT
from evaluation.sets import crisis_set, routing_set
from knowledge.crisis_classifier import danger_examples
from knowledge.taxonomy import CRISIS_NEED, load_taxonomy

PRIORITIES = {
    "reduce_poverty",
    "healthier_people",
    "best_start",
    "safer_neighbourhoods",
    "better_housing",
    "jobs_and_skills",
    "strong_communities",
}
NEEDS = {
    "benefits_advice": "reduce_poverty",
    "council_tax_support": "reduce_poverty",
    "help_with_rent": "reduce_poverty",
    "food_and_essentials": "reduce_poverty",
    "energy_bills": "reduce_poverty",
    "debt_advice": "reduce_poverty",
    "child_costs": "reduce_poverty",
    "employment_support": "jobs_and_skills",
    "adult_learning": "jobs_and_skills",
    "stop_smoking": "healthier_people",
    "drugs_alcohol": "healthier_people",
    "physical_activity": "healthier_people",
    "mental_wellbeing": "healthier_people",
    "health_services": "healthier_people",
    "adult_social_care": "healthier_people",
    "carers_support": "healthier_people",
    "domestic_abuse": "safer_neighbourhoods",
    "safeguarding_adult": "safer_neighbourhoods",
    "antisocial_behaviour": "safer_neighbourhoods",
    "crisis_emergency": "safer_neighbourhoods",
    "safeguarding_child": "best_start",
    "family_support": "best_start",
    "send_support": "best_start",
    "homelessness": "better_housing",
    "social_housing": "better_housing",
    "home_repairs": "better_housing",
    "home_adaptations": "better_housing",
    "community_hubs": "strong_communities",
    "volunteering": "strong_communities",
    "other_council_service": None,
    "out_of_scope": None,
}
SECONDARY = {
    "help_with_rent": {"better_housing"},
    "energy_bills": {"healthier_people"},
    "child_costs": {"best_start"},
    "employment_support": {"reduce_poverty"},
    "homelessness": {"reduce_poverty"},
}
MIN_EXAMPLES = 30


def _nlu_examples() -> dict[str, list[str]]:
    examples: dict[str, list[str]] = {}
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            if "intent" in block:
                lines = [ln.strip()[2:] for ln in block["examples"].splitlines() if ln.strip()]
                examples.setdefault(block["intent"], []).extend(lines)
    return examples


def test_priority_ids_are_the_contract() -> None:
    assert {p.id for p in load_taxonomy().priorities} == PRIORITIES


def test_need_ids_and_primary_priorities_are_the_contract() -> None:
    assert {n.id: n.priority for n in load_taxonomy().needs} == NEEDS


def test_secondary_priorities_follow_the_council_plan() -> None:
    for need_id, expected in SECONDARY.items():
        assert set(load_taxonomy().need(need_id).also) >= expected, need_id


def test_every_need_is_an_intent_in_its_topic_domain_file() -> None:
    for need in load_taxonomy().needs:
        domain = yaml.safe_load((PROJECT_ROOT / "bot" / "domain" / f"{need.topic}.yml").read_text())
        assert need.id in domain["intents"], need.id


def test_every_need_has_enough_distinct_examples() -> None:
    examples = _nlu_examples()
    for need in load_taxonomy().needs:
        distinct = {e.lower() for e in examples.get(need.id, [])}
        assert len(distinct) >= MIN_EXAMPLES, f"{need.id} has {len(distinct)} examples"


def test_every_example_is_written_once() -> None:
    # Given to two intents it teaches a contradiction; twice to one, it weighs double.
    owner: dict[str, str] = {}
    for intent, lines in _nlu_examples().items():
        for line in lines:
            key = line.lower()
            assert key not in owner, f"{line!r} in {owner[key]} and {intent}"
            owner[key] = intent


def _trained() -> set[str]:
    nlu = {line.lower() for lines in _nlu_examples().values() for line in lines}
    return nlu | {text.lower() for text, _ in danger_examples()}


@pytest.mark.parametrize("dev", [False, True], ids=["blind", "dev"])
def test_test_messages_are_never_training_examples(dev: bool) -> None:
    trained = _trained()
    for message, need in routing_set(dev):
        assert need in NEEDS
        assert message.lower() not in trained, message
    for case in crisis_set(dev):
        assert case.text.lower() not in trained, case.text


def test_every_need_has_blind_and_development_messages() -> None:
    in_scope = set(NEEDS) - {"crisis_emergency"}
    assert {need for _, need in routing_set()} == in_scope
    assert {need for _, need in routing_set(dev=True)} == in_scope


def test_the_crisis_sets_cover_every_danger_category() -> None:
    categories = {c.id for c in load_taxonomy().crisis.categories}
    for dev in (False, True):
        assert {c.kind for c in crisis_set(dev) if c.danger} == categories


def test_every_need_is_signposted_by_a_rule() -> None:
    rules = (PROJECT_ROOT / "data" / "rules.yml").read_text()
    for need in load_taxonomy().needs:
        assert re.search(rf"- intent: {need.id}\n", rules), need.id


@pytest.mark.parametrize(
    "need", [n for n in load_taxonomy().needs if n.id != CRISIS_NEED], ids=lambda n: n.id
)
def test_every_reply_says_what_to_do_next(need) -> None:
    next_step = re.compile(r"\b(call|go to|visit|type|ask|talk to|tell)\b", re.IGNORECASE)
    assert next_step.search(need.reply), need.id
    assert all(len(sentence.split()) <= 25 for sentence in re.split(r"[.!?]\s", need.reply))


def test_crisis_reply_gives_the_emergency_numbers() -> None:
    reply = load_taxonomy().crisis.reply
    for number in ("999", "116 123", "111", "option 2"):
        assert number in reply
    assert reply.index("999") < reply.index("116 123")
