"""Many actions at once from the command line: ``move A B C STATUS``, ``--from-search``,
``--from-json``; all or none (``--skip-refused`` moves the others), one undo takes the batch
back and one redo brings it again. A refused batch is one line naming the refused actions, with
the database exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import BACKENDS, fingerprint_db, invoke_cli

Invoke = Callable[..., Result]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    def invoke(*args: str, stdin: str | None = None) -> Result:
        if stdin is None:
            return invoke_cli("--db", db_arg, *args)
        from typer.testing import CliRunner

        from conftest import CLI_ENV
        from ptctui.cli import app

        return CliRunner().invoke(
            app, ["--db", db_arg, *args], input=stdin, env=dict(CLI_ENV), prog_name="ptctui"
        )

    return invoke


def status(cli: Invoke, ref: str) -> str:
    result = cli("show", ref, "--json")
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["status"])


def test_several_references_move_together_and_one_undo_takes_them_back(cli: Invoke) -> None:
    result = cli(
        "move",
        "CEP-4.12",
        "CEP-4.13",
        "postponed",
        "--deadline",
        "Q2 2021",
        "--note",
        "funding delayed",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2 actions changed: CEP-4.12")
    assert [status(cli, r) for r in ("CEP-4.12", "CEP-4.13")] == ["postponed", "postponed"]
    shown = json.loads(cli("show", "CEP-4.13", "--json").stdout)
    assert shown["deadline"] == "Q2 2021"
    result = cli("undo")
    assert result.stdout.startswith("Undid 2 changes made together"), result.stdout
    shown = json.loads(cli("show", "CEP-4.13", "--json").stdout)
    assert shown["deadline"] == "2021"
    result = cli("redo")
    assert result.stdout.startswith("Redid 2 changes made together"), result.stdout
    assert json.loads(cli("show", "CEP-4.12", "--json").stdout)["deadline"] == "Q2 2021"
    assert cli("db", "check").exit_code == 0


def test_a_batch_the_workflow_refuses_in_part_changes_nothing(cli: Invoke, db_arg: str) -> None:
    before = fingerprint_db(db_arg)
    result = cli("move", "CEP-1.5", "CEP-1.4", "CEP-1.12", "on_hold", "--note", "no funds")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: 2 of 3 cannot move to on hold (CEP-1.4: cannot move")
    assert "CEP-1.12" in result.stderr and "--skip-refused" in result.stderr
    assert fingerprint_db(db_arg) == before
    result = cli(
        "move", "CEP-1.5", "CEP-1.4", "CEP-1.12", "on_hold", "--note", "no funds", "--skip-refused"
    )
    assert result.exit_code == 0, result.stderr
    assert "left as they were: CEP-1.4, CEP-1.12" in result.stdout
    assert status(cli, "CEP-1.5") == "on_hold"


def test_from_json_takes_the_output_of_actions_json(cli: Invoke, tmp_path: Path) -> None:
    listed = cli("actions", "--search", "PGS", "--status", "planned", "--json").stdout
    refs = [a["ref"] for a in json.loads(listed)]
    assert len(refs) >= 2
    result = cli("move", "--from-json", "-", "in_progress", stdin=listed)
    assert result.exit_code == 0, result.stderr
    assert {status(cli, r) for r in refs} == {"in_progress"}
    result = cli("move", "--from-search", "COCAIR", "in_progress")
    assert result.exit_code == 0, result.stderr
    assert status(cli, "CEP-4.13") == "in_progress"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "error: --from-json: not JSON"),
        ('{"ref": "CEP-1.1"}', "error: --from-json: not a list of actions"),
        ('[{"title": "x"}]', "error: --from-json: item 1 has no uuid or ref"),
        ('[{"ref": "CEP-9.99"}]', "error: no action"),
    ],
)
def test_a_bad_json_list_is_one_line_and_changes_nothing(
    cli: Invoke, db_arg: str, tmp_path: Path, content: str, message: str
) -> None:
    listed = tmp_path / "list.json"
    listed.write_text(content, encoding="utf-8")
    before = fingerprint_db(db_arg)
    result = cli("move", "--from-json", str(listed), "completed")
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert fingerprint_db(db_arg) == before
