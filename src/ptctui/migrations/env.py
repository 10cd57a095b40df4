"""Alembic environment: runs migrations on the engine ptctui hands over in ``attributes``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import ptctui.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("ptctui runs its migrations online only")
run_migrations_online()
