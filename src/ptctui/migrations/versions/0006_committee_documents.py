"""Committee documents: their records (title block, window), the officers' own text of each
section, and what was issued.

Three new tables, no change to existing ones. The exported tables change (documents and
passages travel, and so do issued documents), so ``migrate.EXCHANGE_REVISION`` is this
revision; a file written at 0003–0005 still imports (it simply has none of these rows).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", _text(36), nullable=False),
        sa.Column("code", _text(40), nullable=False),
        sa.Column("title", _text(), nullable=False),
        sa.Column("organisation", _text(), nullable=False),
        sa.Column("committee", _text(), nullable=False),
        sa.Column("session", _text(), nullable=False),
        sa.Column("agenda_item", _text(), nullable=False),
        sa.Column("place", _text(), nullable=False),
        sa.Column("dated", sa.Date(), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("language", _text(20), nullable=False),
        sa.Column("leave_out", _text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", _text(36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("section", _text(20), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("text", _text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.ForeignKeyConstraint(["package_id"], ["packages.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "section", "package_id", "plan_id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index("ix_passages_document_id", "passages", ["document_id"], unique=False)
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", _text(36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", _text(), nullable=False),
        sa.Column("format", _text(10), nullable=False),
        sa.Column("parameters", _text(), nullable=False),
        sa.Column("markdown", _text(), nullable=False),
        sa.Column("content", _text(), nullable=False),
        sa.Column("sha256", _text(64), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index(
        "ix_issued_documents_document_id", "issued_documents", ["document_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_issued_documents_document_id", "issued_documents")
    op.drop_table("issued_documents")
    op.drop_index("ix_passages_document_id", "passages")
    op.drop_table("passages")
    op.drop_table("documents")
