"""The app's first page (``store.first_rows``) is ``list_actions``'s first rows, exactly.

``first_rows`` reaches them through the components in document order instead of sorting every
action, so these tests shuffle what the order is made of (positions of packages, plans,
components and actions, ties between components, archived actions and components) and hold
it to ``list_actions(limit=…)`` on both engines.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine

from conftest import TODAY, on_both_backends
from ptctui import store
from ptctui.store import opening
from ptctui.store.tables import ACTIONS, COMPONENTS, PACKAGES, PLANS

LIMITS = (1, 2, 7, 30, 120, 100_000)


def _same_first_rows(engine: Engine) -> None:
    with store.reading(engine) as session:
        for limit in LIMITS:
            expected = store.list_actions(session=session, today=TODAY, limit=limit)
            assert store.first_rows(session=session, today=TODAY, limit=limit) == expected


def _shuffle_positions(engine: Engine, seed: int, spread: int) -> None:
    """Give every package, plan, component and action a random position in ``range(spread)``
    (a small spread makes ties: components in the same place interleave their actions)."""
    rng = random.Random(seed)
    with store.writing(engine) as session:
        connection = session.connection()
        for table in (PACKAGES, PLANS, COMPONENTS, ACTIONS):
            for (ident,) in connection.execute(sa_select(table.c.id)).all():
                position = rng.randrange(spread)
                stmt = update(table).where(table.c.id == ident).values(position=position)
                connection.execute(stmt)


@on_both_backends
def test_the_first_page_is_the_listing_s_first_rows(engine: Engine) -> None:
    _same_first_rows(engine)


@on_both_backends
@pytest.mark.parametrize(("seed", "spread"), [(1, 3), (2, 2), (3, 1000)])
def test_it_holds_whatever_the_order_is_made_of(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, seed: int, spread: int
) -> None:
    _shuffle_positions(engine, seed, spread)
    _same_first_rows(engine)
    monkeypatch.setattr(opening, "BATCH", 1)  # a query per place: ties across batches
    _same_first_rows(engine)


@on_both_backends
def test_archived_actions_and_components_are_left_out(engine: Engine) -> None:
    with store.writing(engine) as session:
        first = store.list_actions(session=session, today=TODAY, limit=5)
        for row in first[:3]:
            action = store.resolve_action(session=session, ref=row.ref)
            store.set_archived(session=session, action=action, archived=True, by="t")
        spec = f"{first[4].plan}:{first[4].component}"
        component = store.get_component(session=session, spec=spec)
        store.archive_component(session=session, component=component, archived=True, by="t")
    with store.reading(engine) as session:
        shown = {r.uuid for r in store.first_rows(session=session, today=TODAY, limit=120)}
    assert not shown & {r.uuid for r in first[:3]}
    _same_first_rows(engine)


@on_both_backends
def test_an_empty_database_opens_on_no_rows(empty_engine: Engine) -> None:
    with store.reading(empty_engine) as session:
        count = sa_select(func.count()).select_from(ACTIONS)
        assert session.connection().execute(count).scalar() == 0
        assert store.first_rows(session=session, today=TODAY, limit=120) == []
