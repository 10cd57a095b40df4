"""Completing an action reference asks the database for the references that start with what
was typed (``store.refs_starting``), on SQLite and PostgreSQL: the same answers, in the same
order, as filtering every live action's row did, with ``%`` and ``_`` taken literally."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from conftest import BACKENDS, TODAY
from ptctui import store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines, for every test of this module."""
    return str(request.param)


def every_live_ref(engine: Engine) -> list[tuple[str, str]]:
    with store.reading(engine) as session:
        return [(r.ref, r.title) for r in store.iter_actions(session=session, today=TODAY)]


@pytest.mark.parametrize("typed", ["", "c", "CEP", "cep-4.", "CEP-4.1", "RP-1.1", "x", "ce"])
def test_the_references_that_start_with_what_was_typed(engine: Engine, typed: str) -> None:
    expected = [(ref, title) for ref, title in every_live_ref(engine)
                if ref.casefold().startswith(typed.casefold())]  # fmt: skip
    with store.reading(engine) as session:
        found = store.refs_starting(session=session, prefix=typed)
    assert found == expected
    if typed == "cep-4.":
        assert len(found) > 20 and found[0][0] == "CEP-4.1"


@pytest.mark.parametrize("typed", ["CEP_4", "CEP%", "%", "_", "CEP-4.1_", "\\"])
def test_like_wildcards_are_literal(engine: Engine, typed: str) -> None:
    with store.reading(engine) as session:
        assert store.refs_starting(session=session, prefix=typed) == []


def test_archived_actions_are_not_offered(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-4.14")
        store.set_archived(session=session, action=action, archived=True, by="ana")
    with store.reading(engine) as session:
        found = [ref for ref, _ in store.refs_starting(session=session, prefix="CEP-4.1")]
    assert "CEP-4.14" not in found and "CEP-4.13" in found
