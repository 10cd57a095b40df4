"""``ptctui import FILE.csv|FILE.xlsx --plan PLAN``: adding a spreadsheet's actions to a plan.

Run the way a user runs it (Typer's ``CliRunner`` on a fresh copy of the seeded database, with
``PTCTUI_TODAY`` fixed). Each test writes the kind of file officers have (Excel's CSV in its
various encodings and delimiters, a real ``.xlsx`` made with openpyxl) and checks what the user
sees: the exit code, the preview and the row-and-column problem report, the one-line error, and
the database afterwards read back through ``ptctui.store``; ``fingerprint`` proves a refused or
rehearsed import left the database exactly as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner, Result

from conftest import CLI_ENV, fingerprint
from ptctui import db, store
from ptctui.cli import app
from ptctui.models import Component, Plan, StatusChange
from ptctui.workflow import Status

TODAY = "2020-06-15"
BASE_ENV: dict[str, str | None] = {**CLI_ENV, "PTCTUI_USER": "ana"}
PLAN = "CEP-2020"
CEP_ACTIONS = 48

Invoke = Callable[..., Result]


@pytest.fixture
def cli(db_path: Path) -> Invoke:
    """``ptctui --db <the seeded copy> ARGS``."""

    def invoke(*args: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
        return CliRunner().invoke(
            app,
            ["--db", str(db_path), *map(str, args)],
            env={**BASE_ENV, **(env or {})},
            prog_name="ptctui",
        )

    return invoke


def ok(result: Result) -> Result:
    """Assert the command succeeded, showing what it printed if not."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception
    return result


def refused(result: Result) -> str:
    """Assert exit 1 with exactly one ``error:`` line on stderr; return that line."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def flat(text: str) -> str:
    """Output with runs of spaces and line breaks as one space: Rich wraps long lines."""
    return " ".join(text.split())


def write_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    """Write ``rows`` as Excel would: CRLF line ends, quoting only where needed."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@contextmanager
def reading(path: Path) -> Iterator[Session]:
    """A session on the database file, for checking what a command left behind."""
    engine = db.make_engine(db.url_for(path))
    try:
        with store.reading(engine) as session:
            yield session
    finally:
        engine.dispose()


def actions(path: Path, plan: str = PLAN) -> dict[str, store.ActionRow]:
    """The plan's actions by title."""
    with reading(path) as session:
        rows = store.list_actions(
            session=session, flt=store.ActionFilter(plan=plan), today=date(2020, 6, 15)
        )
    return {row.title: row for row in rows}


def detail(path: Path, ref: str) -> store.ActionDetail:
    """Everything the database holds about one action."""
    with reading(path) as session:
        action = store.resolve_action(session=session, ref=ref)
        return store.action_detail(session=session, action=action)


def backups_of(db_path: Path) -> list[Path]:
    """The backup files beside the database."""
    folder = db_path.parent / "backups"
    return sorted(folder.glob("*.db")) if folder.is_dir() else []


HEADER = ["Ref", "Action", "Responsible", "Deadline", "Status", "Notes", "Component"]


# --- recognising the columns ---------------------------------------------------------------------


def test_a_plain_sheet_is_imported_with_every_field(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Title, bodies, deadline, status, notes and component all reach the database."""
    sheet = write_csv(
        tmp_path / "plan.csv",
        [
            HEADER,
            ["", "Regional IPR workshop", "SEC, INTERPOL", "Q3 2020", "in progress", "Venue", "1"],
            ["", "Study on e-commerce", "WGRCF", "end of 2021", "", "", "Component 3"],
        ],
    )
    result = ok(cli("import", sheet, "--plan", PLAN))
    out = flat(result.stdout)
    assert "2 actions to add to CEP-2020" in out
    assert "Regional IPR workshop" in out and "CEP-1.14" in out and "CEP-3.4" in out
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("Imported 2 actions into CEP-2020 (backup at ")
    assert len(backups_of(db_path)) == 1 and str(backups_of(db_path)[0]) in summary

    found = actions(db_path)
    assert len(found) == CEP_ACTIONS + 2
    workshop = found["Regional IPR workshop"]
    assert workshop.ref == "CEP-1.14" and workshop.component == 1
    assert workshop.status is Status.IN_PROGRESS
    assert workshop.deadline == "Q3 2020" and workshop.due_date == date(2020, 9, 30)
    full = detail(db_path, "CEP-1.14")
    assert sorted(full.lead) == ["INTERPOL", "SEC"]
    assert [(u.as_of, u.text, u.author) for u in full.updates] == [
        (date(2020, 6, 15), "Venue", "ana")
    ]
    study = found["Study on e-commerce"]
    assert (study.ref, study.component, study.status) == ("CEP-3.4", 3, Status.PLANNED)
    assert study.due_date == date(2021, 12, 31)


def test_synonyms_of_the_headers_are_recognised(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    """ "Activity", "Lead body", "Target date", "State", "Progress update", "Pillar" name fields,
    whatever their case, spacing and punctuation."""
    sheet = write_csv(
        tmp_path / "synonyms.csv",
        [
            ["  ACTIVITY ", "Lead body:", "Target-date", "state", "Progress update", "PILLAR"],
            ["Train trainers", "SEC", "May 2021", "Underway", "First session held", "2"],
        ],
    )
    out = flat(ok(cli("import", sheet, "--plan", PLAN)).stdout)
    assert '"ACTIVITY" → title' in out and '"Lead body:" → responsible' in out
    assert '"Target-date" → deadline' in out and '"PILLAR" → component' in out
    row = actions(db_path)["Train trainers"]
    assert (row.component, row.status, row.lead, row.deadline) == (
        2,
        Status.IN_PROGRESS,
        "SEC",
        "May 2021",
    )


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Milestone", "title"),
        ("Task", "title"),
        ("Description of action", "title"),
        ("Owner", "responsible"),
        ("Timeline", "deadline"),
        ("Timeframe", "deadline"),
        ("Due date", "deadline"),
        ("Planned", "deadline"),
        ("Remarks", "notes"),
        ("Comments", "notes"),
        ("Part", "component"),
        ("No.", "ref"),
        ("#", "ref"),
        ("Status (as of June 2020)", "status"),
        ("Deadline / Timeline", "deadline"),
    ],
)
def test_each_synonym_names_its_field(cli: Invoke, tmp_path: Path, header: str, field: str) -> None:
    """The preview says which field each header was taken for."""
    sample = {"responsible": "SEC", "deadline": "2021", "notes": "n", "ref": "X-1"}
    if field == "title":
        rows = [[header, "Component"], ["A", "1"]]
    elif field == "component":
        rows = [["Action", header], ["A", "1"]]
    else:
        rows = [["Action", "Component", header], ["A", "1", sample.get(field, "done")]]
    sheet = write_csv(tmp_path / "one.csv", rows)
    out = flat(ok(cli("import", sheet, "--plan", PLAN, "--dry-run")).stdout)
    assert f'"{header}" → {field}' in out


def test_unknown_columns_are_reported_as_ignored(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """A column nobody recognises is named in the report, and the import goes on."""
    sheet = write_csv(
        tmp_path / "extra.csv",
        [["Action", "Budget (EUR)", "Component", "Donor"], ["Buy scanners", "5000", "4", "JICA"]],
    )
    result = ok(cli("import", sheet, "--plan", PLAN))
    assert (
        'Ignored columns (not recognised; --map FIELD=COLUMN uses one): "Budget (EUR)", "Donor"'
        in (flat(result.stdout))
    )
    assert actions(db_path)["Buy scanners"].component == 4


def test_map_names_columns_the_detection_does_not_know(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """``--map FIELD=COLUMN`` takes columns by their header, case aside, over detection."""
    sheet = write_csv(
        tmp_path / "odd.csv",
        [
            ["What", "Who", "When", "Status", "Remarks", "Where"],
            ["Map the routes", "UNODC", "FY2020/2021", "started", "kept", "3"],
        ],
    )
    result = ok(
        cli(
            "import",
            sheet,
            "--plan",
            PLAN,
            "--map",
            "title=what",
            "-m",
            "responsible=Who",
            "--map",
            "deadline=When",
            "--map",
            "component=Where",
            "--map",
            "notes=",  # no notes column: "Remarks" is ignored
        )
    )
    assert '"Remarks"' in flat(result.stdout).split("Ignored columns")[1]
    row = actions(db_path)["Map the routes"]
    assert (row.lead, row.due_date, row.component) == ("UNODC", date(2021, 6, 30), 3)
    assert detail(db_path, row.ref).updates == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            ("--map", "title=What", "--map", "owner=Who"),
            "--map: unknown field 'owner'; fields are: title, description,",
        ),
        (("--map", "title=Nope"), 'no column "Nope" (from --map title=…) in its first 10 rows'),
        (
            ("--map", "title=What", "--map", "deadline=Nope"),
            "--map deadline='Nope': odd.csv has no column \"Nope\" in its header (row 1); "
            'the columns are: "What", "Who"',
        ),
        (("--map", "title"), "--map 'title' should be FIELD=COLUMN"),
    ],
)
def test_a_bad_map_is_refused_before_anything_is_written(
    cli: Invoke, db_path: Path, tmp_path: Path, options: tuple[str, ...], expected: str
) -> None:
    """An unknown field or a column not in the header is one clear error."""
    sheet = write_csv(tmp_path / "odd.csv", [["What", "Who"], ["x", "SEC"]])
    before = fingerprint(db_path)
    assert expected in refused(cli("import", sheet, "--plan", PLAN, *options))
    assert fingerprint(db_path) == before


def test_a_sheet_without_a_title_column_says_which_headers_it_found(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """The error lists the headers found and how to name the title column."""
    sheet = write_csv(tmp_path / "notitle.csv", [["Thing", "Who", "When"], ["x", "SEC", "2021"]])
    before = fingerprint(db_path)
    line = refused(cli("import", sheet, "--plan", PLAN))
    assert "no column that names the action's title" in line
    assert '"Thing", "Who", "When"' in line and "--map title='COLUMN'" in line
    assert fingerprint(db_path) == before


def test_title_rows_above_the_header_are_skipped_and_rows_numbered_as_in_excel(
    cli: Invoke, tmp_path: Path
) -> None:
    """The header is the first row with a title column; row numbers count every row."""
    sheet = write_csv(
        tmp_path / "titled.csv",
        [
            ["CEP Action Plan 2020/2021"],
            ["Annex II", "", ""],
            [],
            ["Action", "Deadline", "Component"],
            ["Good one", "2021", "1"],
            ["", "", ""],
            ["Bad one", "sometime soon", "1"],
        ],
    )
    result = cli("import", sheet, "--plan", PLAN)
    refused(result)
    out = flat(result.stdout)
    assert "header on row 4" in out
    assert 'row 7, column "Deadline": cannot read "sometime soon" as a deadline' in out


# --- encodings and file kinds --------------------------------------------------------------------


def test_utf8_with_bom_and_semicolons_as_excel_writes_in_europe(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Excel's "CSV UTF-8" with ``;``: the BOM is not part of the first header, commas in text
    stay in the text."""
    sheet = tmp_path / "fr.csv"
    text = "Action;Responsable;Deadline;Component\r\nRéunion, Genève – 2ᵉ partie;SEC;Q1 2021;2\r\n"
    sheet.write_bytes(b"\xef\xbb\xbf" + text.replace("Responsable", "Lead").encode("utf-8"))
    ok(cli("import", sheet, "--plan", PLAN))
    row = actions(db_path)["Réunion, Genève – 2ᵉ partie"]
    assert (row.lead, row.deadline, row.component) == ("SEC", "Q1 2021", 2)


def test_cp1252_csv_from_an_older_excel(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    """A file that is not UTF-8 is read as Windows-1252, not with replacement characters."""
    sheet = write_csv(
        tmp_path / "old.csv",
        [["Action", "Component"], ["Réunion régionale à Lomé – “phase 2”", "1"]],
        encoding="cp1252",
    )
    assert "é".encode("cp1252") in sheet.read_bytes()
    ok(cli("import", sheet, "--plan", PLAN))
    assert "Réunion régionale à Lomé – “phase 2”" in actions(db_path)


def test_tab_separated_text(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    """Tabs are recognised as the delimiter, even with commas in the cells."""
    sheet = write_csv(
        tmp_path / "plan.tsv",
        [["Action", "Lead", "Component"], ["Draft, review, publish", "SEC", "1"]],
        delimiter="\t",
    )
    ok(cli("import", sheet, "--plan", PLAN))
    assert actions(db_path)["Draft, review, publish"].lead == "SEC"


def test_an_excel_workbook_with_date_cells_and_numbers(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """An .xlsx: the named sheet, a title row, date cells as dates (a month-formatted cell is
    that month), whole numbers without ".0" (component 2.0 is component 2)."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover["A1"] = "nothing here"
    sheet = book.create_sheet("Actions")
    sheet.append(["CEP action plan, as of June 2020"])
    sheet.append(["Ref", "Activity", "Lead", "Deadline", "Status", "Component", "Cost"])
    sheet.append(["X-1", "Exact day", "SEC", date(2020, 11, 30), "done", 2.0, 1500.5])
    sheet.append(["X-2", "Month only", "SEC", datetime(2021, 5, 1), "ongoing", 2, 0.25])
    sheet["D4"].number_format = "mmm yyyy"
    sheet["G4"].number_format = "0%"
    sheet.append([17, "Numbered ref", "PC", "Q3 2010", "", 1, None])
    path = tmp_path / "plan.xlsx"
    book.save(path)

    result = ok(cli("import", path, "--plan", PLAN, "--sheet", "actions"))
    assert "plan.xlsx (sheet Actions): header on row 2" in flat(result.stdout)
    found = actions(db_path)
    exact = found["Exact day"]
    assert (exact.ref, exact.component, exact.status) == ("X-1", 2, Status.COMPLETED)
    assert (exact.deadline, exact.due_date) == ("2020-11-30", date(2020, 11, 30))
    month = found["Month only"]
    assert (month.deadline, month.due_date) == ("May 2021", date(2021, 5, 31))
    assert month.status is Status.ONGOING
    assert found["Numbered ref"].ref == "17"
    assert found["Numbered ref"].due_date == date(2010, 9, 30)


def test_an_unknown_sheet_name_lists_the_sheets(cli: Invoke, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    path = tmp_path / "book.xlsx"
    book.save(path)
    line = refused(cli("import", path, "--plan", PLAN, "--sheet", "Plan"))
    assert "book.xlsx has no sheet 'Plan'; its sheets are: 'Sheet'" in line


def test_a_damaged_workbook_is_one_error(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert "cannot read broken.xlsx as an Excel workbook" in refused(
        cli("import", path, "--plan", PLAN)
    )


def test_a_spreadsheet_import_needs_a_plan(cli: Invoke, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "p.csv", [["Action"], ["x"]])
    assert "needs --plan PLAN" in refused(cli("import", sheet))
    assert "no plan 'NOPE'" in refused(cli("import", sheet, "--plan", "NOPE"))


# --- statuses and deadlines ----------------------------------------------------------------------

STATUS_GROUPS: dict[Status, tuple[str, ...]] = {
    Status.COMPLETED: ("done", "Complete", "COMPLETED", "finished", "Achieved."),
    Status.IN_PROGRESS: ("underway", "In progress", "in-progress", "started", "ongoing work"),
    Status.ONGOING: ("ongoing", "Continuous", "continuing", "permanent"),
    Status.PLANNED: ("not started", "planned", "", "  ", "to be started"),
    Status.POSTPONED: ("postponed", "Delayed", "deferred", "rescheduled"),
    Status.ON_HOLD: ("on hold", "On-Hold", "awaiting funding", "suspended", "paused"),
    Status.CANCELLED: ("cancelled", "canceled", "dropped", "withdrawn", "abandoned"),
}


def test_every_status_word_reaches_its_workflow_status(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Each word officers use lands on its status, by one move recorded as imported."""
    rows = [["Action", "Status", "Deadline", "Component"]]
    expected: dict[str, Status] = {}
    for status, words in STATUS_GROUPS.items():
        for n, word in enumerate(words):
            title = f"{status.value} {n}"
            rows.append([title, word, "Q4 2021", "1"])
            expected[title] = status
    sheet = write_csv(tmp_path / "statuses.csv", rows)
    ok(cli("import", sheet, "--plan", PLAN))
    found = actions(db_path)
    assert {title: found[title].status for title in expected} == expected
    with reading(db_path) as session:
        held = store.resolve_action(session=session, ref=found["on_hold 0"].ref)
        moves = session.exec(
            select(StatusChange)
            .where(StatusChange.action_id == held.id)
            .order_by(col(StatusChange.id))
        ).all()
    assert [(m.from_status, m.to_status, m.note, m.by) for m in moves] == [
        (None, "planned", "created", "ana"),
        ("planned", "on_hold", "imported from statuses.csv", "ana"),
    ]


def test_an_unknown_status_word_is_a_row_problem(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "s.csv", [["Action", "Status", "Component"], ["x", "meh", "1"]])
    before = fingerprint(db_path)
    result = cli("import", sheet, "--plan", PLAN)
    refused(result)
    assert 'row 2, column "Status": cannot read "meh" as a status; use done, in progress' in (
        flat(result.stdout)
    )
    assert fingerprint(db_path) == before


def test_postponed_needs_a_deadline_and_on_hold_takes_the_notes_as_its_reason(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """The workflow's needs are met from the row: the deadline for postponed, the notes as the
    reason for on hold; a postponed row without a deadline is a problem."""
    sheet = write_csv(
        tmp_path / "needs.csv",
        [
            ["Action", "Status", "Deadline", "Notes", "Component"],
            ["Moved on", "postponed", "Q2 2021", "", "4"],
            ["Waiting", "awaiting funding", "", "Donor has not paid", "4"],
            ["Nowhere", "postponed", "", "", "4"],
        ],
    )
    result = cli("import", sheet, "--plan", PLAN, "--skip-bad-rows")
    ok(result)
    assert 'row 4, column "Deadline": a postponed action needs its new deadline' in flat(
        result.stdout
    )
    found = actions(db_path)
    assert "Nowhere" not in found
    moved = detail(db_path, found["Moved on"].ref)
    assert moved.action.status == "postponed" and moved.action.due_date == date(2021, 6, 30)
    assert moved.history[0].deadline == "Q2 2021"
    waiting = detail(db_path, found["Waiting"].ref)
    assert waiting.action.status == "on_hold"
    assert waiting.history[0].note == "Donor has not paid"
    assert [u.text for u in waiting.updates] == ["Donor has not paid"]


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("Q3 2010", date(2010, 9, 30)),
        ("by May 2021", date(2021, 5, 31)),
        ("FY2020/2021", date(2021, 6, 30)),
        ("end of 2021", date(2021, 12, 31)),
        ("31 Dec 2020", date(2020, 12, 31)),
    ],
)
def test_deadlines_as_officers_write_them(
    cli: Invoke, db_path: Path, tmp_path: Path, written: str, due: date
) -> None:
    sheet = write_csv(
        tmp_path / "d.csv", [["Action", "Deadline", "Component"], ["Dated", written, "1"]]
    )
    ok(cli("import", sheet, "--plan", PLAN))
    row = actions(db_path)["Dated"]
    assert (row.deadline, row.due_date) == (written, due)


# --- all or nothing ------------------------------------------------------------------------------


def bad_sheet(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "mixed.csv",
        [
            ["Action", "Deadline", "Component"],
            ["First good", "2021", "1"],
            ["Second good", "Q1 2021", "2"],
            ["Vague", "sometime soon", "1"],
        ],
    )


def test_a_bad_row_refuses_the_whole_file(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    """The report names row and column; one error line points at --skip-bad-rows; nothing is
    written and no backup is taken."""
    before = fingerprint(db_path)
    result = cli("import", bad_sheet(tmp_path), "--plan", PLAN)
    line = refused(result)
    assert 'row 4, column "Deadline": cannot read "sometime soon" as a deadline' in flat(
        result.stdout
    )
    assert "1 row with problems" in flat(result.stdout)
    assert line == (
        "error: 1 row of mixed.csv has problems (listed above); nothing was imported. "
        "Fix them, or use --skip-bad-rows to import the other 2 actions"
    )
    assert fingerprint(db_path) == before
    assert backups_of(db_path) == []


def test_skip_bad_rows_imports_the_good_ones(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    result = ok(cli("import", bad_sheet(tmp_path), "--plan", PLAN, "--skip-bad-rows"))
    assert "row 4, column" in flat(result.stdout)
    assert result.stdout.strip().splitlines()[-1].endswith("; rows skipped: 1 with problems)")
    found = actions(db_path)
    assert {"First good", "Second good"} <= set(found) and "Vague" not in found


def test_dry_run_shows_the_preview_and_writes_nothing(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "p.csv", [["Action", "Component"], ["Rehearsed", "1"], ["Also", "5. Training"]]
    )
    before = fingerprint(db_path)
    result = ok(cli("import", sheet, "--plan", PLAN, "--dry-run"))
    out = flat(result.stdout)
    assert "2 actions to add to CEP-2020" in out and "Rehearsed" in out
    assert "New components in CEP-2020: 5. Training" in out and "(new)" in out
    assert result.stdout.strip().splitlines()[-1] == (
        "Dry run: would import 2 actions into CEP-2020, with 1 new component; not written"
    )
    assert fingerprint(db_path) == before
    assert backups_of(db_path) == []


def test_dry_run_with_problems_fails_like_the_real_import(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    before = fingerprint(db_path)
    assert "--skip-bad-rows" in refused(cli("import", bad_sheet(tmp_path), "--plan", PLAN, "-n"))
    assert fingerprint(db_path) == before


def test_importing_the_same_sheet_twice_adds_nothing_the_second_time(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Rows whose title is already in their component are "already there" and skipped."""
    sheet = write_csv(
        tmp_path / "twice.csv",
        [["Action", "Status", "Notes", "Component"], ["Once only", "done", "Held", "1"]],
    )
    ok(cli("import", sheet, "--plan", PLAN))
    after_first = fingerprint(db_path)
    result = ok(cli("import", sheet, "--plan", PLAN))
    assert "Already there, skipped (1): rows 2 (CEP-1.14)" in flat(result.stdout)
    assert result.stdout.strip().splitlines()[-1] == (
        "Nothing to import into CEP-2020; rows skipped: 1 already there"
    )
    assert fingerprint(db_path) == after_first
    assert len(backups_of(db_path)) == 1  # only the first import wrote, so only it backed up


def test_an_existing_action_title_is_already_there(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """A seeded action's title, in other case and spacing, is recognised in its component."""
    title = actions(db_path)["Develop an IPR Customs Training Handbook"].title
    sheet = write_csv(
        tmp_path / "seeded.csv",
        [["Action", "Component"], ["  " + title.upper().replace(" ", "  "), "1"]],
    )
    result = ok(cli("import", sheet, "--plan", PLAN))
    assert "Nothing to import" in result.stdout


# --- checks against the database -----------------------------------------------------------------


def test_duplicate_references_in_the_file_and_in_the_database(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "refs.csv",
        [
            ["Ref", "Action", "Component"],
            ["NEW-1", "First", "1"],
            ["new-1", "Second", "1"],
            ["CEP-1.1", "Third", "1"],
        ],
    )
    before = fingerprint(db_path)
    result = cli("import", sheet, "--plan", PLAN)
    refused(result)
    out = flat(result.stdout)
    assert 'row 3, column "Ref": reference "new-1" is also used on row 2' in out
    assert 'row 4, column "Ref": reference "CEP-1.1" is taken by an action already in the' in out
    assert fingerprint(db_path) == before


def test_unknown_bodies_are_row_problems_and_known_ones_match_by_code_or_name(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Codes or names, any case, split on , ; / and "and" — but a name that contains "and"
    is still one body."""
    sheet = write_csv(
        tmp_path / "bodies.csv",
        [
            ["Action", "Responsible", "Component"],
            ["Names", "secretariat / Working Group on Revenue Compliance and Fraud", "1"],
            ["Pairs", "SEC and interpol; UNODC", "1"],
            ["Stranger", "SEC, Ministry of Magic", "1"],
        ],
    )
    result = cli("import", sheet, "--plan", PLAN, "--skip-bad-rows")
    ok(result)
    assert (
        'row 4, column "Responsible": unknown body "Ministry of Magic" (--new-bodies adds it); '
        "bodies are: C4ADS"
    ) in flat(result.stdout)
    found = actions(db_path)
    assert "Stranger" not in found
    assert sorted(detail(db_path, found["Names"].ref).lead) == ["SEC", "WGRCF"]
    assert sorted(detail(db_path, found["Pairs"].ref).lead) == ["INTERPOL", "SEC", "UNODC"]


def test_components_by_number_title_or_new(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    """ "3", "3.", "Component 3", the title, and "5. Training" (a new component); a bare
    unknown number or title is a problem; a merged (blank) cell repeats the one above."""
    sheet = write_csv(
        tmp_path / "components.csv",
        [
            ["Action", "Component"],
            ["By number", "3"],
            ["By number and dot", "3."],
            ["By word", "Component 3"],
            ["By title", "partnerships"],
            ["Merged cell below", "Networks and Technology"],
            ["Inherits", ""],
            ["New one", "5. Training"],
            ["Into the new one", "5"],
            ["No such number", "9"],
            ["No such title", "Astrology"],
            ["Same new one, in words", "Component 5 – Training"],
            ["A number without a title", "Component 7"],
        ],
    )
    result = cli("import", sheet, "--plan", PLAN, "--skip-bad-rows")
    ok(result)
    out = flat(result.stdout)
    assert "New components in CEP-2020: 5. Training" in out
    assert 'row 10, column "Component": plan CEP-2020 has no component 9' in out
    assert 'row 11, column "Component": plan CEP-2020 has no component "Astrology"' in out
    assert 'row 13, column "Component": plan CEP-2020 has no component 7' in out
    found = actions(db_path)
    assert [found[t].component for t in ("By number", "By number and dot", "By word")] == [3] * 3
    assert found["By title"].component == 3
    assert found["Merged cell below"].component == found["Inherits"].component == 2
    assert found["New one"].ref == "CEP-5.1" and found["Into the new one"].ref == "CEP-5.2"
    assert found["New one"].component_title == "Training"
    assert found["Same new one, in words"].component == 5
    with reading(db_path) as session:
        plan = store.get_plan(session=session, code=PLAN)
        numbers = session.exec(select(Component.number).where(Component.plan_id == plan.id)).all()
    assert sorted(numbers) == [1, 2, 3, 4, 5]


def test_component_option_puts_every_row_in_one_component(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "c.csv", [["Action"], ["One"], ["Two"]])
    line = refused(cli("import", sheet, "--plan", PLAN))
    assert "c.csv has no component column; give --component N" in line
    assert "components: 1, 2, 3, 4" in line
    ok(cli("import", sheet, "--component", "CEP-2020:2"))  # the plan comes from PLAN:N
    found = actions(db_path)
    assert (found["One"].ref, found["Two"].ref) == ("CEP-2.9", "CEP-2.10")


def test_a_plan_with_one_component_needs_no_component_column(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    with reading(db_path) as session:
        assert session.exec(select(Plan.code)).all()  # the seeded plans
    sheet = write_csv(tmp_path / "rp.csv", [["Action", "Component"], ["Into part 2", "2"]])
    ok(cli("import", sheet, "--plan", "rp-iv"))
    assert actions(db_path, "RP-IV")["Into part 2"].ref == "RP-2.6"


# --- what a cell may hold ------------------------------------------------------------------------


def test_huge_cells_and_missing_titles_are_row_problems(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """A 5,000-character title and a 300,000-character note are refused row by row (the CSV
    reader's own 128 KiB limit does not refuse the file)."""
    sheet = write_csv(
        tmp_path / "huge.csv",
        [
            ["Action", "Notes", "Component"],
            ["T" * 5000, "", "1"],
            ["Long notes", "n" * 300_000, "1"],
            ["", "orphan note", "1"],
            ["Fine", "", "1"],
        ],
    )
    result = cli("import", sheet, "--plan", PLAN, "--skip-bad-rows")
    ok(result)
    out = flat(result.stdout)
    assert 'row 2, column "Action": title is 5,000 characters long; at most 1,000 fit' in out
    assert 'row 3, column "Notes": notes is 300,000 characters long; at most 20,000 fit' in out
    assert 'row 4, column "Action": no title, though the row has other values' in out
    assert "Imported 1 action into CEP-2020" in out
    assert "Fine" in actions(db_path)


def test_control_characters_are_stored_as_typed_but_nul_is_refused(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Escape sequences are data: stored as typed, shown in the preview with the visible
    stand-ins every other output uses (the terminal never obeys them). A NUL byte cannot be
    stored and is a problem."""
    title = "Red \x1b[31malert\x1b[0m and bell\x07"
    sheet = write_csv(
        tmp_path / "ctl.csv",
        [["Action", "Component"], [title, "1"], ["Nul\x00here", "1"]],
    )
    result = cli("import", sheet, "--plan", PLAN, "--skip-bad-rows")
    ok(result)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Red ␛[31malert␛[0m and bell␇" in result.stdout
    assert 'row 3, column "Action": contains a NUL character' in flat(result.stdout)
    found = actions(db_path)
    assert title in found
    assert not any("Nul" in t for t in found)


def test_markup_in_cells_is_shown_as_typed(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "m.csv", [["Action", "Component"], ["[bold]x[/bold] y", "1"]])
    result = ok(cli("import", sheet, "--plan", PLAN))
    assert "[bold]x[/bold] y" in result.stdout
    assert "[bold]x[/bold] y" in actions(db_path)


# --- history -------------------------------------------------------------------------------------


def test_the_import_is_journalled_and_undo_walks_it_back(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Add, move and update are ordinary journal entries by the user who imported."""
    sheet = write_csv(
        tmp_path / "j.csv",
        [["Action", "Status", "Notes", "Component"], ["Journalled", "done", "Delivered", "1"]],
    )
    ok(cli("import", sheet, "--plan", PLAN))
    ref = actions(db_path)["Journalled"].ref
    with reading(db_path) as session:
        action = store.resolve_action(session=session, ref=ref)
        entries = store.history(session=session, action=action)
    assert [(e.kind, e.by) for e in entries] == [("update", "ana"), ("move", "ana"), ("add", "ana")]
    ok(cli("undo"))
    assert detail(db_path, ref).updates == []


def test_utf16_unicode_text_from_excel(cli: Invoke, db_path: Path, tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16 with a byte-order mark, tab-separated."""
    sheet = tmp_path / "unicode.txt"
    sheet.write_bytes("Action\tComponent\r\nŁódź seminar\t1\r\n".encode("utf-16"))
    ok(cli("import", sheet, "--plan", PLAN))
    assert "Łódź seminar" in actions(db_path)


def test_sheet_option_is_for_workbooks(cli: Invoke, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "p.csv", [["Action"], ["x"]])
    assert "--sheet is for Excel workbooks" in refused(
        cli("import", sheet, "--plan", PLAN, "--sheet", "One")
    )


def test_a_change_made_after_the_preview_refuses_the_write(engine: Engine) -> None:
    """If another terminal adds the same action between preview and write, nothing is written:
    the plan is made again inside the write transaction and must be the same."""
    from ptctui.importers.spreadsheet import parse_sheet
    from ptctui.store.sheets import import_sheet, prepare_import

    sheet = parse_sheet([["Action", "Component"], ["Raced", "1"]], name="race.csv")
    with store.reading(engine) as session:
        prepared = prepare_import(session=session, sheet=sheet, plan=PLAN)
    assert [a.ref for a in prepared.actions] == ["CEP-1.14"]
    with store.writing(engine) as session:
        component = store.get_component(session=session, spec="CEP-2020:1")
        store.add_action(session=session, component=component, title="Raced", by="bo")
    with (
        pytest.raises(store.StoreError, match="the database changed"),
        store.writing(engine) as session,
    ):
        import_sheet(session=session, prepared=prepared, by="ana", today=date(2020, 6, 15))
    with store.reading(engine) as session:
        rows = store.list_actions(
            session=session, flt=store.ActionFilter(search="Raced"), today=date(2020, 6, 15)
        )
    assert [r.ref for r in rows] == ["CEP-1.14"]


# --- random and broken files ---------------------------------------------------------------------

_CELLS = st.one_of(
    st.sampled_from(
        ["", "done", "on hold", "Q3 2010", "soon", "SEC", "3", "Component 9", "=1+1", "\x1b[31m"]
    ),
    st.text(max_size=30),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    header=st.lists(
        st.sampled_from(["Action", "Status", "Deadline", "Lead", "Notes", "Ref", "Colour", ""]),
        min_size=1,
        max_size=6,
    ),
    rows=st.lists(st.lists(_CELLS, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    junk=st.binary(max_size=40),
    how=st.sampled_from(["table", "bytes", "table+junk"]),
)
def test_random_spreadsheets_never_escape_and_never_half_write(
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    encoding: str,
    junk: bytes,
    how: str,
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_template: Path,
) -> None:
    """Whatever the file holds, the import ends in 0 or a one-line error, and a refusal
    writes nothing (the database's fingerprint is unchanged)."""
    import shutil

    root = tmp_path_factory.mktemp("sheet")
    target = root / "db" / "ptctui.db"
    target.parent.mkdir()
    shutil.copy(_seeded_template, target)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = out.getvalue().encode("utf-8")
    if how == "bytes":
        data = junk
    elif how == "table+junk":
        data = data[: len(data) // 2] + junk
    file = root / "sheet.csv"
    file.write_bytes(data)
    before = fingerprint(target)
    result = CliRunner().invoke(
        app,
        ["--db", str(target), "import", str(file), "--plan", PLAN],
        env=dict(BASE_ENV),
        prog_name="ptctui",
    )
    assert result.exit_code in (0, 1), (result.exit_code, result.stdout, result.stderr)
    assert not isinstance(result.exception, Exception), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 1:
        assert fingerprint(target) == before
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


def test_a_workbook_cut_short_is_refused_with_one_line(
    cli: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """openpyxl reads a read-only sheet while iterating it: damage there must not escape."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Action", "Status"])
    for n in range(50):
        sheet.append([f"Thing {n}", "planned"])
    whole, cut = tmp_path / "whole.xlsx", tmp_path / "cut.xlsx"
    book.save(whole)
    with zipfile.ZipFile(whole) as zin, zipfile.ZipFile(cut, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    before = fingerprint(db_path)
    line = refused(cli("import", cut, "--plan", PLAN))
    assert "cannot read cut.xlsx as an Excel workbook" in line
    assert fingerprint(db_path) == before
