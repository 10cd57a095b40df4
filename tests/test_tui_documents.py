"""Pilot tests of a committee document's written text edited from the app: the palette lists
each document; its line hands the sections to the officer's editor (here a function standing in
for it) and saves what changed, undoable with ctrl+z like any change.
"""

from __future__ import annotations

import contextlib

from sqlalchemy.engine import Engine
from textual.pilot import Pilot

from conftest import TODAY
from ptctui import store
from ptctui.store import documents
from ptctui.tui.app import PtcApp, make_app
from ptctui.tui.screens.main import MainScreen


def app_for(engine: Engine) -> PtcApp:
    return make_app(engine=engine, by="tester", today=TODAY, remember_theme=False)


async def settle(pilot: Pilot[None]) -> None:
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def introduction(engine: Engine) -> str | None:
    with store.reading(engine) as session:
        record = documents.get_document(session=session, code="PC0608E")
        texts = documents.passages(session=session, document=record)
    return texts.get(documents.Place("introduction"))


async def test_the_palette_edits_a_documents_text_and_ctrl_z_takes_it_back(
    engine: Engine,
) -> None:
    from ptctui.tui.commands import _targets

    seen: list[str] = []

    def editor(text: str) -> str:
        seen.append(text)
        return text.replace("Thus,", "Therefore,")

    before = introduction(engine)
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        targets = {text: (action, args) for text, _, action, args in _targets(screen)}
        action, args = targets["document: PC0608E Intersessional developments"]
        screen.documents.editor = editor
        assert (action, args) == ("edit_document", ("PC0608E",))
        await pilot.app.run_action("edit_document('PC0608E')", screen)
        await settle(pilot)
        assert "## introduction" in seen[0] and "## closing" in seen[0]
        assert "Therefore," in (introduction(engine) or "")
        await pilot.press("ctrl+z")  # not an action on screen: it asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert introduction(engine) == before


async def test_a_broken_file_from_the_editor_changes_nothing(engine: Engine) -> None:
    before = introduction(engine)
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        screen.documents.editor = lambda text: text + "\n## foreword\nhello\n"
        notices: list[str] = []
        original = screen.notify

        def notify(message: str, **kwargs: object) -> None:
            notices.append(message)
            original(message, **kwargs)  # type: ignore[arg-type]

        screen.notify = notify  # type: ignore[method-assign]
        screen.action_edit_document("PC0608E")
        await settle(pilot)
    assert any("unknown section foreword" in n for n in notices)
    assert introduction(engine) == before
