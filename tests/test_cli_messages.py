"""The command line's messages and defaults agree with the app's: the intersessional window
defaults to six months in both, an action's title has one limit however it arrives (``add``,
``edit``, an import, the app), and an unknown body names the known ones, shortened when many.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import TODAY, Database, fingerprint_db, invoke_cli
from ptctui.deadlines import long_date
from ptctui.exporters.jobs import DEFAULT_SINCE_DAYS, ExportJob, build_document
from ptctui.forms import canonical_codes
from ptctui.reports.document import Box, Paragraph
from ptctui.reports.intersessional import IntersessionalOptions
from ptctui.text import MAX_TITLE, some_of

Invoke = Callable[..., Result]


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return invoke_cli("--db", db_arg, *args, env=env)

    return invoke


def refused(cli: Invoke, db_arg: str, *args: str) -> str:
    """One lowercase ``error:`` line, exit 1, the database as it was."""
    before = fingerprint_db(db_arg)
    result = cli(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert fingerprint_db(db_arg) == before
    return line


# --- the intersessional window -----------------------------------------------------------------


def test_intersessional_without_since_covers_six_months(cli: Invoke) -> None:
    """It was `Error: missing option '--since'`; now the app's default: 182 days to today."""
    result = cli("export", "intersessional", "-o", "-")
    assert result.exit_code == 0, result.stderr
    since = TODAY - timedelta(days=DEFAULT_SINCE_DAYS)
    assert f"between {long_date(since)} and {long_date(TODAY)}" in result.stdout


def test_intersessional_window_counts_back_from_until(cli: Invoke) -> None:
    result = cli("export", "intersessional", "--until", "2020-03-31", "-o", "-")
    assert "between 1 October 2019 and 31 March 2020" in result.stdout


def test_the_app_and_the_command_line_share_the_window(database: Database, tmp_path: Path) -> None:
    """The app's export job (no dates given) and the report's own default are one rule."""
    from ptctui import db

    assert DEFAULT_SINCE_DAYS == 182
    options = IntersessionalOptions(today=date(2020, 6, 15))
    assert options.window == (date(2019, 12, 16), date(2020, 6, 15))
    engine = db.make_engine(database.url)
    job = ExportJob(report="intersessional", fmt="txt", path=tmp_path / "x.txt")
    document = build_document(engine=engine, job=job, today=date(2020, 6, 15))
    engine.dispose()
    purpose = document.sections[0].blocks[0]
    assert isinstance(purpose, Box)
    first = purpose.blocks[0]
    assert isinstance(first, Paragraph)
    assert "between 16 December 2019 and 15 June 2020" in first.text


def test_a_usage_error_is_lowercase(cli: Invoke) -> None:
    result = cli("export", "plan")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: missing argument 'plan'")
    assert "Error" not in result.stderr


# --- one limit for a title -----------------------------------------------------------------------


def test_add_refuses_a_title_over_the_limit(cli: Invoke, db_arg: str) -> None:
    line = refused(cli, db_arg, "add", "x" * 1280, "--component", "CEP-2020:1")
    assert line == "error: title is 1,280 characters long; at most 1,000 fit"


def test_add_takes_a_title_at_the_limit(cli: Invoke) -> None:
    result = cli("add", "y" * MAX_TITLE, "--component", "CEP-2020:1")
    assert result.exit_code == 0, result.stderr


def test_edit_refuses_a_title_over_the_limit(cli: Invoke, db_arg: str) -> None:
    line = refused(cli, db_arg, "edit", "CEP-1.1", "--title", "z" * 1001)
    assert line == "error: title is 1,001 characters long; at most 1,000 fit"


def test_import_says_the_same_of_a_long_title(cli: Invoke, tmp_path: Path) -> None:
    sheet = tmp_path / "long.csv"
    with sheet.open("w", newline="") as out:
        csv.writer(out).writerows([["Action", "Component"], ["t" * 1280, "1"], ["Fine", "1"]])
    result = cli("import", str(sheet), "--plan", "CEP-2020", "--skip-bad-rows")
    assert result.exit_code == 0, result.stderr
    assert "title is 1,280 characters long; at most 1,000 fit" in " ".join(result.stdout.split())


# --- unknown bodies --------------------------------------------------------------------------


def test_an_unknown_lead_names_the_bodies(cli: Invoke, db_arg: str) -> None:
    line = refused(cli, db_arg, "add", "A title", "--component", "CEP-2020:1", "--lead", "NOPE")
    assert line.startswith("error: no body 'NOPE'; bodies are: C4ADS, CNL, EC, ")


def test_the_dialog_s_check_names_the_bodies_shortened_when_many() -> None:
    """The app's action dialog reads its lead and supporting fields with this."""
    assert canonical_codes("sec, wgrcf, SEC", ["SEC", "WGRCF"], role="lead") == ("SEC", "WGRCF")
    with pytest.raises(ValueError) as refused_code:
        canonical_codes("SEC, XYZ", ["SEC", "WGRCF"], role="supporting")
    assert str(refused_code.value) == "no supporting body 'XYZ'; bodies are: SEC, WGRCF"
    many = [f"B{n:02}" for n in range(45)]
    with pytest.raises(ValueError) as refused_many:
        canonical_codes("XYZ", many, role="lead")
    assert str(refused_many.value).endswith("B18, B19, … (45 in all)")
    assert canonical_codes("any, Thing", [], role="lead") == ("any", "Thing")


def test_some_of() -> None:
    assert some_of([]) == "none"
    assert some_of(["A", "B"]) == "A, B"
    assert some_of(["A", "B", "C"], limit=2) == "A, B, … (3 in all)"
