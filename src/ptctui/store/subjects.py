"""What the journal says about things other than actions: packages, plans, components,
bodies, meetings, endorsements, committee documents and their passages (the *subjects* of a
``Change`` with ``subject`` set).

One table of them (``SUBJECTS``) is read by every part that must treat them alike:

- the writes (``store.structure``, ``store.bodies``, through ``store.journaled``) journal the
  fields named here;
- ``undo`` puts a subject's fields back from a journal entry (``restore_fields``);
- the merge lets each of these fields follow the newer journal entry that changed it, as it
  does for an action's fields, so two laptops editing the same body converge;
- ``history`` names the subject of an entry (``label``).

A journal entry holds values that mean the same on every laptop: dates as ISO text, and a
meeting's body as the body's code under the name ``body`` (its local id would not), which
``restore_fields`` and the merge turn back into the ``body_id`` column.

What does not live here: the writes themselves, and the rules for actions (``store`` proper).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from ptctui.models import (
    Body,
    Component,
    DocumentRecord,
    Endorsement,
    Meeting,
    Model,
    Package,
    Passage,
    Plan,
    Review,
)
from ptctui.store.errors import StoreError
from ptctui.text import quote


@dataclass(frozen=True)
class Subject:
    """A kind of thing the journal speaks for besides actions."""

    table: str
    model: type[Model]
    noun: str  # "package": for summaries and messages
    fields: tuple[str, ...]  # what its journal entries may change (and the merge follows)
    key: str | None = "code"  # the column people name it by; None for endorsements

    def find(self, session: Session, uuid: str) -> Any:
        """The row with ``uuid``, or a one-line ``StoreError``."""
        model: Any = self.model
        found = session.exec(select(model).where(model.uuid == uuid)).first()
        if found is None:
            raise StoreError(f"the {self.noun} {uuid[:8]} is not in this database")
        return found


SUBJECTS: dict[str, Subject] = {
    s.table: s
    for s in (
        Subject("packages", Package, "package", ("code", "name", "aim", "note", "archived")),
        Subject(
            "plans",
            Plan,
            "plan",
            ("code", "title", "period", "start_date", "end_date", "note", "archived"),
        ),
        Subject("components", Component, "component", ("title", "archived"), key=None),
        Subject("bodies", Body, "body", ("code", "name", "kind", "archived")),
        Subject(
            "meetings",
            Meeting,
            "meeting",
            ("key", "body", "label", "number", "start_date", "end_date", "place", "archived"),
            key="key",
        ),
        Subject("endorsements", Endorsement, "endorsement", ("retracted",), key=None),
        Subject(
            "documents",
            DocumentRecord,
            "document",
            (
                "code",
                "title",
                "organisation",
                "committee",
                "session",
                "agenda_item",
                "place",
                "dated",
                "since",
                "until",
                "language",
                "leave_out",
                "archived",
            ),
        ),
        Subject("passages", Passage, "passage", ("text",), key=None),
        Subject("reviews", Review, "review", ("retracted",), key=None),
    )
}
"""Every subject by table name."""

# Journal field -> the column it sets, where they differ.
COLUMNS = {"body": "body_id"}

DATES = frozenset({"start_date", "end_date", "dated", "since", "until"})
"""Journaled fields that hold a day (as ISO text in the journal)."""


def column_of(field: str) -> str:
    """The column a journaled field lives in (``body`` → ``body_id``)."""
    return COLUMNS.get(field, field)


def journal_value(session: Session, row: Any, field: str) -> Any:
    """A field of ``row`` as the journal holds it (a meeting's body by its code)."""
    if field == "body":
        return session.get_one(Body, row.body_id).code
    return getattr(row, field)


def restore_fields(session: Session, subject: Subject, row: Any, values: dict[str, Any]) -> None:
    """Set ``row``'s fields to journaled ``values`` (dates from ISO text, a body by its code),
    refusing a code that another row of the same table has taken since."""
    for field, value in values.items():
        if field not in subject.fields:
            continue
        if field == "body":
            found = session.exec(select(Body).where(Body.code == value)).first()
            if found is None:
                raise StoreError(f"cannot put back body {value}: it is not in this database")
            row.body_id = found.id
            continue
        if field in DATES and isinstance(value, str):
            value = date.fromisoformat(value)
        if field == subject.key and isinstance(value, str):
            check_free(session, subject, value, keep=row)
        setattr(row, field, value)
    session.add(row)


def check_free(session: Session, subject: Subject, code: str, *, keep: Any = None) -> None:
    """Refuse ``code`` when another row of ``subject`` has it (ignoring case), naming that row."""
    model: Any = subject.model
    column = getattr(model, subject.key or "code")
    stmt = select(model).where(func.lower(column) == code.lower())
    if keep is not None:
        stmt = stmt.where(col(model.id) != keep.id)
    taken = session.exec(stmt).first()
    if taken is not None:
        raise StoreError(taken_message(subject.noun, code, describe(subject, taken)))


def taken_message(noun: str, code: str, described: str) -> str:
    """The one line for a code another row has: the command line's and the dialogs'."""
    return f"{noun} code {code} is taken by {described}"


def describe(subject: Subject, row: Any) -> str:
    """A row as messages name it: ``package CEP (“Compliance and Enforcement Package”)``."""
    name = getattr(row, "name", None) or getattr(row, "title", None) or getattr(row, "label", "")
    code = getattr(row, subject.key) if subject.key else ""
    archived = " (archived)" if getattr(row, "archived", False) else ""
    return f"{subject.noun} {code} (“{quote(str(name), 60)}”){archived}".replace("  ", " ")


def labels(
    session: Session, wanted: Iterable[tuple[str | None, str | None]]
) -> dict[tuple[str, str], str]:
    """How the history names the subjects of journal entries, by (table, UUID): ``package
    CBP``, ``plan CEP-2020``, ``component CEP-2020:3``, ``body KRA``, ``meeting EC-41``; an
    endorsement by its plan. One query per kind of subject, however many entries; a row that
    is not here (never, once a merge has run) has no label."""
    by_table: dict[str, set[str]] = {}
    for table, uuid in wanted:
        if table in SUBJECTS and uuid is not None:
            by_table.setdefault(table, set()).add(uuid)
    found: dict[tuple[str, str], str] = {}
    for table, uuids in by_table.items():
        subject = SUBJECTS[table]
        model: Any = subject.model
        if subject.key is not None:
            key = getattr(model, subject.key)
            for uuid, code in session.exec(
                select(model.uuid, key).where(col(model.uuid).in_(uuids))
            ):
                found[(table, uuid)] = f"{subject.noun} {code}"
            continue
        if model is Review:
            from ptctui.models import Action

            for uuid, ref, key in session.exec(
                select(Review.uuid, Action.ref, Meeting.key)
                .join(Action, col(Action.id) == Review.action_id)
                .join(Meeting, col(Meeting.id) == Review.meeting_id)
                .where(col(Review.uuid).in_(uuids))
            ):
                found[(table, uuid)] = f"review of {ref} at {key}"
            continue
        if model is Passage:
            from ptctui.store.documents import passage_label

            for passage in session.exec(select(Passage).where(col(Passage.uuid).in_(uuids))):
                found[(table, passage.uuid)] = passage_label(session, passage)
            continue
        extra = model.number if model is Component else model.id
        rows = session.exec(
            select(model.uuid, Plan.code, extra)
            .join(Plan, col(Plan.id) == model.plan_id)
            .where(col(model.uuid).in_(uuids))
        )
        for uuid, plan, number in rows:
            named = f"component {plan}:{number}" if model is Component else f"plan {plan}"
            found[(table, uuid)] = named
    return found
