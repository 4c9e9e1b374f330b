"""The one list of community hubs (knowledge/hubs.py) and the areas each serves."""

from __future__ import annotations

import yaml

from knowledge.area import load_area
from knowledge.entries import CONTENT_DIR, HUBS_FILE
from knowledge.hubs import community_hubs, hub_names


def test_the_hubs_are_the_locations_in_hubs_yml_in_order() -> None:
    data = yaml.safe_load((CONTENT_DIR / HUBS_FILE).read_text(encoding="utf-8"))
    assert [hub.id for hub in community_hubs()] == [loc["id"] for loc in data["locations"]]
    assert hub_names() == {loc["id"]: loc["name"] for loc in data["locations"]}


def test_every_hub_area_yml_names_is_a_hub_and_every_hub_serves_somewhere() -> None:
    area = load_area()
    named = {d.hub for d in area.districts} | {w.hub for w in area.wards}
    named |= {hub for d in area.districts for _, hub in d.place_hubs}
    assert named <= set(hub_names())
    for hub in community_hubs():
        assert hub.districts or hub.wards or hub.places, hub.id


def test_a_hub_knows_the_areas_it_serves() -> None:
    hubs = {hub.id: hub for hub in community_hubs()}
    assert "TS25" in hubs["south-community-hub"].districts
    assert hubs["seaton-carew-community-hub"].places == ("Seaton Carew",)
    assert "Seaton" in hubs["seaton-carew-community-hub"].wards
