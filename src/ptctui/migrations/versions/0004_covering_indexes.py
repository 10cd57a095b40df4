"""Covering indexes for every action list's per-action lookups, and one for the data stamp.

An action list shows each action's lead body and the date of its latest progress update
(``store.list_actions``). With only ``(action_id, as_of)`` on ``progress_updates``, SQLite
had to read every update row to check ``retracted``; with ``(action_id, retracted, as_of)``
the latest date is one index seek. Likewise ``(action_id, role, body_id)`` on
``action_bodies`` finds the lead without reading the table, and covers the plain
``action_id`` index it replaces. The 10,000-action list took 110 ms of SQL before, 45 after.

``actions.updated_at`` gets an index too: the data stamp, read before and after every change
and every two seconds by the app, took the latest edit by scanning every action (3 ms at
10,000, a seek now).

Only indexes change: the exported tables are as in 0003 (``migrate.EXCHANGE_REVISION``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 09:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_updated_at", ["updated_at"], unique=False)

    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_updates_action_as_of")
        batch_op.create_index(
            "ix_progress_updates_action_latest", ["action_id", "retracted", "as_of"], unique=False
        )

    with op.batch_alter_table("action_bodies", schema=None) as batch_op:
        batch_op.drop_index("ix_action_bodies_action_id")
        batch_op.create_index(
            "ix_action_bodies_action_role", ["action_id", "role", "body_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_updated_at")

    with op.batch_alter_table("action_bodies", schema=None) as batch_op:
        batch_op.drop_index("ix_action_bodies_action_role")
        batch_op.create_index("ix_action_bodies_action_id", ["action_id"], unique=False)

    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_updates_action_latest")
        batch_op.create_index(
            "ix_progress_updates_action_as_of", ["action_id", "as_of"], unique=False
        )
