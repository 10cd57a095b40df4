"""Meetings: the reviews a committee makes of actions (noted, flagged for follow-up), where a
walk through a plan stopped, and batches of journal entries (one decision over many actions).

Two new tables and one new nullable column (``changes.batch``); a status move or update made
at a meeting already names it (``meeting_id``). The exported tables change, so ``migrate.EXCHANGE_REVISION`` is this
revision; an older file still imports (it has none of these rows).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", _text(36), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("kind", _text(12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", _text(), nullable=False),
        sa.Column("note", _text(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("due_label", _text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("retracted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"]),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index("ix_reviews_meeting_id", "reviews", ["meeting_id"], unique=False)
    op.create_index("ix_reviews_action_id", "reviews", ["action_id"], unique=False)
    op.create_table(
        "walks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", _text(36), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", _text(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "plan_id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index("ix_walks_meeting_id", "walks", ["meeting_id"], unique=False)
    op.add_column("changes", sa.Column("batch", _text(36), nullable=True))
    op.create_index("ix_changes_batch", "changes", ["batch"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.drop_index("ix_changes_batch")
        batch.drop_column("batch")
    op.drop_index("ix_walks_meeting_id", "walks")
    op.drop_table("walks")
    op.drop_index("ix_reviews_action_id", "reviews")
    op.drop_index("ix_reviews_meeting_id", "reviews")
    op.drop_table("reviews")
