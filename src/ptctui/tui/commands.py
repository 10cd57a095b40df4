"""The command palette: jump to any package, plan, component or action, and run app commands.

One table (``entries``) feeds both ``discover`` (the commands, shown when the palette opens)
and ``search`` (commands and every jump target). Every line runs one of the main screen's
actions through ``App.run_action`` (``dashboard``, ``show_scope``, ``show_action``…), as a key
would: the palette calls none of the screen's methods. Names are user text: they are made one
printable line when the targets are read (``ptctui.text.one_line``), matches are highlighted on
a plain ``Content``, never parsed as markup, and the help line (which Textual does parse as
markup) is escaped.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from ptctui import store
from ptctui.browse import Scope
from ptctui.text import one_line
from ptctui.tui.screens.main import MainScreen


@dataclass(frozen=True)
class Entry:
    """One palette line: what it says, what it does, whether it shows before typing."""

    text: str
    help: str
    run: Callable[[], object]
    discover: bool = False


SHOWN = 76  # the longest line the palette shows: a long title takes one line, cut
PALETTE_MARGIN = 8  # the cells the palette's frame and padding take from the terminal's width


def highlight(matcher: Matcher, text: str, width: int = SHOWN) -> Content:
    """The matched characters in bold, on literal text (Matcher.highlight parses markup), on
    one line of at most ``width`` cells."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content.truncate(width, ellipsis=True)


_WORD = re.compile(r"[\w.-]+")


def rank(query: str, text: str, fuzzy: float) -> float:
    """How well ``text`` answers ``query``: whole words and references first ("COPES" is a
    word of one title; its letters in order run through PANGEA XII's too), then words that
    start with it, then text that holds it anywhere, then the fuzzy match (``fuzzy``, 0 to 1).

    Kept below 1, the scale the palette sorts by; each tier is above every one below it.
    """
    wanted = query.strip().casefold()
    if not wanted:
        return fuzzy
    body = text.partition(": ")[2] or text  # not the "jump:" or "plan:" before every line
    words = _WORD.findall(body.casefold())
    if wanted in words or body.casefold().startswith(wanted + " "):
        tier = 3
    elif any(word.startswith(wanted) for word in words):
        tier = 2
    elif wanted in body.casefold():
        tier = 1
    else:
        tier = 0
    return (tier + min(max(fuzzy, 0.0), 1.0)) / 4.01


class PtcCommands(Provider):
    """ptctui's commands and jump targets."""

    async def startup(self) -> None:
        """Read the jump targets once per palette opening (off the event loop)."""
        self._targets: list[Target] = []
        main = self._main()
        if main is None:
            return
        self._targets = await asyncio.to_thread(_targets, main)

    def _main(self) -> MainScreen | None:
        return next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)

    def _action(self, main: MainScreen, name: str, *args: object) -> Callable[[], Awaitable[bool]]:
        """Run the main screen's action ``name`` with ``args``, as a key bound to it would."""
        return partial(self.app.run_action, ("", name, args), main)

    def entries(self) -> list[Entry]:
        """Every command and jump target."""
        main = self._main()
        if main is None:
            return []
        run = partial(self._action, main)
        commands = [
            Entry(
                "app: dashboard",
                "Counts, overdue, upcoming deadlines, latest changes",
                run("dashboard"),
                True,
            ),
            Entry("app: help", "Every key and its binding id", run("help"), True),
            Entry("action: undo last change", "The same undo as `ptctui undo`", run("undo"), True),
            Entry("filter: only overdue", "Toggle the overdue filter", run("toggle_overdue"), True),
            Entry("filter: by status", "Choose statuses to show", run("filter_status"), True),
            Entry("filter: show archived", "Toggle archived actions", run("toggle_archived"), True),
            Entry("filter: clear", "Clear search and filters", run("clear_filters"), True),
            Entry(
                "package: add a new package", "Code, name, description", run("new_package"), True
            ),
            Entry(
                "plan: add a new plan", "In the package chosen in the tree", run("new_plan"), True
            ),
            Entry(
                "component: add a new component",
                "In the plan chosen in the tree",
                run("new_component"),
                True,
            ),
            Entry("body: add a new body", "A responsible body", run("new_body"), True),
            Entry("meeting: add a new meeting", "A session of a body", run("new_meeting"), True),
        ]
        jumps = [
            Entry(text, help_text, run(action, *args))
            for text, help_text, action, args in getattr(self, "_targets", [])
        ]
        return commands + jumps

    async def discover(self) -> Hits:
        for entry in self.entries():
            if entry.discover:
                yield DiscoveryHit(Content(entry.text), entry.run, help=escape(entry.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        width = max(min(SHOWN, self.app.size.width - PALETTE_MARGIN), 20)
        for entry in self.entries():
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    rank(query, entry.text, score),
                    highlight(matcher, entry.text, width),
                    entry.run,
                    text=entry.text,
                    help=escape(entry.help),
                )


Target = tuple[str, str, str, tuple[object, ...]]
"""A jump: what the line says, its help, and the main screen's action it runs, with arguments."""


def _targets(main: MainScreen) -> list[Target]:
    """Jump targets: every package, plan and component, every body and meeting, every
    committee document, then every live action.

    Each line is user text on one printable line: what is matched is what is shown.
    """
    found: list[Target] = []
    engine, today = main.context.engine, main.context.today
    with store.reading(engine) as session:
        for package in store.outline(session=session, today=today):
            found.append(
                (
                    one_line(f"package: {package.key} {package.label}"),
                    "Show its actions",
                    "show_scope",
                    (Scope("package", package.key, package.label),),
                )
            )
            for plan in package.children:
                found.append(
                    (
                        one_line(f"plan: {plan.key} {plan.label}"),
                        "Show its actions",
                        "show_scope",
                        (Scope("plan", plan.key, plan.label),),
                    )
                )
                for component in plan.children:
                    found.append(
                        (
                            one_line(f"component: {component.key} {component.label}"),
                            "Show its actions",
                            "show_scope",
                            (Scope("component", component.key, component.label),),
                        )
                    )
        for body in store.list_bodies(session=session):
            found.append(
                (
                    one_line(f"body: {body.code} {body.name}"),
                    f"Show the {body.actions} actions it leads or supports",
                    "show_body",
                    (body.code,),
                )
            )
        for meeting in store.list_meetings(session=session):
            found.append(
                (
                    one_line(f"meeting: {meeting.key} {meeting.label}"),
                    "Edit its code, dates, place or name",
                    "edit_meeting",
                    (meeting.key,),
                )
            )
        from ptctui.store import documents

        for record, _, _ in documents.list_documents(session=session):
            found.append(
                (
                    one_line(f"document: {record.code} {record.title}"),
                    "Edit its written text (purpose, introduction, backgrounds) in $EDITOR",
                    "edit_document",
                    (record.code,),
                )
            )
        for row in store.list_actions(session=session, today=today):
            found.append(
                (
                    one_line(f"jump: {row.ref} {row.title}"),
                    one_line(f"{row.status.label} · {row.plan}"),
                    "show_action",
                    (row.uuid,),
                )
            )
    return found
