"""The store on real databases: seeding, listing, every write, the journal and undo.

Every test runs on SQLite and on PostgreSQL (when ``PTCTUI_TEST_PG_URL`` names a server).
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from conftest import BACKENDS, TODAY, fingerprint_engine
from ptctui import store
from ptctui.deadlines import DeadlineError
from ptctui.models import ActionEdit, Change, ProgressUpdate, StatusChange
from ptctui.workflow import Status, WorkflowError


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines, for every test of this module."""
    return str(request.param)


def _status(engine: Engine, ref: str) -> Status:
    with store.reading(engine) as session:
        return Status(store.resolve_action(session=session, ref=ref).status)


# --- the bundled data ----------------------------------------------------------------------------


def test_seeded_database_holds_the_whole_document(engine: Engine) -> None:
    with store.reading(engine) as session:
        packages = {p.code: p for p in store.list_packages(session=session, today=TODAY)}
        cep = store.list_actions(
            session=session, flt=store.ActionFilter(plan="CEP-2020"), today=TODAY
        )
        plans = store.list_plans(session=session, today=TODAY)
    assert list(packages) == ["RP", "CEP", "ECP"]
    assert packages["CEP"].tally.total == 48 and packages["ECP"].plans == 0
    assert [sum(1 for r in cep if r.component == n) for n in (1, 2, 3, 4)] == [13, 8, 3, 24]
    assert {p.code: p.endorsed for p in plans}["CEP-2020"] == "EC Feb 2020"


@pytest.mark.parametrize(
    ("ref_title", "status"),
    [
        ("Balkan Gate 2", Status.POSTPONED),
        ("COCAIR VIII", Status.POSTPONED),
        ("COPES", Status.ON_HOLD),
        ("TRIGGER V", Status.CANCELLED),
        ("FinCRIME", Status.COMPLETED),
        ("Illegal Wildlife Trade", Status.IN_PROGRESS),
    ],
)
def test_seeded_actions_carry_the_status_their_text_implies(
    engine: Engine, ref_title: str, status: Status
) -> None:
    with store.reading(engine) as session:
        rows = store.list_actions(
            session=session, flt=store.ActionFilter(search=ref_title), today=TODAY
        )
        first = min(rows, key=lambda r: r.ref) if len(rows) > 1 else rows[0]
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref=first.ref)
        )
    assert detail.action.status == status.value
    assert detail.history[0].target is status  # newest first: the last change is the status


def test_seeded_history_is_consistent_with_every_status(engine: Engine) -> None:
    with store.reading(engine) as session:
        for row in store.list_actions(session=session, today=TODAY):
            detail = store.action_detail(
                session=session, action=store.resolve_action(session=session, ref=row.ref)
            )
            assert detail.history[0].target is row.status
            assert detail.history[-1].source is None


def test_the_yerevan_workshop_is_an_update_of_the_first_action(engine: Engine) -> None:
    with store.reading(engine) as session:
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref="CEP-1.1")
        )
    assert any("Yerevan" in u.text for u in detail.updates)


def test_fincrime_was_completed_on_the_day_it_launched(engine: Engine) -> None:
    with store.reading(engine) as session:
        [row] = store.list_actions(
            session=session, flt=store.ActionFilter(search="FinCRIME"), today=TODAY
        )
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref=row.ref)
        )
    assert detail.history[0].at.date() == date(2019, 10, 21)


def test_seeding_twice_is_refused(engine: Engine) -> None:
    from ptctui.reference.pc0608e import DATASET

    with (
        pytest.raises(store.StoreError, match="already holds data"),
        store.writing(engine) as session,
    ):
        store.seed_reference(session=session, dataset=DATASET)


# --- listing -------------------------------------------------------------------------------------


def test_filters_combine(engine: Engine) -> None:
    with store.reading(engine) as session:

        def refs(**kw: object) -> list[str]:
            flt = store.ActionFilter(**kw)  # type: ignore[arg-type]
            return [r.ref for r in store.list_actions(session=session, flt=flt, today=TODAY)]

        assert refs(component="CEP-2020:3") == ["CEP-3.1", "CEP-3.2", "CEP-3.3"]
        assert refs(component="3", plan="CEP-2020") == ["CEP-3.1", "CEP-3.2", "CEP-3.3"]
        overdue = refs(overdue=True)
        assert overdue and all(r.startswith("CEP") for r in overdue)
        assert set(refs(statuses=(Status.POSTPONED,))) == set(
            refs(statuses=(Status.POSTPONED,), package="cep")
        )
        assert "CEP-1.1" in refs(search="yerevan")  # found through a progress update
        assert refs(body="INTERPOL")
        assert all(
            r.due_date is not None and r.due_date < date(2020, 6, 1)
            for r in store.list_actions(
                session=session,
                flt=store.ActionFilter(due_before=date(2020, 6, 1)),
                today=TODAY,
            )
        )


def test_sorting_by_due_puts_undated_actions_last(engine: Engine) -> None:
    with store.reading(engine) as session:
        rows = store.list_actions(session=session, today=TODAY, sort="due")
    dues = [r.due_date for r in rows]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert dues[: len(dated)] == dated


def test_unknown_names_are_refused_with_the_known_ones(engine: Engine) -> None:
    with store.reading(engine) as session:
        with pytest.raises(store.StoreError, match="no package 'XYZ'; packages are: RP, CEP, ECP"):
            store.list_actions(session=session, flt=store.ActionFilter(package="XYZ"), today=TODAY)
        with pytest.raises(store.StoreError, match="plan CEP-2020 has no component 9"):
            store.get_component(session=session, spec="CEP-2020:9")
        with pytest.raises(store.StoreError, match=re.escape("no action 'CEP-9.9'")):
            store.resolve_action(session=session, ref="CEP-9.9")
        with pytest.raises(store.StoreError, match="unknown sort"):
            store.list_actions(session=session, today=TODAY, sort="colour")


def test_actions_resolve_by_reference_or_uuid_prefix(engine: Engine) -> None:
    with store.reading(engine) as session:
        action = store.resolve_action(session=session, ref="cep-1.3")
        assert store.resolve_action(session=session, ref=action.uuid[:8]).ref == "CEP-1.3"


# --- writes and the journal ----------------------------------------------------------------------


def test_a_move_records_who_when_why_and_the_new_deadline(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-2.1")
        store.move_action(
            session=session,
            action=action,
            status="postponed",
            by="ana",
            note="platform vendor late",
            deadline="Q3 2020",
            meeting="EC-40",
        )
    with store.reading(engine) as session:
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref="CEP-2.1")
        )
        [last] = store.history(session=session, limit=1)
    assert detail.action.status == "postponed"
    assert (detail.action.deadline_label, detail.action.due_date) == ("Q3 2020", date(2020, 9, 30))
    newest = detail.history[0]
    assert (newest.source, newest.target, newest.by, newest.note, newest.deadline) == (
        Status.IN_PROGRESS,
        Status.POSTPONED,
        "ana",
        "platform vendor late",
        "Q3 2020",
    )
    assert last.kind == "move" and last.by == "ana" and "CEP-2.1" in last.summary


@pytest.mark.parametrize(
    ("status", "kwargs", "error"),
    [
        ("postponed", {}, WorkflowError),
        ("postponed", {"deadline": "someday"}, DeadlineError),
        ("cancelled", {}, WorkflowError),
        ("sideways", {}, WorkflowError),
        ("completed", {"meeting": "EC-99"}, store.StoreError),
    ],
)
def test_a_refused_move_leaves_the_database_exactly_as_it_was(
    engine: Engine, status: str, kwargs: dict[str, str], error: type[Exception]
) -> None:
    before = fingerprint_engine(engine)
    with pytest.raises(error), store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-2.1")
        store.move_action(session=session, action=action, status=status, by="ana", **kwargs)
    assert fingerprint_engine(engine) == before


def test_a_write_failing_half_way_is_rolled_back_whole(engine: Engine) -> None:
    """The action row is flushed before the unknown body is found; nothing may remain."""
    before = fingerprint_engine(engine)
    with (
        pytest.raises(store.StoreError, match="no body 'NOBODY'"),
        store.writing(engine) as session,
    ):
        component = store.get_component(session=session, spec="CEP-2020:1")
        store.add_action(
            session=session, component=component, title="Half", by="ana", lead=["SEC", "NOBODY"]
        )
    assert fingerprint_engine(engine) == before


def test_undo_reverts_a_move_and_keeps_both_in_history(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-4.13")
        moved = store.move_action(
            session=session, action=action, status="cancelled", by="ana", note="funds withdrawn"
        )
    with store.writing(engine) as session:  # Bo undoes Ana's change: he names it
        undo = store.undo(session=session, by="bo", change_id=moved.id)
    assert undo.summary == "undo of: CEP-4.13: postponed → cancelled"
    with store.reading(engine) as session:
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref="CEP-4.13")
        )
        journal = store.history(session=session, limit=2)
    assert detail.action.status == "postponed" and detail.action.deadline_label == "2021"
    assert [h.target for h in detail.history[:2]] == [Status.POSTPONED, Status.CANCELLED]
    assert detail.history[0].by == "bo"
    assert [(c.kind, c.undone) for c in journal] == [("undo", False), ("move", True)]


def test_undo_retracts_an_update_and_steps_back_through_the_journal(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.5")
        store.add_update(
            session=session,
            action=action,
            text="Draft sent to members",
            by="ana",
            as_of=date(2020, 5, 2),
        )
        store.move_action(session=session, action=action, status="completed", by="ana")
    with store.writing(engine) as session:
        store.undo(session=session, by="ana")
    with store.writing(engine) as session:
        store.undo(session=session, by="ana")
    with store.reading(engine) as session:
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref="CEP-1.5")
        )
        retracted = session.exec(
            select(ProgressUpdate).where(ProgressUpdate.text == "Draft sent to members")
        ).one()
    assert detail.action.status == "in_progress"
    assert all(u.text != "Draft sent to members" for u in detail.updates)
    assert retracted.retracted  # kept, only hidden
    with store.writing(engine) as session, pytest.raises(store.StoreError, match="nothing to undo"):
        store.undo(session=session, by="ana")


def test_edit_changes_fields_and_bodies_and_undo_restores_them(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.8")
        old_title, old_roles = (
            action.title,
            store.bodies_of(session=session, action_id=action.id or 0),
        )
        change = store.edit_action(
            session=session,
            action=action,
            edit=ActionEdit(title="IPR handbook, 2nd draft", deadline="end of 2021"),
            by="ana",
            lead=["EC"],
            supporting=["INTERPOL", "SEC"],
        )
    assert change.summary == "CEP-1.8: edited title, deadline, responsible bodies"
    with store.reading(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.8")
        assert action.due_date == date(2021, 12, 31)
        assert store.bodies_of(session=session, action_id=action.id or 0) == {
            "lead": ["EC"],
            "supporting": ["INTERPOL", "SEC"],
        }
    with store.writing(engine) as session:
        store.undo(session=session, by="ana")
    with store.reading(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-1.8")
        assert action.title == old_title and action.deadline_label is None
        assert store.bodies_of(session=session, action_id=action.id or 0) == old_roles


def test_an_edit_that_changes_nothing_is_refused(engine: Engine) -> None:
    with store.writing(engine) as session, pytest.raises(store.StoreError, match="nothing to"):
        action = store.resolve_action(session=session, ref="CEP-1.8")
        store.edit_action(
            session=session, action=action, edit=ActionEdit(title=action.title), by="ana"
        )


def test_new_actions_take_the_next_reference_and_start_planned(engine: Engine) -> None:
    with store.writing(engine) as session:
        component = store.get_component(session=session, spec="CEP-2020:3")
        action, _ = store.add_action(
            session=session,
            component=component,
            by="ana",
            title="Meet the Egmont Group",
            kind="workshop",
            deadline="Q4 2020",
            lead=["SEC"],
            supporting=["EGMONT"],
        )
    assert action.ref == "CEP-3.4"
    with store.reading(engine) as session:
        detail = store.action_detail(
            session=session, action=store.resolve_action(session=session, ref="CEP-3.4")
        )
        rows = store.list_actions(
            session=session, flt=store.ActionFilter(component="CEP-2020:3"), today=TODAY
        )
    assert detail.action.status == "planned" and detail.history[0].by == "ana"
    assert detail.lead == ["SEC"] and detail.supporting == ["EGMONT"]
    assert rows[-1].ref == "CEP-3.4"  # listed after the component's existing actions
    with store.writing(engine) as session:
        store.undo(session=session, by="ana")
    with store.reading(engine) as session:
        rows = store.list_actions(
            session=session, flt=store.ActionFilter(component="CEP-2020:3"), today=TODAY
        )
    assert [r.ref for r in rows] == ["CEP-3.1", "CEP-3.2", "CEP-3.3"]


def test_archived_actions_are_hidden_not_deleted(engine: Engine) -> None:
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-4.14")
        store.set_archived(session=session, action=action, archived=True, by="ana")
    with store.reading(engine) as session:
        visible = [r.ref for r in store.list_actions(session=session, today=TODAY)]
        everything = store.list_actions(
            session=session, flt=store.ActionFilter(include_archived=True), today=TODAY
        )
    assert "CEP-4.14" not in visible
    assert [r.archived for r in everything if r.ref == "CEP-4.14"] == [True]
    with store.writing(engine) as session, pytest.raises(store.StoreError, match="already"):
        action = store.resolve_action(session=session, ref="CEP-4.14")
        store.set_archived(session=session, action=action, archived=True, by="ana")


def test_history_never_loses_a_row(engine: Engine) -> None:
    with store.reading(engine) as session:
        status_rows = len(session.exec(select(StatusChange)).all())
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref="CEP-2.1")
        store.move_action(session=session, action=action, status="completed", by="ana")
    with store.writing(engine) as session:
        store.undo(session=session, by="ana")
    with store.reading(engine) as session:
        assert len(session.exec(select(StatusChange)).all()) == status_rows + 2
        assert len(session.exec(select(Change)).all()) == 2


# --- writers queue -------------------------------------------------------------------------------

MOVER = """
import sys, time
from pathlib import Path

from ptctui import db, store

url, go, worker, moves = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
refs = sys.argv[5:]
following = {
    "planned": "in_progress",
    "in_progress": "ongoing",
    "ongoing": "completed",
    "completed": "in_progress",
}
engine = db.make_engine(url)
while not go.exists():
    time.sleep(0.005)
for n in range(moves):
    with store.writing(engine) as session:
        action = store.resolve_action(session=session, ref=refs[n % len(refs)])
        store.move_action(
            session=session,
            action=action,
            status=following[action.status],
            by=f"worker {worker}",
            note=f"{worker}/{n}",
        )
"""


def test_concurrent_writers_queue_and_each_sees_the_last_status(
    engine: Engine, tmp_path: Path
) -> None:
    """Processes moving the same actions at once: every move kept, none on a stale status.

    Each move is checked by the workflow against the status it read; had two writers read
    the same status, two history rows would start from it and the chain below would break.
    """
    refs, workers, moves = ["CEP-4.6", "CEP-4.7", "CEP-1.2"], 4, 100
    with store.reading(engine) as session:
        before = len(session.exec(select(StatusChange)).all())
    go = tmp_path / "go"
    url = engine.url.render_as_string(hide_password=False)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", MOVER, url, str(go), str(w), str(moves), *refs],
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    go.touch()
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors

    with store.reading(engine) as session:
        changes = session.exec(select(StatusChange).order_by(col(StatusChange.id))).all()
        journal = session.exec(select(Change).where(Change.kind == "move")).all()
        assert len(changes) == before + workers * moves
        assert len(journal) == workers * moves
        notes = {c.note for c in changes}
        assert {f"{w}/{n}" for w in range(workers) for n in range(moves)} <= notes
        for ref in refs:
            action = store.resolve_action(session=session, ref=ref)
            chain = [c for c in changes if c.action_id == action.id]
            for earlier, later in itertools.pairwise(chain):
                assert later.from_status == earlier.to_status, (ref, earlier.note, later.note)
            assert chain[-1].to_status == action.status


def test_the_store_hands_on_every_name_of_its_rooms_and_imports_them_when_asked() -> None:
    """``store.X`` reaches every public name of the rooms, each room imported on first use
    (the app's first frame needs only the listing), in a fresh interpreter."""
    import subprocess
    import sys

    import ptctui.store as package

    assert sorted(package.__all__) == sorted(package._HOMES)
    for name in package.__all__:
        assert getattr(package, name) is not None
    script = (
        "import sys, ptctui.store as s; s.list_actions; "
        "print(sorted(m for m in sys.modules if m.startswith('ptctui.store.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert "ptctui.store.listing" in loaded
    for room in ("reporting", "seed", "changes", "undo", "merge", "sheets"):
        assert f"ptctui.store.{room}'" not in loaded
