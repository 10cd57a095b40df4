"""Reading a ``ptctui export data`` file: every check before anything touches the database.

The jobs, one module each; this package hands their public names on, so
``ptctui.importers.exchange.X`` is how callers reach them:

- ``document``: the file, its JSON and its head (``read_export``, ``parse_export``,
  ``check_export``, ``ExportData``), and ``export_header``, the head every export starts with,
  so the format has one definition for the writers (``exporters.data``, ``sync``) and the
  reader;
- ``stream``: the file's JSON decoded a row at a time;
- ``tables``: each row checked against the table definitions, turned into the columns' Python
  types;
- ``checks``: what spans rows (uniqueness, links, the journal), checked from compact keys
  while the rows stream past into a spool on disk, which the merge reads back.

Nothing here touches the database: ``ptctui.store.merge`` applies a checked export in one
transaction.
"""

from ptctui.importers.exchange.document import (
    ExportData,
    check_export,
    check_streamed,
    export_header,
    parse_export,
    read_export,
)
from ptctui.importers.exchange.tables import MAX_TEXT

__all__ = [
    "MAX_TEXT",
    "ExportData",
    "check_export",
    "check_streamed",
    "export_header",
    "parse_export",
    "read_export",
]
