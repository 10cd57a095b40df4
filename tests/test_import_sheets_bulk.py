"""A spreadsheet import writes in bulk (``store.sheets.writing``) exactly the rows the journaled
writes make one action at a time: ``add_action``, ``move_action`` to the sheet's status and
``add_update`` with its notes, as the import did row by row before.

Each test prepares one import, makes it the one-by-one way inside a rehearsal (rolled back),
then for real, and compares every row of every table the import touches, UUIDs and instants
aside (ids as ranks: the rows go in in the same order). Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session
from typer.testing import Result

from conftest import BACKENDS, invoke_cli
from ptctui import store
from ptctui.importers.spreadsheet import parse_sheet
from ptctui.store.sheets import NewPlan, SheetImport, import_sheet, prepare_import
from ptctui.store.sheets.writing import place_structure
from ptctui.store.tables import TABLES
from ptctui.workflow import Need, Status, need_for

TODAY = date(2020, 6, 15)
TOUCHED = (
    "plans",
    "components",
    "bodies",
    "actions",
    "action_bodies",
    "status_changes",
    "progress_updates",
    "changes",
)
INSTANTS = {"uuid", "subject_uuid", "at", "created_at", "updated_at"}

SHEET = [
    ["Ref", "Action", "Responsible", "Supporting", "Deadline", "Status", "Notes", "Component"],
    ["", "Regional IPR workshop", "SEC, INTERPOL", "UNODC", "Q3 2020", "in progress", "Venue", "1"],
    ["X-9", "Study on e-commerce", "WGRCF", "", "end of 2021", "", "", "Component 3"],
    ["", "Train border officers", "Kenya and Uganda", "SEC", "2021", "done", "Delivered", "5. New"],
    ["", "Evaluate the pilot", "SEC", "SEC", "May 2021", "postponed", "", "5"],
    ["", "Fund the platform", "Regional Offices", "", "", "on hold", "No donor yet", "1"],
    ["X-10", "Drop the survey", "SEC", "", "FY2019/2020", "cancelled", "Merged into 1.2", "2"],
    ["", "Keep the network", "SEC", "", "", "ongoing", "", "2"],
    ["", "Draft the guide", "INTERPOL", "", "31 May 2022", "", "First draft out", "3"],
]  # fmt: skip


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines."""
    return str(request.param)


def _one_by_one(session: Session, prepared: SheetImport, *, by: str) -> None:
    """The import as it was written before: each action through the journaled writes."""
    # The plan, bodies and components go through the journaled writes in both.
    components = place_structure(session=session, prepared=prepared, by=by)
    note = f"imported from {prepared.source}"
    for planned in prepared.actions:
        action, _ = store.add_action(
            session=session,
            component=components[planned.component],
            title=planned.title,
            by=by,
            description=planned.description,
            deadline=planned.deadline,
            lead=planned.lead,
            supporting=planned.supporting,
            ref=planned.ref,
        )
        if planned.status is not Status.PLANNED:
            need = need_for(Status.PLANNED, planned.status)
            store.move_action(
                session=session,
                action=action,
                status=planned.status,
                by=by,
                note=(planned.notes or note) if need is Need.REASON else note,
                deadline=planned.deadline if need is Need.DEADLINE else None,
            )
        if planned.notes:
            store.add_update(session=session, action=action, text=planned.notes, by=by, as_of=TODAY)
    session.flush()


def _rows(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an import writes, in id order, without UUIDs and instants,
    ids as ranks (a PostgreSQL sequence does not go back when the rehearsal is rolled back):
    each id and each link is the row's place in its table."""
    read = {}
    for name in TOUCHED:
        table = TABLES[name]
        read[name] = [r._asdict() for r in conn.execute(table.select().order_by(table.c.id))]
    rank = {name: {row["id"]: n for n, row in enumerate(rows)} for name, rows in read.items()}
    out = {}
    for name, rows in read.items():
        links = {
            fk.parent.name: fk.column.table.name
            for fk in TABLES[name].foreign_keys
            if fk.column.table.name in rank
        }
        out[name] = [
            tuple(
                rank[name][value]
                if column == "id"
                else rank[links[column]].get(value, value)
                if column in links and value is not None
                else value
                for column, value in row.items()
                if column not in INSTANTS
            )
            for row in rows
        ]
    return out


# A new plan's components are whatever the sheet names: numbered or not.
NEW_PLAN_COMPONENTS = {
    "1": "1. Networks",
    "2": "Training",
    "3": "Data exchange",
    "Component 3": "Data exchange",
}


def _prepare(engine: Engine, new_plan: NewPlan | None) -> SheetImport:
    grid = [[*row[:-1], NEW_PLAN_COMPONENTS.get(row[-1], row[-1])] for row in SHEET]
    sheet = parse_sheet(grid if new_plan else SHEET, name="plan.csv")
    with store.reading(engine) as session:
        prepared = prepare_import(
            session=session,
            sheet=sheet,
            plan=new_plan.code if new_plan else "CEP-2020",
            new_plan=new_plan,
            new_bodies=True,
        )
    assert not prepared.problems and len(prepared.actions) == len(SHEET) - 1
    return prepared


@pytest.mark.parametrize(
    "new_plan", [None, NewPlan(code="DX-2023", package="ECP", title="Data Exchange")]
)
def test_the_bulk_write_makes_the_rows_the_one_by_one_writes_make(
    engine: Engine, new_plan: NewPlan | None
) -> None:
    prepared = _prepare(engine, new_plan)
    with store.rehearsal(engine) as session:
        _one_by_one(session, prepared, by="ana")
        expected = _rows(session.connection())
    with store.writing(engine) as session:
        assert import_sheet(session=session, prepared=prepared, by="ana", today=TODAY) == 8
    with engine.connect() as conn:
        assert _rows(conn) == expected
        # Each action's history is in order: created, then moved, each change after the last.
        sc = TABLES["status_changes"].c
        ours = {r.action_id for r in conn.execute(select(sc.action_id).where(sc.by == "ana"))}
        assert len(ours) == 8
        for action_id in ours:
            instants = list(
                conn.execute(select(sc.at).where(sc.action_id == action_id).order_by(sc.id))
            )
            assert instants == sorted(set(instants))
        ch = TABLES["changes"].c
        journal = [r.at for r in conn.execute(select(ch.at).where(ch.by == "ana").order_by(ch.id))]
        assert journal == sorted(journal)


def test_undo_walks_a_bulk_import_back_entry_by_entry(engine: Engine) -> None:
    """The import's journal is the one-by-one writes': undo reverts the last row's update,
    then its move, then archives it, then the row before."""
    prepared = _prepare(engine, None)
    with store.writing(engine) as session:
        import_sheet(session=session, prepared=prepared, by="ana", today=TODAY)
    last = prepared.actions[-1].ref  # "Draft the guide": added, then its notes
    undone = []
    for _ in range(3):
        with store.writing(engine) as session:
            undone.append(store.undo(session=session, by="ana").summary)
    assert undone[0].startswith(f"undo of: {last}: progress update")
    assert undone[1].startswith(f"undo of: {last}: new action")
    assert prepared.actions[-2].ref in undone[2]
    with store.reading(engine) as session:
        action = store.resolve_action(session=session, ref=last)
        assert action.archived


def _cli(db_arg: str, *args: str) -> Result:
    return invoke_cli("--db", db_arg, *args, env={"PTCTUI_USER": "ana"})


def test_an_import_lists_its_first_actions_and_a_dry_run_lists_them_all(
    db_arg: str, tmp_path: Any
) -> None:
    import csv

    path = tmp_path / "long.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        rows = [["Action", "Component"], *([f"Long sheet row {n}", "1"] for n in range(1, 61))]
        csv.writer(handle).writerows(rows)
    dry = _cli(db_arg, "import", str(path), "--plan", "CEP-2020", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "Long sheet row 60" in dry.stdout and "more action" not in dry.stdout
    done = _cli(db_arg, "import", str(path), "--plan", "CEP-2020")
    assert done.exit_code == 0, done.stderr
    assert "Long sheet row 50" in done.stdout and "Long sheet row 51" not in done.stdout
    assert "… and 10 more actions (--dry-run lists them all)" in done.stdout
    assert "Imported 60 actions into CEP-2020" in done.stdout
