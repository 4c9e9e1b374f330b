"""the anonymised demand log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNELS = "channel IN ('web', 'hub')"
OUTCOMES = (
    "outcome IN ('signposted', 'check_completed', 'handoff', 'no_match', 'crisis', 'degraded')"
)


def upgrade() -> None:
    op.create_table(
        "demand_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("occurred_hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("need_id", sa.String(length=64), nullable=True),
        sa.Column("priority_id", sa.String(length=64), nullable=True),
        sa.Column("secondary_priority_ids", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("hub_id", sa.String(length=120), nullable=True),
        sa.Column("area", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("service_ids", sa.JSON(), nullable=False),
        sa.Column("confidence_band", sa.String(length=8), nullable=True),
        sa.Column("conversation_key", sa.String(length=32), nullable=False),
        sa.CheckConstraint(CHANNELS, name=op.f("ck_demand_events_channel")),
        sa.CheckConstraint(OUTCOMES, name=op.f("ck_demand_events_outcome")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_events")),
    )
    op.create_index(
        op.f("ix_demand_events_occurred_hour"), "demand_events", ["occurred_hour"], unique=False
    )
    op.create_index(op.f("ix_demand_events_need_id"), "demand_events", ["need_id"], unique=False)
    op.create_index(
        "ix_demand_events_priority_hour",
        "demand_events",
        ["priority_id", "occurred_hour"],
        unique=False,
    )
    op.create_table(
        "unmet_demand_samples",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("occurred_hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unmet_demand_samples")),
    )
    op.create_index(
        op.f("ix_unmet_demand_samples_occurred_hour"),
        "unmet_demand_samples",
        ["occurred_hour"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_unmet_demand_samples_occurred_hour"), table_name="unmet_demand_samples")
    op.drop_table("unmet_demand_samples")
    op.drop_index("ix_demand_events_priority_hour", table_name="demand_events")
    op.drop_index(op.f("ix_demand_events_need_id"), table_name="demand_events")
    op.drop_index(op.f("ix_demand_events_occurred_hour"), table_name="demand_events")
    op.drop_table("demand_events")
