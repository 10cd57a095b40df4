"""Lists of actions: the filter, the row every list shows, and the fast read behind them.

``iter_actions`` is the first query of the app and of ``actions --json``, so it stays on the
tables (SQLAlchemy Core, see ``tables``) and builds ``ActionRow`` named tuples with ``_make``.
``search_texts`` and ``matches`` let the app narrow a search in memory. One action in full is
``detail``'s; counts per package and plan are ``standing``'s; what reports print, ``reporting``'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Select, exists, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from ptctui.models import Action, ProgressUpdate
from ptctui.store.errors import StoreError
from ptctui.store.lookup import get_body, get_component, get_package, get_plan
from ptctui.store.tables import (
    ACTIONS,
    COMPONENTS,
    DOCUMENT_ORDER,
    PACKAGES,
    PLANS,
    TABLES,
    late,
    live,
    placed,
)
from ptctui.workflow import Status, is_late

# The longest search sent to the database, in characters. SQLite refuses a LIKE pattern over
# 50,000 bytes ("pattern too complex"); 1,000 characters (the longest title) stay far below it
# even escaped and in 4-byte UTF-8. Longer is refused rather than cut: a shortened term would
# find rows that do not hold what the user pasted, and say nothing of it.
SEARCH_LIMIT = 1000


@dataclass(frozen=True)
class ActionFilter:
    """Which actions to list; empty fields do not filter."""

    package: str | None = None
    plan: str | None = None
    component: str | None = None  # PLAN:N, or N together with ``plan``
    statuses: tuple[Status, ...] = ()
    body: str | None = None
    overdue: bool = False
    due_before: date | None = None
    search: str | None = None
    include_archived: bool = False
    uuids: tuple[str, ...] = ()  # only these actions (the app refreshing the rows it changed)


class ActionRow(NamedTuple):
    """One line of an action list: what tables and ``--json`` show, and the ``row`` of a
    report's ``ReportAction``.

    A named tuple rather than a frozen dataclass: as immutable, and built seven times faster
    (0.3 µs against 1.9), which counts when the app reads 100,000 of them.
    """

    uuid: str
    ref: str
    title: str
    status: Status
    kind: str
    package: str
    plan: str
    component: int
    component_title: str
    lead: str
    deadline: str | None
    due_date: date | None
    latest_update: date | None
    archived: bool

    def overdue(self, today: date) -> bool:
        """Past its due date and not settled (completed or cancelled)."""
        return is_late(self.status, self.due_date, today)

    def as_json(self, today: date) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {
            "uuid": self.uuid,
            "ref": self.ref,
            "title": self.title,
            "status": self.status.value,
            "kind": self.kind,
            "package": self.package,
            "plan": self.plan,
            "component": self.component,
            "component_title": self.component_title,
            "lead": self.lead,
            "deadline": self.deadline,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "latest_update": self.latest_update.isoformat() if self.latest_update else None,
            "overdue": self.overdue(today),
            "archived": self.archived,
        }


def count_late(rows: Iterable[ActionRow], today: date) -> int:
    """How many of ``rows`` are overdue (``ActionRow.overdue``).

    The app counts on every keystroke of a search: only rows past their date pay for the full
    rule (a date is necessary for being late), which makes 10,000 rows 1 ms instead of 11.
    """
    return sum(
        1 for r in rows if r.due_date is not None and r.due_date < today and r.overdue(today)
    )


SORTS = ("order", "ref", "due", "status", "updated", "title")


def filtered(
    stmt: Select[*tuple[Any, ...]], *, session: Session, flt: ActionFilter, today: date
) -> Any:
    """``stmt`` narrowed to the actions ``flt`` asks for (an unknown code raises
    ``StoreError``); ``stmt`` must join the actions to their component, plan and package
    (``tables.placed``)."""
    a, updates, links = ACTIONS.c, TABLES["progress_updates"].c, TABLES["action_bodies"].c
    if flt.uuids:
        stmt = stmt.where(a.uuid.in_(flt.uuids))
    if not flt.include_archived:
        stmt = stmt.where(live())
    if flt.package:
        package = get_package(session=session, code=flt.package)
        stmt = stmt.where(PACKAGES.c.id == package.id)
    if flt.component:
        component = get_component(session=session, spec=flt.component, plan=flt.plan)
        stmt = stmt.where(a.component_id == component.id)
    elif flt.plan:
        stmt = stmt.where(PLANS.c.id == get_plan(session=session, code=flt.plan).id)
    if flt.statuses:
        stmt = stmt.where(a.status.in_([s.value for s in flt.statuses]))
    if flt.body:
        body = get_body(session=session, code=flt.body)
        stmt = stmt.where(exists().where(links.action_id == a.id, links.body_id == body.id))
    if flt.overdue:
        stmt = stmt.where(late(today))
    if flt.due_before:
        stmt = stmt.where(a.due_date < flt.due_before)
    if flt.search and flt.search.strip():
        # autoescape: a user searching for "50%" or "a_b" means those characters literally.
        term = flt.search.strip().lower()
        if len(term) > SEARCH_LIMIT:
            raise StoreError(
                f"a search is at most {SEARCH_LIMIT:,} characters, this one has {len(term):,}; "
                "search for a part of the text"
            )
        in_updates = exists().where(
            updates.action_id == a.id,
            updates.retracted.is_(False),
            func.lower(updates.text).contains(term, autoescape=True),
        )
        stmt = stmt.where(
            or_(
                func.lower(a.title).contains(term, autoescape=True),
                func.lower(a.description).contains(term, autoescape=True),
                func.lower(a.ref).contains(term, autoescape=True),
                in_updates,
            )
        )
    return stmt


def list_actions(
    *,
    session: Session,
    flt: ActionFilter | None = None,
    today: date,
    sort: str = "order",
    limit: int | None = None,
) -> list[ActionRow]:
    """The actions matching ``flt``, in document order unless ``sort`` says otherwise.

    ``limit``: only the first rows (the app's first screen shows a page at once, then the rest).
    """
    return list(iter_actions(session=session, flt=flt, today=today, sort=sort, limit=limit))


def _row_columns() -> tuple[Any, ...]:
    """What each of ``ActionRow``'s fields is read from, labelled with the field's name, in
    the order of its fields (checked at import, below)."""
    a, updates = ACTIONS.c, TABLES["progress_updates"].c
    bodies, links = TABLES["bodies"].c, TABLES["action_bodies"].c
    # Correlated subqueries: each is an index probe per listed action, so listing one action
    # (the app refreshing a changed row) costs as little as listing it alone should.
    lead = (
        sa_select(func.min(bodies.code))
        .join(TABLES["action_bodies"], bodies.id == links.body_id)
        .where(links.action_id == a.id, links.role == "lead")
        .scalar_subquery()
    )
    # The newest date as the index's last entry, not max(): the same date (as_of is never
    # null), found by one step back in (action_id, retracted, as_of) instead of an aggregate
    # over the action's updates (100,000 actions: 35 ms less on SQLite).
    latest = (
        sa_select(updates.as_of)
        .where(updates.action_id == a.id, updates.retracted.is_(False))
        .order_by(updates.as_of.desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        a.uuid,
        a.ref,
        a.title,
        a.status,
        a.kind,
        PACKAGES.c.code.label("package"),
        PLANS.c.code.label("plan"),
        COMPONENTS.c.number.label("component"),
        COMPONENTS.c.title.label("component_title"),
        lead.label("lead"),
        a.deadline_label.label("deadline"),
        a.due_date,
        latest.label("latest_update"),
        a.archived,
    )


_COLUMNS = _row_columns()
_LATEST = _COLUMNS[ActionRow._fields.index("latest_update")]
# Rows are made by position (``_make``: the fastest way there is); this makes sure position
# is name, so a column added in the wrong place fails here instead of shifting the rest.
if tuple(sa_select(*_COLUMNS).selected_columns.keys()) != ActionRow._fields:
    raise RuntimeError("the listing's columns are not ActionRow's fields, in their order")


def iter_actions(
    *,
    session: Session,
    flt: ActionFilter | None = None,
    today: date,
    sort: str = "order",
    limit: int | None = None,
) -> Iterator[ActionRow]:
    """``list_actions`` as the cursor gives them, for output that streams (``--json``).

    The filter is checked (an unknown plan or sort raises) before the first row is asked for.
    """
    flt = flt or ActionFilter()
    a = ACTIONS.c
    stmt = filtered(placed(*_COLUMNS), session=session, flt=flt, today=today)
    orders: dict[str, Sequence[Any]] = {
        "order": DOCUMENT_ORDER,
        "ref": (a.ref,),
        "due": (a.due_date.is_(None), a.due_date, *DOCUMENT_ORDER),
        "status": (a.status, *DOCUMENT_ORDER),
        "updated": (_LATEST.is_(None), _LATEST.desc(), *DOCUMENT_ORDER),
        "title": (func.lower(a.title),),
    }
    if sort not in orders:
        raise StoreError(f"unknown sort {sort!r}; sorts are: {', '.join(SORTS)}")
    stmt = stmt.order_by(*orders[sort])
    if limit is not None:
        stmt = stmt.limit(limit)
    return _action_rows(session.connection().execute(stmt))


class _Statuses(dict[str, Status]):
    """Status by value, as fast as a dict; a value ptctui does not know is ``Status``'s
    one-line refusal (``Status._missing_``), not a ``KeyError``."""

    def __missing__(self, key: str) -> Status:
        return Status(key)


def _action_rows(result: Iterable[Any]) -> Iterator[ActionRow]:
    """``iter_actions``'s rows, in the order of ActionRow's fields (``_COLUMNS``), unpacked
    and built with ``_make``: 10,000 rows in 7 ms instead of 11.

    Values that repeat from row to row (a component's package, plan and title, the kind, the
    lead, the deadline and dates) are shared, not one copy per row: the driver makes a new
    object for each, and at 100,000 rows the copies were 45 of the app's megabytes.
    """
    status = _Statuses({s.value: s for s in Status}).__getitem__
    make = ActionRow._make
    share: dict[Any, Any] = {}
    one = share.setdefault
    for (
        uuid, ref, title, state, kind, package, plan, component, component_title, lead,
        deadline, due_date, latest_update, archived,
    ) in result:
        yield make(
            (
                uuid, ref, title, status(state), one(kind, kind), one(package, package),
                one(plan, plan), component, one(component_title, component_title),
                one(lead, lead) if lead else "", one(deadline, deadline),
                one(due_date, due_date), one(latest_update, latest_update), bool(archived),
            )
        )


def search_texts(
    *, session: Session, uuids: Sequence[str] | None = None
) -> dict[str, str]:
    """Per action UUID, the lower-cased text ``ActionFilter.search`` looks in: the reference,
    title, description and the progress updates not retracted.

    The app keeps this in memory so that each keystroke of a search filters the rows it
    already holds instead of scanning every update in the database again.
    """
    texts: dict[str, list[str]] = {}
    actions = sa_select(
        col(Action.uuid), col(Action.ref), col(Action.title), col(Action.description)
    )
    updates = (
        sa_select(col(Action.uuid), col(ProgressUpdate.text))
        .join(Action, col(Action.id) == ProgressUpdate.action_id)
        .where(col(ProgressUpdate.retracted).is_(False))
    )
    if uuids is not None:
        actions = actions.where(col(Action.uuid).in_(uuids))
        updates = updates.where(col(Action.uuid).in_(uuids))
    conn = session.connection()
    for uuid, ref, title, description in conn.execute(actions):
        texts[uuid] = [ref, title, description]
    for uuid, text in conn.execute(updates):
        texts[uuid].append(text)
    return {uuid: "\n".join(parts).lower() for uuid, parts in texts.items()}


def matches(text: str, term: str) -> bool:
    """Whether a search for ``term`` finds an action whose ``search_texts`` entry is ``text``."""
    return term.strip().lower() in text
