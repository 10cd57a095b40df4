"""Responsible bodies and their meetings: listing, creating, editing and archiving them.

A body is whoever an action falls to: a WCO council, commission, committee or working group,
the Secretariat, a Member administration, a partner organisation, a consultant. A meeting is
one session of a body, named by a short key (``EC-40``); updates, status moves and
endorsements refer to it.

The writes are journaled like every other (``store.subjects``): undoable, shown in the
history, and merged field by field. Archiving a body or meeting hides it from the lists and
from what the dialogs offer; actions and records that name it keep naming it.

What does not live here: packages, plans and components (``store.structure``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from ptctui.models import Body, Change, Meeting
from ptctui.store.errors import StoreError
from ptctui.store.journaled import added, edit, set_archived
from ptctui.store.structure import check_code, check_dates, check_text
from ptctui.store.subjects import SUBJECTS, check_free

BODIES, MEETINGS = SUBJECTS["bodies"], SUBJECTS["meetings"]

BODY_KINDS = (
    "wco",
    "member",
    "partner",
    "other",
    # The finer kinds the bundled data uses for the WCO's own bodies.
    "council",
    "commission",
    "committee",
    "working_group",
    "project_group",
    "secretariat",
)
"""What a body may be: the four kinds officers choose from, then the WCO's own finer ones."""

# Meetings of these kinds of body are "meetings"; of the others, "sessions".
_MEETING_KINDS = frozenset({"working_group", "project_group"})


def check_kind(text: str) -> str:
    """A body kind as typed ("Working group", "working-group") or a one-line error."""
    kind = "_".join(text.strip().lower().replace("-", " ").split())
    if kind not in BODY_KINDS:
        raise StoreError(f"unknown body kind {text.strip()!r}; kinds are: {', '.join(BODY_KINDS)}")
    return kind


# --- bodies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyRow:
    """A body as ``ptctui bodies`` lists it."""

    code: str
    name: str
    kind: str
    parent: str | None
    actions: int  # live actions it leads or supports
    archived: bool

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent,
            "actions": self.actions,
            "archived": self.archived,
        }


def list_bodies(*, session: Session, include_archived: bool = False) -> list[BodyRow]:
    """Every body by code, with how many live actions name it."""
    from sqlalchemy import func

    from ptctui.models import Action, ActionBody

    counts = dict(
        session.exec(
            select(ActionBody.body_id, func.count())
            .join(Action, col(Action.id) == ActionBody.action_id)
            .where(col(Action.archived).is_(False))
            .group_by(col(ActionBody.body_id))
        ).all()
    )
    bodies = session.exec(select(Body).order_by(func.lower(Body.code))).all()
    codes = {b.id: b.code for b in bodies}
    return [
        BodyRow(
            code=b.code,
            name=b.name,
            kind=b.kind,
            parent=codes.get(b.parent_id) if b.parent_id is not None else None,
            actions=int(counts.get(b.id or 0, 0)),
            archived=b.archived,
        )
        for b in bodies
        if include_archived or not b.archived
    ]


def body_label(body: Body) -> str:
    """How messages and the journal name a body."""
    return f"body {body.code}"


def add_body(
    *,
    session: Session,
    code: str,
    name: str,
    by: str,
    kind: str = "other",
    parent: Body | None = None,
) -> tuple[Body, Change]:
    """A new responsible body."""
    code = check_code(code, what="body")
    check_free(session, BODIES, code)
    body = Body(
        code=code,
        name=check_text(name, what="a body's name"),
        kind=check_kind(kind),
        parent_id=parent.id if parent else None,
    )
    session.add(body)
    session.flush()
    change = added(
        session,
        subject=BODIES,
        row=body,
        by=by,
        summary=f"{body_label(body)}: new body “{body.name}”",
    )
    return body, change


def edit_body(
    *,
    session: Session,
    body: Body,
    by: str,
    code: str | None = None,
    name: str | None = None,
    kind: str | None = None,
    note: str = "",
) -> Change:
    """Change a body's code, name or kind (``None`` leaves one as it is)."""
    values = {
        "code": check_code(code, what="body") if code is not None else None,
        "name": check_text(name, what="a body's name") if name is not None else None,
        "kind": check_kind(kind) if kind is not None else None,
    }
    label = body_label(body)
    return edit(session, subject=BODIES, row=body, values=values, by=by, label=label, note=note)


def archive_body(
    *, session: Session, body: Body, archived: bool, by: str, note: str = ""
) -> Change:
    """Archive a body (no longer offered for new work) or restore it."""
    return set_archived(
        session,
        subject=BODIES,
        row=body,
        archived=archived,
        by=by,
        label=body_label(body),
        note=note,
    )


# --- meetings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as ``ptctui meetings`` lists it."""

    key: str
    body: str
    label: str
    number: int | None
    start: date | None
    end: date | None
    place: str | None
    archived: bool
    reviewed: int = 0  # actions it took up
    decided: int = 0  # of those, with a decision beyond taking note

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``--json``."""
        return {
            "code": self.key,
            "body": self.body,
            "label": self.label,
            "session": self.number,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "place": self.place,
            "archived": self.archived,
            "reviewed": self.reviewed,
            "decided": self.decided,
        }


def list_meetings(
    *, session: Session, body: Body | None = None, include_archived: bool = False
) -> list[MeetingRow]:
    """Meetings (of one body, if given), the most recent first; undated ones last."""
    stmt = select(Meeting, Body.code).join(Body, col(Body.id) == Meeting.body_id)
    if body is not None:
        stmt = stmt.where(Meeting.body_id == body.id)
    if not include_archived:
        stmt = stmt.where(col(Meeting.archived).is_(False))
    stmt = stmt.order_by(
        col(Meeting.start_date).is_(None), col(Meeting.start_date).desc(), col(Meeting.key)
    )
    from ptctui.store.decisions import tallies

    counts = tallies(session=session)
    return [
        MeetingRow(
            key=m.key,
            body=code,
            label=m.label,
            number=m.number,
            start=m.start_date,
            end=m.end_date,
            place=m.place,
            archived=m.archived,
            reviewed=counts.get(m.key, (0, 0))[0],
            decided=counts.get(m.key, (0, 0))[1],
        )
        for m, code in session.exec(stmt).all()
    ]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 122nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def meeting_label(body: Body, number: int | None, start: date | None) -> str:
    """The name the Secretariat gives a meeting, as the bundled ones read:
    "40th Session of the Enforcement Committee", "7th Meeting of the Working Group on …",
    "Policy Commission, December 2019"."""
    if number is not None:
        what = "Meeting" if body.kind in _MEETING_KINDS else "Session"
        return f"{ordinal(number)} {what} of the {body.name}"
    if start is not None:
        return f"{body.name}, {start:%B %Y}"
    return body.name


def meeting_code_label(meeting: Meeting) -> str:
    """How messages and the journal name a meeting."""
    return f"meeting {meeting.key}"


def add_meeting(
    *,
    session: Session,
    key: str,
    body: Body,
    by: str,
    number: int | None = None,
    label: str | None = None,
    start: date | None = None,
    end: date | None = None,
    place: str | None = None,
) -> tuple[Meeting, Change]:
    """A new meeting of ``body``; its label is made from the body, session and date unless
    given."""
    key = check_code(key, what="meeting")
    check_free(session, MEETINGS, key)
    if number is not None and number < 1:
        raise StoreError(f"a session number is 1 or more, not {number}")
    check_dates(start, end, what="the meeting")
    meeting = Meeting(
        key=key,
        body_id=body.id or 0,
        label=(label or "").strip() or meeting_label(body, number, start),
        number=number,
        start_date=start,
        end_date=end,
        place=(place or "").strip() or None,
    )
    session.add(meeting)
    session.flush()
    change = added(
        session,
        subject=MEETINGS,
        row=meeting,
        by=by,
        summary=f"{meeting_code_label(meeting)}: new meeting “{meeting.label}”",
    )
    return meeting, change


def edit_meeting(
    *,
    session: Session,
    meeting: Meeting,
    by: str,
    key: str | None = None,
    body: Body | None = None,
    number: int | None = None,
    label: str | None = None,
    start: date | None = None,
    end: date | None = None,
    place: str | None = None,
    note: str = "",
) -> Change:
    """Change a meeting's code, body, session, label, dates or place (``None`` leaves one)."""
    if number is not None and number < 1:
        raise StoreError(f"a session number is 1 or more, not {number}")
    check_dates(
        start if start is not None else meeting.start_date,
        end if end is not None else meeting.end_date,
        what="the meeting",
    )
    values = {
        "key": check_code(key, what="meeting") if key is not None else None,
        "body": body.code if body is not None else None,
        "number": number,
        "label": check_text(label, what="a meeting's label") if label is not None else None,
        "start_date": start,
        "end_date": end,
        "place": place.strip() if place is not None else None,
    }
    return edit(
        session,
        subject=MEETINGS,
        row=meeting,
        values=values,
        by=by,
        label=meeting_code_label(meeting),
        note=note,
    )


def archive_meeting(
    *, session: Session, meeting: Meeting, archived: bool, by: str, note: str = ""
) -> Change:
    """Archive a meeting (no longer offered) or restore it."""
    return set_archived(
        session,
        subject=MEETINGS,
        row=meeting,
        archived=archived,
        by=by,
        label=meeting_code_label(meeting),
        note=note,
    )


# Words left out of a code made from a name's initials ("Regional Offices of the WCO" → ROW).
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "de", "des", "du", "et", "for", "in", "la", "le", "les", "of", "on", "the")
)


def code_for(name: str, taken: set[str]) -> str:
    """A body code made from a name as officers abbreviate them, unused in ``taken`` (upper
    case; ``taken`` is updated): one word is itself ("Kenya" → ``KENYA``), several give their
    initials ("Kenya Revenue Authority" → ``KRA``, "Regional Offices" → ``RO``), a clash gets a
    number (``RO-2``)."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in name).split()]
    significant = [w for w in words if w.casefold() not in _SMALL_WORDS] or words
    if len(significant) == 1:
        base = significant[0].upper()[:24]
    else:
        base = "".join(w[0] for w in significant).upper()[:24]
    base = base or "BODY"
    code, n = base, 1
    while code.upper() in taken:
        n += 1
        code = f"{base}-{n}"
    taken.add(code.upper())
    return code
