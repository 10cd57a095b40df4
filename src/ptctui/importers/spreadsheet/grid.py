"""Reading a file into a grid of text: CSV and TSV as Excel writes them, and ``.xlsx`` workbooks.

Officers keep action plans in Excel and save them as whatever their Excel writes: UTF-8 with a
byte-order mark, plain UTF-8, or Windows-1252 on older machines; comma-separated in English
locales and semicolon-separated in French or Spanish ones; sometimes "Unicode text" (UTF-16,
tab-separated). ``read_grid`` accepts all of these, and ``.xlsx`` workbooks through openpyxl
(imported only when one is read), and hands back the cells as text, row by row.

What the cells mean (the header, the fields, the rows) is ``spreadsheet.parsing``'s.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any

from ptctui.importers import ImportFileError
from ptctui.text import quote

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# A spreadsheet of action plans is kilobytes; anything near this is not one.
MAX_FILE_BYTES = 50 * 1024 * 1024
# No action plan has this many rows; a sheet that does is not one (or is mostly empty rows).
MAX_ROWS = 100_000


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
