"""Finding services: by need, by free text, and ranked for a resident.

Free text uses the database's own full-text search behind one function:
SQLite FTS5 (the `services_fts` table) or PostgreSQL's text search (an index
on the same columns). Services for a need come local first; `knowledge.cards.open_first` puts open
ones first when the resident asks what is open.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session, selectinload

from knowledge import models as m

NEEDS_TAXONOMY = "hartlepool-needs"
FULL_TEXT_TABLE = "services_fts"
_WORDS = re.compile(r"[a-z0-9]+")


def _with_details(query: Select) -> Select:
    return query.options(
        selectinload(m.Service.phones),
        selectinload(m.Service.schedules),
        selectinload(m.Service.service_at_locations)
        .selectinload(m.ServiceAtLocation.location)
        .selectinload(m.Location.addresses),
        selectinload(m.Service.organization),
    )


def services_for_need(db: Session, need_id: str) -> list[m.Service]:
    """Every service tagged with the need, local ones first."""
    need_term = term_id(NEEDS_TAXONOMY, need_id)
    tagged = select(m.Attribute.link_id).where(m.Attribute.taxonomy_term_id == need_term)
    query = _with_details(select(m.Service).where(m.Service.id.in_(tagged)))
    services = db.scalars(query).all()
    return sorted(services, key=lambda s: (s.scope != "local", not s.verified, s.name))


def search_text(db: Session, words: str, limit: int = 10) -> list[m.Service]:
    """Services whose name, summary or description match the words, best first."""
    terms = _WORDS.findall(words.lower())
    if not terms:
        return []
    if db.get_bind().dialect.name == "sqlite":
        ids = _sqlite_matches(db, terms, limit)
    else:
        ids = _postgres_matches(db, terms, limit)
    services = {
        s.id: s for s in db.scalars(_with_details(select(m.Service).where(m.Service.id.in_(ids))))
    }
    return [services[i] for i in ids if i in services]


def _sqlite_matches(db: Session, terms: list[str], limit: int) -> list[str]:
    # Each word quoted (no FTS syntax from residents), any word may match; bm25 ranks.
    match = " OR ".join(f'"{t}"' for t in terms)
    rows = db.execute(
        text(
            "SELECT service_id FROM services_fts WHERE services_fts MATCH :match "
            "ORDER BY bm25(services_fts) LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    )
    return [row[0] for row in rows]


def _postgres_matches(db: Session, terms: list[str], limit: int) -> list[str]:
    document = func.to_tsvector(
        "english", m.Service.name + " " + m.Service.summary + " " + m.Service.description
    )
    query = func.to_tsquery("english", " | ".join(terms))
    rows = db.execute(
        select(m.Service.id)
        .where(document.op("@@")(query))
        .order_by(func.ts_rank(document, query).desc())
        .limit(limit)
    )
    return [row[0] for row in rows]


def refresh_search_index(db: Session) -> None:
    """Rebuild the SQLite full-text table from the services (PostgreSQL needs nothing)."""
    if db.get_bind().dialect.name != "sqlite":
        return
    db.execute(text("DELETE FROM services_fts"))
    db.execute(
        text(
            "INSERT INTO services_fts (service_id, name, summary, description) "
            "SELECT id, name, summary, description FROM services"
        )
    )


def term_id(taxonomy_id: str, code: str) -> str:
    """The id of a taxonomy term: our need ids and ESD codes become rows this way."""
    return f"{taxonomy_id}-{code}"


def not_full_text_table(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic: the FTS5 tables come from a migration, not from the models."""
    return not (type_ == "table" and bool(name) and name.startswith(FULL_TEXT_TABLE))
