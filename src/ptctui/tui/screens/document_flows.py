"""The main screen's committee documents: edit a document's written text (purpose,
introduction, each package's background, …) in the officer's own editor, from the palette.

The app steps aside (``App.suspend``) for ``$VISUAL`` / ``$EDITOR`` on the same Markdown file
``ptctui documents text CODE --edit`` opens, then saves the sections that changed as one write
through the screen (journaled, undoable). The file is read, parsed and saved by the headless
core (``reports.intersessional.document_sections``, ``reports.narrative``,
``store.documents``); only the editor runs here, on the main thread while the app is away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session
from textual.screen import Screen

from ptctui.editing import EditorError, edit_text
from ptctui.forms import Write
from ptctui.reports.intersessional import document_sections
from ptctui.reports.narrative import NarrativeError, changed_sections, from_file, to_file
from ptctui.store import documents
from ptctui.store.documents import Place
from ptctui.tui.context import AppContext

Editor = Callable[[str], str | None]
"""Edit a text and return it (``None``: the editor failed; nothing is saved)."""


def run_editor(text: str) -> str | None:
    """``text`` as the officer leaves it in their editor (``None``: it failed)."""
    try:
        return edit_text(text)
    except EditorError:
        return None


class DocumentFlows:
    """A committee document's written text, edited in the officer's editor."""

    def __init__(
        self,
        *,
        screen: Screen[Any],
        context: AppContext,
        commit: Callable[[Write], None],
        read: Callable[[Callable[[Session], Any], Callable[[Any], None]], None],
        editor: Editor = run_editor,
    ) -> None:
        self.screen = screen
        self.context = context
        self.commit = commit
        self.read = read
        self.editor = editor
        """What edits the text: the officer's editor (a test gives its own)."""

    def edit_text(self, code: str) -> None:
        """Read the document's sections, hand them to the editor, save what changed."""
        today = self.context.today

        def sections(session: Session) -> tuple[str, list[tuple[Place, str]]]:
            record = documents.get_document(session=session, code=code)
            return record.code, document_sections(session=session, record=record, today=today)

        self.read(sections, self._edit)

    def _edit(self, read: tuple[str, list[tuple[Place, str]]]) -> None:
        code, shown = read
        app = self.screen.app
        try:
            with app.suspend():
                edited = self.editor(to_file(code, shown))
        except Exception:  # no terminal to step aside from (a test, a web console)
            edited = self.editor(to_file(code, shown))
        if edited is None:
            self.screen.notify("The editor did not finish; nothing was saved.", severity="warning")
            return
        try:
            wanted = changed_sections(shown, from_file(edited))
        except NarrativeError as error:
            self.screen.notify(f"{code}: {error}", title="Nothing was changed", severity="error")
            return
        if not wanted:
            self.screen.notify(f"{code}: the text was already so; nothing changed")
            return
        self.commit(save_text(code, wanted, self.context.by))


def save_text(code: str, texts: dict[Place, str | None], by: str) -> Write:
    """The write that saves ``texts`` as ``code``'s sections."""

    def write(session: Session) -> tuple[str, str | None]:
        record = documents.get_document(session=session, code=code)
        documents.set_passages(session=session, document=record, texts=texts, by=by)
        names = ", ".join(place.label for place in texts)
        return f"{record.code}: saved the text of {names}", None

    return write
