"""The app's search index (``store.search_index``) finds exactly what ``term in text`` found.

Before the index, the app held every action's lower-cased search text as a string
(``store.search_texts``) and kept the rows whose text held the term (``store.matches``). These
tests hold the index to that: the same texts, and the same rows for any term, typed a letter at
a time (each keystroke narrowing from the last), with letters that fold to more than one
(``İ``), that fold by context (a final ``Σ``), outside the BMP, newlines and control characters.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from conftest import TODAY, on_both_backends
from ptctui import store
from ptctui.browse import ALL, Base, BrowseState, Filters, search_rows
from ptctui.store import ActionRow
from ptctui.store.searching import SearchIndex, Summary, summarise, tag_rows
from ptctui.workflow import Status

ALPHABET = "abeiks ΣσςİıßSK\u212a\n\t\x00\x1b–é😀"
texts = st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=12)
terms = st.text(alphabet=ALPHABET, max_size=5)


def _rows(count: int) -> list[ActionRow]:
    today = date(2020, 6, 15)
    return [
        ActionRow(
            uuid=f"u{i}", ref=f"R-{i}" * (1 + i % 3), title="t", status=list(Status)[i % 6],
            kind="action", package="P", plan="PL", component=1, component_title="c",
            lead="WCO" if i % 2 else "", deadline="Q1 2020" if i % 3 else None,
            due_date=date(2020, 3, 31) if i % 3 else None, latest_update=today,
            archived=i % 5 == 0,
        )
        for i in range(count)
    ]


def _state(raw: list[str]) -> tuple[BrowseState, dict[str, str], list[ActionRow]]:
    rows = _rows(len(raw))
    lowered = {row.uuid: text.lower() for row, text in zip(rows, raw, strict=True)}
    state = BrowseState(TODAY)
    state.stamp = ("s",)
    state.take_index(SearchIndex.of(lowered.items()), ("s",))
    state.base = Base((ALL, Filters()), rows)
    return state, lowered, rows


def _expected(rows: list[ActionRow], lowered: dict[str, str], term: str) -> list[ActionRow]:
    """What the app found before the index: ``store.matches`` row by row."""
    return [r for r in rows if store.matches(lowered[r.uuid], term)]


@given(texts, terms)
def test_the_index_finds_what_matching_each_text_finds(raw: list[str], term: str) -> None:
    _, lowered, rows = _state(raw)
    index = SearchIndex.of(lowered.items())
    assert dict(index) == lowered
    assert search_rows(rows, index, term) == _expected(rows, lowered, term)


@given(texts, terms, terms)
def test_typing_a_letter_at_a_time_narrows_to_the_same_rows(
    raw: list[str], first: str, second: str
) -> None:
    state, lowered, rows = _state(raw)
    # Type one term letter by letter, then another (which narrows from the first only when
    # it contains it), then the first with letters put in front (a term that contains the
    # last one, not at its start).
    typed = [first[:n] for n in range(1, len(first) + 1)]
    typed += [second[:n] for n in range(1, len(second) + 1)]
    typed += [second[:1] + first, "k" + first]
    for term in typed:
        found = state.narrow(ALL, Filters(search=term))
        assert found == _expected(rows, lowered, term.strip()), term
        summary = state.summary(found) if found else None
        if found:
            assert summary == _summary(found)


@given(st.lists(st.text(alphabet="abKk", max_size=6), min_size=300, max_size=300), terms)
def test_many_rows_searched_again_at_once_find_the_same(raw: list[str], term: str) -> None:
    # Over a few hundred rows a keystroke that most rows' first match does not continue
    # searches them again in one pass rather than one at a time: both ways find the same.
    state, lowered, rows = _state(raw)
    for n in range(1, len(term) + 1):
        found = state.narrow(ALL, Filters(search=term[:n]))
        assert found == _expected(rows, lowered, term[:n].strip())


@given(st.lists(st.text(alphabet="abk", max_size=30), min_size=1, max_size=20))
def test_a_long_term_typed_past_the_bytes_kept_ahead_finds_the_same(raw: list[str]) -> None:
    state, lowered, rows = _state(raw)
    term = "abkabkabkabka"  # longer than Hits.ahead: the bytes ahead are read again
    for n in range(1, len(term) + 1):
        assert state.narrow(ALL, Filters(search=term[:n])) == _expected(rows, lowered, term[:n])


def _summary(rows: list[ActionRow]) -> Summary:
    return Summary(
        overdue=store.count_late(rows, TODAY),
        ref=max(len(r.ref) for r in rows),
        lead=max(len(r.lead) for r in rows),
        deadline=max((len(r.deadline) for r in rows if r.deadline), default=0),
        statuses=frozenset(r.status for r in rows),
        archived=any(r.archived for r in rows),
    )


def test_a_summary_counts_and_measures_as_the_table_did() -> None:
    rows = _rows(40)
    assert summarise(tag_rows(rows, TODAY)) == _summary(rows)


@given(texts, st.text(alphabet=ALPHABET, max_size=12), terms)
def test_a_text_written_in_place_is_searched_as_its_new_self(
    raw: list[str], new: str, term: str
) -> None:
    state, lowered, rows = _state(raw)
    old = state.texts
    assert isinstance(old, SearchIndex)
    row = rows[len(rows) // 2]
    state.put_row(row.uuid, row, ("s2",), new.lower(), "")
    lowered_after = {**lowered, row.uuid: new.lower()}
    assert dict(old) == lowered  # the index a worker may be reading is as it was
    assert state.texts == lowered_after
    assert (state.texts is old) == (new.lower() == lowered[row.uuid])
    for n in range(1, len(term) + 1):
        found = state.narrow(ALL, Filters(search=term[:n]))
        assert found == _expected(rows, lowered_after, term[:n].strip())
    # An older index written from again (a second branch) copies what it holds.
    again = old.with_text(rows[0].uuid, "zzz")
    assert again[rows[0].uuid] == "zzz" and dict(old) == lowered


@on_both_backends
def test_the_index_holds_what_search_texts_gives(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.1")
        store.add_update(session=session, action=action, text="Ünïcode ΣΟΦΙΑ", by="t")
    with store.reading(engine) as session:
        texts = store.search_texts(session=session)
        index = store.search_index(session=session)
    assert dict(index) == texts
    assert "ünïcode σοφια" in index[action.uuid]


@on_both_backends
def test_the_index_keeps_the_rows_uuid_strings_not_copies(engine: Engine) -> None:
    with store.reading(engine) as session:
        rows = store.list_actions(session=session, today=TODAY)
        texts = store.search_texts(session=session)
        index = store.search_index(session=session, rows=rows[1:])
    assert dict(index) == texts  # the same texts, whichever strings are the keys
    mine = {id(uuid) for uuid in index}
    assert all(id(row.uuid) in mine for row in rows[1:])
    assert id(rows[0].uuid) not in mine and rows[0].uuid in index  # its own copy, still there
    found = search_rows(rows, index, rows[3].ref)
    assert rows[3] in found


async def test_the_apps_index_keeps_the_uuid_strings_of_the_rows_it_shows(engine: Engine) -> None:
    from ptctui.tui.widgets.action_browser import ActionBrowser
    from test_tui_app import app_for, settle, table

    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        state = pilot.app.screen.query_one(ActionBrowser).state
        assert isinstance(state.texts, SearchIndex) and state.texts_fresh
        mine = {id(uuid) for uuid in state.texts}
        assert all(id(row.uuid) in mine for row in table(pilot).rows)
        await pilot.press("slash", *"yerev")
        await settle(pilot)
        assert [r.ref for r in table(pilot).rows] == ["CEP-1.1"]  # found in an update
