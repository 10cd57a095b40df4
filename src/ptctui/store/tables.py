"""The pieces the store's queries are built of, on the tables (SQLAlchemy Core).

The listing and its filters are built on the tables, not on the mapped classes: a statement of
plain columns compiles without the ORM, and the listing is the first query of the app and of
``actions --json``, which then do not wait for the mappers to be configured and the ORM's
compile step (8 ms of the first screen). The columns mix freely with the classes' attributes
in the ORM queries that share ``late`` and ``listing.filtered``.

No query runs here, and nothing here knows a room's row types: only the tables and the SQL
that more than one room needs, the join above all: an action sits in a component, of a plan,
of a package, and ``placed`` is the one place that walks up from the action (the listing,
the reports and the developments all start from it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_
from sqlalchemy import select as sa_select

from ptctui.models import Action
from ptctui.workflow import SETTLED

TABLES = Action.metadata.tables
ACTIONS, COMPONENTS, PLANS, PACKAGES = (
    TABLES[name] for name in ("actions", "components", "plans", "packages")
)
# The order of the document the actions come from: package, plan, component, then action.
DOCUMENT_ORDER = (
    PACKAGES.c.position,
    PLANS.c.position,
    COMPONENTS.c.position,
    ACTIONS.c.position,
    ACTIONS.c.id,
)


def placed(*columns: Any) -> Select[*tuple[Any, ...]]:
    """A select of ``columns`` from every action joined to its component, plan and package
    (inner joins: every action has all three), to filter, order and label as the caller needs."""
    return (
        sa_select(*columns)
        .select_from(ACTIONS)
        .join(COMPONENTS, COMPONENTS.c.id == ACTIONS.c.component_id)
        .join(PLANS, PLANS.c.id == COMPONENTS.c.plan_id)
        .join(PACKAGES, PACKAGES.c.id == PLANS.c.package_id)
    )


def live() -> Any:
    """Actions shown by default: not archived, and not under an archived component, plan or
    package (archiving one hides everything under it; ``placed`` joins all four)."""
    return and_(
        ACTIONS.c.archived.is_(False),
        COMPONENTS.c.archived.is_(False),
        PLANS.c.archived.is_(False),
        PACKAGES.c.archived.is_(False),
    )


def late(today: date) -> Any:
    """``workflow.is_late`` as SQL: past due and not settled."""
    a = ACTIONS.c
    return and_(a.due_date < today, a.status.not_in([s.value for s in SETTLED]))
