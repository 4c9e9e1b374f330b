"""Where a resident is: postcodes, wards and places, keeping no full postcode."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields

import pytest

from knowledge.area import (
    Area,
    AreaMatch,
    Postcode,
    find_area,
    load_area,
    parse_postcode,
    words_beside,
)
from knowledge.taxonomy import load_taxonomy

AREA = load_area()
CENTRAL, NORTH, SOUTH = "central-community-hub", "north-community-hub", "south-community-hub"
SEATON, COASTAL = "seaton-carew-community-hub", "coastal-community-hub"


# The area data


def test_area_data_loads_as_plain_dataclasses() -> None:
    assert isinstance(AREA, Area)
    assert [d.code for d in AREA.districts] == ["TS24", "TS25", "TS26", "TS27"]
    assert len(AREA.wards) == 12
    assert AREA.district("TS25").hub == SOUTH
    assert "Seaton Carew" in AREA.district("TS25").places
    assert AREA.district("TS27").note  # the County Durham villages
    assert AREA.district("TS1") is None
    assert load_area() is AREA  # cached


# Postcodes


@pytest.mark.parametrize(
    "text",
    [
        "TS24 8AY",
        "ts24 8ay",
        "ts248ay",
        "TS248AY",
        "TS24  8AY",
        "ts 24 8ay",
        "My postcode is TS24 8AY, thanks",
        "(TS24 8AY)",
    ],
)
def test_full_postcodes_keep_only_district_and_sector(text: str) -> None:
    assert parse_postcode(text) == Postcode(district="TS24", sector="TS24 8")


@pytest.mark.parametrize(
    ("text", "district", "sector"),
    [
        ("TS24", "TS24", None),
        ("ts25", "TS25", None),
        ("ts 25", "TS25", None),
        ("I live in TS26", "TS26", None),
        ("TS27.", "TS27", None),
        ("TS24 8", "TS24", "TS24 8"),
        ("ts25 1", "TS25", "TS25 1"),
        ("TS1 1AA", "TS1", "TS1 1"),  # Middlesbrough: a real postcode, not Hartlepool
    ],
)
def test_districts_and_sectors(text: str, district: str, sector: str | None) -> None:
    assert parse_postcode(text) == Postcode(district, sector)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("SW1A 1AA", "SW1A"),  # letter after the district digit
        ("W1A 0AX", "W1A"),
        ("M1 1AE", "M1"),
        ("B33 8TH", "B33"),
        ("CR2 6XH", "CR2"),
        ("DN55 1PT", "DN55"),
        ("EC1A 1BB", "EC1A"),
    ],
)
def test_every_outward_code_shape(text: str, district: str) -> None:
    assert parse_postcode(text).district == district


@pytest.mark.parametrize(
    "text",
    [
        "TS24 8CY",  # C, I, K, M, O and V never appear in the inward code
        "TS24 8AI",
        "TS24 8KA",
        "TS24 8MO",
        "TS24 8VV",
        "QS24 8AY",  # Q is never the first letter
        "TJ24 8AY",  # J is never the second letter
        "EA1 1AA",  # not a postcode area
        "TS248",  # a sector needs its space
        "T524",
        "asdf",
        "",
    ],
)
def test_invalid_postcodes(text: str) -> None:
    assert parse_postcode(text) is None


@pytest.mark.parametrize(
    "text",
    ["vitamin B12", "I take B12 5 times a day", "the M6 was busy", "my son is 25", "I live in E1"],
)
def test_district_like_words_outside_ts_need_the_whole_message(text: str) -> None:
    assert parse_postcode(text) is None


def test_a_district_outside_ts_on_its_own_is_a_postcode() -> None:
    assert parse_postcode("SW1A") == Postcode("SW1A", None)
    assert parse_postcode("b12 5") == Postcode("B12", "B12 5")


def test_words_after_a_district_are_not_an_inward_code() -> None:
    assert parse_postcode("TS24 and TS25") == Postcode("TS24", None)


def test_the_first_valid_full_postcode_wins() -> None:
    assert parse_postcode("TS25 1AB or maybe TS24 8AY") == Postcode("TS25", "TS25 1")
    assert parse_postcode("TS24 8CY, sorry, TS26 0AB") == Postcode("TS26", "TS26 0")


def test_postcode_keeps_no_full_postcode() -> None:
    postcode = parse_postcode("TS24 8AY")
    assert [f.name for f in fields(Postcode)] == ["district", "sector"]
    assert "8AY" not in repr(postcode)
    assert not hasattr(postcode, "__dict__")  # slots: nothing else can be attached
    with pytest.raises(FrozenInstanceError):
        postcode.district = "TS25"  # type: ignore[misc]


# find_area


@pytest.mark.parametrize(
    ("text", "name", "hub"),
    [
        ("TS24 8AY", "TS24", CENTRAL),
        ("ts25", "TS25", SOUTH),
        ("TS26 9", "TS26", NORTH),
        ("ts 27", "TS27", NORTH),
    ],
)
def test_hartlepool_postcodes(text: str, name: str, hub: str) -> None:
    assert find_area(text, AREA) == AreaMatch("district", name, name, hub, in_hartlepool=True)


@pytest.mark.parametrize(
    ("text", "district"), [("SW1A 1AA", "SW1A"), ("TS1 1AA", "TS1"), ("TS28 5AA", "TS28")]
)
def test_postcodes_outside_hartlepool(text: str, district: str) -> None:
    assert find_area(text, AREA) == AreaMatch(
        "district", district, district, "", in_hartlepool=False
    )


@pytest.mark.parametrize(
    ("text", "name", "district", "hub"),
    [
        ("De Bruce", "De Bruce", "TS24", NORTH),
        ("de bruce", "De Bruce", "TS24", NORTH),
        ("de bruse", "De Bruce", "TS24", NORTH),
        ("debruce", "De Bruce", "TS24", NORTH),
        ("Headland and Harbour", "Headland and Harbour", "TS24", NORTH),
        ("headland & harbor", "Headland and Harbour", "TS24", NORTH),
        ("I live in Burn Valley", "Burn Valley", None, CENTRAL),  # spans TS24 and TS26
        ("burn vally", "Burn Valley", None, CENTRAL),
        ("Fens and Greatham", "Fens and Greatham", "TS25", SOUTH),
        ("rosmere", "Rossmere", "TS25", SOUTH),
        ("victora ward", "Victoria", None, CENTRAL),
        ("THROSTON", "Throston", "TS26", NORTH),
        ("seaton", "Seaton", "TS25", SEATON),
        ("hart", "Hart", None, NORTH),  # a ward and a village: the ward wins
    ],
)
def test_wards(text: str, name: str, district: str | None, hub: str) -> None:
    assert find_area(text, AREA) == AreaMatch("ward", name, district, hub, in_hartlepool=True)


@pytest.mark.parametrize(
    ("text", "name", "district", "hub"),
    [
        ("seaton carew", "Seaton Carew", "TS25", SEATON),
        ("Seaton Carew", "Seaton Carew", "TS25", SEATON),
        ("seaton carw", "Seaton Carew", "TS25", SEATON),
        ("seatoncarew", "Seaton Carew", "TS25", SEATON),
        ("the headland", "Headland", "TS24", CENTRAL),
        ("I'm on the Headland.", "Headland", "TS24", CENTRAL),
        ("owton manor", "Owton Manor", "TS25", SOUTH),
        ("owton manner", "Owton Manor", "TS25", SOUTH),
        ("near the town centre", "Town centre", "TS24", COASTAL),
        ("west park", "West Park", "TS26", NORTH),
        ("middle waren", "Middle Warren", "TS26", NORTH),
        ("elwick", "Elwick", "TS27", NORTH),
        ("greatham", "Greatham", "TS25", SOUTH),
    ],
)
def test_places(text: str, name: str, district: str, hub: str) -> None:
    assert find_area(text, AREA) == AreaMatch("place", name, district, hub, in_hartlepool=True)


def test_a_place_served_by_its_own_hub_leaves_the_rest_of_its_district_alone() -> None:
    """Seaton Carew has its own hub (April 2025); the rest of TS25 keeps Community Hub South."""
    assert AREA.district("TS25").hub_for_place("Seaton Carew") == SEATON
    assert AREA.district("TS25").hub_for_place("Owton Manor") == SOUTH
    assert find_area("TS25", AREA).hub == SOUTH


def test_a_postcode_beats_a_place_name() -> None:
    assert find_area("Seaton Carew, TS24 8AY", AREA).kind == "district"


@pytest.mark.parametrize(
    "text",
    ["asdf", "my house", "", "   ", "I need help with my rent", "my heart", "what season is it"],
)
def test_nonsense_finds_nothing(text: str) -> None:
    assert find_area(text, AREA) is None


def test_find_area_loads_the_area_by_default() -> None:
    assert find_area("de bruce") == find_area("de bruce", AREA)


@pytest.mark.parametrize("text", ["TS24 8AY", "ts248ay", "SW1A 1AA", "the headland"])
def test_area_match_keeps_no_full_postcode(text: str) -> None:
    match = find_area(text, AREA)
    assert "8AY" not in repr(match)
    assert "1AA" not in repr(match)
    assert [f.name for f in fields(AreaMatch)] == [
        "kind",
        "name",
        "district",
        "hub",
        "in_hartlepool",
    ]
    assert not hasattr(match, "__dict__")


def test_a_place_hub_must_name_one_of_the_districts_places() -> None:
    from pydantic import ValidationError

    from knowledge.entries import DistrictEntry

    with pytest.raises(ValidationError, match="not in places: Marina"):
        DistrictEntry(code="TS24", places=["Headland"], hub="x", place_hubs={"Marina": "y"})


# --- one parser for a whole value: the Open Referral postcode filter, the scrubber -------


@pytest.mark.parametrize(
    ("value", "district", "sector"),
    [
        ("TS25 5AA", "TS25", "TS25 5"),
        (" ts24 8ny ", "TS24", "TS24 8"),
        ("ts 25", "TS25", None),
        ("TS26 9", "TS26", "TS26 9"),
        ("SW1A 1AA", "SW1A", "SW1A 1"),
        ("B12", "B12", None),
    ],
)
def test_a_whole_value_postcode_sector_or_district(value, district, sector) -> None:
    assert parse_postcode(value, whole=True) == Postcode(district, sector)


@pytest.mark.parametrize(
    "value", ["", "TS25 5AA please", "near TS25", "EA1", "TS24 8CY", "hello", "TS25 5AA TS24"]
)
def test_anything_more_or_less_than_a_postcode_is_not_one_as_a_whole_value(value) -> None:
    assert parse_postcode(value, whole=True) is None


def test_the_oruk_filter_and_the_scrubber_use_the_same_parser() -> None:
    from knowledge.oruk import postcode_district
    from privacy.scrubbing import POSTCODE_REMOVED, _district

    assert postcode_district("ts25 5aa") == _district("ts25 5aa") == "TS25"
    assert postcode_district("TS26 9") == "TS26"
    with pytest.raises(ValueError):
        postcode_district("TS24 8CY")
    assert _district("TS24 8CY") == POSTCODE_REMOVED


def test_no_neighbouring_councils_town_is_a_hartlepool_place() -> None:
    for council in load_taxonomy().council.neighbours.councils:
        for place in council.places:
            match = find_area(place)
            assert match is None or not match.in_hartlepool, (council.name, place)


@pytest.mark.parametrize(
    ("message", "beside"),
    [
        ("ts25 rent", ["rent"]),
        ("owton manor. SEN transport", ["sen", "transport"]),
        ("I live in TS25", []),
        ("TS25 5AB", []),
        ("near the headland", []),
        ("seaton carw", []),  # a typo of the place is the place
    ],
)
def test_the_words_beside_an_area_are_what_is_left_of_the_message(
    message: str, beside: list[str]
) -> None:
    match = find_area(message)
    assert match is not None
    assert words_beside(message, match) == beside
