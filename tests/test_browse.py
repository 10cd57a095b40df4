"""Plain tests of ``ptctui.browse``: the rules the app's action list follows, without Textual.

The rows are the bundled data's, read from a real database; the in-memory search must find
what ``ptctui actions --search`` finds, and narrow from its last result only when that is safe.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from conftest import TODAY
from ptctui import store
from ptctui.browse import (
    ALL,
    Base,
    BrowseState,
    Filters,
    LastSearch,
    Scope,
    action_filter,
    component_for,
    empty_message,
    filter_chips,
    plan_for,
    read_rows,
    scope_line,
    search_rows,
    total_tally,
)
from ptctui.store import ActionFilter, ActionRow
from ptctui.workflow import Status

CEP = Scope("plan", "CEP-2020", "Compliance and Enforcement Package 2020")
COMPONENT = Scope("component", "CEP-2020:3", "Component 3")


def rows_and_texts(engine: Engine) -> tuple[list[ActionRow], dict[str, str]]:
    with store.reading(engine) as session:
        rows = store.list_actions(session=session, today=TODAY)
        texts = store.search_texts(session=session)
    return rows, texts


def db_search(engine: Engine, term: str) -> list[str]:
    """What ``ptctui actions --search TERM`` lists, by reference."""
    with store.reading(engine) as session:
        found = store.list_actions(session=session, flt=ActionFilter(search=term), today=TODAY)
    return [r.ref for r in found]


# --- scope and filters ---------------------------------------------------------------------------


def test_filters_say_when_they_narrow_and_in_words() -> None:
    assert not Filters().active
    assert Filters(archived=True).active  # widens, but is not the plain list
    filters = Filters(search="wco", statuses=frozenset({Status.POSTPONED, Status.PLANNED}))
    assert filters.describe() == "matching “wco”, planned or postponed"
    assert Filters(overdue=True, archived=True).describe() == "overdue only, archived shown"


@pytest.mark.parametrize(
    ("scope", "field"),
    [(Scope("package", "CEP"), "package"), (CEP, "plan"), (COMPONENT, "component")],
)
def test_a_scope_and_filters_are_the_command_lines_filter(scope: Scope, field: str) -> None:
    filters = Filters(statuses=frozenset({Status.ON_HOLD, Status.PLANNED}), overdue=True)
    flt = action_filter(scope, filters)
    assert getattr(flt, field) == scope.key
    assert flt.statuses == tuple(sorted(filters.statuses))
    assert flt.overdue and not flt.include_archived and flt.search is None
    everything = action_filter(ALL, Filters(search="x", archived=True))
    assert (everything.package, everything.plan, everything.component) == (None, None, None)
    assert everything.search == "x" and everything.include_archived


def test_a_new_action_goes_to_the_chosen_component_else_the_highlighted_ones(
    engine: Engine,
) -> None:
    rows, _ = rows_and_texts(engine)
    row = next(r for r in rows if r.ref == "CEP-3.2")
    assert component_for(COMPONENT, row) == ("CEP-2020:3", "Component 3")
    component, heading = component_for(CEP, row) or ("", "")
    assert component == f"{row.plan}:{row.component}" == "CEP-2020:3"
    assert heading.startswith("3. ")
    assert component_for(ALL, None) is None


def test_the_export_offers_the_trees_plan_else_the_highlighted_actions(engine: Engine) -> None:
    rows, _ = rows_and_texts(engine)
    rp = next(r for r in rows if r.ref.startswith("RP-"))
    assert plan_for(COMPONENT, rp) == "CEP-2020"
    assert plan_for(CEP, None) == "CEP-2020"
    assert plan_for(ALL, rp) == rp.plan
    assert plan_for(ALL, None) is None


def test_the_line_above_the_table() -> None:
    line = scope_line(CEP, Filters(overdue=True), count=2, overdue=2, partial=False)
    assert line.plain == f"{CEP.label}  2 actions  ⚠ 2 overdue   overdue only "
    one = scope_line(ALL, Filters(), count=1, overdue=0, partial=False, sort="title ↑")
    assert one.plain == "All actions  1 action  sorted by title ↑"
    partial = scope_line(ALL, Filters(), count=120, overdue=3, partial=True)
    assert partial.plain == "All actions  120+ actions (reading the rest…)"  # no count yet
    hostile = Scope("plan", "X", "a\x1b[31mb\nc")
    hostile_line = scope_line(hostile, Filters(), count=0, overdue=0, partial=False)
    assert "\x1b" not in hostile_line.plain and "\n" not in hostile_line.plain


def test_filters_show_as_chips_that_wrap_and_never_vanish() -> None:
    """At the width of the column, the scope's name is cut before any chip; chips that do
    not fit go to the next line, whole; a long search term is cut in its chip."""
    filters = Filters(
        search="a search term far too long for a chip",
        statuses=frozenset({Status.PLANNED, Status.ON_HOLD}),
        overdue=True,
        archived=True,
    )
    chips = filter_chips(filters)
    assert chips == [
        "matching “a search term far too l…”",
        "planned or on hold",
        "overdue only",
        "archived shown",
    ]
    for width in (30, 56, 78):
        line = scope_line(CEP, filters, count=3, overdue=2, partial=False, width=width)
        lines = line.plain.split("\n")
        assert all(len(one) <= width for one in lines), lines
        for chip in chips:
            whole = any(f" {chip} " in one for one in lines)
            assert whole or (width < len(chip) + 2 and any(chip[:20] in one for one in lines))
        assert "3 actions  ⚠ 2 overdue" in lines[0]
    narrow = scope_line(CEP, Filters(overdue=True), count=3, overdue=2, partial=False, width=60)
    assert narrow.plain.endswith(" overdue only ") and "\n" not in narrow.plain
    assert "…" in narrow.plain  # the name gave way


def test_an_empty_table_says_why() -> None:
    assert "escape clears" in empty_message(filtered=True, empty_database=True)
    assert "press n to add the first one" in empty_message(filtered=False, empty_database=True)
    assert "n adds one" in empty_message(filtered=False, empty_database=False)


def test_all_actions_add_up_every_package(engine: Engine) -> None:
    with store.reading(engine) as session:
        outline = store.outline(session=session, today=TODAY)
    total = total_tally(outline)
    assert (total.done, total.total, total.overdue) == (13, 56, 2)
    assert total_tally([]).total == 0


# --- searching -----------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["training", "CEP-1.1", "  WCO ", "yerev", "zebra"])
def test_searching_in_memory_finds_what_the_database_finds(engine: Engine, term: str) -> None:
    rows, texts = rows_and_texts(engine)
    assert [r.ref for r in search_rows(rows, texts, term)] == db_search(engine, term)


@pytest.mark.parametrize("fresh", [True, False])
def test_read_rows_search_in_memory_or_in_the_database_alike(engine: Engine, fresh: bool) -> None:
    _, texts = rows_and_texts(engine)
    state = BrowseState()
    with store.reading(engine) as session:
        state.stamp = store.data_stamp(session=session)
    if fresh:
        state.take_index(texts, state.stamp)
    req = state.request(ALL, Filters(search="workshop"))
    assert (req.texts is texts) is fresh
    with store.reading(engine) as session:
        rows, base = read_rows(session, req, today=TODAY)
    assert [r.ref for r in rows] == db_search(engine, "workshop")
    assert base.key == (ALL, Filters()) and len(base.rows) == 56


def test_the_index_is_kept_only_for_the_stamp_on_screen() -> None:
    state = BrowseState()
    state.stamp = ("a",)
    state.take_index({"u": "text"}, ("old",))
    assert state.texts is None and not state.texts_fresh
    state.take_index({"u": "text"}, ("a",))
    assert state.texts == {"u": "text"} and state.texts_fresh
    state.stamp = ("b",)  # something changed since: stale, searches go to the database
    assert not state.texts_fresh and state.request(ALL, Filters()).texts is None


def _state(engine: Engine) -> BrowseState:
    rows, texts = rows_and_texts(engine)
    state = BrowseState()
    state.stamp = ("s",)
    state.take_index(texts, ("s",))
    state.base = Base((ALL, Filters()), rows)
    return state


def test_a_keystroke_is_answered_from_memory_only_when_it_can_be(engine: Engine) -> None:
    state = _state(engine)
    found = state.narrow(ALL, Filters(search="wor"))
    assert found is not None and [r.ref for r in found] == db_search(engine, "wor")
    assert state.narrow(CEP, Filters(search="wor")) is None  # another scope: read it
    assert state.narrow(ALL, Filters(search="wor", overdue=True)) is None  # another filter
    state.stamp = ("t",)
    assert state.narrow(ALL, Filters(search="wor")) is None  # the texts are stale


def test_a_growing_term_narrows_from_the_last_result_and_no_further(engine: Engine) -> None:
    state = _state(engine)
    assert state.base is not None and state.texts is not None
    every = state.base.rows
    # Pretend the last search for "wor" found only the first row: "work" contains "wor", so
    # only that row is searched again.
    state.last_search = LastSearch(state.base, state.texts, "wor", every[:1])
    narrowed = state.narrow(ALL, Filters(search="work"))
    assert narrowed is not None and {r.uuid for r in narrowed} <= {every[0].uuid}
    # A term that does not contain the last one ("wo" after "work") searches every row.
    assert [r.ref for r in state.narrow(ALL, Filters(search="wo")) or []] == db_search(engine, "wo")
    # Nor is a result narrowed from when the base or texts are other objects than it saw.
    state.last_search = LastSearch(state.base, dict(state.texts), "wo", [])
    assert [r.ref for r in state.narrow(ALL, Filters(search="wor")) or []] == db_search(
        engine, "wor"
    )


def test_a_row_read_back_after_a_write_is_put_in_place(engine: Engine) -> None:
    state = _state(engine)
    assert state.base is not None and state.texts is not None
    texts, base = state.texts, state.base
    row = base.rows[3]
    changed = row._replace(status=Status.COMPLETED)
    shown, reindex = state.put_row(row.uuid, changed, ("s2",), "new words", "")
    assert shown == changed and not reindex
    assert state.stamp == state.texts_stamp == ("s2",)
    assert state.texts is not texts and state.texts[row.uuid] == "new words"  # a new dict
    assert texts[row.uuid] != "new words"  # the old one, which a worker may be reading, kept
    assert state.base is not base and state.base.rows[3] == changed

    gone, _ = state.put_row(row.uuid, None, ("s3",), "", "")  # it left the filters
    assert gone is None and row.uuid not in {r.uuid for r in state.base.rows}

    other = state.base.rows[0]
    hidden, _ = state.put_row(other.uuid, other, ("s4",), "nothing here", "quokka")
    assert hidden is None  # the search no longer finds it


def test_a_write_over_stale_texts_asks_for_a_new_index(engine: Engine) -> None:
    state = _state(engine)
    assert state.base is not None
    state.stamp = ("someone else wrote",)
    row = state.base.rows[0]
    _, reindex = state.put_row(row.uuid, row, ("after",), "text", "")
    assert reindex and state.texts_stamp == ("s",)
