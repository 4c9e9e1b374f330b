"""The community hubs: the only list of them, and the areas each one serves.

The hubs are the locations in hubs.yml (their ids are the hub ids that staff accounts,
demand events and area.yml use); which districts, wards and places each serves comes
from area.yml. Everything that lists hubs reads them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge.entries import HUBS_FILE, Content, read_content


@dataclass(frozen=True, slots=True)
class Hub:
    id: str
    name: str
    districts: tuple[str, ...]  # the postcode districts it is the hub for, e.g. ("TS25",)
    wards: tuple[str, ...]
    places: tuple[str, ...]  # places it serves inside another hub's district


def community_hubs(content: Content | None = None) -> tuple[Hub, ...]:
    """Every hub, in hubs.yml's order, with the areas area.yml gives it."""
    if content is None:
        return _hubs_from_the_content_files()
    return _hubs(content)


@cache
def _hubs_from_the_content_files() -> tuple[Hub, ...]:
    return _hubs(read_content())


def _hubs(content: Content) -> tuple[Hub, ...]:
    area = content.area
    return tuple(
        Hub(
            id=location.id,
            name=location.name,
            districts=tuple(d.code for d in area.districts if d.hub == location.id),
            wards=tuple(w.name for w in area.wards if w.hub == location.id),
            places=tuple(
                place
                for d in area.districts
                for place, hub in d.place_hubs.items()
                if hub == location.id
            ),
        )
        for location in content.files[HUBS_FILE].locations
    )


def hub_names() -> dict[str, str]:
    """Hub id -> name, for choosing a hub (staff accounts) and naming one."""
    return {hub.id: hub.name for hub in community_hubs()}
