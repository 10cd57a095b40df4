"""Reading an action plan kept in a spreadsheet (CSV, TSV or Excel) into checked rows.

The reading is three jobs, one module each; this package hands their public names on, so
``ptctui.importers.spreadsheet.X`` is how callers reach them:

- ``grid``: a file into a grid of text (``read_grid``): CSV and TSV in whatever encoding and
  delimiter Excel wrote, ``.xlsx`` workbooks through openpyxl;
- ``parsing``: the grid into a checked ``Sheet`` of ``SheetRow`` (``parse_sheet``; ``read_sheet``
  does both): the header found, the columns recognised, every value read or a ``Problem``;
- ``vocabulary``: the header names of each field, the status words, the bodies' separators.

Nothing here touches the database: what needs it (bodies, components, references already
taken) is checked by ``ptctui.store.sheets``, and showing what an import will do is
``ptctui.views.sheet_preview``'s.
"""

from ptctui.importers.spreadsheet.grid import (
    CSV_SUFFIXES,
    DELIMITERS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    XLSX_SUFFIXES,
    cell_text,
    decode,
    parse_csv,
    read_grid,
    sniff_delimiter,
)
from ptctui.importers.spreadsheet.parsing import (
    DEFAULT_LIMIT,
    HEADER_SEARCH_ROWS,
    LIMITS,
    Column,
    Problem,
    Sheet,
    SheetRow,
    parse_mapping,
    parse_sheet,
    read_sheet,
)
from ptctui.importers.spreadsheet.vocabulary import (
    BODY_AND,
    BODY_SEPARATORS,
    FIELD_LABELS,
    FIELDS,
    STATUS_HINT,
    STATUS_WORDS,
    field_for_header,
    header_key,
    read_status,
    split_bodies,
)

__all__ = [
    "BODY_AND",
    "BODY_SEPARATORS",
    "CSV_SUFFIXES",
    "DEFAULT_LIMIT",
    "DELIMITERS",
    "FIELDS",
    "FIELD_LABELS",
    "HEADER_SEARCH_ROWS",
    "LIMITS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "STATUS_HINT",
    "STATUS_WORDS",
    "XLSX_SUFFIXES",
    "Column",
    "Problem",
    "Sheet",
    "SheetRow",
    "cell_text",
    "decode",
    "field_for_header",
    "header_key",
    "parse_csv",
    "parse_mapping",
    "parse_sheet",
    "read_grid",
    "read_sheet",
    "read_status",
    "sniff_delimiter",
    "split_bodies",
]
