"""A team asked for by name (knowledge/teams.py), and what the crisis layers make of it."""

from __future__ import annotations

import pytest

from knowledge.crisis import only_asks_for_a_team
from knowledge.taxonomy import Taxonomy, load_taxonomy
from knowledge.teams import asked_for_team


@pytest.mark.parametrize(
    ("message", "need"),
    [
        ("ASB team number", "antisocial_behaviour"),
        ("can you put me through to housing options", "homelessness"),
        ("whats the number for private sector housing at the council", "home_repairs"),
        ("whats the number for the SEND team", "send_support"),
        ("number for harbour please", "domestic_abuse"),
        ("Children's Hub phone number", "safeguarding_child"),
        ("how do i get hold of the family hub", "family_support"),
        # The longer name decides between two needs' names.
        ("can you put me through to the employment people at the hub", "employment_support"),
        ("thirteen repairs number", "home_repairs"),
        (
            "Can I get the number for the housing options people? I've got a court date "
            "for possession",
            "homelessness",
        ),
    ],
)
def test_a_team_named_with_a_way_to_reach_it_is_its_need(message: str, need: str) -> None:
    request = asked_for_team(message)
    assert request is not None and request.need == need


@pytest.mark.parametrize(
    "message",
    [
        "who do i ring about my rent",  # a topic, not a team
        "I'd like to help at a food bank, who do I contact?",  # volunteering
        "planning permission for an extension",  # no way to reach anyone asked for
        "whats the number for a taxi",  # no team of ours
        "number for harbour or the asb",  # two needs' names, equally long
        "whats the number for the asb team, my neighbour has been banging on the walls "
        "every night for three weeks and the police say it is a council matter so "
        "they wont do anything about it",  # a story: left to the model
    ],
)
def test_anything_else_is_left_to_the_model(message: str) -> None:
    assert asked_for_team(message) is None


def test_a_request_with_a_story_is_still_a_request_but_not_only_one() -> None:
    story = asked_for_team("put me through to the asb team they are kicking my door in now")
    assert story is not None and story.need == "antisocial_behaviour"
    assert not story.only_a_request
    bare = asked_for_team("Hi, can you give me the number for the ASB team please? Thanks")
    assert bare is not None and bare.only_a_request


def test_every_name_belongs_to_one_need() -> None:
    names = [name for need in load_taxonomy().needs for name in need.teams]
    assert len(names) == len(set(names)), "a name under two needs could never decide"
    assert all(name == name.lower() and "'" not in name for name in names)


def test_a_name_given_to_two_needs_is_refused_when_the_taxonomy_loads() -> None:
    data = load_taxonomy().model_dump()
    data["needs"][1]["teams"] = [*data["needs"][1]["teams"], data["needs"][0]["teams"][0]]
    with pytest.raises(ValueError, match="repeats team names of another need"):
        Taxonomy.model_validate(data)


def test_the_crisis_layers_read_only_a_bare_request_as_calm() -> None:
    assert only_asks_for_a_team("can you put me through to planning")
    assert only_asks_for_a_team("whats the number for talking therapies")
    assert not only_asks_for_a_team("whats the number for talking therapies i want to die")
    assert not only_asks_for_a_team("whats the number for samaritans")
