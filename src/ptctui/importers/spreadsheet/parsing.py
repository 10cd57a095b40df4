"""Parsing a grid of text into a checked ``Sheet``: the header, its columns, every row.

``parse_sheet`` finds the header row (title rows above it are common), recognises its columns
by name (``Activity``, ``Lead``, ``Timeframe``, …, see ``spreadsheet.vocabulary``) or by
``--map FIELD=COLUMN``, and reads each row: the status word onto the workflow, the deadline
through ``parse_deadline``. Every value it cannot read becomes a ``Problem`` naming the row as
the spreadsheet numbers it and the column by its header; nothing is guessed. What needs the
database (bodies, components, references already taken, actions already there) is checked by
``ptctui.store.sheets``; reading the file is ``spreadsheet.grid``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ptctui.deadlines import Deadline, DeadlineError, parse_deadline
from ptctui.importers import ImportFileError, check_size
from ptctui.importers.spreadsheet.grid import read_grid
from ptctui.importers.spreadsheet.vocabulary import (
    FIELD_LABELS,
    FIELDS,
    STATUS_HINT,
    field_for_header,
    header_key,
    read_status,
    split_bodies,
)
from ptctui.text import MAX_TITLE, quote, too_long
from ptctui.workflow import Status

# Title rows (plan name, date, "Annex II") may sit above the header; look this far down for it.
HEADER_SEARCH_ROWS = 10
# What one cell may hold. A title is a sentence or a paragraph; notes may be long progress text.
# The reference is a database column of 40 characters.
LIMITS = {
    "title": MAX_TITLE,
    "description": 20_000,
    "notes": 20_000,
    "ref": 40,
    "deadline": 200,
    "status": 100,
}
DEFAULT_LIMIT = 1_000

# --- the parsed sheet ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something in the file that stops one row being imported, where the user can find it."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}"
        if self.column is not None:
            where += f', column "{quote(self.column, 60)}"'
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Column:
    """A recognised column: the field it fills, where it is and its header as written."""

    field: str
    index: int
    header: str


@dataclass
class SheetRow:
    """One action as the spreadsheet gives it, read but not yet checked against the database."""

    row: int
    title: str = ""
    description: str = ""
    ref: str = ""
    responsible: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()
    deadline: Deadline | None = None
    status: Status = Status.PLANNED
    status_text: str = ""
    notes: str = ""
    component: str = ""
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Sheet:
    """A spreadsheet read and parsed: which columns mean what, and every non-blank row."""

    name: str
    header_row: int
    columns: dict[str, Column]
    ignored: list[str]
    rows: list[SheetRow]
    sheet: str | None = None

    def header(self, fld: str) -> str | None:
        """The header of ``fld``'s column, as the user wrote it (None if there is none)."""
        column = self.columns.get(fld)
        return column.header if column else None


# --- header and rows -----------------------------------------------------------------------------


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``--map FIELD=COLUMN`` options as {field: column}; an empty COLUMN means "no column"."""
    mapping: dict[str, str] = {}
    known = ", ".join(FIELDS)
    for item in items:
        name, sep, column = item.partition("=")
        fld = name.strip().lower()
        if not sep or not fld:
            raise ImportFileError(f"--map {item!r} should be FIELD=COLUMN (fields: {known})")
        if fld not in FIELDS:
            raise ImportFileError(f"--map: unknown field {name.strip()!r}; fields are: {known}")
        if fld in mapping:
            raise ImportFileError(f"--map names {fld} twice")
        mapping[fld] = column.strip()
    return mapping


def _cell_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _find_column(row: list[str], name: str) -> int | None:
    """Where the header ``name`` is in ``row``: as written (case and spacing aside), else by key."""
    for wanted in (_cell_key, header_key):
        for index, cell in enumerate(row):
            if cell.strip() and wanted(cell) == wanted(name):
                return index
    return None


def _detect(row: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        fld = field_for_header(cell) if cell.strip() else None
        if fld is not None and fld not in found:
            found[fld] = index
    return found


def _find_header(grid: list[list[str]], mapping: dict[str, str]) -> int | None:
    """The index of the header row: the first near the top that has a title column."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if "title" in mapping:
            if mapping["title"] and _find_column(row, mapping["title"]) is not None:
                return index
        elif "title" in _detect(row):
            return index
    return None


def _no_header_error(grid: list[list[str]], name: str, mapping: dict[str, str]) -> ImportFileError:
    top = grid[:HEADER_SEARCH_ROWS]
    fullest = max(top, key=lambda r: sum(bool(c.strip()) for c in r), default=[])
    headers = [c.strip() for c in fullest if c.strip()]
    if not headers:
        return ImportFileError(f"{name} has nothing in its first {HEADER_SEARCH_ROWS} rows")
    listed = ", ".join(f'"{quote(h, 40)}"' for h in headers[:12])
    more = " …" if len(headers) > 12 else ""
    if mapping.get("title"):
        what = f'no column "{quote(mapping["title"], 40)}" (from --map title=…)'
    else:
        what = "no column that names the action's title"
    return ImportFileError(
        f"{name}: {what} in its first {HEADER_SEARCH_ROWS} rows; the headers found are "
        f"{listed}{more}. Name the title column with --map title='COLUMN' (and others, e.g. "
        f"--map deadline='COLUMN')"
    )


def _columns(
    header: list[str], mapping: dict[str, str], name: str, row_number: int
) -> tuple[dict[str, Column], list[str]]:
    detected = _detect(header)
    indexes: dict[str, int] = {}
    for fld, column in mapping.items():
        if not column:
            continue  # --map FIELD= : this field has no column
        index = _find_column(header, column)
        if index is None:
            listed = ", ".join(f'"{quote(c.strip(), 40)}"' for c in header if c.strip())
            raise ImportFileError(
                f'--map {fld}={column!r}: {name} has no column "{quote(column, 40)}" in its '
                f"header (row {row_number}); the columns are: {listed}"
            )
        indexes[fld] = index
    taken = set(indexes.values())
    for fld, index in detected.items():
        if fld not in mapping and index not in taken:
            indexes[fld] = index
            taken.add(index)
    columns = {
        fld: Column(field=fld, index=index, header=header[index].strip())
        for fld, index in sorted(indexes.items(), key=lambda item: item[1])
    }
    ignored = [cell.strip() for i, cell in enumerate(header) if cell.strip() and i not in taken]
    return columns, ignored


def parse_sheet(
    grid: list[list[str]], *, name: str, mapping: Sequence[str] = (), sheet: str | None = None
) -> Sheet:
    """Find the header, recognise the columns and read every row below it."""
    wanted = parse_mapping(mapping)
    header_index = _find_header(grid, wanted)
    if header_index is None:
        raise _no_header_error(grid, name, wanted)
    header_row = header_index + 1
    columns, ignored = _columns(grid[header_index], wanted, name, header_row)
    rows: list[SheetRow] = []
    component = ""
    for index in range(header_index + 1, len(grid)):
        cells = {fld: _cell(grid[index], column.index) for fld, column in columns.items()}
        if not any(value.strip() for value in cells.values()):
            continue  # blank rows (and rows with text only in ignored columns) say nothing
        if "component" in cells:
            # A component names the rows below it until the next one: merged cells in Excel
            # keep the value in the first row only, and some sheets give it on a row of its own.
            if cells["component"].strip():
                component = cells["component"]
                if not any(v.strip() for f, v in cells.items() if f != "component"):
                    continue  # a heading row: "Component 2 – Networks" and nothing else
            else:
                cells["component"] = component
        rows.append(_read_row(index + 1, cells, columns))
    if not rows:
        raise ImportFileError(f"{name} has a header on row {header_row} but no actions below it")
    _check_duplicate_refs(rows, columns)
    return Sheet(
        name=name, header_row=header_row, columns=columns, ignored=ignored, rows=rows, sheet=sheet
    )


def read_sheet(path: Path, *, sheet: str | None = None, mapping: Sequence[str] = ()) -> Sheet:
    """Read ``path`` (CSV, TSV or XLSX) and parse it (see ``parse_sheet``)."""
    check_size(path)
    grid, sheet_name = read_grid(path, sheet=sheet)
    return parse_sheet(grid, name=path.name, mapping=mapping, sheet=sheet_name)


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _read_row(number: int, cells: dict[str, str], columns: dict[str, Column]) -> SheetRow:
    row = SheetRow(row=number)

    bad: set[str] = set()

    def problem(fld: str, message: str) -> None:
        bad.add(fld)
        row.problems.append(Problem(number, columns[fld].header, message))

    usable: dict[str, str] = {}
    for fld, value in cells.items():
        limit = LIMITS.get(fld, DEFAULT_LIMIT)
        if "\x00" in value:
            # PostgreSQL cannot store NUL, and no officer typed one: a damaged or binary file.
            problem(fld, "contains a NUL character (\\x00), which cannot be stored")
        elif message := too_long(FIELD_LABELS.get(fld, fld), value, limit):
            problem(fld, message)
        else:
            # Control characters and escape sequences are kept as typed: they are the user's
            # data, and the display layers make them visible instead of obeying them.
            usable[fld] = value.strip()
    row.title = usable.get("title", "")
    if "title" in usable and not row.title:
        problem("title", "no title, though the row has other values")
    row.description = usable.get("description", "")
    row.ref = usable.get("ref", "")
    row.notes = usable.get("notes", "")
    row.component = usable.get("component", "")
    row.responsible = split_bodies(usable.get("responsible", ""))
    row.supporting = split_bodies(usable.get("supporting", ""))
    if usable.get("deadline"):
        try:
            row.deadline = parse_deadline(usable["deadline"])
        except DeadlineError:
            problem("deadline", f'cannot read "{quote(usable["deadline"])}" as a deadline')
    if "status" in usable:
        row.status_text = usable["status"]
        status = read_status(row.status_text)
        if status is None:
            problem(
                "status", f'cannot read "{quote(row.status_text)}" as a status; use {STATUS_HINT}'
            )
        else:
            row.status = status
    if row.status is Status.POSTPONED and row.deadline is None and "deadline" not in bad:
        column = "deadline" if "deadline" in columns else "status"
        problem(column, "a postponed action needs its new deadline; none is given")
    return row


def _check_duplicate_refs(rows: list[SheetRow], columns: dict[str, Column]) -> None:
    """Add a problem to every row whose reference an earlier row of the file already uses."""
    seen: dict[str, int] = {}
    header = columns["ref"].header if "ref" in columns else None
    for row in rows:
        if not row.ref:
            continue
        key = row.ref.casefold()
        if key in seen:
            row.problems.append(
                Problem(
                    row.row,
                    header,
                    f'reference "{quote(row.ref)}" is also used on row {seen[key]}',
                )
            )
        else:
            seen[key] = row.row
