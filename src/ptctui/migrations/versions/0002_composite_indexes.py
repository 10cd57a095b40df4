"""Composite indexes for overdue lists, update timelines and status history (for speed at scale).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 03:20:03.763745
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_status_due", ["status", "due_date"], unique=False)

    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_progress_updates_action_as_of", ["action_id", "as_of"], unique=False
        )

    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index("ix_status_changes_action_at", ["action_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_status_changes_action_at")

    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_updates_action_as_of")

    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_status_due")
