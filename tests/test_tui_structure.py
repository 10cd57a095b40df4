"""Pilot tests of building plans in the app: ``n``, ``e`` and ``d`` on each level of the tree,
the command palette's "add a new …" commands, and an empty database started from the app alone.

Keys are pressed as a user presses them; each test then checks the database (through the
store) and what the screen shows. Workers are waited for, never slept on.
"""

from __future__ import annotations

import contextlib

from sqlalchemy.engine import Engine
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from conftest import TODAY
from ptctui import store
from ptctui.tui.app import PtcApp, make_app
from ptctui.tui.dialogs.record import RecordDialog
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.plan_tree import PlanTree


def app_for(engine: Engine) -> PtcApp:
    return make_app(engine=engine, by="tester", today=TODAY, remember_theme=False)


async def settle(pilot: Pilot[None]) -> None:
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def tree(pilot: Pilot[None]) -> PlanTree:
    return pilot.app.screen.query_one(PlanTree)


async def to_node(pilot: Pilot[None], kind: str, key: str) -> None:
    """Focus the tree and walk the cursor down to a node, as a user does with the arrows."""
    plan_tree = tree(pilot)
    plan_tree.focus()
    await pilot.press("home")
    for _ in range(plan_tree.last_line + 1):
        node = plan_tree.cursor_node
        if node is not None and node.data is not None and (node.data.kind, node.data.key) == (
            kind,
            key,
        ):
            await settle(pilot)
            return
        await pilot.press("down")
    raise AssertionError(f"no {kind} {key} in the tree")


async def fill(pilot: Pilot[None], **values: str) -> None:
    """Type into the open record dialog's fields (by name), then save with ctrl+s."""
    dialog = pilot.app.screen
    assert isinstance(dialog, RecordDialog), dialog
    for name, value in values.items():
        field = dialog.query_one(f"#field-{name}")
        assert isinstance(field, Input | Select)
        field.value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


def dialog_error(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#error", Static).render())


def outline_keys(engine: Engine) -> list[tuple[str, str]]:
    with store.reading(engine) as session:
        found = []
        for package in store.outline(session=session, today=TODAY):
            found.append(("package", package.key))
            for plan in package.children:
                found.append(("plan", plan.key))
                found.extend(("component", c.key) for c in plan.children)
        return found


async def test_n_in_the_tree_adds_a_plan_a_component_and_an_action(engine: Engine) -> None:
    """n on the ECP makes a plan, n on that plan a component, n on the component an action;
    the cursor follows what was added, and each lands in the database and the tree."""
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await to_node(pilot, "package", "ECP")
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, code="ECP-2022", title="ECP Action Plan", start="1 July 2022")
        assert ("plan", "ECP-2022") in outline_keys(engine)
        node = tree(pilot).cursor_node
        assert node is not None and node.data is not None and node.data.key == "ECP-2022"

        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, title="Trade facilitation")
        assert ("component", "ECP-2022:1") in outline_keys(engine)

        await to_node(pilot, "component", "ECP-2022:1")
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#title", TextArea).load_text("Publish the guide")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.reading(engine) as session:
            rows = store.list_actions(
                session=session, flt=store.ActionFilter(plan="ECP-2022"), today=TODAY
            )
            plan = store.get_plan(session=session, code="ECP-2022")
        assert [(r.ref, r.title) for r in rows] == [("ECP-2022-1.1", "Publish the guide")]
        assert plan.start_date is not None and plan.start_date.isoformat() == "2022-07-01"


async def test_e_in_the_tree_edits_and_a_taken_code_is_refused_in_the_clis_words(
    engine: Engine,
) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await to_node(pilot, "package", "ECP")
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, code="cep")
        assert dialog_error(pilot).startswith(
            "Package code cep is taken by package CEP (“Compliance and Enforcement Package”)"
        )
        await fill(pilot, code="ECP", name="Economic Competitiveness")
        with store.reading(engine) as session:
            assert store.get_package(session=session, code="ECP").name == (
                "Economic Competitiveness"
            )
        await to_node(pilot, "component", "CEP-2020:2")
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, title="Networks")
        with store.reading(engine) as session:
            component = store.get_component(session=session, spec="CEP-2020:2")
        assert component.title == "Networks"


async def test_d_in_the_tree_archives_after_asking_and_ctrl_z_restores(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        total = len(pilot.app.screen.query_one(ActionTable).rows)
        await to_node(pilot, "plan", "RP-IV")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")  # cancelled: nothing happens
        await settle(pilot)
        assert ("plan", "RP-IV") in outline_keys(engine)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert ("plan", "RP-IV") not in outline_keys(engine)
        await to_node(pilot, "all", "")
        await settle(pilot)
        assert len(pilot.app.screen.query_one(ActionTable).rows) == total - 8
        await pilot.press("ctrl+z")  # a plan is not on screen as an action is: it asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert ("plan", "RP-IV") in outline_keys(engine)


async def test_an_empty_database_starts_from_n(empty_engine: Engine) -> None:
    """An empty database: the table says which key starts, and n makes the first package."""
    async with app_for(empty_engine).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(ActionTable)
        assert table.empty_message.startswith("No packages yet: press n to add the first one")
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, code="XP", name="Example Package")
        assert outline_keys(empty_engine) == [("package", "XP")]
        await to_node(pilot, "package", "XP")
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, code="XP-1", title="First plan")
        assert outline_keys(empty_engine) == [("package", "XP"), ("plan", "XP-1")]


async def test_the_palette_adds_a_body_and_a_meeting(engine: Engine) -> None:
    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.app.run_action("new_body", pilot.app.screen)
        await settle(pilot)
        await fill(pilot, code="KRA", name="Kenya Revenue Authority")
        await pilot.app.run_action("new_meeting", pilot.app.screen)
        await settle(pilot)
        await fill(pilot, code="EC-41", body="EC", number="41", start="2021-03-08")
        with store.reading(engine) as session:
            body = store.get_body(session=session, code="KRA")
            meeting = store.get_meeting(session=session, key="EC-41")
        assert body.kind == "other"
        assert meeting.label == "41st Session of the Enforcement Committee"


async def test_the_palette_lists_add_commands_bodies_and_meetings(engine: Engine) -> None:
    from ptctui.tui.commands import PtcCommands, _targets
    from ptctui.tui.screens.main import MainScreen

    async with app_for(engine).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        targets = {text: (action, args) for text, _, action, args in _targets(screen)}
        assert targets["body: EC Enforcement Committee"] == ("show_body", ("EC",))
        assert targets["meeting: EC-40 40th Session of the Enforcement Committee"] == (
            "edit_meeting",
            ("EC-40",),
        )
        provider = PtcCommands(screen)
        texts = [entry.text for entry in provider.entries()]
        for noun in ("package", "plan", "component", "body", "meeting"):
            assert f"{noun}: add a new {noun}" in texts
        await pilot.app.run_action(("", "show_body", ("SEC",)), screen)  # type: ignore[arg-type]
        await settle(pilot)
        rows = screen.query_one(ActionTable).rows
        with store.reading(engine) as session:
            expected = store.list_actions(
                session=session, flt=store.ActionFilter(body="SEC"), today=TODAY
            )
        assert [r.ref for r in rows] == [r.ref for r in expected] and rows
