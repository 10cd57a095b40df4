"""Backups of the SQLite database: taking them, listing them, rotating them, restoring one.

Backups live in a ``backups/`` folder beside the database file (``db/backups/`` in a
workspace), named ``STEM-YYYYMMDDTHHMMSSZ-LABEL.db`` where STEM is the database file's name
without its suffix (``ptctui`` for the usual ``db/ptctui.db``): two databases kept in one
folder never mix their backups. Each backup is a plain SQLite file (rollback journal, no
``-wal`` beside it) that ``ptctui --db FILE`` can open as it is.

Nothing is copied outside SQLite's locking:

* taking a backup reads one consistent snapshot while the app and other commands keep reading
  and writing (WAL lets a writer go on while the snapshot is read), into a hidden temporary
  file that is renamed into place only once complete, so a crash never leaves half a backup.
  The snapshot is the database file itself, copied by the kernel while a read transaction
  keeps any checkpoint from changing it, when the file already holds everything up to that
  snapshot (``copying.copy_pinned``: four times faster than the backup API, which remains for when
  it does not, e.g. a reader still on an older snapshot);
* restoring copies a checked backup *into* the live database, page by page, inside SQLite's
  own locking: other processes keep their open file handles and simply see the restored data
  (the schema cookie changes, so they reload the schema), where replacing the file under them
  would leave them writing to a deleted inode.

Rotation keeps the newest backups of each label and deletes older ones of that label only:
``KEEP["manual"]`` (20) for backups people asked for, ``KEEP_DEFAULT`` (10) for the automatic
ones (``before-import``, ``before-migration``, ``before-restore``) and any other label.

PostgreSQL databases have no file to copy: ``take_backup`` returns ``None`` for them and
``restore_backup`` refuses; use ``pg_dump`` and ``pg_restore``.

This module builds on ``ptctui.db`` alone. The schema's revisions are ``ptctui.migrate``'s,
which takes a backup here before it upgrades: so a restore is told which revisions it may put
back, and upgrading an older backup after restoring it is ``migrate.restore_and_upgrade``.
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from ptctui import db
from ptctui.backups.copying import connect as _connect
from ptctui.backups.copying import copy_pinned as _copy_pinned
from ptctui.models import utcnow

BACKUP_DIR = "backups"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
# A temporary file untouched this long (seconds) is a killed backup's leftover (``_sweep``).
SWEEP_AGE = 600
MANUAL = "manual"
BEFORE_IMPORT = "before-import"
BEFORE_MIGRATION = "before-migration"
BEFORE_RESTORE = "before-restore"
KEEP_DEFAULT = 10
KEEP: dict[str, int] = {MANUAL: 20}

_LABEL = re.compile(r"[a-z][a-z0-9-]{0,39}")


class BackupError(db.DatabaseError):
    """A backup cannot be taken, read or restored; ``str()`` is one line for the user."""


@dataclass(frozen=True)
class Backup:
    """One backup file, as its name describes it."""

    path: Path
    taken: datetime  # aware UTC, to the second
    label: str
    size: int  # bytes

    @property
    def name(self) -> str:
        """The file name, which is all ``ptctui db restore`` needs."""
        return self.path.name


@dataclass(frozen=True)
class Restored:
    """What a restore did (``restore_backup``, then ``migrate.restore_and_upgrade``)."""

    source: Path
    revision: str  # the schema revision the backup was at
    safety: Path | None  # the "before-restore" backup of what was replaced, if there was any
    # Set by migrate.restore_and_upgrade when the backup was older and has been upgraded.
    upgraded_from: str | None = None
    migration_backup: Path | None = None


def backup_dir(db_path: Path) -> Path:
    """The folder holding ``db_path``'s backups: ``backups/`` beside it."""
    return db_path.parent / BACKUP_DIR


def clean_label(text: str) -> str:
    """A label as it goes into a file name: lower case, words joined by ``-``."""
    label = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
    if not _LABEL.fullmatch(label):
        raise BackupError(
            f"a backup label needs a letter first and at most 40 letters, digits or dashes, "
            f"not {text!r}"
        )
    return label


def _pattern(stem: str) -> re.Pattern[str]:
    # The stamp follows the stem directly, so "ptctui" never claims "ptctui-old"'s backups; a
    # label starts with a letter, so the optional same-second counter cannot be mistaken for it.
    return re.compile(
        re.escape(stem)
        + r"-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<seq>\d+))?-(?P<label>[a-z][a-z0-9-]*)\.db"
    )


def _database_file(engine: Engine) -> Path | None:
    return db.sqlite_path(engine.url.render_as_string(hide_password=False))


def list_backups(db_path: Path, *, label: str | None = None) -> list[Backup]:
    """The backups of the database at ``db_path`` (only ``label``'s, if given), newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path.stem)
    found: list[tuple[tuple[str, int, int], Backup]] = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match is None or (label is not None and match["label"] != label):
            continue
        try:
            stat = path.stat()
        except OSError:  # deleted meanwhile by another process's rotation
            continue
        taken = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
        # Names order backups to the second; the file's time orders those of one second.
        key = (match["stamp"], int(match["seq"] or 1), stat.st_mtime_ns)
        size = stat.st_size
        found.append((key, Backup(path=path, taken=taken, label=match["label"], size=size)))
    found.sort(key=lambda item: item[0], reverse=True)
    return [backup for _, backup in found]


def take_backup(
    engine: Engine, *, label: str, keep: int | None = None, when: datetime | None = None
) -> Path | None:
    """Back the database up into its backups folder and rotate that label's backups.

    Safe while the app is open and other processes write: the copy is one consistent snapshot.
    Returns the new file, or ``None`` when the engine is not an SQLite file (PostgreSQL: use
    ``pg_dump``). ``keep`` overrides how many of this label's backups are kept (``KEEP``).
    """
    source = _database_file(engine)
    if source is None:
        return None
    label = clean_label(label)
    if keep is not None and keep < 1:
        raise BackupError("--keep must be at least 1 (the backup just taken is kept)")
    if not source.is_file():
        raise BackupError(f"no database at {source} to back up")
    folder = backup_dir(source)
    stamp = (when or utcnow()).astimezone(UTC).strftime(STAMP_FORMAT)
    temp = folder / f".{source.stem}-{stamp}-{label}.{uuid.uuid4().hex[:12]}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder, source.stem)  # first: a killed backup's leftovers may fill the disk
        try:
            _snapshot(source, temp)
            target = _place(temp, folder, f"{source.stem}-{stamp}", label)
        finally:
            temp.unlink(missing_ok=True)
        rotate(source, label=label, keep=keep)
    except (OSError, sqlite3.Error) as error:
        # A full disk, a file where the folder should be, no permission: one line, and the
        # command that wanted the backup (an import, an upgrade) does not go ahead.
        detail = getattr(error, "strerror", None) or str(error)
        raise BackupError(f"cannot write a backup in {folder}: {detail}") from None
    return target


def _sweep(folder: Path, stem: str) -> None:
    """Remove temporary files (and their SQLite journals) left by backups that were killed.

    Ten minutes without a write: a backup under way writes its file all along (the backup
    API copies page after page), so one that old has no writer left."""
    cutoff = time.time() - SWEEP_AGE
    for leftover in folder.glob(f".{glob.escape(stem)}-*.tmp*"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:  # another process swept it first
            continue


def _snapshot(source: Path, target: Path) -> None:
    """Copy ``source`` to a new file ``target``: one consistent snapshot, self-contained."""
    src = _connect(source)
    try:
        if not _copy_pinned(src, source, target):
            target.unlink(missing_ok=True)
            dst = sqlite3.connect(target, isolation_level=None)
            try:
                # One step (pages=-1) copies the whole database under a single read snapshot:
                # nothing a concurrent writer does can restart or tear it.
                src.backup(dst)
            finally:
                dst.close()
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            # A self-contained file: the copy would otherwise keep WAL mode and sprout -wal
            # and -shm files beside it the first time anyone opened it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as error:
        raise BackupError(f"cannot back up {source}: {error}") from None
    finally:
        src.close()


def _place(temp: Path, folder: Path, base: str, label: str) -> Path:
    """Give ``temp`` its final name without ever replacing an existing backup."""
    seq = 1
    while True:
        target = folder / (f"{base}-{label}.db" if seq == 1 else f"{base}-{seq}-{label}.db")
        try:
            # A hard link fails if the name is taken, where a rename would silently replace a
            # backup taken in the same second by another process.
            os.link(temp, target)
        except FileExistsError:
            seq += 1
            continue
        except OSError:  # no hard links on this file system: rename, accepting that race
            if target.exists():
                seq += 1
                continue
            temp.replace(target)
        return target


def rotate(db_path: Path, *, label: str, keep: int | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups with ``label``; return what was deleted."""
    limit = keep if keep is not None else KEEP.get(label, KEEP_DEFAULT)
    removed = []
    for old in list_backups(db_path, label=label)[limit:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def backup_sqlite(engine: Engine, *, label: str, when: datetime | None = None) -> Path:
    """``take_backup`` for callers that only deal with SQLite files: it raises instead of
    returning ``None`` for other engines."""
    target = take_backup(engine, label=label, when=when)
    if target is None:
        raise db.DatabaseError("backups by file copy need an SQLite database file; use pg_dump")
    return target


def find_backup(db_path: Path, name: str | None) -> Backup | Path:
    """The backup a user named: a path, a file name in the backups folder, or the newest."""
    if name is None:
        backups = list_backups(db_path)
        if not backups:
            raise BackupError(f"no backups of {db_path} in {backup_dir(db_path)}")
        return backups[0]
    given = Path(name).expanduser()
    for candidate in (given, backup_dir(db_path) / name):
        if candidate.is_file():
            for backup in list_backups(db_path):
                if backup.path.resolve() == candidate.resolve():
                    return backup
            return candidate
    raise BackupError(f"no backup {name!r} (neither a file nor in {backup_dir(db_path)})")


# --- restoring -----------------------------------------------------------------------------------

# What a restore may ask of a backup's content besides its form: called with the backup read
# into memory and its file name; raises ``BackupError`` to refuse it.
Check = Callable[[sqlite3.Connection, str], None]


def restore_backup(
    engine: Engine, backup_path: Path, *, revisions: Sequence[str], check: Check | None = None
) -> Restored:
    """Put a backup's contents into the live database, keeping what it replaces.

    The backup is read into memory and checked first (a readable SQLite file, intact, with a
    ptctui schema among ``revisions``: those this ptctui can open, oldest first, so the last is
    its own); only then is the current database backed up (label ``before-restore``) and
    overwritten through the backup API; ``check`` reads the image before that and raises
    ``BackupError`` for content it refuses. Anything refused leaves the database untouched. The
    database is left at the backup's revision: ``migrate.restore_and_upgrade``, what the
    command line calls, upgrades an older one after.
    """
    target = _database_file(engine)
    if target is None:
        raise BackupError(
            "restoring works on SQLite database files; restore PostgreSQL with pg_restore"
        )
    backup_path = Path(backup_path)
    if target.exists() and backup_path.resolve() == target.resolve():
        raise BackupError(f"{backup_path} is the database itself")
    image, revision = _load_checked(backup_path, revisions, check)
    try:
        safety = _save_current(engine, target) if target.exists() else None
        _copy_into(image, target)
    finally:
        image.close()
    return Restored(source=backup_path, revision=revision, safety=safety)


def _save_current(engine: Engine, target: Path) -> Path | None:
    """Back up what a restore is about to replace; refuse to go on if that is impossible."""
    try:
        return take_backup(engine, label=BEFORE_RESTORE)
    except BackupError as error:
        # Nothing is overwritten without a copy, even a database too damaged to copy: the user
        # moves it aside (keeping it) and restores into the empty place.
        raise BackupError(
            f"{error}; nothing restored. Move {target} aside (with any -wal file beside it) "
            "and restore again"
        ) from None


def _load_checked(
    path: Path, revisions: Sequence[str], check: Check | None
) -> tuple[sqlite3.Connection, str]:
    """The backup as an in-memory database, after checking it; and its schema revision.

    What is checked is exactly what gets restored: the file is read once, into memory.
    """
    if not path.is_file():
        raise BackupError(f"no backup file {path}")
    image = sqlite3.connect(":memory:", isolation_level=None)
    try:
        src = sqlite3.connect(path, isolation_level=None)
        try:
            src.backup(image)
        finally:
            src.close()
        problems = [row[0] for row in image.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise BackupError(f"{path.name} is damaged ({problems[0]}); not restored")
        tables = {
            row[0] for row in image.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not {"alembic_version", "actions"} <= tables:
            raise BackupError(f"{path.name} is not a ptctui database; not restored")
        found = image.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as error:
        image.close()
        detail = " ".join(str(error).split())
        raise BackupError(f"{path.name} is not a readable SQLite database ({detail})") from None
    except BackupError:
        image.close()
        raise
    revision = found[0] if found else None
    if revision not in revisions:
        image.close()
        raise BackupError(
            f"{path.name} is at schema revision {revision}, newer than this ptctui "
            f"({revisions[-1]}); upgrade ptctui to restore it"
        )
    try:
        if check is not None:
            check(image, path.name)
    except BackupError:
        image.close()
        raise
    return image, str(revision)


def _copy_into(image: sqlite3.Connection, target: Path) -> None:
    """Overwrite the database at ``target`` with ``image``, inside SQLite's locking."""
    live = _connect(target)
    try:
        page_size = live.execute("PRAGMA page_size").fetchone()[0]
        if image.execute("PRAGMA page_size").fetchone()[0] != page_size:
            # A WAL database cannot change its page size, so the image adopts the live one.
            image.execute(f"PRAGMA page_size={int(page_size)}")
            image.execute("VACUUM")
        # Waits (busy timeout) for other writers like any write, then replaces every page in
        # one transaction; readers see the old data or the new, never a mixture.
        image.backup(live)
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore into {target}: {error}") from None
    finally:
        live.close()
