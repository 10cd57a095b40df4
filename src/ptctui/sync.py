"""Two databases made one: what ``ptctui import`` does, in both directions at once.

``sync`` is how a laptop copy that went to a meeting offline comes back into the shared server
(or another laptop): each side is read as the export it would write, checked like a file from
outside, and merged into the other with the rules of ``ptctui.store.merge``. Both snapshots are
taken before either side is written, so the two merges see the same two histories and leave
both databases holding the same data.

Each side's merge is its own transaction, with a backup when the side is an SQLite file and
the merge, its checks passed, has something to write.
If the second merge fails the first stays done; that is safe, because a merge only ever adds
history, and running ``sync`` again completes the other direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from ptctui import backups, migrate, store
from ptctui.importers.exchange import ExportData, check_streamed, export_header
from ptctui.models import utcnow
from ptctui.store.merge import MergeReport, merge_export, record_import


@dataclass(frozen=True)
class SyncResult:
    """What each side received, and where each side's backup went."""

    here: MergeReport
    there: MergeReport
    here_backup: Path | None
    there_backup: Path | None


def snapshot(engine: Engine, *, source: str) -> ExportData:
    """The database as its export file would hold it, checked like any file from outside.

    The same rows and the same checks as a file's, streamed from the database's cursor into
    the check's spool on disk (``importers.exchange.checks``), without writing the text and
    reading it back, and without holding the rows: the merges read them back from the spool.
    """
    with store.reading(engine, snapshot=True) as session:
        head = export_header(
            exported_at=utcnow(), source=source, schema=migrate.exchange_revision(engine)
        )
        return check_streamed(head, store.dump_rows(session=session), name=source, typed=True)


def sync(
    here: Engine,
    there: Engine,
    *,
    here_name: str,
    there_name: str,
    by: str,
    dry_run: bool = False,
) -> SyncResult:
    """Merge ``there`` into ``here`` and ``here`` into ``there`` (see the module docstring)."""
    mine = snapshot(here, source=here_name)
    theirs = snapshot(there, source=there_name)
    if dry_run:
        with store.rehearsal(here) as session:
            into_here = merge_export(session=session, data=theirs)
        with store.rehearsal(there) as session:
            into_there = merge_export(session=session, data=mine)
        return SyncResult(into_here, into_there, None, None)
    into_here, here_backup = _merge(here, theirs, source=there_name, by=by)
    into_there, there_backup = _merge(there, mine, source=here_name, by=by)
    return SyncResult(into_here, into_there, here_backup, there_backup)


def _merge(
    engine: Engine, data: ExportData, *, source: str, by: str
) -> tuple[MergeReport, Path | None]:
    """Merge ``data`` into ``engine``; the backup is taken once the merge has passed its checks
    and has something to write (inside the write, so it holds the data as it was before)."""
    backup = None
    with store.writing(engine) as session:
        report = merge_export(session=session, data=data)
        if not report.nothing:
            backup = backups.take_backup(engine, label="before-sync")
            record_import(
                session=session,
                source=source,
                by=by,
                report=report,
                backup=str(backup) if backup else None,
            )
    return report, backup
