"""The dashboard's lists read with counts and limits (``store.dashboard``): each holds its first
rows and says how many there are in all, and they are the rows the dashboard listed when it
read every action (the reference below does it that way). Run on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import col
from textual.widgets import Static

from conftest import TODAY, on_both_backends
from ptctui import store
from ptctui.models import Action, Change, StatusChange
from ptctui.store import ActionFilter, ActionRow
from ptctui.store.standing import last_meetings
from ptctui.tui.screens.dashboard import DashboardScreen
from ptctui.tui.widgets.dashboard_lists import ActionList
from ptctui.workflow import Status, is_due_soon
from test_tui_screens import Host, _plain


def _reference(engine: Engine, today: date) -> dict[str, list[str]]:
    """The refs of each list as the dashboard found them by reading every action (its code
    before it read with counts and limits)."""
    with store.reading(engine) as session:
        ordered = store.list_actions(session=session, flt=ActionFilter(), today=today)
        due = sorted(ordered, key=lambda r: (r.due_date is None, r.due_date or date.min))
        last = last_meetings(session=session, today=today)  # which meeting: not under test
        moved: dict[str, date] = {}
        for uuid, at in session.connection().execute(
            sa_select(col(Action.uuid), func.max(col(StatusChange.at)))
            .join(Action, col(Action.id) == col(StatusChange.action_id))
            .join(Change, col(Change.status_change_id) == col(StatusChange.id))
            .where(col(Change.kind) == "move", col(Change.undone_by_id).is_(None))
            .group_by(col(Action.uuid))
        ):
            moved[uuid] = at.date()
    quiet = []
    for row in ordered:
        if row.package not in last or row.status in (Status.COMPLETED, Status.CANCELLED):
            continue
        since = last[row.package][1]
        touched = max((d for d in (row.latest_update, moved.get(row.uuid)) if d), default=None)
        if touched is None or touched <= since:
            quiet.append(row.ref)
    return {
        "overdue": [r.ref for r in due if r.overdue(today)],
        "upcoming": [r.ref for r in due if is_due_soon(r.status, r.due_date, today)],
        "quiet": quiet,
    }


def _refs(rows: list[ActionRow] | list[tuple[ActionRow, str]]) -> list[str]:
    return [r.ref if isinstance(r, ActionRow) else r[0].ref for r in rows]


@on_both_backends
def test_the_lists_are_those_of_every_action_read(engine: Engine) -> None:
    """With news since the meetings (an update, a move, a move undone, an update retracted)
    and on several days, each list is what reading every action gave, in the same order."""
    with store.writing(engine) as session:
        action = lambda ref: store.resolve_action(session=session, ref=ref)  # noqa: E731
        store.add_update(
            session=session, action=action("CEP-1.1"), text="News.", by="ana", as_of=TODAY
        )
        store.move_action(
            session=session, action=action("CEP-1.11"), status=Status.COMPLETED, by="ana"
        )
        store.move_action(
            session=session, action=action("CEP-1.2"), status=Status.ON_HOLD, by="ana", note="x"
        )
        store.add_update(
            session=session, action=action("CEP-1.3"), text="Soon gone.", by="ana", as_of=TODAY
        )
    for _ in range(2):  # the update of CEP-1.3, then the move of CEP-1.2
        with store.writing(engine) as session:
            store.undo(session=session, by="ana")
    for today in (TODAY, date(2019, 3, 1), date(2021, 1, 10), date(2030, 1, 1)):
        expected = _reference(engine, today)
        with store.reading(engine) as session:
            data = store.dashboard(session=session, today=today)
        assert _refs(data.overdue) == expected["overdue"]
        assert _refs(data.upcoming) == expected["upcoming"]
        assert _refs(data.quiet) == expected["quiet"]
        assert (data.overdue_total, data.upcoming_total, data.quiet_total) == tuple(
            len(expected[k]) for k in ("overdue", "upcoming", "quiet")
        )


@on_both_backends
def test_each_list_holds_its_first_rows_and_counts_them_all(engine: Engine) -> None:
    with store.reading(engine) as session:
        whole = store.dashboard(session=session, today=TODAY)
        first = store.dashboard(session=session, today=TODAY, listed=1)
    assert len(whole.overdue) == whole.overdue_total == 2
    assert first.overdue == whole.overdue[:1] and first.overdue_total == 2
    assert first.upcoming == whole.upcoming[:1] and first.upcoming_total == len(whole.upcoming)
    assert first.quiet == whole.quiet[:1] and first.quiet_total == len(whole.quiet) > 1


async def test_a_heading_says_when_its_list_shows_only_the_first_rows(engine: Engine) -> None:
    with store.reading(engine) as session:
        data = store.dashboard(session=session, today=TODAY, listed=1)
    app = Host(DashboardScreen(data))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        heading = _plain(screen.query_one("#overdue-heading", Static))
        assert heading == "Overdue (2; the 1 most overdue here, all with o on the main screen)"
        assert screen.query_one("#overdue", ActionList).row_count == 1
        upcoming = _plain(screen.query_one("#upcoming-heading", Static))
        assert upcoming == f"Due in the next 90 days ({data.upcoming_total}; the 1 soonest here)"
        quiet = _plain(screen.query_one("#quiet-heading", Static))
        assert quiet == f"No news since the last meeting ({data.quiet_total}; the first 1 here)"
