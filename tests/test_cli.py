"""The ``ptctui`` command line, run the way a user runs it.

Every command is invoked through Typer's ``CliRunner`` on a fresh seeded database (``db_arg``:
a copy of the SQLite file, or a PostgreSQL database when ``PTCTUI_TEST_PG_URL`` names a server;
the tests that use ``cli`` run on both), with ``PTCTUI_TODAY=2020-06-15`` so that "overdue" is
stable. Each test checks
what a user would notice: the text printed, the exit code and the one-line error of a bad
command, and the database afterwards (read back through ``ptctui.store`` or another command).
A few tests start a real interpreter to check what the command line imports.

Tests marked ``xfail(strict=True)`` show bugs in ``src/`` that are known and not yet fixed.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select
from typer.testing import Result

from conftest import BACKENDS, CLI_ENV, fingerprint, fingerprint_db, invoke_cli, make_workspace
from ptctui import db, migrate, store
from ptctui.models import Action, Meeting, StatusChange
from ptctui.workflow import TRANSITIONS, Status

TODAY = "2020-06-15"

BASE_ENV = CLI_ENV  # what every run starts from (conftest)

ALL_ACTIONS = 56  # 8 in the Revenue Package, 48 in the CEP
CEP_ACTIONS = 48
CEP_COMPONENT_1 = [f"CEP-1.{n}" for n in range(1, 14)]
JSON_FIELDS = {
    "uuid",
    "ref",
    "title",
    "status",
    "kind",
    "package",
    "plan",
    "component",
    "component_title",
    "lead",
    "deadline",
    "due_date",
    "latest_update",
    "overdue",
    "archived",
}

Invoke = Callable[..., Result]


def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Run ``ptctui ARGS`` in-process with the base environment (plus ``env``)."""
    return invoke_cli(*args, env=env)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines, for every test here that uses a seeded database through ``db_arg``."""
    return str(request.param)


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    """``ptctui --db <the seeded database> ARGS``."""

    def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return run("--db", db_arg, *args, env=env)

    return invoke


def ok(result: Result) -> Result:
    """Assert the command succeeded, showing what it printed if not."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception
    return result


def one_line_error(result: Result) -> str:
    """Assert a clean user error: exit 1, one ``error:`` line on stderr, nothing on stdout."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception  # SystemExit only
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and len(lines[0]) > len("error: ")
    return lines[0]


def as_json(result: Result) -> Any:
    """The command's stdout, parsed as JSON."""
    return json.loads(ok(result).stdout)


def refs(cli: Invoke, *args: str) -> list[str]:
    """The refs ``actions --json ARGS`` lists, in its order."""
    return [row["ref"] for row in as_json(cli("actions", "--json", *args))]


@contextmanager
def reading(path: str | Path) -> Iterator[Session]:
    """A read-only session on the database (a path or URL), to check what a command left."""
    engine = db.make_engine(db.url_for(path))
    try:
        with store.reading(engine) as session:
            yield session
    finally:
        engine.dispose()


def detail(path: str | Path, ref: str) -> store.ActionDetail:
    """Everything the database holds about one action."""
    with reading(path) as session:
        action = store.resolve_action(session=session, ref=ref)
        return store.action_detail(session=session, action=action)


def journal(path: str | Path, ref: str | None = None) -> list[store.ChangeView]:
    """The change journal (of one action), newest first."""
    with reading(path) as session:
        action = store.resolve_action(session=session, ref=ref) if ref else None
        return store.history(session=session, action=action, limit=100)


# --- reading: packages and plans -----------------------------------------------------------------


def test_packages_lists_every_package_with_its_progress(cli: Invoke) -> None:
    """The package list shows each package, its lead and how many of its actions are done."""
    result = ok(cli("packages"))
    out = result.stdout
    for text in ("Revenue Package", "Compliance and Enforcement Package", "WGRCF", "PTC"):
        assert text in out
    assert "13/48" in out  # CEP: 13 completed of 48
    assert "0/8" in out  # RP: nothing completed yet
    assert "0/0" in out  # ECP: no plan in PC0608E
    assert "13 completed" in out and "2 postponed" in out
    assert result.stderr == ""  # an existing database: no notice


def test_plans_lists_both_plans_with_their_endorsements(cli: Invoke) -> None:
    """Each plan is listed with its period and who endorsed it when."""
    out = ok(cli("plans")).stdout
    assert "RP-IV" in out and "Revenue Package Phase IV Action Plan" in out
    assert "endorsed PC Jun 2019, CNL Jun 2019" in out
    assert "CEP-2020" in out and "CEP Action Plan 2020/2021" in out
    assert "endorsed EC Feb 2020" in out


@pytest.mark.parametrize("package", ["CEP", "cep"])
def test_plans_of_one_package(cli: Invoke, package: str) -> None:
    """``--package`` keeps that package's plans only, whatever the case of the code."""
    out = ok(cli("plans", "--package", package)).stdout
    assert "CEP-2020" in out
    assert "RP-IV" not in out


# --- reading: actions ----------------------------------------------------------------------------


def test_actions_json_lists_every_action_with_its_fields(cli: Invoke) -> None:
    """``actions --json`` is parseable and carries the same fields for every action."""
    rows = as_json(cli("actions", "--json"))
    assert len(rows) == ALL_ACTIONS
    assert all(set(row) == JSON_FIELDS for row in rows)
    assert sum(row["package"] == "CEP" for row in rows) == CEP_ACTIONS
    first = rows[0]
    assert first["ref"] == "RP-1.1" and first["plan"] == "RP-IV" and first["lead"] == "SEC"
    assert first["status"] == "ongoing" and first["kind"] == "workshop"
    assert first["latest_update"] == "2020-03-01"
    by_ref = {row["ref"]: row for row in rows}
    assert by_ref["CEP-4.12"]["deadline"] == "2020"
    assert by_ref["CEP-4.12"]["due_date"] == "2020-12-31"
    assert by_ref["CEP-1.2"]["latest_update"] is None
    assert {r for r, row in by_ref.items() if row["overdue"]} == {"CEP-2.1", "CEP-4.24"}


def test_a_streamed_json_list_is_one_document_one_item_a_line(
    monkeypatch: pytest.MonkeyPatch, cli: Invoke
) -> None:
    """``actions --json`` writes rows as the cursor gives them, a chunk at a time; whatever
    the chunking, the output is one JSON list with one action per line."""
    import ptctui.cli.reading as cli_module  # where `actions` finds it

    whole = cli("actions", "--json").stdout
    streamed = cli_module.emit_json_list
    monkeypatch.setattr(
        cli_module, "emit_json_list", lambda items: streamed(items, chunk=7)
    )  # 56 actions: eight chunks
    chunked = ok(cli("actions", "--json")).stdout
    assert chunked == whole
    lines = chunked.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == ALL_ACTIONS + 2
    assert all(line.endswith("},") for line in lines[1:-2]) and lines[-2].endswith("}")
    assert ok(cli("actions", "--json", "--search", "no such words")).stdout == "[]\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(("--package", "CEP"), None, id="package"),
        pytest.param(
            ("--package", "RP"),
            ["RP-1.1", "RP-1.2", "RP-1.3", "RP-2.1", "RP-2.2", "RP-2.3", "RP-2.4", "RP-2.5"],
            id="package-rp",
        ),
        pytest.param(
            ("--plan", "RP-IV"),
            ["RP-1.1", "RP-1.2", "RP-1.3", "RP-2.1", "RP-2.2", "RP-2.3", "RP-2.4", "RP-2.5"],
            id="plan",
        ),
        pytest.param(("--component", "CEP-2020:1"), CEP_COMPONENT_1, id="component-spec"),
        pytest.param(
            ("--component", "1", "--plan", "CEP-2020"), CEP_COMPONENT_1, id="component-number"
        ),
        pytest.param(
            ("--status", "postponed", "--status", "on_hold"),
            ["CEP-1.3", "CEP-4.12", "CEP-4.13"],
            id="statuses",
        ),
        pytest.param(
            ("--body", "INTERPOL"), ["CEP-2.2", "CEP-3.2", "CEP-4.11", "CEP-4.17"], id="body"
        ),
        pytest.param(("--overdue",), ["CEP-2.1", "CEP-4.24"], id="overdue"),
        pytest.param(
            ("--due-before", "31 Dec 2020"),
            ["CEP-1.10", "CEP-2.1", "CEP-2.3", "CEP-2.8", "CEP-4.1", "CEP-4.15", "CEP-4.24"],
            id="due-before",
        ),
        pytest.param(("--search", "yerevan"), ["CEP-1.1"], id="search"),
        pytest.param(("--body", "EC"), [], id="body-with-no-action"),
    ],
)
def test_actions_filters(cli: Invoke, args: tuple[str, ...], expected: list[str] | None) -> None:
    """Each filter keeps exactly the actions it names, in document order."""
    found = refs(cli, *args)
    if expected is None:  # the whole CEP
        assert len(found) == CEP_ACTIONS
        assert all(r.startswith("CEP-") for r in found)
    else:
        assert found == expected


def test_actions_component_4_has_24_operations(cli: Invoke) -> None:
    """``--component CEP-2020:4`` (or ``4 --plan CEP-2020``) lists component 4's 24 actions."""
    rows = as_json(cli("actions", "--json", "--component", "CEP-2020:4"))
    assert len(rows) == 24
    assert {row["component"] for row in rows} == {4}
    assert rows[0]["component_title"].startswith("Component 4")
    assert refs(cli, "--component", "4", "--plan", "CEP-2020") == [r["ref"] for r in rows]


def test_status_filter_accepts_the_status_as_people_write_it(cli: Invoke) -> None:
    """``--status "in progress"`` and ``--status in-progress`` mean in_progress."""
    canonical = refs(cli, "--status", "in_progress")
    assert len(canonical) == 17
    assert refs(cli, "--status", "in progress") == canonical
    assert refs(cli, "--status", "In-Progress") == canonical


def test_search_finds_text_that_is_only_in_a_progress_update(cli: Invoke) -> None:
    """A word found only in an update (not title or description) still finds the action."""
    shown = as_json(cli("show", "CEP-1.1", "--json"))
    assert "yerevan" not in (shown["title"] + shown["description"]).lower()
    assert any("Yerevan" in u["text"] for u in shown["updates"])
    assert refs(cli, "--search", "Yerevan") == ["CEP-1.1"]


def test_search_folds_accented_capitals_as_the_app_does(cli: Invoke) -> None:
    """WCO titles are often French: "état" finds "État …", in any case, as in the app."""
    ok(cli("add", "État des lieux des douanes", "-c", "CEP-2020:1", "--by", "tester"))
    assert refs(cli, "--search", "état") == ["CEP-1.14"]
    assert refs(cli, "--search", "ÉTAT DES") == ["CEP-1.14"]


def test_search_no_longer_finds_an_undone_update(cli: Invoke) -> None:
    """Once an update is undone its words stop finding the action."""
    ok(cli("update", "CEP-4.6", "Zanzibar customs workshop held", "--by", "tester"))
    assert refs(cli, "--search", "zanzibar") == ["CEP-4.6"]
    ok(cli("undo", "--by", "tester"))
    assert refs(cli, "--search", "zanzibar") == []


def test_sort_by_due_date_puts_the_earliest_first_and_undated_last(cli: Invoke) -> None:
    """``--sort due`` orders by due date; actions without a deadline come after."""
    rows = as_json(cli("actions", "--json", "--package", "CEP", "--sort", "due"))
    assert len(rows) == CEP_ACTIONS
    dues = [row["due_date"] for row in rows]
    dated = [d for d in dues if d is not None]
    assert dues[: len(dated)] == dated == sorted(dated)
    assert all(d is None for d in dues[len(dated) :])
    assert rows[0]["ref"] == "CEP-4.1"  # first quarter 2020
    assert refs(cli, "--package", "CEP") != [row["ref"] for row in rows]


def test_sort_by_title(cli: Invoke) -> None:
    """``--sort title`` orders alphabetically, ignoring case."""
    titles = [row["title"] for row in as_json(cli("actions", "--json", "--sort", "title"))]
    assert titles == sorted(titles, key=str.lower)


def test_actions_table_counts_actions_and_overdue_ones(cli: Invoke) -> None:
    """The table's title counts the rows and the overdue ones; overdue deadlines get a ⚠."""
    out = ok(cli("actions", "--package", "CEP")).stdout
    assert "48 actions, 2 overdue" in out
    assert "⚠ May 2020" in out and "⚠ March 2020" in out
    assert "⚠ 2021" not in out
    lines = [line for line in out.splitlines() if line.strip().startswith("CEP-")]
    assert len(lines) == CEP_ACTIONS


def test_actions_table_title_is_singular_for_one_action(cli: Invoke) -> None:
    """One row reads "1 action", not "1 actions"; no overdue count when none is."""
    out = ok(cli("actions", "--search", "Yerevan")).stdout
    assert re.search(r"\b1 action\b", out)
    assert "1 actions" not in out and "overdue" not in out


def test_overdue_depends_on_the_day(cli: Invoke) -> None:
    """``PTCTUI_TODAY`` decides what is overdue: nothing was overdue on 1 January 2020."""
    assert refs(cli, "--overdue") == ["CEP-2.1", "CEP-4.24"]
    assert as_json(cli("actions", "--json", "--overdue", env={"PTCTUI_TODAY": "2020-01-01"})) == []


# --- show ----------------------------------------------------------------------------------------


def test_show_prints_one_action_in_full(cli: Invoke, db_arg: str) -> None:
    """``show CEP-4.12`` gives the status, deadline, updates, history and UUID."""
    uuid = detail(db_arg, "CEP-4.12").action.uuid
    out = ok(cli("show", "CEP-4.12")).stdout
    assert "CEP-4.12" in out and "Balkan Gate 2 (IPR)" in out
    assert "postponed" in out
    assert "2020-12-31" in out
    assert "Component 4 – Operations" in out
    assert "Postponed because of Coronavirus related safety issues" in out
    assert "Progress updates" in out and "Status history" in out
    assert "new deadline: 2020" in out
    assert uuid in out


def test_show_json(cli: Invoke) -> None:
    """``show --json`` gives the action, its bodies, updates and status history as data."""
    data = as_json(cli("show", "CEP-4.12", "--json"))
    assert data["ref"] == "CEP-4.12" and data["status"] == "postponed"
    assert data["kind"] == "operation" and data["plan"] == "CEP-2020" and data["component"] == 4
    assert data["lead"] == ["SEC"] and data["supporting"] == []
    assert (data["deadline"], data["due_date"]) == ("2020", "2020-12-31")
    assert data["archived"] is False
    assert len(data["updates"]) == 1 and data["updates"][0]["as_of"] == "2020-03-01"
    assert [(h["from"], h["to"]) for h in data["history"]] == [
        ("planned", "postponed"),
        (None, "planned"),
    ]
    assert data["history"][0]["deadline"] == "2020"


def test_show_accepts_any_case_of_the_reference(cli: Invoke) -> None:
    """``show cep-4.12`` is the same action as ``show CEP-4.12``."""
    assert as_json(cli("show", "cep-4.12", "--json"))["ref"] == "CEP-4.12"


@pytest.mark.parametrize("length", [4, 8, 36])
def test_show_by_uuid_prefix(cli: Invoke, length: int) -> None:
    """A UUID, or a unique prefix of it (even in capitals), finds the action."""
    row = next(r for r in as_json(cli("actions", "--json")) if r["ref"] == "CEP-4.12")
    prefix = row["uuid"][:length]
    others = [r["uuid"] for r in as_json(cli("actions", "--json")) if r["ref"] != "CEP-4.12"]
    if any(u.startswith(prefix) for u in others):  # pragma: no cover - 1 in ~1200 for 4 chars
        pytest.skip("random UUIDs happen to share this prefix")
    assert as_json(cli("show", prefix, "--json"))["ref"] == "CEP-4.12"
    assert as_json(cli("show", prefix.upper(), "--json"))["ref"] == "CEP-4.12"


def test_show_ambiguous_uuid_prefix_names_the_candidates(cli: Invoke, db_arg: str) -> None:
    """A prefix two actions share is refused with both named, not a guess."""
    target = detail(db_arg, "CEP-4.12").action.uuid
    other = detail(db_arg, "CEP-4.6").action.uuid
    crafted = target[:8] + other[8:]  # CEP-4.6 now shares its first 8 characters with CEP-4.12
    engine = db.make_engine(db.url_for(db_arg))
    with engine.begin() as conn:
        conn.execute(update(Action).where(col(Action.ref) == "CEP-4.6").values(uuid=crafted))
    engine.dispose()
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("show", target[:8]))
    assert f"'{target[:8]}' is ambiguous" in line
    assert "CEP-4.6" in line and "CEP-4.12" in line
    assert fingerprint_db(db_arg) == before
    assert as_json(cli("show", target, "--json"))["ref"] == "CEP-4.12"  # the whole UUID is unique
    assert as_json(cli("show", crafted[:10], "--json"))["ref"] == "CEP-4.6"


# --- move ----------------------------------------------------------------------------------------


def test_move_records_the_new_status_who_and_why(cli: Invoke, db_arg: str) -> None:
    """A move changes the status and records note, meeting and user in the history."""
    result = ok(
        cli(
            "move",
            "CEP-4.6",
            "in_progress",
            "--note",
            "kick-off",
            "--meeting",
            "EC-40",
            "--by",
            "tester",
        )
    )
    assert result.stdout == "CEP-4.6: planned → in progress\n"
    assert result.stderr == ""
    after = detail(db_arg, "CEP-4.6")
    assert after.action.status == Status.IN_PROGRESS
    latest = after.history[0]
    assert (latest.source, latest.target) == (Status.PLANNED, Status.IN_PROGRESS)
    assert (latest.by, latest.note) == ("tester", "kick-off")
    with reading(db_arg) as session:
        change = session.exec(
            select(StatusChange)
            .where(StatusChange.action_id == after.action.id)
            .order_by(col(StatusChange.id).desc())
        ).first()
        meeting = session.exec(select(Meeting).where(Meeting.key == "EC-40")).one()
        assert change is not None and change.meeting_id == meeting.id
    entry = journal(db_arg)[0]
    assert (entry.kind, entry.by, entry.ref, entry.note) == (
        "move",
        "tester",
        "CEP-4.6",
        "kick-off",
    )
    assert refs(cli, "--status", "in_progress").count("CEP-4.6") == 1


def test_move_to_postponed_sets_the_new_deadline(cli: Invoke, db_arg: str) -> None:
    """Postponing with ``--deadline`` replaces the deadline and its due date."""
    ok(cli("move", "CEP-4.6", "postponed", "--deadline", "Q1 2021", "--by", "tester"))
    data = as_json(cli("show", "CEP-4.6", "--json"))
    assert data["status"] == "postponed"
    assert (data["deadline"], data["due_date"]) == ("Q1 2021", "2021-03-31")
    assert data["history"][0]["deadline"] == "Q1 2021"
    assert data["history"][0]["by"] == "tester"


def test_move_to_postponed_without_a_deadline_is_refused(cli: Invoke, db_arg: str) -> None:
    """Postponing needs a new deadline: one clear line, exit 1, nothing written."""
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("move", "CEP-4.6", "postponed", "--by", "tester"))
    assert line == "error: moving to postponed needs a new deadline (--deadline)"
    assert fingerprint_db(db_arg) == before


def test_refused_move_names_the_allowed_moves(cli: Invoke, db_arg: str) -> None:
    """A move the workflow forbids says which moves are allowed from where the action is."""
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("move", "CEP-1.4", "cancelled", "--note", "no longer needed"))
    assert line == (
        "error: cannot move from completed to cancelled; "
        "allowed from completed: in_progress, ongoing"
    )
    assert fingerprint_db(db_arg) == before
    assert detail(db_arg, "CEP-1.4").action.status == Status.COMPLETED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("CEP-4.6", "frozen"),
            "error: unknown status 'frozen'; statuses are: planned, in_progress, ongoing, "
            "completed, postponed, on_hold, cancelled",
            id="unknown-status",
        ),
        pytest.param(
            ("CEP-9.9", "completed"),
            "error: no action 'CEP-9.9'; list them with `ptctui actions --search TEXT`",
            id="unknown-ref",
        ),
        pytest.param(
            ("CEP-4.6", "on_hold"),
            "error: moving to on_hold needs a reason (--note)",
            id="on-hold-without-reason",
        ),
        pytest.param(
            ("CEP-1.4", "in_progress"),
            "error: reopening a completed action needs a note (--note)",
            id="reopen-without-note",
        ),
        pytest.param(
            ("CEP-4.6", "planned"),
            "error: cannot move from planned to planned; allowed from planned: in_progress, "
            "ongoing, completed, postponed, on_hold, cancelled",
            id="same-status",
        ),
    ],
)
def test_move_errors(cli: Invoke, db_arg: str, args: tuple[str, ...], message: str) -> None:
    """Each refused move explains itself in one line and leaves the database alone."""
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("move", *args)) == message
    assert fingerprint_db(db_arg) == before


def test_move_with_an_unreadable_deadline_shows_the_accepted_forms(
    cli: Invoke, db_arg: str
) -> None:
    """A deadline the parser cannot read is echoed with the forms it does accept."""
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("move", "CEP-4.6", "postponed", "--deadline", "soonish"))
    assert line.startswith("error: cannot read deadline 'soonish'; accepted forms: ")
    for form in ("2020-05-31", "31 May 2020", "Q1 2020", "FY2019/2020"):
        assert form in line
    assert fingerprint_db(db_arg) == before


def test_move_with_an_unknown_meeting_lists_the_meetings(cli: Invoke, db_arg: str) -> None:
    """``--meeting`` must name a known meeting; the message lists them."""
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("move", "CEP-4.6", "completed", "--meeting", "EC-99"))
    assert line.startswith("error: no meeting 'EC-99'; meetings are: ")
    assert "EC-40" in line and "WGRCF-6" in line
    assert fingerprint_db(db_arg) == before


def test_move_accepts_the_status_as_people_write_it(cli: Invoke, db_arg: str) -> None:
    """``move CEP-4.6 "In progress"`` is understood."""
    ok(cli("move", "CEP-4.6", "In progress", "--by", "tester"))
    assert detail(db_arg, "CEP-4.6").action.status == Status.IN_PROGRESS


def test_postponing_again_to_a_new_date_is_allowed(cli: Invoke, db_arg: str) -> None:
    """A postponed action can be postponed again, to a new deadline."""
    ok(cli("move", "CEP-4.12", "postponed", "--deadline", "mid-2021", "--by", "tester"))
    action = detail(db_arg, "CEP-4.12").action
    assert (action.status, action.deadline_label) == (Status.POSTPONED, "mid-2021")
    assert action.due_date is not None and action.due_date.isoformat() == "2021-06-30"


@pytest.mark.parametrize(
    ("global_by", "command_by", "env_user", "recorded"),
    [
        pytest.param("chief", None, None, "chief", id="global-option"),
        pytest.param("chief", "tester", None, "tester", id="command-option-wins"),
        pytest.param(None, None, "alice", "alice", id="environment"),
        pytest.param(None, "tester", "alice", "tester", id="option-beats-environment"),
    ],
)
def test_who_is_recorded(
    db_arg: str,
    global_by: str | None,
    command_by: str | None,
    env_user: str | None,
    recorded: str,
) -> None:
    """``--by`` (after the command, or before it) and ``PTCTUI_USER`` decide who is recorded."""
    args = ["--db", db_arg]
    if global_by:
        args += ["--by", global_by]
    args += ["move", "CEP-4.6", "ongoing"]
    if command_by:
        args += ["--by", command_by]
    ok(run(*args, env={"PTCTUI_USER": env_user}))
    assert detail(db_arg, "CEP-4.6").history[0].by == recorded
    assert journal(db_arg)[0].by == recorded


# --- update --------------------------------------------------------------------------------------


def test_update_with_a_date_and_a_meeting(cli: Invoke, db_arg: str) -> None:
    """A dated update tied to a meeting is stored with its author and shown first."""
    result = ok(
        cli(
            "update",
            "CEP-4.6",
            "Operation planned with 12 Members",
            "--date",
            "31 May 2020",
            "--meeting",
            "EC-40",
            "--by",
            "tester",
        )
    )
    assert result.stdout == "CEP-4.6: progress update of 2020-05-31\n"
    latest = detail(db_arg, "CEP-4.6").updates[0]
    assert latest.as_of.isoformat() == "2020-05-31"
    assert latest.text == "Operation planned with 12 Members"
    assert latest.author == "tester"
    assert latest.meeting == "40th Session of the Enforcement Committee"
    row = next(r for r in as_json(cli("actions", "--json")) if r["ref"] == "CEP-4.6")
    assert row["latest_update"] == "2020-05-31"
    out = ok(cli("show", "CEP-4.6")).stdout
    assert "2020-05-31  40th Session of the Enforcement Committee  — tester" in out
    assert journal(db_arg)[0].kind == "update"


def test_update_without_a_date_is_dated_today(cli: Invoke, db_arg: str) -> None:
    """Without ``--date`` the update is dated today (``PTCTUI_TODAY``)."""
    ok(cli("update", "CEP-4.6", "Still planning", "--by", "tester"))
    assert detail(db_arg, "CEP-4.6").updates[0].as_of.isoformat() == TODAY


@pytest.mark.parametrize(
    ("args", "check"),
    [
        pytest.param(
            ("update", "CEP-4.6", "Still planning", "--date", "today", "--by", "tester"),
            "update",
            id="update--date-today",
        ),
        pytest.param(("actions", "--json", "--due-before", "today"), "due", id="due-before-today"),
    ],
)
def test_the_word_today_means_ptctui_today(
    cli: Invoke, db_arg: str, args: tuple[str, ...], check: str
) -> None:
    """``--date today`` and ``--due-before today`` follow ``PTCTUI_TODAY`` like everything else."""
    result = ok(cli(*args))
    if check == "update":
        assert detail(db_arg, "CEP-4.6").updates[0].as_of.isoformat() == TODAY
    else:
        found = [row["ref"] for row in json.loads(result.stdout)]
        assert found == ["CEP-2.1", "CEP-4.1", "CEP-4.24"]  # due before 2020-06-15


def test_update_with_a_bad_date_says_which_forms_work(cli: Invoke, db_arg: str) -> None:
    """``--date 31/05/2020`` is refused with the forms that are accepted."""
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("update", "CEP-4.6", "text", "--date", "31/05/2020"))
    assert line == "error: --date: cannot read date '31/05/2020'; use YYYY-MM-DD or '31 May 2020'"
    assert fingerprint_db(db_arg) == before


@pytest.mark.parametrize("text", ["", "   "])
def test_update_needs_some_text(cli: Invoke, db_arg: str, text: str) -> None:
    """An empty update is refused."""
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("update", "CEP-4.6", text)) == (
        "error: a progress update needs some text"
    )
    assert fingerprint_db(db_arg) == before


# --- add -----------------------------------------------------------------------------------------


def test_add_creates_a_planned_action_with_the_next_free_ref(cli: Invoke, db_arg: str) -> None:
    """A new action gets the component's next reference, starts planned and is listed."""
    result = ok(
        cli(
            "add",
            "Draft a CEP e-learning module",
            "--component",
            "CEP-2020:1",
            "--kind",
            "study",
            "--lead",
            "SEC",
            "--supporting",
            "INTERPOL",
            "--deadline",
            "Q4 2020",
            "--by",
            "tester",
        )
    )
    assert re.fullmatch(
        r"Added CEP-1\.14 \([0-9a-f]{8}\): Draft a CEP e-learning module\n", result.stdout
    )
    rows = as_json(cli("actions", "--json", "--component", "CEP-2020:1"))
    assert [r["ref"] for r in rows] == [*CEP_COMPONENT_1, "CEP-1.14"]
    new = rows[-1]
    assert new["status"] == "planned" and new["kind"] == "study"
    assert (new["lead"], new["deadline"], new["due_date"]) == ("SEC", "Q4 2020", "2020-12-31")
    assert result.stdout.split("(")[1][:8] == new["uuid"][:8]
    full = detail(db_arg, "CEP-1.14")
    assert full.supporting == ["INTERPOL"]
    assert [(h.source, h.target, h.by, h.note) for h in full.history] == [
        (None, Status.PLANNED, "tester", "created")
    ]
    entry = journal(db_arg)[0]
    assert (entry.kind, entry.by, entry.ref) == ("add", "tester", "CEP-1.14")
    assert len(refs(cli)) == ALL_ACTIONS + 1


def test_add_with_a_component_number_and_a_plan(cli: Invoke) -> None:
    """``--component 2 --plan CEP-2020`` is the same as ``--component CEP-2020:2``."""
    out = ok(cli("add", "Pilot a new CEN module", "--component", "2", "--plan", "CEP-2020")).stdout
    assert out.startswith("Added CEP-2.9 ")
    assert refs(cli, "--component", "CEP-2020:2")[-1] == "CEP-2.9"


def test_adding_twice_numbers_on(cli: Invoke) -> None:
    """Two new actions in one component get consecutive references."""
    ok(cli("add", "First", "--component", "CEP-2020:3"))
    ok(cli("add", "Second", "--component", "CEP-2020:3", "--ref", "CEP-3.10"))
    ok(cli("add", "Third", "--component", "CEP-2020:3"))
    assert refs(cli, "--component", "CEP-2020:3") == [
        "CEP-3.1",
        "CEP-3.2",
        "CEP-3.3",
        "CEP-3.4",
        "CEP-3.10",
        "CEP-3.11",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("--component", "CEP-2020:9"),
            "error: plan CEP-2020 has no component 9; it has: 1, 2, 3, 4",
            id="no-such-component",
        ),
        pytest.param(
            ("--component", "9"),
            "error: give the component as PLAN:NUMBER (e.g. CEP-2020:1), not '9'",
            id="number-without-plan",
        ),
        pytest.param(
            ("--component", "NOPE:1"),
            "error: no plan 'NOPE'; plans are: RP-IV, CEP-2020",
            id="no-such-plan",
        ),
        pytest.param(
            ("--component", "CEP-2020:1", "--kind", "party"),
            "error: unknown kind 'party'; kinds are: action, operation, project, workshop, study",
            id="bad-kind",
        ),
        pytest.param(
            ("--component", "CEP-2020:1", "--start", "2020-05-01", "--end", "2020-04-01"),
            "error: the end date 2020-04-01 is before the start date 2020-05-01",
            id="end-before-start",
        ),
        pytest.param(
            ("--component", "CEP-2020:1", "--ref", "cep-1.1"),
            "error: the reference cep-1.1 is taken",
            id="ref-taken",
        ),
        pytest.param(
            ("--component", "CEP-2020:1", "--start", "someday"),
            "error: --start: cannot read date 'someday'; use YYYY-MM-DD or '31 May 2020'",
            id="bad-start",
        ),
        pytest.param(
            ("--component", "CEP-2020:1", "--lead", "NOPE"),
            "error: no body 'NOPE'; bodies are: C4ADS, CNL, EC, EGMONT, EUROPOL, FRONTEX, GIIS, "
            "INTERPOL, JICA, OSCE, PC, PTC, SEC, TTA, UNODC, WGPM, WGRCF",
            id="bad-lead",
        ),
    ],
)
def test_add_errors(cli: Invoke, db_arg: str, args: tuple[str, ...], message: str) -> None:
    """A new action that cannot be placed or is inconsistent is refused, nothing added."""
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("add", "A new action", *args)) == message
    assert fingerprint_db(db_arg) == before


def test_add_needs_a_title(cli: Invoke, db_arg: str) -> None:
    """A blank title is refused."""
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("add", "  ", "--component", "CEP-2020:1"))
    assert line == "error: an action needs a title"
    assert fingerprint_db(db_arg) == before


# --- edit ----------------------------------------------------------------------------------------


def test_edit_changes_title_deadline_and_bodies(cli: Invoke, db_arg: str) -> None:
    """Edited fields are stored; ``--lead``/``--supporting`` replace the bodies."""
    result = ok(
        cli(
            "edit",
            "CEP-4.11",
            "--title",
            "PANGEA XIII",
            "--deadline",
            "Q3 2020",
            "--lead",
            "SEC",
            "--supporting",
            "INTERPOL",
            "--supporting",
            "EUROPOL",
            "--note",
            "new edition",
            "--by",
            "tester",
        )
    )
    assert result.stdout == "CEP-4.11: edited title, deadline, responsible bodies\n"
    after = detail(db_arg, "CEP-4.11")
    assert after.action.title == "PANGEA XIII"
    assert after.action.deadline_label == "Q3 2020"
    assert after.action.due_date is not None and after.action.due_date.isoformat() == "2020-09-30"
    assert after.lead == ["SEC"]
    assert after.supporting == ["INTERPOL", "EUROPOL"]
    entry = journal(db_arg)[0]
    assert (entry.kind, entry.by, entry.note) == ("edit", "tester", "new edition")
    assert refs(cli, "--body", "EUROPOL") == ["CEP-2.2", "CEP-4.11"]
    row = next(r for r in as_json(cli("actions", "--json")) if r["ref"] == "CEP-4.11")
    assert (row["lead"], row["title"]) == ("SEC", "PANGEA XIII")  # was led by INTERPOL


def test_edit_with_an_empty_deadline_clears_it(cli: Invoke, db_arg: str) -> None:
    """``--deadline ''`` removes the deadline and with it the overdue mark."""
    ok(cli("edit", "CEP-2.1", "--deadline", "", "--by", "tester"))
    action = detail(db_arg, "CEP-2.1").action
    assert (action.deadline_label, action.due_date) == (None, None)
    assert refs(cli, "--overdue") == ["CEP-4.24"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param((), "error: nothing to change on CEP-4.6", id="nothing"),
        pytest.param(
            ("--title", "DOUBLETON (targeting the illicit trafficking of alcohol products)"),
            "error: nothing to change on CEP-4.6",
            id="same-title",
        ),
        pytest.param(("--lead", "SEC"), "error: nothing to change on CEP-4.6", id="same-lead"),
        pytest.param(
            ("--lead", "NOPE"),
            "error: no body 'NOPE'; bodies are: C4ADS, CNL, EC, EGMONT, EUROPOL, FRONTEX, GIIS, "
            "INTERPOL, JICA, OSCE, PC, PTC, SEC, TTA, UNODC, WGPM, WGRCF",
            id="bad-body",
        ),
        pytest.param(("--title", " "), "error: an action needs a title", id="blank-title"),
        pytest.param(
            ("--kind", "party"),
            "error: unknown kind 'party'; kinds are: action, operation, project, workshop, study",
            id="bad-kind",
        ),
        pytest.param(
            ("--start", "2020-05-01", "--end", "2020-04-01"),
            "error: the end date 2020-04-01 is before the start date 2020-05-01",
            id="end-before-start",
        ),
    ],
)
def test_edit_errors(cli: Invoke, db_arg: str, args: tuple[str, ...], message: str) -> None:
    """An edit that changes nothing or names unknown things is refused, nothing written."""
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("edit", "CEP-4.6", *args)) == message
    assert fingerprint_db(db_arg) == before


def test_edit_start_after_the_existing_end_is_refused(cli: Invoke, db_arg: str) -> None:
    """A new start date is checked against the end date already stored."""
    before = fingerprint_db(db_arg)
    line = one_line_error(cli("edit", "CEP-4.1", "--start", "2019-12-01"))
    assert line == "error: the end date 2019-10-11 is before the start date 2019-12-01"
    assert fingerprint_db(db_arg) == before


# --- archive and restore -------------------------------------------------------------------------


def test_archive_hides_an_action_and_restore_brings_it_back(cli: Invoke, db_arg: str) -> None:
    """Archived actions leave lists and tallies but stay readable; restore undoes it."""
    result = ok(cli("archive", "CEP-4.6", "--note", "duplicate", "--by", "tester"))
    assert result.stdout == "CEP-4.6: archived\n"
    assert "CEP-4.6" not in refs(cli)
    assert len(refs(cli)) == ALL_ACTIONS - 1
    shown = [r for r in as_json(cli("actions", "--json", "--archived")) if r["ref"] == "CEP-4.6"]
    assert len(shown) == 1 and shown[0]["archived"] is True
    assert "13/47" in ok(cli("packages")).stdout
    assert "yes (hidden from lists)" in ok(cli("show", "CEP-4.6")).stdout
    entry = journal(db_arg)[0]
    assert (entry.kind, entry.by, entry.note) == ("archive", "tester", "duplicate")

    assert ok(cli("restore", "CEP-4.6", "--by", "tester")).stdout == "CEP-4.6: restored\n"
    assert "CEP-4.6" in refs(cli)
    assert detail(db_arg, "CEP-4.6").action.archived is False
    assert "13/48" in ok(cli("packages")).stdout


def test_archiving_twice_and_restoring_a_live_action_are_refused(cli: Invoke, db_arg: str) -> None:
    """Archive of an archived action, or restore of a live one, says so."""
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("restore", "CEP-4.6")) == "error: CEP-4.6 is not archived"
    assert fingerprint_db(db_arg) == before
    ok(cli("archive", "CEP-4.6"))
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("archive", "CEP-4.6")) == "error: CEP-4.6 is already archived"
    assert fingerprint_db(db_arg) == before


# --- history and undo ----------------------------------------------------------------------------


def test_history_on_a_fresh_database_says_there_is_none(cli: Invoke) -> None:
    """The bundled data is not a change: the journal starts empty."""
    result = ok(cli("history"))
    assert result.stdout == "No changes recorded yet.\n"


def test_history_lists_changes_newest_first_and_per_action(cli: Invoke) -> None:
    """``history`` shows who changed what; ``history REF`` only that action's changes."""
    ok(cli("move", "CEP-4.6", "in_progress", "--by", "tester"))
    ok(cli("update", "CEP-4.12", "New date under discussion", "--by", "other"))
    out = ok(cli("history")).stdout
    assert out.index("CEP-4.12: progress update of 2020-06-15") < out.index(
        "CEP-4.6: planned → in progress"
    )
    assert "tester" in out and "other" in out
    assert "New date under discussion" in out  # the update's text is the note
    one = ok(cli("history", "CEP-4.6")).stdout
    assert "CEP-4.6: planned → in progress" in one and "CEP-4.12" not in one
    assert ok(cli("history", "CEP-4.13")).stdout == "No changes recorded yet.\n"
    limited = ok(cli("history", "--limit", "1")).stdout
    assert "CEP-4.12" in limited and "CEP-4.6" not in limited


def test_undo_after_a_move_restores_the_status_and_is_recorded(cli: Invoke, db_arg: str) -> None:
    """Undo puts the status back; both the move (struck out) and the undo stay in history."""
    ok(cli("move", "CEP-4.6", "in_progress", "--by", "tester"))
    result = ok(cli("undo", "--by", "tester"))
    assert result.stdout == "Undo of: CEP-4.6: planned → in progress\n"
    after = detail(db_arg, "CEP-4.6")
    assert after.action.status == Status.PLANNED
    assert (after.history[0].source, after.history[0].target) == (
        Status.IN_PROGRESS,
        Status.PLANNED,
    )
    entries = journal(db_arg)
    assert [(e.kind, e.undone, e.by) for e in entries] == [
        ("undo", False, "tester"),
        ("move", True, "tester"),
    ]
    out = ok(cli("history")).stdout
    assert "undo of: CEP-4.6: planned → in progress" in out
    assert "CEP-4.6: planned → in progress (undone)" in out


def test_undo_on_a_fresh_database_has_nothing_to_undo(cli: Invoke, db_arg: str) -> None:
    """With no change made, undo refuses rather than touching the bundled data."""
    before = fingerprint_db(db_arg)
    assert one_line_error(cli("undo")) == "error: nothing to undo"
    assert fingerprint_db(db_arg) == before


def test_repeated_undo_walks_further_back(cli: Invoke, db_arg: str) -> None:
    """Each undo reverts the next most recent change, until there is nothing left."""
    ok(cli("move", "CEP-4.6", "postponed", "--deadline", "Q1 2021", "--by", "tester"))
    ok(cli("update", "CEP-4.6", "Waiting for funds", "--by", "tester"))
    ok(cli("edit", "CEP-4.6", "--lead", "INTERPOL", "--supporting", "SEC", "--by", "tester"))

    assert ok(cli("undo", "--by", "tester")).stdout == (
        "Undo of: CEP-4.6: edited responsible bodies\n"
    )
    after = detail(db_arg, "CEP-4.6")
    assert (after.lead, after.supporting) == (["SEC"], [])
    assert len(after.updates) == 1

    assert ok(cli("undo", "--by", "tester")).stdout == (
        "Undo of: CEP-4.6: progress update of 2020-06-15\n"
    )
    after = detail(db_arg, "CEP-4.6")
    assert after.updates == []
    assert after.action.status == Status.POSTPONED

    assert ok(cli("undo", "--by", "tester")).stdout == "Undo of: CEP-4.6: planned → postponed\n"
    action = detail(db_arg, "CEP-4.6").action
    assert (action.status, action.deadline_label, action.due_date) == (Status.PLANNED, None, None)

    before = fingerprint_db(db_arg)
    assert one_line_error(cli("undo", "--by", "tester")) == "error: nothing to undo"
    assert fingerprint_db(db_arg) == before
    assert [e.kind for e in journal(db_arg)] == ["undo"] * 3 + ["edit", "update", "move"]


def test_undo_of_a_postponement_restores_the_old_deadline(cli: Invoke, db_arg: str) -> None:
    """Undoing a postponement brings back the deadline the action had before."""
    ok(cli("move", "CEP-4.24", "postponed", "--deadline", "2021", "--by", "tester"))
    ok(cli("undo", "--by", "tester"))
    data = as_json(cli("show", "CEP-4.24", "--json"))
    assert (data["status"], data["deadline"], data["due_date"]) == (
        "planned",
        "March 2020",
        "2020-03-31",
    )
    assert "CEP-4.24" in refs(cli, "--overdue")


def test_undo_of_an_add_takes_the_new_action_out_of_lists(cli: Invoke) -> None:
    """Undoing an ``add`` hides the new action again."""
    ok(cli("add", "Short-lived", "--component", "CEP-2020:1", "--by", "tester"))
    assert "CEP-1.14" in refs(cli)
    assert ok(cli("undo", "--by", "tester")).stdout == (
        "Undo of: CEP-1.14: new action “Short-lived”\n"
    )
    assert "CEP-1.14" not in refs(cli)
    assert len(refs(cli)) == ALL_ACTIONS


# --- statuses ------------------------------------------------------------------------------------


def test_statuses_lists_the_workflow(cli: Invoke) -> None:
    """A table: each status with the moves allowed from it and what they need."""
    lines = ok(cli("statuses")).stdout.strip().splitlines()
    assert lines[0].split() == ["Status", "Can", "move", "to"]
    rows = [line.strip() for line in lines[2:]]  # after the header's rule
    assert [row.split()[0] for row in rows] == [s.value for s in Status]
    by_status = {row.split()[0]: row.split(None, 1)[1] for row in rows}
    assert by_status["planned"] == (
        "in_progress, ongoing, completed, postponed (needs deadline), "
        "on_hold (needs reason), cancelled (needs reason)"
    )
    assert by_status["completed"] == "in_progress (needs note), ongoing (needs note)"
    for source, moves in TRANSITIONS.items():
        listed = by_status[source.value]
        assert [part.split(" (")[0] for part in listed.split(", ")] == [t.value for t in moves]


# --- init ----------------------------------------------------------------------------------------


def test_init_makes_a_seeded_workspace_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` creates db/ptctui.db and exports/, loads the bundled data, and says so."""
    monkeypatch.chdir(tmp_path)
    result = ok(run("init"))
    database = tmp_path / "db" / "ptctui.db"
    assert database.is_file() and (tmp_path / "exports").is_dir()
    assert result.stderr == (
        f"Created {database} with the bundled PC0608E data ({ALL_ACTIONS} actions)\n"
    )
    assert result.stdout == (
        f"Workspace ready: database {database}, exports in {tmp_path / 'exports'}\n"
    )
    rows = as_json(run("actions", "--json", "--package", "CEP"))  # found from here
    assert len(rows) == CEP_ACTIONS


def test_init_empty_has_no_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``init --empty`` makes a workspace without the bundled data."""
    monkeypatch.chdir(tmp_path)
    result = ok(run("init", "--empty"))
    database = tmp_path / "db" / "ptctui.db"
    assert result.stderr == f"Created an empty database at {database}\n"
    with reading(database) as session:
        assert store.list_packages(session=session, today=date(2020, 6, 15)) == []
    assert as_json(run("actions", "--json")) == []
    assert "Compliance" not in ok(run("packages")).stdout


def test_init_where_a_database_exists_is_refused(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` never touches an existing database."""
    monkeypatch.chdir(db_path.parent.parent)
    before = fingerprint(db_path)
    line = one_line_error(run("init"))
    assert line == f"error: a database already exists at {db_path}; use it, or remove it first"
    assert fingerprint(db_path) == before


def test_init_on_an_existing_database_given_as_a_url_is_refused(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--db sqlite:///…`` naming an existing database is refused like a plain path."""
    monkeypatch.chdir(db_path.parent.parent)  # a URL's workspace is the current folder
    before = fingerprint(db_path)
    one_line_error(run("--db", f"sqlite:///{db_path}", "init"))
    assert fingerprint(db_path) == before


def test_init_on_a_postgresql_database_makes_the_schema_and_seeds_it(
    new_pg_database: Callable[[str | None], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--db postgresql+psycopg://…`` works like a file: init, then every command, then
    ``init`` again is refused; the workspace (exports/) is the current folder."""
    monkeypatch.chdir(tmp_path)
    url = new_pg_database(None)  # a blank database, as `createdb` leaves it
    assert "schema:   none yet" in ok(run("--db", url, "db", "info")).stdout
    result = ok(run("--db", url, "init"))
    assert result.stderr == f"Created {url} with the bundled PC0608E data ({ALL_ACTIONS} actions)\n"
    assert result.stdout == f"Workspace ready: database {url}, exports in {tmp_path / 'exports'}\n"
    assert len(as_json(run("actions", "--json", env={"PTCTUI_DB": url}))) == ALL_ACTIONS
    assert ok(run("--db", url, "db", "info")).stdout.splitlines() == [
        f"database: {url} (option)",
        f"exports:  {tmp_path / 'exports'}",
        f"schema:   {migrate.HEAD_REVISION} (this ptctui: {migrate.HEAD_REVISION})",
    ]
    assert ok(run("--db", url, "db", "upgrade")).stdout == (
        f"{url} is up to date (schema {migrate.HEAD_REVISION})\n"
    )
    before = fingerprint_db(url)
    line = one_line_error(run("--db", url, "init"))
    assert line == f"error: a database already exists at {url}; use it, or remove it first"
    assert fingerprint_db(url) == before


def test_a_password_in_a_url_is_never_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``db info`` and errors show the server's URL with the password masked."""
    monkeypatch.chdir(tmp_path)
    url = "postgresql+psycopg://ana:s3cret@/nowhere?host=/nonexistent"
    result = run("--db", url, "db", "info")
    assert "s3cret" not in result.stdout + result.stderr
    assert "database: postgresql+psycopg://ana:***@/nowhere?host=/nonexistent (option)" in (
        result.stdout
    )


def test_db_info_in_a_new_folder_leaves_it_ready_for_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looking before leaping: ``db info`` in a new folder creates nothing, so ``init`` works."""
    monkeypatch.chdir(tmp_path)
    assert "schema:   no database yet" in ok(run("db", "info")).stdout
    assert not (tmp_path / "db" / "ptctui.db").exists()
    ok(run("init"))


# --- workspace discovery -------------------------------------------------------------------------


def test_a_subfolder_of_a_workspace_uses_its_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like git: from deep inside a workspace, the workspace's db/ptctui.db is used."""
    inner = db_path.parent.parent / "notes" / "2020"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    info = ok(run("db", "info")).stdout
    assert f"database: {db_path} (found)" in info
    assert f"exports:  {db_path.parent.parent / 'exports'}" in info
    result = ok(run("move", "CEP-4.6", "ongoing", "--by", "tester"))
    assert result.stderr == ""
    assert detail(db_path, "CEP-4.6").action.status == Status.ONGOING
    assert not (inner / "db").exists()


def test_ptctui_db_beats_discovery_and_db_option_beats_ptctui_db(
    db_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--db`` first, then ``PTCTUI_DB``, then the nearest workspace."""
    empty = make_workspace(tmp_path_factory.mktemp("other"), seed=False)
    monkeypatch.chdir(db_path.parent.parent)  # inside the seeded workspace
    assert len(as_json(run("actions", "--json"))) == ALL_ACTIONS
    env = {"PTCTUI_DB": str(empty)}
    assert as_json(run("actions", "--json", env=env)) == []
    assert f"database: {empty} (environment)" in ok(run("db", "info", env=env)).stdout
    assert len(as_json(run("--db", str(db_path), "actions", "--json", env=env))) == ALL_ACTIONS
    info = ok(run("--db", str(db_path), "db", "info", env=env)).stdout
    assert f"database: {db_path} (option)" in info


def test_a_command_in_a_folder_without_a_workspace_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a workspace a command says where it looked and what to do, and leaves no
    database behind; after `ptctui init` (which says so once, on stderr) the same command works.
    """
    monkeypatch.chdir(tmp_path)
    for args in (("actions", "--json"), ("move", "CEP-4.6", "in_progress"), ("db", "check")):
        line = one_line_error(run(*args))
        assert line == (
            f"error: no workspace here: no db/ptctui.db in {tmp_path} or any folder above it; "
            "run `ptctui init` to make one, or name a database with --db PATH"
        )
    assert list(tmp_path.iterdir()) == []
    database = tmp_path / "db" / "ptctui.db"
    made = ok(run("init"))
    assert made.stderr.splitlines() == [
        f"Created {database} with the bundled PC0608E data ({ALL_ACTIONS} actions)"
    ]
    listed = ok(run("actions", "--json", "--package", "CEP"))
    assert listed.stderr == ""
    assert len(json.loads(listed.stdout)) == CEP_ACTIONS  # stdout is still pure JSON


# --- db upkeep -----------------------------------------------------------------------------------


def test_db_info_says_where_the_database_is_and_its_schema(db_path: Path) -> None:
    """Three lines: the database and how it was found, the exports folder, the schema."""
    assert ok(run("--db", str(db_path), "db", "info")).stdout.splitlines() == [
        f"database: {db_path} (option)",
        f"exports:  {db_path.parent.parent / 'exports'}",
        f"schema:   {migrate.HEAD_REVISION} (this ptctui: {migrate.HEAD_REVISION})",
    ]


def test_db_upgrade_on_an_up_to_date_database_changes_nothing(db_path: Path) -> None:
    """Upgrading a current database says so and makes no backup."""
    before = fingerprint(db_path)
    result = ok(run("--db", str(db_path), "db", "upgrade"))
    assert result.stdout == f"{db_path} is up to date (schema {migrate.HEAD_REVISION})\n"
    assert fingerprint(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_db_upgrade_of_an_old_schema_backs_it_up(tmp_path: Path) -> None:
    """An older schema is upgraded, and a backup of the old file goes to backups/ beside it."""
    path = tmp_path / "old.db"
    engine = db.make_engine(db.url_for(path))
    migrate.upgrade(engine, "0001")
    engine.dispose()
    result = ok(run("--db", str(path), "db", "upgrade"))
    assert result.stdout.startswith(
        f"Upgraded {path} from schema 0001 to {migrate.HEAD_REVISION}; "
    )
    backups = list((tmp_path / "backups").glob("old-*-before-migration.db"))
    assert len(backups) == 1 and f"backup at {backups[0]}" in result.stdout
    assert f"schema:   {migrate.HEAD_REVISION}" in ok(run("--db", str(path), "db", "info")).stdout


# --- the bare command ----------------------------------------------------------------------------


def test_bare_ptctui_opens_the_app_on_the_workspace_database(
    cli: Invoke, db_arg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a sub-command the Textual app is run on the database, for the right user/day."""
    import gc

    import ptctui.tui.app

    seen: dict[str, object] = {}

    def run(**kwargs: object) -> None:
        seen.update(kwargs, collecting=gc.isenabled())

    monkeypatch.setattr(ptctui.tui.app, "run", run)
    result = ok(cli("--by", "ana"))
    assert result.stderr == ""
    # The collector is stopped while the app starts, and runs again whatever happens after.
    assert seen["collecting"] is False and gc.isenabled()
    url = seen["engine"].url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    assert url == db.url_for(db_arg)
    assert seen["by"] == "ana" and str(seen["today"]) == "2020-06-15"


def test_version(cli: Invoke) -> None:
    """``--version`` prints the installed version."""
    from importlib.metadata import version

    assert ok(cli("--version")).stdout == f"ptctui {version('ptctui')}\n"


# --- user text is data ---------------------------------------------------------------------------

HOSTILE = "[bold red]x[/] <script>alert(1)</script> | *not emphasis*"


def test_user_text_is_printed_literally(cli: Invoke, db_arg: str) -> None:
    """Markup-looking titles and updates print exactly as typed, everywhere."""
    added = ok(cli("add", HOSTILE, "--component", "CEP-2020:1", "--by", "tester"))
    assert HOSTILE in added.stdout
    ok(cli("update", "CEP-1.14", "[link=http://x]click[/link] **bold**", "--by", "tester"))
    assert detail(db_arg, "CEP-1.14").action.title == HOSTILE
    listing = ok(cli("actions", "--component", "CEP-2020:1")).stdout
    assert HOSTILE in listing
    shown = ok(cli("show", "CEP-1.14")).stdout
    assert HOSTILE in shown
    assert "[link=http://x]click[/link] **bold**" in shown
    assert as_json(cli("show", "CEP-1.14", "--json"))["title"] == HOSTILE
    assert HOSTILE in ok(cli("history")).stdout


# --- every failure is one line -------------------------------------------------------------------

BAD_INVOCATIONS: list[Any] = [
    pytest.param(("show", "CEP-9.9"), None, id="show-unknown"),
    pytest.param(("show", " "), None, id="show-blank"),
    pytest.param(("show", "abc"), None, id="show-short-unknown"),
    pytest.param(("history", "CEP-9.9"), None, id="history-unknown"),
    pytest.param(("plans", "--package", "XX"), None, id="plans-unknown-package"),
    pytest.param(("actions", "--package", "XX"), None, id="actions-unknown-package"),
    pytest.param(("actions", "--plan", "XX"), None, id="actions-unknown-plan"),
    pytest.param(("actions", "--component", "4"), None, id="actions-component-without-plan"),
    pytest.param(("actions", "--component", "CEP-2020:x"), None, id="actions-component-nan"),
    pytest.param(("actions", "--component", "CEP-2020:7"), None, id="actions-no-component"),
    pytest.param(("actions", "--status", "frozen"), None, id="actions-unknown-status"),
    pytest.param(("actions", "--body", "XX"), None, id="actions-unknown-body"),
    pytest.param(("actions", "--due-before", "whenever"), None, id="actions-bad-date"),
    pytest.param(("actions", "--sort", "weird"), None, id="actions-bad-sort"),
    pytest.param(("move", "CEP-4.6", "postponed"), None, id="move-needs-deadline"),
    pytest.param(("move", "CEP-1.4", "cancelled", "--note", "x"), None, id="move-refused"),
    pytest.param(("move", "CEP-4.6", "frozen"), None, id="move-unknown-status"),
    pytest.param(("move", "nope", "completed"), None, id="move-unknown-ref"),
    pytest.param(
        ("move", "CEP-4.6", "postponed", "--deadline", "soon\nish"), None, id="move-bad-deadline"
    ),
    pytest.param(("move", "CEP-4.6", "completed", "--meeting", "X"), None, id="move-bad-meeting"),
    pytest.param(("update", "CEP-4.6", "x", "--date", "32 May 2020"), None, id="update-bad-date"),
    pytest.param(("update", "CEP-4.6", "\n"), None, id="update-blank"),
    pytest.param(("update", "CEP-4.6", "x", "--meeting", "X"), None, id="update-bad-meeting"),
    pytest.param(("add", "x", "--component", "CEP-2020:9"), None, id="add-bad-component"),
    pytest.param(("add", "x", "--component", "1", "--plan", "XX"), None, id="add-bad-plan"),
    pytest.param(("add", "x", "--component", "CEP-2020:1", "--deadline", "?"), None, id="add-dl"),
    pytest.param(("add", "x", "--component", "CEP-2020:1", "--kind", "y"), None, id="add-kind"),
    pytest.param(("edit", "CEP-4.6"), None, id="edit-nothing"),
    pytest.param(("edit", "CEP-4.6", "--supporting", "XX"), None, id="edit-bad-body"),
    pytest.param(("edit", "CEP-4.6", "--deadline", "later"), None, id="edit-bad-deadline"),
    pytest.param(("edit", "CEP-4.6", "--end", "yesterday-ish"), None, id="edit-bad-end"),
    pytest.param(("edit", "nope", "--title", "x"), None, id="edit-unknown-ref"),
    pytest.param(("archive", "nope"), None, id="archive-unknown-ref"),
    pytest.param(("restore", "CEP-4.6"), None, id="restore-live"),
    pytest.param(("undo",), None, id="undo-nothing"),
    pytest.param(("actions",), {"PTCTUI_TODAY": "garbage"}, id="bad-ptctui-today"),
]


@pytest.mark.parametrize(("args", "env"), BAD_INVOCATIONS)
def test_every_user_error_is_one_line_and_changes_nothing(
    cli: Invoke, db_arg: str, args: tuple[str, ...], env: dict[str, str] | None
) -> None:
    """Exit 1, a single ``error:`` line on stderr, no traceback, the database untouched."""
    before = fingerprint_db(db_arg)
    one_line_error(cli(*args, env=env))
    assert fingerprint_db(db_arg) == before


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    """A --db that is a folder, not a file, fails with one line saying so."""
    line = one_line_error(run("--db", str(tmp_path), "actions"))
    assert line == f"error: {tmp_path} is a folder, not a ptctui database"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        pytest.param(
            ("history", "--limit", "0"),
            "error: invalid value for '--limit' / '-n': ",
            id="limit-below-one",
        ),
        pytest.param(("move", "CEP-4.6"), "error: missing argument 'status'", id="no-argument"),
        pytest.param(("frobnicate",), "error: no such command 'frobnicate'", id="unknown-command"),
        pytest.param(("actions", "--colour"), "error: no such option: --colour", id="no-option"),
        pytest.param(
            ("actions", "--sort"), "error: option '--sort' requires an argument", id="no-value"
        ),
        pytest.param(("db", "nosuch"), "error: no such command 'nosuch'", id="in-a-group"),
    ],
)
def test_usage_errors_are_one_line_exit_2_with_a_hint(
    cli: Invoke, db_arg: str, args: tuple[str, ...], line: str
) -> None:
    """Mistyped commands are usage errors: one ``error:`` line like every other error, ending
    with the command whose --help would have helped; exit 2 (Click's code for them)."""
    before = fingerprint_db(db_arg)
    result = cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    [shown] = result.stderr.splitlines()
    command = "ptctui " + args[0] if args[0] != "frobnicate" else "ptctui"
    assert shown.startswith(line) and shown.endswith(f" (see `{command} --help`)"), shown
    assert fingerprint_db(db_arg) == before


def test_an_export_with_nothing_after_it_still_shows_its_help(cli: Invoke) -> None:
    """``ptctui export`` alone lists the exports (Click's help for a bare group), not an error."""
    result = cli("export")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ptctui export [OPTIONS] COMMAND")
    assert "intersessional" in result.stderr and "error:" not in result.stderr


@pytest.mark.parametrize("term", ["%", "_"])
def test_search_for_a_wildcard_character_is_literal(cli: Invoke, term: str) -> None:
    """No title, description or update contains '%' or '_', so searching for one finds none."""
    assert refs(cli, "--search", term) == []


def test_underscores_are_not_a_uuid_prefix(cli: Invoke) -> None:
    """``show ____`` names no action: it should say so, not list ten 'matches'."""
    line = one_line_error(cli("show", "____"))
    assert line.startswith("error: no action '____'")


# --- what the command line imports (real interpreters) -------------------------------------------

PROBE = textwrap.dedent(
    """
    import json, sys
    import ptctui.cli
    sys.argv = ["ptctui", *json.loads(sys.argv[1])]
    code = 0
    try:
        ptctui.cli.app(prog_name="ptctui")
    except SystemExit as exc:
        code = exc.code or 0
    loaded = {name: name in sys.modules for name in ("textual", "sqlmodel", "sqlalchemy")}
    print("\\n@@PROBE@@" + json.dumps({"code": code, "loaded": loaded}))
    """
)


def probe(args: list[str], cwd: Path) -> tuple[str, dict[str, Any]]:
    """Run the command line in a new interpreter; return its output and what it imported."""
    env = {**os.environ, **{k: v for k, v in BASE_ENV.items() if v is not None}}
    for key in (k for k, v in BASE_ENV.items() if v is None):
        env.pop(key, None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    output, _, report = done.stdout.rpartition("\n@@PROBE@@")
    return output, json.loads(report)


def test_a_sub_command_never_imports_textual(db_path: Path) -> None:
    """``ptctui actions --json`` works without loading the terminal-app framework."""
    output, report = probe(["--db", str(db_path), "actions", "--json"], db_path.parent)
    assert report["code"] == 0
    assert len(json.loads(output)) == ALL_ACTIONS
    assert report["loaded"]["textual"] is False
    assert report["loaded"]["sqlmodel"] is True  # the probe does see what a command loads


def test_help_is_fast_it_imports_neither_sqlmodel_nor_textual(tmp_path: Path) -> None:
    """``ptctui --help`` loads no database or UI library, and creates no database."""
    output, report = probe(["--help"], tmp_path)
    assert report["code"] == 0
    assert "Usage: ptctui" in output and "actions" in output and "undo" in output
    assert report["loaded"] == {"textual": False, "sqlmodel": False, "sqlalchemy": False}
    assert not (tmp_path / "db").exists()
    # Commands in the order of a day's work: set up, read, change, exchange, upkeep.
    listed = [line.split()[0] for line in output.split("Commands:")[1].splitlines() if line]
    assert listed == [
        "init", "packages", "plans", "components", "bodies", "meetings",
        "actions", "show", "history", "statuses",
        "move", "update", "add", "edit", "archive", "restore", "undo", "redo", "meet",
        "import", "sync", "db", "export", "documents",
    ]  # fmt: skip


def test_python_dash_m_ptctui(tmp_path: Path) -> None:
    """``python -m ptctui --help`` runs the same command line."""
    done = subprocess.run(
        [sys.executable, "-m", "ptctui", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: ptctui" in done.stdout
    assert "Track WCO packages, action plans and actions." in done.stdout


EXIT_PROBE = textwrap.dedent(
    """
    import atexit, gc, json, sys
    def report():
        state = {"collecting": gc.isenabled(), "frozen": gc.get_freeze_count(),
                 "tracked": len(gc.get_objects())}
        print("@@GC@@" + json.dumps(state), file=sys.stderr)
    atexit.register(report)
    sys.argv = ["ptctui", *sys.argv[1:]]
    from ptctui.cli import main
    main()
    """
)


def test_the_console_script_leaves_the_collector_nothing_at_exit(db_path: Path) -> None:
    """``ptctui`` runs one command and ends: the collector stays off for the command, and what
    is alive at its end is frozen, so the interpreter's last collection walks nothing (it took
    85 ms of ``actions --json``). The output is whole."""
    done = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, "--db", str(db_path), "actions", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == ALL_ACTIONS
    state = json.loads(done.stderr.rpartition("@@GC@@")[2])
    assert state["collecting"] is False
    assert state["frozen"] > 100_000  # SQLAlchemy, SQLModel and the rows' leftovers
    assert state["tracked"] < 1_000  # only what the exit itself made


@pytest.mark.parametrize(
    "commands",
    [[["init"]], [["init"], ["move", "CEP-1.2", "in_progress"]], [["init"], ["db", "check"]]],
    ids=["init", "move", "db-check"],  # db check opens its own engine: closed by main
)
def test_the_database_file_alone_holds_everything_when_a_command_ends(
    tmp_path: Path, commands: list[list[str]]
) -> None:
    """A command closes its connections as it ends, so SQLite merges its write-ahead log into
    the file: the ``.db`` alone (copied to a stick, mailed) is the whole database, with no
    ``-wal`` or ``-shm`` beside it. (The collector is frozen at exit; it must not be what
    closes them.)"""
    import shutil

    path = tmp_path / "db" / "ptctui.db"
    for args in commands:
        done = subprocess.run(
            [sys.executable, "-m", "ptctui", "--db", str(path), "--by", "ana", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert [p.name for p in path.parent.iterdir() if p.is_file()] == ["ptctui.db"]
    alone = tmp_path / "alone.db"
    shutil.copyfile(path, alone)
    with sqlite3.connect(alone) as conn:
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == ALL_ACTIONS
        moved = conn.execute("SELECT status FROM actions WHERE ref = 'CEP-1.2'").fetchone()[0]
    assert moved == ("in_progress" if commands[-1][0] == "move" else "planned")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "command",
    [
        ["actions", "--json"],
        ["actions"],  # a Rich table
        ["export", "summary", "-o", "-"],  # an export to stdout
    ],
    ids=" ".join,
)
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(
    db_path: Path, command: list[str]
) -> None:
    """``ptctui actions > /dev/full``: a full disk is reported in one line."""
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ptctui", "--db", str(db_path), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "error: cannot write the output: No space left on device\n"


def test_json_with_stdout_closed_ends_quietly(db_path: Path) -> None:
    """``ptctui actions --json >&-`` (no stdout at all) has nothing to write to: no
    traceback, as with every other command."""
    done = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m ptctui --db "{db_path}" actions --json >&-'],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stderr == "" and done.returncode == 0
