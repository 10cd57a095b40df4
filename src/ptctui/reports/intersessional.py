"""The committee working document: "Intersessional developments", compiled from the database.

It follows the layout of the Secretariat's real documents (PC0608E): a title block, the
"Purpose of document" and "Action required" boxes, "I. Introduction", one roman-numbered
section per package that has developments in the window, paragraphs numbered straight through,
a heading per component with a bullet per action (its title, then what happened to it in the
window), and the closing "Action required" section.

Which actions are listed: every live action of every plan that has at least one development in
the window, so that an action with no news still appears by its title (as "DOUBLETON" does in
PC0608E); a package or plan with no development at all is left out, and the introduction says
so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from ptctui import store
from ptctui.reports.document import (
    Block,
    Box,
    Bullet,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Section,
    long_date,
    roman,
)
from ptctui.workflow import Status

DEFAULT_COMMITTEE = "Permanent Technical Committee"
TAKE_NOTE = "take note of the intersessional developments"


DEFAULT_SINCE_DAYS = 182  # the window when no first day is given: half a year


@dataclass(frozen=True)
class IntersessionalOptions:
    """The window and the title block of the document."""

    today: date
    since: date | None = None  # default: DEFAULT_SINCE_DAYS before ``until``
    until: date | None = None  # default: today
    committee: str = DEFAULT_COMMITTEE
    session: str = ""
    code: str = ""

    @property
    def window(self) -> tuple[date, date]:
        """The period covered, inclusive: the same default in the app's export dialog and on
        the command line (``ptctui export intersessional`` without ``--since``)."""
        until = self.until or self.today
        return self.since or until - timedelta(days=DEFAULT_SINCE_DAYS), until


class _Numbers:
    """Paragraph numbers, straight through the whole document."""

    def __init__(self) -> None:
        self.last = 0

    def para(self, text: str) -> Paragraph:
        self.last += 1
        return Paragraph(text, number=self.last)


_LABELS = {status: status.label for status in Status}


def development_text(change: store.Development) -> str:
    """A development as a sentence of the document."""
    if change.kind == "update":
        return change.text
    assert change.source is not None and change.target is not None
    text = (
        f"Status changed from {_LABELS[change.source]} to {_LABELS[change.target]} "
        f"on {long_date(change.on)}"
    )
    if change.deadline:
        text += f" (new deadline: {change.deadline})"
    if change.text:
        text += f": {change.text}"
    return text


def telling(changes: list[store.Development]) -> list[store.Development]:
    """The developments worth a sentence: a status move recorded on the same day as a progress
    update says nothing the update does not (the update is the Secretariat's own wording),
    unless it sets a new deadline."""
    update_days = {c.on for c in changes if c.kind == "update"}
    return [c for c in changes if c.kind == "update" or c.deadline or c.on not in update_days]


def build_intersessional(*, session: Session, options: IntersessionalOptions) -> Document:
    """The document for the window ``options.window``."""
    (since, until), committee = options.window, options.committee
    window = f"between {long_date(since)} and {long_date(until)}"
    changes = store.developments(session=session, since=since, until=until)
    by_action: dict[str, list[store.Development]] = {}
    for change in changes:
        by_action.setdefault(change.action_uuid, []).append(change)
    active_plans = {c.plan for c in changes}
    by_plan: dict[str, list[store.ReportAction]] = {}
    # Titles and places only: the document prints neither bodies nor latest updates.
    for action in store.report_actions(session=session, details=False):
        if action.plan in active_plans:
            by_plan.setdefault(action.plan, []).append(action)
    numbers = _Numbers()
    sections: list[Section] = []

    invited = Paragraph(f"The {committee} is invited to:")
    sections.append(
        Section(
            None,
            (
                Box(
                    "Purpose of document",
                    (
                        Paragraph(
                            "This document compiles developments under WCO packages "
                            f"{window} that are relevant to the {committee} but are not "
                            "otherwise covered under other agenda items of this meeting."
                        ),
                    ),
                ),
                Box(
                    f"Action required of the {committee}",
                    (invited, BulletList((Bullet(details=(TAKE_NOTE,)),))),
                ),
            ),
        )
    )

    packages = store.packages_with_plans(session=session)
    quiet = [p.name for p, plans in packages if not any(pl.code in active_plans for pl in plans)]
    intro: list[Block] = [
        numbers.para(
            f"The Committee is invited to take note of developments under WCO packages {window} "
            "and to consider their potential influence on its future work. This document "
            "compiles them from the progress updates and status changes recorded in that period."
        )
    ]
    if quiet:
        intro.append(
            numbers.para(
                "No developments were recorded in that period for the "
                + _join(quiet)
                + ", which "
                + ("is" if len(quiet) == 1 else "are")
                + " therefore not covered by this document."
            )
        )
    sections.append(Section(Heading(f"{roman(1)}. Introduction"), tuple(intro)))

    for package, plans in packages:
        shown = [pl for pl in plans if pl.code in active_plans]
        if not shown:
            continue
        blocks: list[Block] = []
        if package.note:
            blocks.append(numbers.para(package.note))
        if package.aim:
            blocks.append(numbers.para(f"The {package.name} has the following high-level aim:"))
            blocks.append(Paragraph(package.aim, quote=True))
        for plan in shown:
            if plan.note:
                blocks.append(numbers.para(plan.note))
            blocks.append(
                numbers.para(
                    f"The following summarizes progress on the implementation of the "
                    f"{plan.title} {window}:"
                )
            )
            components: dict[tuple[int, str], list[Bullet]] = {}
            for action in by_plan.get(plan.code, ()):
                components.setdefault((action.component, action.component_title), []).append(
                    Bullet(
                        lead=action.title,
                        details=tuple(
                            development_text(c) for c in telling(by_action.get(action.uuid, []))
                        ),
                    )
                )
            for (number, title), bullets in components.items():
                blocks.append(Heading(f"{number}. {title}", level=2))
                blocks.append(BulletList(tuple(bullets)))
        sections.append(Section(Heading(f"{roman(len(sections))}. {package.name}"), tuple(blocks)))

    sections.append(
        Section(
            Heading(f"{roman(len(sections))}. Action required"),
            (
                numbers.para(f"The {committee} is requested to:"),
                BulletList((Bullet(details=(TAKE_NOTE,)),)),
            ),
        )
    )
    meta = [("Committee", committee)]
    if options.session:
        meta.append(("Session", options.session))
    if options.code:
        meta.append(("Document", options.code))
    meta.append(("Date", long_date(options.today)))
    return Document(
        title="Intersessional developments",
        subtitle=f"Developments {window}",
        meta=tuple(meta),
        sections=tuple(sections),
    )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
