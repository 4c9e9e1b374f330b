"""service directory

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    op.create_table(
        "taxonomies",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("uri", sa.String(length=500), nullable=True),
        sa.Column("version", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomies")),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("organization_id", sa.String(length=120), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_locations_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("organization_id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("eligibility_description", sa.Text(), nullable=True),
        sa.Column("what_to_bring", sa.JSON(), nullable=False),
        sa.Column("open_24_7", sa.Boolean(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("assured_date", sa.Date(), nullable=False),
        sa.Column("review_due", sa.Date(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("source_file", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_services_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_services_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_services_review_due"), ["review_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_services_verified"), ["verified"], unique=False)

    op.create_table(
        "taxonomy_terms",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("taxonomy_id", sa.String(length=120), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["taxonomy_terms.id"],
            name=op.f("fk_taxonomy_terms_parent_id_taxonomy_terms"),
        ),
        sa.ForeignKeyConstraint(
            ["taxonomy_id"],
            ["taxonomies.id"],
            name=op.f("fk_taxonomy_terms_taxonomy_id_taxonomies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_terms")),
    )
    with op.batch_alter_table("taxonomy_terms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_taxonomy_terms_taxonomy_id"), ["taxonomy_id"], unique=False
        )

    op.create_table(
        "addresses",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("location_id", sa.String(length=120), nullable=False),
        sa.Column("address_1", sa.String(length=255), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("address_type", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_addresses_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addresses")),
    )
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_addresses_location_id"), ["location_id"], unique=False)

    op.create_table(
        "attributes",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("link_id", sa.String(length=120), nullable=False),
        sa.Column("link_type", sa.String(length=40), nullable=False),
        sa.Column("link_entity", sa.String(length=40), nullable=False),
        sa.Column("taxonomy_term_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["taxonomy_term_id"],
            ["taxonomy_terms.id"],
            name=op.f("fk_attributes_taxonomy_term_id_taxonomy_terms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributes")),
    )
    with op.batch_alter_table("attributes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attributes_link_id"), ["link_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attributes_taxonomy_term_id"), ["taxonomy_term_id"], unique=False
        )

    op.create_table(
        "cost_options",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("option", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_cost_options_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_options")),
    )
    with op.batch_alter_table("cost_options", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cost_options_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "phones",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=True),
        sa.Column("organization_id", sa.String(length=120), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_phones_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_phones_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phones")),
    )
    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phones_service_id"), ["service_id"], unique=False)

    op.create_table(
        "postcode_districts",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("hub_location_id", sa.String(length=120), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hub_location_id"],
            ["locations.id"],
            name=op.f("fk_postcode_districts_hub_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_postcode_districts")),
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("freq", sa.String(length=10), nullable=False),
        sa.Column("byday", sa.String(length=30), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=False),
        sa.Column("closes_at", sa.Time(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_schedules_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
    )
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedules_service_id"), ["service_id"], unique=False)

    op.create_table(
        "service_areas",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_areas_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_areas")),
    )
    with op.batch_alter_table("service_areas", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_areas_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "service_at_locations",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("service_id", sa.String(length=120), nullable=False),
        sa.Column("location_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_service_at_locations_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_at_locations_service_id_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_at_locations")),
    )
    with op.batch_alter_table("service_at_locations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_at_locations_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_at_locations_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "wards",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("hub_location_id", sa.String(length=120), nullable=False),
        sa.Column("districts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hub_location_id"], ["locations.id"], name=op.f("fk_wards_hub_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_wards")),
    )


def downgrade() -> None:
    op.drop_table("wards")
    with op.batch_alter_table("service_at_locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_at_locations_service_id"))
        batch_op.drop_index(batch_op.f("ix_service_at_locations_location_id"))

    op.drop_table("service_at_locations")
    with op.batch_alter_table("service_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_areas_service_id"))

    op.drop_table("service_areas")
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedules_service_id"))

    op.drop_table("schedules")
    op.drop_table("postcode_districts")
    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phones_service_id"))

    op.drop_table("phones")
    with op.batch_alter_table("cost_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cost_options_service_id"))

    op.drop_table("cost_options")
    with op.batch_alter_table("attributes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attributes_taxonomy_term_id"))
        batch_op.drop_index(batch_op.f("ix_attributes_link_id"))

    op.drop_table("attributes")
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_addresses_location_id"))

    op.drop_table("addresses")
    with op.batch_alter_table("taxonomy_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taxonomy_terms_taxonomy_id"))

    op.drop_table("taxonomy_terms")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_services_verified"))
        batch_op.drop_index(batch_op.f("ix_services_review_due"))
        batch_op.drop_index(batch_op.f("ix_services_organization_id"))

    op.drop_table("services")
    op.drop_table("locations")
    op.drop_table("taxonomies")
    op.drop_table("organizations")
