"""Officers' own plans from the command line: packages, plans, components, bodies, meetings.

Each command runs through ``CliRunner`` on a seeded database, on SQLite and (given
``PTCTUI_TEST_PG_URL``) on PostgreSQL, and each test checks what an officer would notice: the
line printed, the listing and its ``--json``, the database afterwards, the history and what
``undo`` puts back. Bad input is one ``error:`` line and a database exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from conftest import BACKENDS, fingerprint_db, invoke_cli

Invoke = Callable[..., Result]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines."""
    return str(request.param)


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    """``ptctui --db <the seeded database> ARGS``."""

    def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return invoke_cli("--db", db_arg, *args, env=env)

    return invoke


def ok(result: Result) -> str:
    """The command's stdout, asserting it succeeded."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result.stdout


def listed(cli: Invoke, *args: str) -> Any:
    """A listing's ``--json``."""
    return json.loads(ok(cli(*args, "--json")))


def refused(cli: Invoke, db_arg: str, *args: str) -> str:
    """Run a command that must fail: one ``error:`` line, status 1, the database unchanged."""
    before = fingerprint_db(db_arg)
    result = cli(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint_db(db_arg) == before
    return lines[0]


def history(cli: Invoke) -> list[dict[str, Any]]:
    return listed(cli, "history")  # type: ignore[no-any-return]


# --- packages ------------------------------------------------------------------------------------


def test_a_package_is_added_listed_edited_archived_and_restored(cli: Invoke) -> None:
    out = ok(cli("packages", "add", "CBP", "Capacity Building Package", "-d", "Training and aid"))
    assert out.strip() == "package CBP: new package “Capacity Building Package”"
    rows = {row["code"]: row for row in listed(cli, "packages")}
    assert rows["CBP"] == {
        "code": "CBP",
        "name": "Capacity Building Package",
        "description": "Training and aid",
        "lead": None,
        "plans": 0,
        "actions": 0,
        "done": 0,
        "overdue": 0,
        "statuses": {},
        "archived": False,
    }
    assert list(rows)[-1] == "CBP"  # added last
    assert "Capacity Building Package" in ok(cli("packages"))

    out = ok(cli("packages", "edit", "CBP", "--name", "Capacity Building", "--note", "shorter"))
    assert out.strip() == "package CBP: edited name"
    ok(cli("packages", "archive", "CBP"))
    assert "CBP" not in {row["code"] for row in listed(cli, "packages")}
    archived = {row["code"]: row for row in listed(cli, "packages", "--archived")}
    assert archived["CBP"]["archived"] is True
    ok(cli("packages", "restore", "CBP"))
    assert listed(cli, "packages")[-1]["name"] == "Capacity Building"
    kinds = [(row["kind"], row["subject"]) for row in history(cli)[:4]]
    assert kinds == [
        ("restore", "package CBP"),
        ("archive", "package CBP"),
        ("edit", "package CBP"),
        ("add", "package CBP"),
    ]
    assert history(cli)[2]["note"] == "shorter"


def test_undo_puts_a_package_edit_back_and_archives_a_new_one(cli: Invoke) -> None:
    ok(cli("packages", "add", "CBP", "Capacity Building Package"))
    ok(cli("packages", "edit", "CBP", "--code", "CB", "--description", "Aid"))
    assert ok(cli("undo")).startswith("Undo of: package CBP: edited code, description")
    row = listed(cli, "packages")[-1]
    assert (row["code"], row["description"]) == ("CBP", "")
    ok(cli("undo"))
    assert "CBP" not in {row["code"] for row in listed(cli, "packages")}
    assert "CBP" in {row["code"] for row in listed(cli, "packages", "--archived")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("packages", "add", "cep", "Again"), "package code cep is taken by package CEP"),
        (("packages", "add", "NEW PKG", "Spaces"), "a package code is one word"),
        (("packages", "add", "X" * 41, "Long"), "at most 40 characters"),
        (("packages", "add", "NEW", "  "), "a package's name cannot be empty"),
        (("packages", "edit", "NOPE", "--name", "x"), "no package 'NOPE'"),
        (("packages", "edit", "CEP", "--code", "RP"), "package code RP is taken by package RP"),
        (("packages", "edit", "CEP", "--code", "CEP"), "nothing to change"),
        (("packages", "restore", "CEP"), "package CEP is not archived"),
    ],
)
def test_bad_package_commands_are_one_line_and_change_nothing(
    cli: Invoke, db_arg: str, args: tuple[str, ...], message: str
) -> None:
    assert message in refused(cli, db_arg, *args)


# --- plans and components ------------------------------------------------------------------------


def test_the_economic_competitiveness_package_gets_a_plan_of_its_own(cli: Invoke) -> None:
    """The ECP shows 0/0 in the bundled data: an officer gives it a plan, components and an
    action from the command line, and its actions are numbered by the plan's own prefix."""
    out = ok(
        cli(
            "plans", "add", "ECP-2022", "--package", "ECP", "--title", "ECP Action Plan",
            "--period", "2022/2023", "--start", "1 July 2022", "--end", "2023-06-30",
        )
    )  # fmt: skip
    assert out.strip() == "plan ECP-2022: new plan of ECP “ECP Action Plan”"
    plan = {row["code"]: row for row in listed(cli, "plans", "--package", "ECP")}["ECP-2022"]
    assert plan["period"] == "2022/2023"
    assert (plan["start"], plan["end"]) == ("2022-07-01", "2023-06-30")
    assert plan["prefix"] == "ECP-2022" and plan["components"] == 0

    ok(cli("components", "add", "ECP-2022", "Trade facilitation"))
    ok(cli("components", "add", "ECP-2022", "Digital customs", "--number", "3"))
    ok(cli("components", "add", "ECP-2022", "Coordinated border management"))
    rows = listed(cli, "components", "ECP-2022")
    assert [(r["number"], r["title"]) for r in rows] == [
        (1, "Trade facilitation"),
        (3, "Digital customs"),
        (4, "Coordinated border management"),
    ]
    assert "Digital customs" in ok(cli("components", "ECP-2022"))  # bare: the listing

    ok(cli("add", "Publish the TF guide", "-c", "ECP-2022:3"))
    assert [r["ref"] for r in listed(cli, "actions", "--plan", "ECP-2022")] == ["ECP-2022-3.1"]
    ok(cli("plans", "edit", "ECP-2022", "--code", "ECP-22"))
    assert [r["ref"] for r in listed(cli, "actions", "--plan", "ECP-22")] == ["ECP-2022-3.1"]
    package = {row["code"]: row for row in listed(cli, "packages")}["ECP"]
    assert (package["plans"], package["actions"]) == (1, 1)


def test_an_archived_plan_hides_its_actions_everywhere_until_restored(cli: Invoke) -> None:
    before = len(listed(cli, "actions"))
    rp = len(listed(cli, "actions", "--plan", "RP-IV"))
    ok(cli("plans", "archive", "RP-IV", "--note", "phase closed"))
    assert len(listed(cli, "actions")) == before - rp
    assert "RP-IV" not in {row["code"] for row in listed(cli, "plans")}
    assert len(listed(cli, "actions", "--archived")) == before
    package = {row["code"]: row for row in listed(cli, "packages")}["RP"]
    assert package["actions"] == 0
    ok(cli("plans", "restore", "RP-IV"))
    assert len(listed(cli, "actions")) == before


def test_a_component_is_edited_and_archived_with_its_actions(cli: Invoke) -> None:
    out = ok(cli("components", "edit", "CEP-2020:2", "--title", "Networks"))
    assert out.strip() == "component CEP-2020:2: edited title"
    count = len(listed(cli, "actions", "--component", "CEP-2020:2"))
    total = len(listed(cli, "actions"))
    ok(cli("components", "archive", "CEP-2020:2"))
    assert len(listed(cli, "actions")) == total - count
    assert 2 not in {r["number"] for r in listed(cli, "components", "CEP-2020")}
    out = ok(cli("components", "add", "CEP-2020", "Fifth"))
    assert out.startswith("component CEP-2020:5: new component")  # 2 is never reused


def test_a_plan_is_endorsed_at_a_meeting(cli: Invoke) -> None:
    ok(cli("meetings", "add", "EC-41", "--body", "EC", "--session", "41", "--start", "2021-03-08"))
    out = ok(cli("plans", "endorse", "CEP-2020", "--meeting", "EC-41"))
    assert out.strip() == "plan CEP-2020: endorsed by EC at EC-41 on 08 March 2021"
    plan = {row["code"]: row for row in listed(cli, "plans")}["CEP-2020"]
    assert plan["endorsed"] == ["EC Feb 2020", "EC Mar 2021"]
    ok(cli("undo"))
    plan = {row["code"]: row for row in listed(cli, "plans")}["CEP-2020"]
    assert plan["endorsed"] == ["EC Feb 2020"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plans", "add", "X-1", "--package", "NOPE", "--title", "t"), "no package 'NOPE'"),
        (
            ("plans", "add", "cep-2020", "--package", "CEP", "--title", "t"),
            "plan code cep-2020 is taken",
        ),
        (
            ("plans", "add", "X-1", "--package", "CEP", "--title", "t", "--start", "someday"),
            "--start: cannot read date 'someday'",
        ),
        (
            ("plans", "add", "X-1", "-p", "CEP", "-t", "t", "--start", "1 July 2022", "--end", "2021-06-30"),  # noqa: E501
            "the plan cannot end (2021-06-30) before it starts (2022-07-01)",
        ),
        (("plans", "endorse", "CEP-2020", "--meeting", "EC-39"), "meeting EC-39 has no date"),
        (("plans", "endorse", "CEP-2020", "--meeting", "NOPE"), "no meeting 'NOPE'"),
        (("components", "add", "CEP-2020", "Again", "--number", "2"), "already has a component 2"),
        (("components", "add", "NOPE", "x"), "no plan 'NOPE'"),
        (("components", "edit", "CEP-2020:9", "--title", "x"), "has no component 9"),
        (("components", "archive", "CEP-2020"), "give the component as PLAN:NUMBER"),
    ],
)
def test_bad_plan_and_component_commands_are_one_line_and_change_nothing(
    cli: Invoke, db_arg: str, args: tuple[str, ...], message: str
) -> None:
    assert message in refused(cli, db_arg, *args)


def test_nothing_is_added_under_an_archived_package(cli: Invoke, db_arg: str) -> None:
    ok(cli("packages", "archive", "ECP"))
    line = refused(cli, db_arg, "plans", "add", "ECP-1", "--package", "ECP", "--title", "t")
    assert line == "error: package ECP is archived; restore it first (ptctui packages restore ECP)"


# --- bodies and meetings -------------------------------------------------------------------------


def test_bodies_are_added_listed_and_edited(cli: Invoke) -> None:
    out = ok(cli("bodies", "add", "KRA", "Kenya Revenue Authority", "--kind", "member"))
    assert out.strip() == "body KRA: new body “Kenya Revenue Authority”"
    rows = {row["code"]: row for row in listed(cli, "bodies")}
    assert rows["KRA"] == {
        "code": "KRA",
        "name": "Kenya Revenue Authority",
        "kind": "member",
        "parent": None,
        "actions": 0,
        "archived": False,
    }
    assert rows["EC"]["parent"] == "PC" and rows["SEC"]["actions"] > 0
    ok(cli("bodies", "edit", "KRA", "--kind", "partner"))
    assert {row["code"]: row for row in listed(cli, "bodies")}["KRA"]["kind"] == "partner"
    ok(cli("add", "Joint training", "-c", "CEP-2020:1", "--lead", "KRA"))
    assert {row["code"]: row for row in listed(cli, "bodies")}["KRA"]["actions"] == 1


def test_meetings_are_added_with_the_secretariats_own_labels(cli: Invoke) -> None:
    ok(cli("meetings", "add", "EC-41", "--body", "EC", "--session", "41", "--start", "2021-03-08",
           "--end", "2021-03-10", "--place", "Brussels"))  # fmt: skip
    ok(cli("meetings", "add", "WGRCF-8", "--body", "WGRCF", "--session", "8"))
    ok(cli("meetings", "add", "PC-2021-06", "--body", "PC", "--start", "1 June 2021"))
    rows = {row["code"]: row for row in listed(cli, "meetings")}
    assert rows["EC-41"]["label"] == "41st Session of the Enforcement Committee"
    assert (rows["EC-41"]["start"], rows["EC-41"]["end"]) == ("2021-03-08", "2021-03-10")
    assert rows["WGRCF-8"]["label"] == (
        "8th Meeting of the Working Group on Revenue Compliance and Fraud"
    )
    assert rows["PC-2021-06"]["label"] == "Policy Commission, June 2021"
    assert listed(cli, "meetings", "--body", "EC")[0]["code"] == "EC-41"
    ok(cli("meetings", "edit", "EC-41", "--place", "Online"))
    assert {row["code"]: row for row in listed(cli, "meetings")}["EC-41"]["place"] == "Online"
    ok(cli("update", "CEP-1.1", "Discussed", "--meeting", "EC-41"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bodies", "add", "ec", "Again"), "body code ec is taken by body EC"),
        (("bodies", "add", "NEW", "New", "--kind", "club"), "unknown body kind 'club'"),
        (("bodies", "add", "NEW", "New", "--reports-to", "NOPE"), "no body 'NOPE'"),
        (("bodies", "edit", "EC", "--code", "PC"), "body code PC is taken"),
        (("meetings", "add", "EC-40", "--body", "EC"), "meeting code EC-40 is taken"),
        (("meetings", "add", "EC-41", "--body", "NOPE"), "no body 'NOPE'"),
        (
            ("meetings", "add", "EC-41", "-b", "EC", "--start", "2021-03-10", "--end", "2021-03-08"),  # noqa: E501
            "the meeting cannot end (2021-03-08) before it starts (2021-03-10)",
        ),
        (("meetings", "edit", "EC-40", "--start", "tomorrowish"), "--start: cannot read date"),
    ],
)
def test_bad_body_and_meeting_commands_are_one_line_and_change_nothing(
    cli: Invoke, db_arg: str, args: tuple[str, ...], message: str
) -> None:
    assert message in refused(cli, db_arg, *args)


# --- JSON everywhere ----------------------------------------------------------------------------


def test_history_statuses_and_db_info_speak_json(cli: Invoke) -> None:
    ok(cli("move", "CEP-1.2", "in_progress"))
    entry = listed(cli, "history")[0]
    assert entry["kind"] == "move" and entry["subject"] == "CEP-1.2"
    assert set(entry) >= {"id", "at", "by", "kind", "subject", "summary", "note", "undone"}
    statuses = listed(cli, "statuses")
    planned = next(s for s in statuses if s["status"] == "planned")
    assert {"status": "postponed", "needs": "deadline"} in planned["moves"]
    info = listed(cli, "db", "info")
    assert info["schema"] == info["head"]


def test_an_empty_database_is_built_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init --empty``, then a package, a plan, a component and an action: all one needs."""
    monkeypatch.chdir(tmp_path)
    assert invoke_cli("init", "--empty").exit_code == 0
    for args in (
        ("packages", "add", "XP", "Example Package"),
        ("plans", "add", "XP-1", "-p", "XP", "-t", "First plan"),
        ("components", "add", "XP-1", "Only part"),
        ("add", "First action", "-c", "XP-1:1"),
    ):
        result = invoke_cli(*args)
        assert result.exit_code == 0, result.stderr
    rows = json.loads(invoke_cli("actions", "--json").stdout)
    assert [(r["ref"], r["package"], r["plan"]) for r in rows] == [("XP-1-1.1", "XP", "XP-1")]
