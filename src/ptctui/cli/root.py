"""Bare ``ptctui`` (the app) and ``ptctui init``."""

import os
from pathlib import Path
from typing import Annotated

import typer

from ptctui.cli.common import State, app, environment, fail
from ptctui.errors import user_errors, user_message


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help="Database file or URL (else $PTCTUI_DB, else the nearest db/ptctui.db).",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who makes the changes (else $PTCTUI_USER, else your login)."),
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Bare `ptctui` opens the terminal app on the workspace database."""
    if version:
        from importlib.metadata import version as package_version

        typer.echo(f"ptctui {package_version('ptctui')}")
        raise typer.Exit()
    from ptctui.workspace import ENV_DB, WorkspaceError, check_location

    try:  # before any command looks for its database: `file:` URIs are refused, not created
        check_location(db or os.environ.get(ENV_DB) or "")
    except WorkspaceError as error:
        fail(str(error))
    ctx.obj = State(db=db, by=by)
    if ctx.invoked_subcommand is None:
        open_app(ctx)


def open_app(ctx: typer.Context) -> None:
    """Open the Textual app (imported only here: no sub-command loads Textual)."""
    from ptctui import collector

    collector.hold()  # until the app is built: tui.run settles the heap just before it runs
    try:
        with environment(ctx, create=True) as env:
            from ptctui.tui import app as tui

            tui.run(engine=env.engine, workspace=env.workspace, by=env.by, today=env.today)
    finally:
        collector.release()


# --- workspace -----------------------------------------------------------------------------------


@app.command()
def init(
    ctx: typer.Context,
    empty: Annotated[
        bool, typer.Option("--empty", help="Create it without the bundled data.")
    ] = False,
) -> None:
    """Make a workspace here (db/ and exports/), seeded with the bundled PC0608E data."""
    from ptctui.workspace import DB_DIR, DB_FILE

    state: State = ctx.find_object(State) or State()
    target = state.db or os.environ.get("PTCTUI_DB") or str(Path.cwd() / DB_DIR / DB_FILE)
    from ptctui import db, migrate

    path = db.sqlite_path(db.url_for(target))
    exists = path.exists() if path is not None else _has_schema(target)
    if exists:
        fail(f"a database already exists at {path or target}; use it, or remove it first")
    ctx.obj = State(db=target, by=state.by)
    with environment(ctx, seed=not empty, create=True) as env:
        if migrate.current_revision(env.engine) is None:  # pragma: no cover - prepare made it
            fail("the database could not be created")
        env.workspace.exports.mkdir(parents=True, exist_ok=True)
        typer.echo(
            f"Workspace ready: database {env.workspace.display}, exports in {env.workspace.exports}"
        )


def _has_schema(url: str) -> bool:
    from ptctui import db, migrate

    try:
        return migrate.current_revision(db.make_engine(url)) is not None
    except user_errors() as error:
        fail(user_message(error) or repr(error))
