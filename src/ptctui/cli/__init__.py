"""The ``ptctui`` command line (Typer).

Bare ``ptctui`` opens the terminal app; every sub-command runs headless. Only Typer, the
standard library, ``ptctui.config`` and ``ptctui.workspace`` (finding the database) are imported
at start-up: SQLModel, Rich tables and the store are imported inside the commands that need
them, so ``ptctui --help`` stays fast, and Textual is never imported by a sub-command
(tests/test_cli.py checks ``sys.modules``).

Errors a user can cause (unknown reference or status, refused move, bad date) end as one line
on stderr and exit code 1, with the database untouched: each write is one transaction.

The commands live in one module per kind (``root``: the app and ``init``; ``reading``;
``writing``; ``exports``; ``importing``; ``upkeep``: ``db ...``), on the Typer apps of
``common``, which also holds what they share (the workspace a command opens, its output, its
errors). Importing this package registers them all.

Unlike the rest of ptctui, these modules do not use ``from __future__ import annotations``:
Typer reads every command's annotations on every run (``--help`` included) through
``typing.get_type_hints``, which compiles each annotation given as a string (10 ms for the
thirty commands). The few names imported only for type checking are quoted.
"""

import sys

# isort: off
# The commands register as they are imported, in the order `ptctui --help` lists them.
from ptctui.cli import root  # noqa: F401
from ptctui.cli import reading  # noqa: F401
from ptctui.cli import structure  # noqa: F401
from ptctui.cli import bodies  # noqa: F401
from ptctui.cli import writing  # noqa: F401
from ptctui.cli import exports  # noqa: F401
from ptctui.cli import documents  # noqa: F401
from ptctui.cli import meeting  # noqa: F401
from ptctui.cli import importing  # noqa: F401
from ptctui.cli import upkeep  # noqa: F401
# isort: on
from ptctui.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: one command, then the process ends
    (``collector.one_command``)."""
    from ptctui import collector

    # A terminal or pipe that cannot encode a character (PYTHONIOENCODING=ascii, LC_ALL=C)
    # gets a stand-in for it rather than a traceback: titles are in any language.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    with collector.one_command():
        try:
            app(prog_name="ptctui")
        finally:
            # Connections are closed here, not by the collector (frozen at exit): an SQLite
            # file's log is merged back into it. `db` is loaded only if a database was opened.
            db = sys.modules.get("ptctui.db")
            if db is not None:
                db.dispose_engines()
