"""Reading an action plan kept in a spreadsheet (CSV, TSV or Excel) into checked rows.

Officers keep action plans in Excel and save them as whatever their Excel writes: UTF-8 with a
byte-order mark, plain UTF-8, or Windows-1252 on older machines; comma-separated in English
locales and semicolon-separated in French or Spanish ones; sometimes "Unicode text" (UTF-16,
tab-separated). ``read_grid`` accepts all of these, and ``.xlsx`` workbooks through openpyxl
(imported only when one is read), and hands back the cells as text.

``parse_sheet`` then finds the header row (title rows above it are common), recognises its
columns by name (``Activity``, ``Lead``, ``Timeframe``, …) or by ``--map FIELD=COLUMN``, and reads
each row: the status word onto the workflow, the deadline through ``parse_deadline``. Every
value it cannot read becomes a ``Problem`` naming the row as the spreadsheet numbers it and the
column by its header; nothing is guessed. What needs the database (bodies, components,
references already taken, actions already there) is checked by ``ptctui.store.sheets``.

Nothing here touches the database. Showing what an import will do is
``ptctui.views.sheet_preview``'s.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any

from ptctui.deadlines import Deadline, DeadlineError, parse_deadline
from ptctui.importers import ImportFileError
from ptctui.text import quote
from ptctui.workflow import Status

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# A spreadsheet of action plans is kilobytes; anything near this is not one.
MAX_FILE_BYTES = 50 * 1024 * 1024
# No action plan has this many rows; a sheet that does is not one (or is mostly empty rows).
MAX_ROWS = 100_000
# Title rows (plan name, date, "Annex II") may sit above the header; look this far down for it.
HEADER_SEARCH_ROWS = 10
# What one cell may hold. A title is a sentence or a paragraph; notes may be long progress text.
# The reference is a database column of 40 characters.
LIMITS = {
    "title": 1_000,
    "description": 20_000,
    "notes": 20_000,
    "ref": 40,
    "deadline": 200,
    "status": 100,
}
DEFAULT_LIMIT = 1_000

# --- the fields and the headers that name them ---------------------------------------------------

# field -> headers that mean it, compared after ``header_key`` (case, spaces and punctuation
# ignored). Exact matches only: a fuzzy match would take "Action Plan 2020" (a title row) for
# the title column. Anything else can be named with --map.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "action",
        "actions",
        "action title",
        "activity",
        "activities",
        "milestone",
        "milestones",
        "task",
        "tasks",
        "deliverable",
        "deliverables",
        "description of action",
        "description of activity",
        "action description",
        "activity description",
    ),
    "description": ("description", "details", "detail", "explanation"),
    "responsible": (
        "responsible",
        "responsible body",
        "responsible bodies",
        "responsible party",
        "responsibility",
        "lead",
        "lead body",
        "lead bodies",
        "owner",
        "owners",
        "who",
        "by whom",
    ),
    "supporting": (
        "supporting",
        "supporting bodies",
        "support",
        "supported by",
        "partners",
        "in cooperation with",
        "in co operation with",
    ),
    "deadline": (
        "deadline",
        "deadlines",
        "timeline",
        "timeframe",
        "time frame",
        "planned",
        "planned date",
        "due",
        "due date",
        "due by",
        "target date",
        "by when",
        "completion date",
    ),
    "status": ("status", "state", "implementation status", "progress status"),
    "notes": (
        "notes",
        "note",
        "remarks",
        "remark",
        "progress",
        "comments",
        "comment",
        "progress update",
        "progress updates",
        "latest update",
        "update",
        "progress to date",
    ),
    "component": ("component", "components", "pillar", "part", "section", "strand"),
    "ref": ("ref", "refs", "reference", "ref no", "no", "nr", "number", "#", "item", "item no"),
}

FIELD_LABELS = {"ref": "reference"}


def header_key(text: str) -> str:
    """A header as compared: case, spaces and punctuation ignored ("Due date:" → "duedate")."""
    key = re.sub(r"[\W_]+", "", text.casefold())
    return key or "".join(text.split())  # "#" stays "#"


_SYNONYMS: dict[str, str] = {
    header_key(name): fld for fld, names in FIELDS.items() for name in names
}


def field_for_header(text: str) -> str | None:
    """The field a header names, if any.

    A parenthesis is a remark ("Status (as of June 2020)"), and "Deadline / Timeline" names one
    field two ways, so both are tried; the first part that names a field wins.
    """
    plain = re.sub(r"\([^)]*\)", " ", text)
    for candidate in (text, plain, *re.split(r"[/|&]", plain)):
        found = _SYNONYMS.get(header_key(candidate))
        if found:
            return found
    return None


# --- status words --------------------------------------------------------------------------------

STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.COMPLETED: (
        "done",
        "complete",
        "completed",
        "finished",
        "achieved",
        "finalised",
        "finalized",
        "delivered",
        "accomplished",
        "took place",
    ),
    Status.IN_PROGRESS: (
        "in progress",
        "underway",
        "under way",
        "started",
        "ongoing work",
        "work in progress",
        "wip",
        "in development",
        "being implemented",
        "progressing",
    ),
    Status.ONGOING: ("ongoing", "on going", "continuous", "continuing", "permanent", "recurring"),
    Status.PLANNED: (
        "planned",
        "not started",
        "not yet started",
        "to be started",
        "to start",
        "scheduled",
        "pending",
        "to do",
        "todo",
    ),
    Status.POSTPONED: ("postponed", "delayed", "deferred", "rescheduled", "re scheduled"),
    Status.ON_HOLD: (
        "on hold",
        "onhold",
        "awaiting funding",
        "waiting for funding",
        "suspended",
        "paused",
        "stalled",
        "blocked",
    ),
    Status.CANCELLED: (
        "cancelled",
        "canceled",
        "dropped",
        "withdrawn",
        "abandoned",
        "discontinued",
        "terminated",
    ),
}


def _status_key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


_STATUS_BY_WORD: dict[str, Status] = {
    _status_key(word): status for status, words in STATUS_WORDS.items() for word in words
} | {_status_key(s.value): s for s in Status}


def read_status(text: str) -> Status | None:
    """The workflow status a spreadsheet's word means (blank is planned); None if unknown."""
    key = _status_key(text)
    if not key:
        return Status.PLANNED
    return _STATUS_BY_WORD.get(key)


STATUS_HINT = "done, in progress, ongoing, planned, postponed, on hold or cancelled"

# Names in the responsible column: "SEC, INTERPOL", "SEC / UNODC", "SEC; EC".
BODY_SEPARATORS = re.compile(r"[,;/\n]+")
BODY_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def split_bodies(text: str) -> tuple[str, ...]:
    """The names in a responsible cell, split on , ; / and line breaks (" and " is left to the
    store, which first tries the whole name: "Working Group on … Compliance and Fraud")."""
    return tuple(part for p in BODY_SEPARATORS.split(text) if (part := " ".join(p.split())))


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


# --- reading files into a grid of text -----------------------------------------------------------


def read_grid(path: Path, *, sheet: str | None = None) -> tuple[list[list[str]], str | None]:
    """The cells of ``path`` as text, row by row from the top (row 1 is ``grid[0]``).

    Returns the grid and, for a workbook, the name of the sheet read.
    """
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{path.name} is {size // (1024 * 1024)} MB; a spreadsheet to import may be at most "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
        )
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    if sheet is not None:
        raise ImportFileError("--sheet is for Excel workbooks (.xlsx); a CSV file has one table")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    return parse_csv(raw, name=path.name), None


def decode(raw: bytes, *, name: str) -> str:
    """The text of a CSV file as Excel writes it: UTF-8 (with or without BOM), else cp1252.

    UTF-8 is decoded strictly, so a file that is not UTF-8 is never read with replacement
    characters; it is then tried as Windows-1252, which is what Excel writes on a Western
    European Windows. UTF-16 ("Unicode text") is recognised by its byte-order mark.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(f"{name} starts like UTF-16 text but is not") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{name} is neither UTF-8 nor Windows-1252 text (byte {error.start}); save it "
            "from Excel as “CSV UTF-8” or as .xlsx"
        ) from None


DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that splits the start of ``text`` most consistently.

    For each candidate, the records are split and the most common field count (of two or more)
    is found; the candidate under which the most records share that count wins. Commas in a
    semicolon file's sentences (or the reverse) give ragged counts and lose.
    """
    sample = text[:65_536]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = Counter(
                len(record)
                for record in islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 50)
                if len(record) > 1
            )
        except csv.Error:
            continue
        if not counts:
            continue
        width, times = counts.most_common(1)[0]
        score = (times, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@contextmanager
def _large_fields() -> Iterator[None]:
    """Let the csv module read cells longer than its 128 KiB default.

    A huge cell must become a row problem ("notes is 300,000 characters"), not a refusal of
    the whole file with a line number nobody can find.
    """
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, MAX_FILE_BYTES))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def parse_csv(raw: bytes, *, name: str) -> list[list[str]]:
    """The cells of a CSV or TSV file (see ``decode`` and ``sniff_delimiter``)."""
    text = decode(raw, name=name)
    delimiter = sniff_delimiter(text)
    try:
        with _large_fields():
            # Each record is one spreadsheet row, even when a quoted cell spans lines, so the
            # row numbers in messages are the ones Excel shows.
            grid = [
                list(record)
                for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            ]
    except csv.Error as error:
        raise ImportFileError(f"{name} is not readable as CSV: {error}") from None
    if len(grid) > MAX_ROWS:
        raise ImportFileError(f"{name} has more than {MAX_ROWS:,} rows")
    return grid


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list[list[str]], str]:
    import zipfile
    import zlib

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            f"cannot read {path.name} as an Excel workbook ({quote(str(error) or 'damaged')})"
        ) from None
    try:
        names = workbook.sheetnames
        if sheet is None:
            worksheet = workbook.worksheets[0]
        else:
            wanted = {n.casefold(): n for n in names}.get(sheet.strip().casefold())
            if wanted is None:
                raise ImportFileError(
                    f"{path.name} has no sheet {sheet!r}; its sheets are: "
                    + ", ".join(repr(n) for n in names)
                )
            worksheet = workbook[wanted]
        if not hasattr(worksheet, "reset_dimensions"):
            raise ImportFileError(f"sheet {worksheet.title!r} of {path.name} is a chart, not cells")
        # Files written by other programs often carry a wrong size; read what is there.
        worksheet.reset_dimensions()
        grid: list[list[str]] = []
        for row in worksheet.iter_rows():
            if len(grid) >= MAX_ROWS:
                raise ImportFileError(f"{path.name} has more than {MAX_ROWS:,} rows")
            grid.append([cell_text(cell) for cell in row])
        return grid, worksheet.title
    except (SyntaxError, zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError) as error:
        # read_only workbooks parse the sheet while iterating: a damaged sheet fails here
        # (ElementTree's ParseError is a SyntaxError).
        raise ImportFileError(
            f"cannot read {path.name} as an Excel workbook ({quote(str(error) or 'damaged')})"
        ) from None
    finally:
        workbook.close()


def cell_text(cell: Any) -> str:
    """A workbook cell as the text the importer reads.

    Dates become ISO dates (``2020-05-31``), or ``May 2020`` / ``2020`` when the cell's format
    shows no day (an Excel "mmm yyyy" cell is a month, and ``parse_deadline`` then takes its
    last day); whole numbers lose their ``.0``; a percentage stays a percentage.
    """
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    fmt = str(getattr(cell, "number_format", "") or "").lower()
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        shape = re.sub(r'"[^"]*"|\[[^\]]*\]', "", fmt)  # quoted text and [colours] say nothing
        if "d" not in shape and "y" in shape:
            return day.strftime("%B %Y") if "m" in shape else str(day.year)
        return day.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in fmt:
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)
    return str(value)


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
        elif len(value.strip()) > limit:
            problem(
                fld,
                f"{FIELD_LABELS.get(fld, fld)} is {len(value.strip()):,} characters long; "
                f"at most {limit:,} fit",
            )
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
