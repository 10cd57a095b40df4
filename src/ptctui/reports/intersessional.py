"""The committee working document: "Intersessional developments", as the Secretariat writes it.

It follows the Secretariat's real documents (PC0608E): a title block; the summary's "Purpose
of document" and "Action required" boxes; "I. Introduction"; one roman-numbered section per
package with news in the window, its background, then each plan's lead-in and, by component,
a bullet per action; and the closing "Action required". Paragraphs are numbered straight
through.

Two kinds of text make it. Officers write the purpose, introduction, each package's background,
each plan's lead-in and the action required (``Passage`` rows, ``reports.narrative``; a section
nobody wrote reads ptctui's default). The bullets are compiled from the data
(``store.window``, worded by ``reports.wording``).

Which actions are listed: every live action of every plan with at least one development in
the window, so that an action with no news still appears by its title (as "DOUBLETON" does in
PC0608E); a package with no news, or one the document leaves out, has no section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from ptctui import store
from ptctui.deadlines import long_date
from ptctui.models import DocumentRecord
from ptctui.reports.document import (
    Block,
    Box,
    Bullet,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Section,
    TitleBlock,
    roman,
)
from ptctui.reports.narrative import Context, default_text, to_blocks
from ptctui.reports.wording import bullet
from ptctui.store.documents import Place
from ptctui.store.window import ActionInWindow, actions_in_window

DEFAULT_COMMITTEE = "Permanent Technical Committee"
DEFAULT_ORGANISATION = "World Customs Organization"
DEFAULT_TITLE = "Intersessional developments"
DEFAULT_SINCE_DAYS = 182  # the window when none is given: half a year up to its last day


@dataclass(frozen=True)
class IntersessionalOptions:
    """The window and the title block of the document; ``passages`` the officers' text."""

    today: date
    since: date | None = None  # default: DEFAULT_SINCE_DAYS before ``until``
    until: date | None = None  # default: today
    committee: str = DEFAULT_COMMITTEE
    session: str = ""
    code: str = ""
    title: str = DEFAULT_TITLE
    organisation: str = DEFAULT_ORGANISATION
    agenda_item: str = ""
    place: str = ""
    dated: date | None = None  # the document's date; ``today`` when not given
    language: str = "en-GB"
    author: str = ""
    leave_out: tuple[str, ...] = ()  # package codes
    passages: tuple[tuple[Place, str | None], ...] = ()

    @property
    def window(self) -> tuple[date, date]:
        """The period covered, inclusive: the same default in the app's export dialog and on
        the command line (``ptctui export intersessional`` without ``--since``)."""
        until = self.until or self.today
        return self.since or until - timedelta(days=DEFAULT_SINCE_DAYS), until


def record_options(
    record: DocumentRecord, passages: dict[Place, str | None], *, today: date, author: str = ""
) -> IntersessionalOptions:
    """The options a recorded document is exported with: what it remembers, the defaults for
    what it does not (the window: half a year up to today)."""
    until = record.until or today
    return IntersessionalOptions(
        since=record.since or until - timedelta(days=DEFAULT_SINCE_DAYS),
        until=until,
        today=today,
        committee=record.committee or DEFAULT_COMMITTEE,
        session=record.session,
        code=record.code,
        title=record.title or DEFAULT_TITLE,
        organisation=record.organisation,
        agenda_item=record.agenda_item,
        place=record.place,
        dated=record.dated,
        language=record.language or "en-GB",
        author=author,
        leave_out=tuple(c.strip() for c in record.leave_out.split(",") if c.strip()),
        passages=tuple(passages.items()),
    )


def document_sections(
    *, session: Session, record: DocumentRecord, today: date
) -> list[tuple[Place, str]]:
    """Every section of ``record`` in document order with its text, ptctui's default where
    nobody wrote one: what officers edit (``documents text``, the app's editor)."""
    from ptctui.store import documents

    written = documents.passages(session=session, document=record)
    options = record_options(record, written, today=today)
    context = Context(options.committee, window_words(*options.window))
    leave_out = {code.lower() for code in options.leave_out}
    out: list[tuple[Place, str]] = []

    def add(place: Place, **about: str) -> None:
        text = written.get(place)
        out.append((place, text if text is not None else default_text(place, context, **about)))

    add(Place("purpose"))
    add(Place("invited"))
    add(Place("introduction"))
    for package, plans in store.packages_with_plans(session=session):
        if package.code.lower() in leave_out:
            continue
        add(Place("package", package.code), name=package.name, aim=package.aim, note=package.note)
        for plan in plans:
            add(Place("plan", plan.code), name=plan.title, note=plan.note)
    add(Place("closing"))
    return out


class _Numbers:
    """Paragraph numbers, straight through the whole document."""

    def __init__(self) -> None:
        self.last = 0

    def para(self, text: str) -> Paragraph:
        self.last += 1
        return Paragraph(text, number=self.last)


def window_words(since: date, until: date) -> str:
    """``between 1 May 2019 and 31 March 2020``."""
    return f"between {long_date(since)} and {long_date(until)}"


def agenda_words(item: str) -> str:
    """``II`` → ``Item II on the Agenda``; a phrase already naming the agenda stays as it is."""
    item = item.strip()
    if not item or "agenda" in item.lower():
        return item
    return f"Item {item} on the Agenda"


def build_intersessional(*, session: Session, options: IntersessionalOptions) -> Document:
    """The document for ``options.window``."""
    committee = options.committee
    since, until = options.window
    actions = actions_in_window(session=session, since=since, until=until)
    active_plans = {a.plan for a in actions if a.eventful}
    by_plan: dict[str, list[ActionInWindow]] = {}
    for action in actions:
        if action.plan in active_plans:
            by_plan.setdefault(action.plan, []).append(action)
    leave_out = {code.lower() for code in options.leave_out}
    packages = [
        (package, [plan for plan in plans if plan.code in active_plans])
        for package, plans in store.packages_with_plans(session=session)
    ]
    shown = [(p, plans) for p, plans in packages if plans and p.code.lower() not in leave_out]
    quiet = tuple(p.name for p, plans in packages if not plans and p.code.lower() not in leave_out)
    context = Context(committee, window_words(since, until), quiet)
    written = dict(options.passages)
    numbers = _Numbers()

    def text(place: Place, **about: str) -> str:
        found = written.get(place)
        return found if found is not None else default_text(place, context, **about)

    def numbered(place: Place, **about: str) -> list[Block]:
        return to_blocks(text(place, **about), numbers.para, list)

    sections = [
        Section(
            None,
            (
                Box("Purpose of document", tuple(to_blocks(text(Place("purpose")), None, list))),
                Box(
                    f"Action required of the {committee}",
                    tuple(to_blocks(text(Place("invited")), None, list)),
                ),
            ),
        ),
        Section(Heading(f"{roman(1)}. Introduction"), tuple(numbered(Place("introduction")))),
    ]
    for package, plans in shown:
        blocks = numbered(
            Place("package", package.code), name=package.name, aim=package.aim, note=package.note
        )
        for plan in plans:
            listed = by_plan.get(plan.code, [])
            blocks += to_blocks(
                text(Place("plan", plan.code), name=plan.title, note=plan.note),
                numbers.para,
                lambda listed=listed: _action_list(listed),  # type: ignore[misc]
            )
        heading = Heading(f"{roman(len(sections))}. {package.name}")
        sections.append(Section(heading, tuple(blocks)))
    sections.append(
        Section(
            Heading(f"{roman(len(sections))}. Action required"), tuple(numbered(Place("closing")))
        )
    )
    dated = long_date(options.dated or options.today)
    head = TitleBlock(
        organisation=options.organisation,
        committee=committee,
        session=options.session,
        code=options.code,
        dated=f"{options.place}, {dated}" if options.place else dated,
        agenda_item=agenda_words(options.agenda_item),
    )
    # The same as label/value pairs, for the formats that print a plain title block.
    meta = [("Committee", committee)]
    if options.session:
        meta.append(("Session", options.session))
    if head.agenda_item:
        meta.append(("Agenda", head.agenda_item))
    if options.code:
        meta.append(("Document", options.code))
    meta.append(("Date", head.dated))
    return Document(
        title=options.title,
        meta=tuple(meta),
        sections=tuple(sections),
        head=head,
        author=options.author,
        language=options.language,
    )


def _action_list(actions: list[ActionInWindow]) -> list[Block]:
    """A plan's actions by component: a heading, then a bullet an action."""
    components: dict[tuple[int, str], list[Bullet]] = {}
    for action in actions:
        key = (action.component, action.component_title)
        components.setdefault(key, []).append(bullet(action))
    blocks: list[Block] = []
    for (number, title), bullets in components.items():
        blocks.append(Heading(f"{number}. {title}", level=2))
        blocks.append(BulletList(tuple(bullets)))
    return blocks
