"""``ptctui db``: schema upgrades, backups, restore, checks and copies."""

from pathlib import Path
from typing import Annotated

import typer

from ptctui.cli.common import State, db_app, emit_json, environment, fail
from ptctui.errors import user_errors, user_message
from ptctui.workspace import Workspace, resolve_workspace


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Back up the database and upgrade its schema to this version's."""
    from ptctui import db, migrate

    workspace = _existing_workspace(ctx)
    try:
        engine = db.make_engine(workspace.url)
        before = migrate.current_revision(engine)
        if before == migrate.HEAD_REVISION:
            typer.echo(f"{workspace.display} is up to date (schema {before})")
            return
        prepared = migrate.prepare(engine)
    except user_errors() as error:
        fail(user_message(error) or repr(error))
    if prepared.created:
        typer.echo(f"Created {workspace.display} at schema {migrate.HEAD_REVISION} (empty)")
    else:
        where = f"backup at {prepared.backup}" if prepared.backup else "no backup: use pg_dump"
        typer.echo(
            f"Upgraded {workspace.display} from schema {before} to {migrate.HEAD_REVISION}; {where}"
        )


@db_app.command("info")
def db_info(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Where the database is, how it was found, and its schema revision."""
    from ptctui import db, migrate

    state: State = ctx.find_object(State) or State()
    workspace = resolve_workspace(state.db)
    path = db.sqlite_path(workspace.url)
    exists = path is None or path.exists()
    if not as_json:  # where it looked comes first: a server that cannot be reached fails below
        typer.echo(f"database: {workspace.display} ({workspace.source})")
        typer.echo(f"exports:  {workspace.exports}")
    revision = None
    if exists:
        try:
            revision = migrate.current_revision(db.make_engine(workspace.url))
        except user_errors() as error:
            fail(user_message(error) or repr(error))
    if as_json:
        emit_json(
            {
                "database": workspace.display,
                "found": workspace.source,
                "exports": str(workspace.exports),
                "exists": exists,
                "schema": revision,
                "head": migrate.HEAD_REVISION,
            }
        )
        return
    if not exists:
        typer.echo("schema:   no database yet (`ptctui init` makes one, as bare `ptctui` does)")
        return
    typer.echo(f"schema:   {revision or 'none yet'} (this ptctui: {migrate.HEAD_REVISION})")


def _existing_workspace(ctx: typer.Context) -> Workspace:
    """The workspace, for the commands that must not create its database (nor upgrade it):
    a database file that is not there is refused."""
    from ptctui import db
    from ptctui.workspace import check_file, missing

    state: State = ctx.find_object(State) or State()
    workspace = resolve_workspace(state.db)
    path = db.sqlite_path(workspace.url)
    if path is not None:
        if not path.exists():
            fail(missing(workspace))
        try:
            check_file(path)  # somebody else's file is neither checked, upgraded nor copied
        except user_errors() as error:
            fail(user_message(error) or repr(error))
    return workspace


def _database_file(
    ctx: typer.Context, *, what: str, must_exist: bool = True
) -> tuple[Workspace, Path]:
    """The workspace and its SQLite file, for the commands that work on the file itself."""
    from ptctui import db

    state: State = ctx.find_object(State) or State()
    workspace = resolve_workspace(state.db)
    path = db.sqlite_path(workspace.url)
    if path is None:
        fail(f"{what} works on SQLite database files; for PostgreSQL use pg_dump and pg_restore")
    if must_exist and not path.exists():
        from ptctui.workspace import missing

        fail(missing(workspace))
    return workspace, path


def _size(size: int) -> str:
    """A file size as people read it: 232.0 KB."""
    if size < 1024:
        return f"{size} B"
    amount = size / 1024
    for unit in ("KB", "MB"):
        if amount < 1024:
            return f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"


def _file_errors() -> tuple[type[Exception], ...]:
    """What the backup commands turn into one line: the usual errors and file-system ones."""
    return (*user_errors(), OSError)


@db_app.command("backup")
def db_backup(
    ctx: typer.Context,
    label: Annotated[
        str, typer.Option("--label", "-l", help="A word for the file name, e.g. before-ec-41.")
    ] = "manual",
    keep: Annotated[
        int | None,
        typer.Option("--keep", min=1, help="Keep this many of the label's backups (manual: 20)."),
    ] = None,
) -> None:
    """Back the database up into db/backups/ (safe while the app is open); print the file."""
    from ptctui import backups, db

    workspace, _path = _database_file(ctx, what="db backup")
    try:
        target = backups.take_backup(db.make_engine(workspace.url), label=label, keep=keep)
    except _file_errors() as error:
        fail(user_message(error) or repr(error))
    if target is None:  # pragma: no cover - _database_file refused other engines
        fail("backups work on SQLite database files; for PostgreSQL use pg_dump")
    typer.echo(str(target))


@db_app.command("backups")
def db_backups(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the database's backups, newest first: when, label, size and file name."""
    from ptctui import backups

    workspace, path = _database_file(ctx, what="db backups", must_exist=False)
    found = backups.list_backups(path)
    folder = backups.backup_dir(path)
    if as_json:
        emit_json(
            [
                {
                    "taken": b.taken.isoformat(),
                    "label": b.label,
                    "size": b.size,
                    "file": b.name,
                    "path": str(b.path),
                }
                for b in found
            ]
        )
        return
    if not found:
        typer.echo(f"No backups of {workspace.display} yet (they go to {folder})")
        return
    typer.echo(f"{len(found)} backup{'s' if len(found) != 1 else ''} in {folder}, newest first:")
    width = max(len(b.label) for b in found)
    for backup in found:
        typer.echo(
            f"{backup.taken:%Y-%m-%d %H:%M:%S} UTC  {backup.label:<{width}}  "
            f"{_size(backup.size):>9}  {backup.name}"
        )


def _can_ask() -> bool:
    """Whether a person can answer a question: stdin is a terminal (not a script or a pipe)."""
    import sys

    return sys.stdin.isatty()


@db_app.command("restore")
def db_restore(
    ctx: typer.Context,
    backup: Annotated[
        str | None,
        typer.Argument(help="A file in db/backups/ (see `db backups`) or a path; default newest."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the database's contents with a backup, saving the current ones first.

    Safe while the app is open elsewhere: it sees the restored data. A backup from an older
    ptctui is upgraded after it is restored; a damaged or foreign file is refused.
    """
    from ptctui import backups, db, migrate
    from ptctui.workspace import check_file

    workspace, path = _database_file(ctx, what="db restore", must_exist=False)
    try:
        if path.exists():  # somebody else's file is not ours to replace
            check_file(path)
        chosen = backups.find_backup(path, backup)
        source = chosen.path if isinstance(chosen, backups.Backup) else chosen
        taken = (
            f" (taken {chosen.taken:%Y-%m-%d %H:%M:%S} UTC)"
            if isinstance(chosen, backups.Backup)
            else ""
        )
        problems = _backup_problems(source)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            fail(f"{source.name} fails `db check`: {problems[0]}{more}; not restored")
        if not yes:
            if not _can_ask():
                fail(
                    f"restoring {source.name} replaces the contents of {workspace.display}; "
                    "add --yes to confirm"
                )
            if not typer.confirm(
                f"Replace the contents of {workspace.display} with {source.name}{taken}?"
            ):
                typer.echo("Nothing restored.")
                raise typer.Exit(1)
        restored = migrate.restore_and_upgrade(db.make_engine(workspace.url), source)
    except _file_errors() as error:
        fail(user_message(error) or repr(error))
    typer.echo(f"Restored {workspace.display} from {source}{taken}, schema {restored.revision}")
    if restored.safety is not None:
        typer.echo(f"The database as it was is saved in {restored.safety}")
    else:
        typer.echo("There was no database to save first")
    if restored.upgraded_from:
        typer.echo(
            f"Upgraded it from schema {restored.upgraded_from} to {migrate.HEAD_REVISION}; "
            f"backup at {restored.migration_backup}"
        )


def _backup_problems(source: Path) -> list[str]:
    """What ``db check`` says of a backup at this ptctui's schema, read into memory (the file is
    not touched); nothing for one it cannot read or at an older schema: the restore's own checks
    (``backups``: intact, a ptctui schema, UTF-8 text, known statuses) refuse or upgrade those."""
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from ptctui import migrate, store
    from ptctui.store.checks import check_database

    if not source.is_file():
        return []
    unreadable: tuple[type[BaseException], ...] = (sqlite3.Error, *user_errors())
    image = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        file = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            file.backup(image)
        finally:
            file.close()
        engine = create_engine("sqlite://", creator=lambda: image, poolclass=StaticPool)
        if migrate.current_revision(engine) != migrate.HEAD_REVISION:
            return []
        with store.reading(engine) as session:
            return [str(problem) for problem in check_database(session=session)]
    except unreadable:
        return []
    finally:
        image.close()


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Check the database is consistent; print "ok: ..." or one line per problem (exit 1).

    Checks SQLite's integrity and foreign keys, each action's status against its last status
    change (archived actions too), and that undo entries and the entries they undo name each
    other.
    """
    from ptctui import db, migrate, store
    from ptctui.store.checks import check_database, counts

    workspace = _existing_workspace(ctx)
    try:
        engine = db.make_engine(workspace.url)
        revision = migrate.current_revision(engine)
        if revision is None:
            fail(f"{workspace.display} has no ptctui schema")
        if revision != migrate.HEAD_REVISION:
            fail(
                f"{workspace.display} is at schema {revision}, not {migrate.HEAD_REVISION}; "
                "run `ptctui db upgrade` first"
            )
        with store.reading(engine) as session:
            problems = check_database(session=session)
            tally = counts(session=session)
    except user_errors() as error:
        fail(user_message(error) or repr(error))
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        fail(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {workspace.display}")
    archived = f" ({tally.archived} archived)" if tally.archived else ""
    typer.echo(
        f"ok: {tally.actions} actions{archived}, {tally.status_changes} status changes, "
        f"{tally.progress_updates} progress updates, {tally.journal} journal entries; consistent"
    )


@db_app.command("copy")
def db_copy(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="PATH_OR_URL",
            help="The new database: a file path or a URL (postgresql+psycopg://…); it must be "
            "empty.",
            show_default=False,
        ),
    ],
) -> None:
    """Copy the whole database (history, journal and ids too) into a new, empty one.

    Either way between SQLite and PostgreSQL: publish a laptop's file to a server, or make a
    laptop copy of the server's. The target is created or migrated first, then filled in one
    transaction; a target that already holds data is refused.
    """
    from ptctui import db
    from ptctui.store.cloning import copy_database

    here = _existing_workspace(ctx)
    try:
        there = resolve_workspace(to)
    except user_errors() as error:
        fail(user_message(error) or repr(error))
    if there.url == here.url:
        fail("--to names the database in use; copy into another one")
    with environment(ctx) as env:
        target = db.make_engine(there.url)
        try:
            copied = copy_database(source=env.engine, target=target)
        finally:
            target.dispose()
        typer.echo(
            f"Copied {env.workspace.display} to {there.display}: "
            f"{copied.rows.get('actions', 0)} actions, {copied.total} rows in all"
        )
