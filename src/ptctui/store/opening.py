"""The rows the app opens on: the first actions in document order, read without sorting them all.

``list_actions(limit=…)`` is right but grows with the database: the document order spans four
tables, so the database computes and sorts every live action (with its lead and latest update)
to keep the first ones: 20 ms at 10,000 actions, 125 ms at 100,000, all of it before the first
frame. ``first_rows`` walks the components in document order instead (there are far fewer of
them), takes the actions of the first few through their component index until it has a page,
and reads the full rows of only those. Same rows, same order; tested against ``list_actions``.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby

from sqlalchemy import select as sa_select
from sqlmodel import Session

from ptctui.store.listing import ActionFilter, ActionRow, list_actions
from ptctui.store.tables import ACTIONS, COMPONENTS, PACKAGES, PLANS

BATCH = 8  # components whose actions one query reads


def first_rows(*, session: Session, today: date, limit: int) -> list[ActionRow]:
    """``list_actions(session=session, today=today, limit=limit)``: the first ``limit`` live
    actions in document order, at a cost that grows with the number of components (one sort
    of them, 1,000 at 100,000 generated actions), not of actions."""
    c, p, k, a = COMPONENTS.c, PLANS.c, PACKAGES.c, ACTIONS.c
    placed = (
        sa_select(c.id, k.position, p.position, c.position)
        .join(PLANS, p.id == c.plan_id)
        .join(PACKAGES, k.id == p.package_id)
        .where(c.archived.is_(False), p.archived.is_(False), k.archived.is_(False))
        .order_by(k.position, p.position, c.position, c.id)
    )
    # Components with the same place interleave their actions (by position, then id), so
    # they are taken together or not at all: every component left out then comes strictly
    # after every one taken, and so do all its actions.
    groups = [
        [row[0] for row in group]
        for _, group in groupby(session.connection().execute(placed), key=lambda r: r[1:])
    ]
    found: list[tuple[tuple[int, int, int], str]] = []  # (rank of the place, position, id), uuid
    rank: dict[int, int] = {}  # component id: its place's rank
    taken = 0
    while taken < len(groups) and len(found) < limit:
        batch: list[int] = []
        while taken < len(groups) and len(batch) < BATCH:
            rank.update((component, taken) for component in groups[taken])
            batch += groups[taken]
            taken += 1
        actions = sa_select(a.component_id, a.position, a.id, a.uuid).where(
            a.component_id.in_(batch), a.archived.is_(False)
        )
        found += [
            ((rank[component], position, ident), uuid)
            for component, position, ident, uuid in session.connection().execute(actions)
        ]
    if not found:
        return []
    found.sort()
    uuids = tuple(uuid for _, uuid in found[:limit])
    return list_actions(session=session, flt=ActionFilter(uuids=uuids), today=today)
