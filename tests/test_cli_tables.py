"""The command line's tables at 80 columns, and on a pipe.

At 80 columns in a terminal (``TTY_COMPATIBLE=1`` makes Rich treat CliRunner's output as one,
``COLUMNS=80`` its width) every listing keeps its headers and short columns whole (dates,
statuses, references, counts) and wraps the long text instead. On a pipe (no terminal, no
``COLUMNS``), a table is not wrapped at all, so ``ptctui history | grep`` finds a note whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from itertools import pairwise
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from typer.testing import Result

from conftest import invoke_cli
from ptctui.views.columns import FitTable, share

Invoke = Callable[..., Result]

TERMINAL_80 = {"TTY_COMPATIBLE": "1", "COLUMNS": "80"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LONG_NOTE = "the committee asked for the needle in the haystack to be found " * 4


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    """``ptctui --db <the seeded database> ARGS``, with a long note in the journal."""

    def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return invoke_cli("--db", db_arg, *args, env=env)

    result = invoke("move", "CEP-1.1", "on_hold", "--note", LONG_NOTE.strip())
    assert result.exit_code == 0, result.stderr
    return invoke


def at_80(cli: Invoke, *args: str) -> list[str]:
    """The command's lines in an 80-column terminal, colours taken out."""
    result = cli(*args, env=TERMINAL_80)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return [line.rstrip() for line in ANSI.sub("", result.stdout).splitlines()]


def header_line(lines: list[str], first: str) -> str:
    """The header row that starts with the column ``first`` (the line above a rule)."""
    for above, line in pairwise(lines):
        if above.split()[:1] == [first] and set(line.strip()) == {"─"}:
            return above
    raise AssertionError(f"no header starting {first!r} in:\n" + "\n".join(lines))


LISTINGS = [
    (("actions",), ["Ref", "Action", "Lead", "Deadline", "Status", "Updated"]),
    (("actions", "--overdue"), ["Ref", "Action", "Lead", "Deadline", "Status", "Updated"]),
    (("statuses",), ["Status", "Can move to"]),
    (("history",), ["#", "When (UTC)", "Who", "Change", "Note"]),
    (("packages",), ["Code", "Package", "Lead", "Plans", "Done", "Overdue"]),
    (("plans",), ["Code", "Plan", "Parts", "Done", "Overdue"]),
    (("components", "CEP-2020"), ["Component", "Title", "Done", "Overdue"]),
    (("bodies",), ["Code", "Body", "Kind", "Reports to", "Actions"]),
    (("meetings",), ["Code", "Meeting", "When", "Where", "Reviewed", "Decided"]),
    (
        ("export", "summary"),
        ["Ref", "Action", "Lead", "Deadline", "Due", "Days late", "Status"],
    ),
]


@pytest.mark.parametrize(("args", "headers"), LISTINGS, ids=lambda v: " ".join(v))
def test_every_header_is_whole_at_80_columns(
    cli: Invoke, args: tuple[str, ...], headers: list[str]
) -> None:
    """Each header reads whole, in order, on one line; no line is wider than the terminal and
    nothing was cut short with an ellipsis."""
    lines = at_80(cli, *args)
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    assert not any("…" in line for line in lines), "\n".join(lines)
    header = header_line(lines, headers[0])
    assert re.split(r"\s{2,}", header.strip()) == headers


def test_short_columns_keep_dates_and_statuses_whole_at_80(cli: Invoke) -> None:
    """``actions --overdue``: each row's reference, status and update date on its first line,
    whole (they printed ``2020-`` and ``Updat``), the title wrapped beneath."""
    lines = at_80(cli, "actions", "--overdue")
    rows = [line for line in lines if re.match(r" ?CEP-\d\.\d+ ", line)]
    assert len(rows) == 2
    for row in rows:
        assert re.search(r"(in progress|planned) +2020-03-01$", row), row


def test_summary_overdue_table_keeps_days_late_and_status_whole_at_80(cli: Invoke) -> None:
    lines = at_80(cli, "export", "summary")
    rows = [line for line in lines if re.match(r" ?CEP-(4\.24|2\.1) ", line)]
    assert any(re.search(r"2020-03-31 +76 +planned$", row) for row in rows), rows
    assert any(re.search(r"2020-05-31 +15 +in progress$", row) for row in rows), rows


def test_statuses_wrap_between_words_at_80(cli: Invoke) -> None:
    """``on_hold`` was printed ``on_h`` / ``old``: at 80 columns the same words as at 200, in
    the same order (a two-column table wraps only its second column, between words)."""
    narrow = [word for word in " ".join(at_80(cli, "statuses")).split() if "─" not in word]
    wide = [word for word in cli("statuses").stdout.split() if "─" not in word]
    assert narrow == wide
    assert narrow.count("on_hold") == 5


def test_show_at_80_columns(cli: Invoke) -> None:
    lines = at_80(cli, "show", "CEP-1.1")
    assert all(len(line) <= 80 for line in lines)
    assert any("0d17a962-089d-5e10-94a3-223444ea2dd6" in line for line in lines)


def test_a_piped_table_is_not_wrapped(cli: Invoke) -> None:
    """Not a terminal and no $COLUMNS: the note is whole on its row's line (`| grep` finds
    it); --json is unchanged."""
    result = cli("history", env={"COLUMNS": None})
    note = LONG_NOTE.strip()
    assert [line for line in result.stdout.splitlines() if note in line], result.stdout
    assert "needle" in cli("history", "--json", env={"COLUMNS": None}).stdout


def test_columns_when_set_still_choose_the_width_of_a_pipe(cli: Invoke) -> None:
    result = cli("history", env={"COLUMNS": "80"})
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert LONG_NOTE.strip() not in result.stdout


# --- FitTable itself -------------------------------------------------------------------------


def rendered(table: FitTable, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(table)
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.mark.parametrize("width", [62, 70, 80, 100, 140, 200])
def test_fit_table_keeps_short_columns_whole_at_any_width(width: int) -> None:
    table = FitTable()
    table.short("Ref")
    table.text("Action", ratio=4, min_width=20)
    table.text("Lead", min_width=5)
    table.short("Due")
    table.short("Days late", justify="right")
    table.short("Status")
    title = "Promote the toolkit globally, regionally and nationally " * 3
    table.add_row("CEP-4.24", Text(title), "SEC, INTERPOL", "2020-03-31", "76", "in progress")
    lines = rendered(table, width)
    assert all(len(line) <= width for line in lines), "\n".join(lines)
    first = next(line for line in lines if "CEP-4.24" in line)
    assert re.search(r"2020-03-31 +76 +in progress$", first), "\n".join(lines)
    header = next(line for line in lines if line.lstrip().startswith("Ref"))
    assert "Days late" in header and "Status" in header and "Action" in header


def test_fit_table_leaves_a_table_that_fits_alone() -> None:
    table = FitTable()
    table.short("Code")
    table.text("Name")
    table.add_row("EC", "Enforcement Committee")
    assert rendered(table, 80)[3].split() == ["EC", "Enforcement", "Committee"]
    assert table.columns[1].width is None


def test_share_gives_by_ratio_within_floors_and_needs() -> None:
    assert share(30, {0: 3, 1: 1}, {0: 10, 1: 5}, {0: 100, 1: 6}) == {0: 24, 1: 6}
    assert share(10, {0: 1, 1: 1}, {0: 8, 1: 8}, {0: 20, 1: 20}) == {0: 8, 1: 8}
    assert share(50, {0: 1}, {0: 1}, {0: 12}) == {0: 12}


def test_an_import_preview_keeps_its_headers_whole_at_80(cli: Invoke, tmp_path: Path) -> None:
    """Seven columns at 80: "Responsible" was folded to "Responsi" / "ble"."""
    sheet = tmp_path / "plan.csv"
    sheet.write_text(
        "Action,Component,Status,Deadline,Responsible\n"
        '"Organise a regional workshop on risk management for customs administrations",'
        '1,planned,first quarter 2021,"SEC, WGRCF"\n'
    )
    lines = at_80(cli, "import", str(sheet), "--plan", "CEP-2020", "--dry-run")
    header = header_line(lines, "Row")
    assert re.split(r"\s{2,}", header.strip()) == [
        "Row", "Ref", "Title", "Component", "Status", "Deadline", "Responsible",
    ]  # fmt: skip
    assert all(len(line) <= 80 for line in lines)
