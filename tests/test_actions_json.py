"""``actions --json`` writes each row with its own template (``cli.reading._row_json``), not
through ``ActionRow.as_json`` and the generic encoder: the bytes must be the same whatever the
text holds (quotes, backslashes, controls, DEL, C1, bidi, line separators, lone surrogates,
non-ASCII), whatever is missing (no deadline, no dates, no lead), and for values of other
types than the listing reads, which go the generic way.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import TODAY, invoke_cli
from ptctui import db, store
from ptctui.cli.reading import _ROW_KEYS, _row_json
from ptctui.store import ActionRow
from ptctui.text import EncodedItems, json_list
from ptctui.workflow import Status

NASTY = (
    'a "quoted" \\ back\nslash\t\x00\x1b[31m\x7f\x85\x9b'
    " \u202eevil\u2066 \u2028\u2029 – é 😀 \ud800"
)


def row(**changes: Any) -> ActionRow:
    base = ActionRow(
        uuid="0b1c2d3e-0000-4000-8000-000000000001",
        ref="CEP-1.1",
        title="Develop a guide",
        status=Status.IN_PROGRESS,
        kind="action",
        package="CEP",
        plan="CEP-2020",
        component=1,
        component_title="Component 1 – Risk",
        lead="SEC",
        deadline="June 2020",
        due_date=date(2020, 6, 1),
        latest_update=date(2020, 3, 1),
        archived=False,
    )
    return base._replace(**changes)


def both(rows: list[ActionRow], today: date = TODAY) -> tuple[str, str]:
    """The list as ``actions --json`` writes it now, and as the generic encoder does."""
    fast = "".join(json_list(EncodedItems(rows, _row_json(today)), chunk=3))
    generic = "".join(json_list((r.as_json(today) for r in rows), chunk=3))
    return fast, generic


def test_the_template_has_as_json_s_keys_in_its_order() -> None:
    assert tuple(row().as_json(TODAY)) == _ROW_KEYS


@pytest.mark.parametrize("field", ["uuid", "ref", "title", "kind", "package", "plan",
                                   "component_title", "lead", "deadline"])  # fmt: skip
def test_hostile_text_in_any_field_is_written_as_the_generic_encoder_writes_it(
    field: str,
) -> None:
    rows = [row(**{field: NASTY}), row(), row(**{field: NASTY + "x"}), row(**{field: NASTY})]
    fast, generic = both(rows)
    assert fast == generic
    assert "\u202e" not in fast and "\\u202e" in fast  # json_safe's escapes, as before


def test_missing_values_overdue_settled_and_archived_rows() -> None:
    rows = [
        row(deadline=None, due_date=None, latest_update=None, lead=""),
        row(due_date=date(2019, 1, 1)),  # overdue
        row(due_date=date(2019, 1, 1), status=Status.COMPLETED),  # settled: not overdue
        row(due_date=TODAY),  # due today: not yet late
        row(archived=True, status=Status.CANCELLED),
        *(row(status=status) for status in Status),
    ]
    fast, generic = both(rows)
    assert fast == generic
    assert '"overdue": true' in fast and '"deadline": null' in fast


@pytest.mark.parametrize(
    "odd",
    [
        {"component": True},
        {"component": 1.5},
        {"component": "1"},
        {"title": 7},
        {"kind": None},
        {"due_date": "2020-01-01"},
    ],
)
def test_a_value_of_another_type_is_written_the_generic_way(odd: dict[str, Any]) -> None:
    try:
        alone = both([row(**odd)])[1]
    except (TypeError, AttributeError):  # as_json itself refuses it: so must the template
        with pytest.raises((TypeError, AttributeError)):
            both([row(**odd)])
        return
    fast, generic = both([row(), row(**odd), row()])
    assert fast == generic
    assert alone.splitlines()[1] == generic.splitlines()[2].rstrip(",")


def test_an_as_json_with_other_keys_is_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should ``as_json`` gain a field, the template is not used rather than wrong."""
    original = ActionRow.as_json

    def more(self: ActionRow, today: date) -> dict[str, Any]:
        return {**original(self, today), "extra": 1}

    monkeypatch.setattr(ActionRow, "as_json", more)
    fast, generic = both([row(), row(title=NASTY)])
    assert fast == generic and '"extra": 1' in fast


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_any_text_round_trips_byte_for_byte(texts: list[str]) -> None:
    rows = [row(title=t, ref=t[:5], component_title=t, deadline=t or None) for t in texts]
    fast, generic = both(rows)
    assert fast == generic


def test_the_command_writes_what_the_rows_make(db_path: Path) -> None:
    """``actions --json`` on a database holding hostile text: the same bytes as the generic
    encoder makes of ``store.iter_actions``' rows."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE actions SET title = ? WHERE id = 1", (NASTY.replace("\ud800", ""),))
        conn.execute("UPDATE actions SET deadline_label = NULL WHERE id = 2")
    engine = db.make_engine(db.url_for(db_path))
    try:
        with store.reading(engine) as session:
            rows = list(store.iter_actions(session=session, today=TODAY))
    finally:
        engine.dispose()
    result = invoke_cli("--db", str(db_path), "actions", "--json")
    assert result.exit_code == 0, result.stderr
    generic = "".join(json_list(r.as_json(TODAY) for r in rows)) + "\n"
    assert result.stdout == generic
