"""The pieces the store's queries are built of, on the tables (SQLAlchemy Core).

The listing and its filters are built on the tables, not on the mapped classes: a statement of
plain columns compiles without the ORM, and the listing is the first query of the app and of
``actions --json``, which then do not wait for the mappers to be configured and the ORM's
compile step (8 ms of the first screen). The columns mix freely with the classes' attributes
in the ORM queries that share ``late`` and ``listing.filtered``.

No query runs here, and nothing here knows a room's row types: only the tables and the SQL
that more than one room needs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_

from ptctui.models import Action
from ptctui.workflow import SETTLED

TABLES = Action.metadata.tables


def late(today: date) -> Any:
    """``workflow.is_late`` as SQL: past due and not settled."""
    a = TABLES["actions"].c
    return and_(a.due_date < today, a.status.not_in([s.value for s in SETTLED]))
