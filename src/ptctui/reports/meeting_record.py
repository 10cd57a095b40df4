"""The record of a meeting's decisions: what the committee decided about each action it took
up, by plan and component, in an officer's words, and what follows from it (who does what by
when).

Built from ``store.decisions`` (reviews, and the moves and updates made at the meeting); every
format renders it as it renders the other reports (``exporters.render``).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ptctui import store
from ptctui.deadlines import long_date
from ptctui.models import Body, Meeting
from ptctui.reports.document import (
    Block,
    Bullet,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
    TitleBlock,
    roman,
)
from ptctui.store.decisions import Decision, decisions_at
from ptctui.views.meeting import decision_words
from ptctui.workflow import Status


def meeting_dates(meeting: Meeting) -> str:
    """``8 March 2021``, ``8–10 March 2021``, or "" when the meeting has no date."""
    start, end = meeting.start_date, meeting.end_date
    if start is None:
        return ""
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def build_meeting_record(
    *, session: Session, meeting: Meeting, today: date, author: str = ""
) -> Document:
    """The record of ``meeting``'s decisions, actions in document order."""
    body = session.get_one(Body, meeting.body_id)
    decided = decisions_at(session=session, meeting=meeting)
    flt = store.ActionFilter(uuids=tuple(decided), include_archived=True)
    rows = store.list_actions(session=session, flt=flt, today=today) if decided else []
    titles = {
        plan.code: plan.title
        for _, plans in store.packages_with_plans(session=session)
        for plan in plans
    }
    when = meeting_dates(meeting)
    where = f" in {meeting.place}" if meeting.place else ""
    count = len(rows)
    # "41st Session of the Enforcement Committee" says the body: "At its 41st Session".
    session_words = meeting.label.removesuffix(f" of the {body.name}").removesuffix(
        f" of {body.name}"
    )
    if rows:
        on = f", on {when}{where}," if when else f"{where},"
        opening = (
            f"At its {session_words}{on} the {body.name} took up {_count(count)} "
            f"action{'s' if count != 1 else ''} and decided as follows."
        )
    else:
        opening = f"No decision on an action has been recorded for the {meeting.label}."
    sections = [Section(None, (Paragraph(opening),))]
    by_plan: dict[str, dict[tuple[int, str], list[Bullet]]] = {}
    follow_ups: list[tuple[str, str, str, str]] = []
    for row in rows:
        decisions = decided[row.uuid]
        by_plan.setdefault(row.plan, {}).setdefault(
            (row.component, row.component_title), []
        ).append(
            Bullet(
                lead=f"{row.ref} {row.title}", details=tuple(decision_words(d) for d in decisions)
            )
        )
        for d in decisions:
            if d.kind == "follow_up":
                what = d.note or f"Report on {row.ref}"
                follow_ups.append((row.ref, what, d.body or "", _due(d)))
            elif d.kind == "move" and d.target is Status.POSTPONED and d.deadline:
                follow_ups.append((row.ref, row.title, row.lead, _due(d)))
    for number, (plan, components) in enumerate(by_plan.items(), start=1):
        blocks: list[Block] = []
        for (component, title), bullets in components.items():
            blocks.append(Heading(f"{component}. {title}", level=2))
            blocks.append(BulletList(tuple(bullets)))
        heading = Heading(f"{roman(number)}. {titles.get(plan, plan)}")
        sections.append(Section(heading, tuple(blocks)))
    if follow_ups:
        table = Table(columns=("Ref", "What", "Body", "By"), rows=tuple(follow_ups))
        heading = Heading(f"{roman(len(by_plan) + 1)}. Follow-up")
        sections.append(Section(heading, (table,)))
    return Document(
        title="Record of decisions",
        meta=(("Body", body.name), ("Meeting", meeting.label), ("Date", when or "—")),
        sections=tuple(sections),
        head=TitleBlock(
            organisation="World Customs Organization",
            committee=body.name,
            session=meeting.label,
            code=meeting.key,
            dated=f"{meeting.place}, {when}" if meeting.place and when else when,
        ),
        author=author,
    )


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(number: int) -> str:
    """Numbers up to ten in words, as the Secretariat writes them."""
    return _WORDS[number] if number < len(_WORDS) else str(number)


def _due(decision: Decision) -> str:
    if decision.deadline:
        return decision.deadline
    return long_date(decision.due) if decision.due else ""
