"""A spreadsheet imported as a new plan (``ptctui import FILE --new-plan …``), the way a
Secretariat receives a newly endorsed action plan: components named without numbers,
responsible parties that are no body yet, follow-up matrices with no component column.

Run on SQLite and (given ``PTCTUI_TEST_PG_URL``) PostgreSQL. Each test checks what the officer
sees (the preview, the one line at the end, the one error line) and what the database holds
afterwards; a refused import leaves it exactly as it was, plan and bodies included.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from conftest import BACKENDS, fingerprint_db, invoke_cli

Invoke = Callable[..., Result]

MATRIX = [
    ["Action", "Component", "Responsible", "Deadline", "Status"],
    ["Set up the data exchange platform", "Data Exchange Working Group", "Kenya and Uganda",
     "Q2 2023", "in progress"],
    ["Agree message standards", "Data Exchange Working Group", "SEC", "end of 2023", ""],
    ["Train border officers", "5. Training", "Regional Offices, Consultant", "2024", "planned"],
    ["Evaluate the pilot", "Monitoring and evaluation", "Consultant", "FY2023/2024", ""],
]  # fmt: skip


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines."""
    return str(request.param)


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    def invoke(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
        return invoke_cli("--db", db_arg, *args, env=env)

    return invoke


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


def listed(cli: Invoke, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


NEW_PLAN = ("--new-plan", "DX-2023", "--package", "ECP", "--title", "Data Exchange Action Plan")


def test_a_sheet_becomes_a_new_plan_with_its_components_and_new_bodies(
    cli: Invoke, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "matrix.csv", MATRIX)
    result = cli("import", sheet, *NEW_PLAN, "--period", "2023/2024", "--new-bodies",
                 "--body-code", "Regional Offices=ROCB")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = flat(result.stdout)
    assert "New plan DX-2023 in ECP: “Data Exchange Action Plan”, 2023/2024" in out
    assert (
        "New components in DX-2023: 1. Data Exchange Working Group; 5. Training; "
        "6. Monitoring and evaluation"
    ) in out
    assert "KENYA “Kenya”; UGANDA “Uganda”; ROCB “Regional Offices”; CONSULTANT “Consultant”" in out
    assert (
        "Imported 4 actions into the new plan DX-2023, with 3 new components and 4 new bodies ("
    ) in out

    plan = {p["code"]: p for p in listed(cli, "plans", "--package", "ECP")}["DX-2023"]
    assert (plan["title"], plan["period"], plan["prefix"]) == (
        "Data Exchange Action Plan",
        "2023/2024",
        "DX-2023",
    )
    components = [(c["number"], c["title"]) for c in listed(cli, "components", "DX-2023")]
    assert components == [
        (1, "Data Exchange Working Group"),
        (5, "Training"),
        (6, "Monitoring and evaluation"),
    ]
    rows = {r["title"]: r for r in listed(cli, "actions", "--plan", "DX-2023")}
    assert rows["Set up the data exchange platform"]["ref"] == "DX-2023-1.1"
    assert rows["Set up the data exchange platform"]["status"] == "in_progress"
    assert rows["Train border officers"]["ref"] == "DX-2023-5.1"
    assert rows["Evaluate the pilot"]["lead"] == "CONSULTANT"
    show = cli("show", "DX-2023-1.1", "--json")
    assert json.loads(show.stdout)["lead"] == ["KENYA", "UGANDA"]
    kinds = {b["code"]: b["kind"] for b in listed(cli, "bodies")}
    assert kinds["ROCB"] == kinds["KENYA"] == "other"
    # The import is journaled like everything else: plan, components, bodies, actions.
    subjects = {h["subject"] for h in listed(cli, "history", "--limit", "100")}
    assert {"plan DX-2023", "component DX-2023:5", "body ROCB", "DX-2023-6.1"} <= subjects
    again = cli("import", sheet, "--plan", "DX-2023", "--new-bodies")
    assert again.exit_code == 0, again.stderr
    assert "Nothing to import into DX-2023; rows skipped: 4 already there" in flat(again.stdout)


def test_a_sheet_without_a_component_column_goes_into_one_component(
    cli: Invoke, tmp_path: Path
) -> None:
    rows = [[row[0], row[2]] for row in MATRIX]
    sheet = write_csv(tmp_path / "follow-up.csv", rows)
    done = cli("import", sheet, *NEW_PLAN, "--new-bodies")
    assert done.exit_code == 0, done.stderr
    assert [(c["number"], c["title"]) for c in listed(cli, "components", "DX-2023")] == [
        (1, "Data Exchange Action Plan")
    ]
    other = write_csv(tmp_path / "other.csv", rows)
    named = cli("import", other, "--new-plan", "DX-2024", "--package", "ECP", "--title", "Next",
                "--component", "Follow-up", "--new-bodies")  # fmt: skip
    assert named.exit_code == 0, named.stderr
    assert [c["title"] for c in listed(cli, "components", "DX-2024")] == ["Follow-up"]


def test_unknown_parties_without_new_bodies_refuse_the_import_and_leave_no_plan(
    cli: Invoke, db_arg: str, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "matrix.csv", MATRIX)
    before = fingerprint_db(db_arg)
    result = cli("import", sheet, *NEW_PLAN)
    assert result.exit_code == 1
    out = flat(result.stdout)
    assert 'unknown body "Kenya and Uganda" (--new-bodies adds it)' in out
    assert 'unknown body "Consultant" (--new-bodies adds it)' in out
    assert result.stderr.startswith("error: 3 rows of matrix.csv have problems")
    assert fingerprint_db(db_arg) == before
    assert "DX-2023" not in {p["code"] for p in listed(cli, "plans")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--new-plan", "CEP-2020", "--package", "CEP", "--title", "t"),
         "plan code CEP-2020 is taken"),
        (("--new-plan", "X-1", "--package", "NOPE", "--title", "t"), "no package 'NOPE'"),
        (("--new-plan", "X-1", "--title", "t"), "--new-plan needs --package"),
        (("--new-plan", "X-1", "--package", "ECP", "--title", "t", "--plan", "CEP-2020"),
         "not both"),
        (("--new-plan", "X 1", "--package", "ECP", "--title", "t"), "a plan code is one word"),
        (("--plan", "CEP-2020", "--body-code", "A=B"), "give --new-bodies too"),
        (("--new-plan", "X-1", "--package", "ECP", "--title", "t", "--new-bodies",
          "--body-code", "Kenya"), "write NAME=CODE"),
        (("--package", "ECP"), "describe a --new-plan"),
    ],
)  # fmt: skip
def test_bad_new_plan_imports_are_one_line_and_change_nothing(
    cli: Invoke, db_arg: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    sheet = write_csv(tmp_path / "matrix.csv", MATRIX)
    before = fingerprint_db(db_arg)
    result = cli("import", sheet, *args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert fingerprint_db(db_arg) == before


def test_a_dry_run_shows_the_plan_it_would_make_and_writes_nothing(
    cli: Invoke, db_arg: str, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "matrix.csv", MATRIX)
    before = fingerprint_db(db_arg)
    result = cli("import", sheet, *NEW_PLAN, "--new-bodies", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (
        "Dry run: would import 4 actions into the new plan DX-2023, with 3 new components and "
        "4 new bodies; not written"
    ) in flat(result.stdout)
    assert fingerprint_db(db_arg) == before


def test_undo_walks_an_imported_plan_back_one_journal_entry_at_a_time(
    cli: Invoke, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "matrix.csv", [MATRIX[0], MATRIX[2]])
    assert cli("import", sheet, *NEW_PLAN).exit_code == 0
    undone = [cli("undo").stdout.strip() for _ in range(3)]
    assert undone[0].startswith("Undo of: DX-2023-1.1: new action")
    assert undone[1].startswith("Undo of: component DX-2023:1: new component")
    assert undone[2].startswith("Undo of: plan DX-2023: new plan of ECP")
    assert "DX-2023" not in {p["code"] for p in listed(cli, "plans")}
