"""Writing reports and data to files: txt, ansi, html, svg, md, docx, json and csv.

Nothing here imports Textual or queries the database: the renderers take a
:class:`~ptctui.reports.document.Document` (or the rows ``ptctui.store`` dumped) and return
bytes; :func:`write_atomic` puts them on disk so that a reader never sees half a file and an
existing file is only replaced when asked to.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ptctui.errors import UserError

REPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "summary": ("txt", "ansi", "html", "svg", "md", "docx"),
    "plan": ("txt", "ansi", "html", "svg", "md", "docx"),
    "intersessional": ("txt", "ansi", "html", "svg", "md", "docx"),
    "meeting": ("txt", "ansi", "html", "svg", "md", "docx"),
    "data": ("json", "csv"),
}
"""The formats each report can be written in."""

EXTENSIONS = {"ansi": "ans"}
"""File extensions that differ from the format's name."""


class ExportError(UserError, ValueError):
    """An export that cannot be made as asked; ``str()`` is one line."""


def check_format(report: str, fmt: str) -> str:
    """``fmt`` in lower case if ``report`` can be written in it, else an ``ExportError``."""
    value = fmt.strip().lower().lstrip(".")
    valid = REPORT_FORMATS[report]
    if value not in valid:
        raise ExportError(f"unknown format {fmt!r} for {report}; formats are: {', '.join(valid)}")
    return value


def format_from_path(report: str, path: Path) -> str | None:
    """The format a file name implies (``x.docx`` → ``docx``), if the report has it."""
    suffix = path.suffix.lower().lstrip(".")
    for fmt in REPORT_FORMATS[report]:
        if suffix in (fmt, EXTENSIONS.get(fmt)):
            return fmt
    return None


def default_path(folder: Path, report: str, fmt: str, today: date, name: str = "") -> Path:
    """``exports/intersessional-2020-06-15.docx``: from the report (and plan) and the date."""
    stem = "-".join(part for part in (report, _slug(name), today.isoformat()) if part)
    return folder / f"{stem}.{EXTENSIONS.get(fmt, fmt)}"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text).strip("-")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# What ``write_atomic``'s temporary files look like (``.NAME.`` + mkstemp's 8 characters +
# ``.tmp``), and how old one must be before another run may take it for a leftover: a write
# under way touches its file all along, so ten quiet minutes means its writer was killed.
_LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
LEFTOVER_AGE = 600


def sweep_leftovers(folder: Path) -> None:
    """Remove the temporary files of writes that were killed (``kill -9``, a power cut) in
    ``folder``: only ptctui's own pattern, only when older than ``LEFTOVER_AGE`` seconds, so
    an export another process is writing there now is left alone."""
    cutoff = time.time() - LEFTOVER_AGE
    try:
        candidates = list(folder.glob(".*.tmp"))
    except OSError:
        return
    for leftover in candidates:
        if not _LEFTOVER.fullmatch(leftover.name):
            continue
        try:
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:  # gone already, or not ours to remove
            continue


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, force: bool = False) -> Path:
    """Write ``data`` (bytes, or pieces of them) to ``path`` through a temporary file in the
    same folder, then rename.

    A reader sees the old file or the new one, never half of one: if the pieces stop with an
    error, the temporary file is removed and the error goes on. An existing file is only
    replaced with ``force``; the folder is created if needed.
    """
    path = path.expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # Renaming over a device, a pipe or a link (to /proc/self/fd/1, say) would put a
        # regular file in its place: only files are replaced, and `-o -` is stdout.
        raise ExportError(
            f"{path} is not a regular file; give a file name (or -o - for the terminal)"
        )
    if path.exists() and not force:
        raise ExportError(f"{path} exists; use --force to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep_leftovers(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            # mkstemp makes the file private (0600); an export gets the mode any new file gets.
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as handle:
                for piece in [data] if isinstance(data, bytes) else data:
                    handle.write(piece)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    return path
