"""Officers' own plans: archiving packages, plans, components, bodies and meetings; a plan's
dates and reference prefix; retracting an endorsement; and journal entries about something
other than an action.

Every new column has a default (``false`` or ``NULL``), so existing rows need no rewriting. The
exported tables change, so ``db.EXCHANGE_REVISION`` is this revision; a file written at 0003
still imports (its rows get the defaults, ``importers.exchange``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARCHIVABLE = ("bodies", "meetings", "packages", "plans", "components")


def upgrade() -> None:
    # Plain ADD COLUMN, which SQLite does in place: a batch operation would copy each table,
    # and dropping ``bodies`` to copy it trips the foreign keys pointing at it.
    for table in ARCHIVABLE:
        op.add_column(
            table, sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.add_column("plans", sa.Column("start_date", sa.Date(), nullable=True))
    op.add_column("plans", sa.Column("end_date", sa.Date(), nullable=True))
    op.add_column(
        "plans",
        sa.Column(
            "ref_prefix",
            sqlmodel.sql.sqltypes.AutoString(length=40),
            nullable=False,
            server_default="",
        ),
    )
    op.add_column(
        "endorsements",
        sa.Column("retracted", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "changes", sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
    )
    op.add_column(
        "changes",
        sa.Column("subject_uuid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    )
    op.create_index("ix_changes_subject_uuid", "changes", ["subject_uuid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch:
        batch.drop_index("ix_changes_subject_uuid")
        batch.drop_column("subject_uuid")
        batch.drop_column("subject")
    with op.batch_alter_table("endorsements") as batch:
        batch.drop_column("retracted")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("ref_prefix")
        batch.drop_column("end_date")
        batch.drop_column("start_date")
    for table in reversed(ARCHIVABLE):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("archived")
