"""``ptctui import`` (an export or a spreadsheet) and ``ptctui sync``."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ptctui.cli import completion
from ptctui.cli.common import ByOption, app, environment, fail, show
from ptctui.errors import user_message
from ptctui.workspace import open_workspace, resolve_workspace

if TYPE_CHECKING:
    from ptctui.store.sheets import NewPlan, SheetImport

SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
# The actions a spreadsheet import (not a dry run) lists before writing them.
LISTED = 50


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A `ptctui export data` JSON file, or a CSV/XLSX.")],
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            "-p",
            help="Spreadsheets: the plan the rows belong to.",
            autocompletion=completion.plans,
        ),
    ] = None,
    component: Annotated[
        str | None,
        typer.Option(
            "--component",
            "-c",
            help="Spreadsheets: put every row in this component (N, PLAN:N or a title; "
            "a new title makes it).",
        ),
    ] = None,
    new_plan: Annotated[
        str | None,
        typer.Option(
            "--new-plan", help="Spreadsheets: make this plan (with --package and --title)."
        ),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option(
            "--package",
            help="With --new-plan: the plan's package.",
            autocompletion=completion.packages,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="With --new-plan: the plan's title.")
    ] = None,
    period: Annotated[
        str, typer.Option("--period", help="With --new-plan: its period, e.g. 2022/2023.")
    ] = "",
    new_bodies: Annotated[
        bool,
        typer.Option(
            "--new-bodies", help="Spreadsheets: make a body of each responsible party not known."
        ),
    ] = False,
    body_code: Annotated[
        list[str] | None,
        typer.Option(
            "--body-code",
            help="With --new-bodies: NAME=CODE, the code of a new body (repeatable).",
        ),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            "-m",
            help="Spreadsheets: FIELD=COLUMN when a header is not recognised "
            "(e.g. --map title='Activity description'). Repeatable.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Spreadsheets: the XLSX sheet (default: first).")
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="Spreadsheets: import good rows, report the rest."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Merge another database's export (JSON) or add the actions of a spreadsheet (CSV, XLSX).

    A backup of the database is taken before anything is written; the import is one
    transaction, so a refused or interrupted import leaves the database as it was.
    """
    suffix = file.suffix.lower()
    if not file.is_file():
        fail(f"no file {file}")
    sheet_only = (plan, component, mapping, sheet, new_plan, package, title, body_code)
    if suffix == ".json":
        if any(sheet_only) or skip_bad_rows or new_bodies or period:
            fail(
                "--plan, --new-plan, --component, --map, --sheet, --new-bodies and "
                "--skip-bad-rows are for spreadsheets"
            )
        _import_export_file(ctx, file, dry_run=dry_run, by=by)
    elif suffix in SHEET_SUFFIXES:
        _import_spreadsheet(
            ctx,
            file,
            plan=plan,
            new_plan=_new_plan(new_plan, plan, package, title, period),
            new_bodies=new_bodies,
            body_codes=_body_codes(body_code or [], new_bodies),
            component=component,
            mapping=mapping or [],
            sheet=sheet,
            skip_bad_rows=skip_bad_rows,
            dry_run=dry_run,
            by=by,
        )
    else:
        fail(f"cannot import {file.name}: expected .json, {', '.join(SHEET_SUFFIXES)}")


def _new_plan(
    code: str | None, plan: str | None, package: str | None, title: str | None, period: str
) -> "NewPlan | None":
    """``--new-plan`` and the options that go with it, checked together."""
    from ptctui.store.sheets import NewPlan

    if code is None:
        if package or title or period:
            fail("--package, --title and --period describe a --new-plan; give it too")
        return None
    if plan is not None:
        fail("give --plan (an existing plan) or --new-plan (a plan to make), not both")
    if not package or not title:
        fail("--new-plan needs --package (its package) and --title (its title)")
    return NewPlan(code=code, package=package, title=title, period=period)


def _body_codes(items: list[str], new_bodies: bool) -> dict[str, str]:
    """``--body-code NAME=CODE`` options as a mapping."""
    if items and not new_bodies:
        fail("--body-code names the code of a body --new-bodies makes; give --new-bodies too")
    codes: dict[str, str] = {}
    for item in items:
        name, sep, code = item.partition("=")
        if not sep or not name.strip() or not code.strip():
            fail(f"--body-code {item!r}: write NAME=CODE, e.g. --body-code 'Regional Offices=ROCB'")
        codes[name.strip()] = code.strip()
    return codes


def _import_export_file(ctx: typer.Context, file: Path, *, dry_run: bool, by: str | None) -> None:
    """Merge a `ptctui export data` file (see ptctui.store.merge)."""
    from ptctui import backups, store, views
    from ptctui.importers import ImportFileError
    from ptctui.importers.exchange import read_export
    from ptctui.store.merge import merge_export, record_import

    try:  # the file is checked before the database is even opened
        data = read_export(file)
    except ImportFileError as error:
        fail(user_message(error) or repr(error))
    # Into a workspace that exists (`ptctui init --empty` makes one for a file to fill).
    with environment(ctx, by=by) as env:
        backup = None
        if dry_run:
            with store.rehearsal(env.engine) as session:
                report = merge_export(session=session, data=data)
        else:
            with store.writing(env.engine) as session:
                report = merge_export(session=session, data=data)
                if not report.nothing:
                    # Only once the merge's checks have passed, so a refused file never
                    # pushes a real backup out of the rotation. Taken inside the write: the
                    # backup reads the data as last committed, before this import.
                    backup = backups.take_backup(env.engine, label="before-import")
                    record_import(
                        session=session,
                        source=str(file),
                        by=env.by,
                        report=report,
                        backup=str(backup) if backup else None,
                    )
        show(views.merge_report(report, file=file.name, dry_run=dry_run, backup=backup))


def _import_spreadsheet(
    ctx: typer.Context,
    file: Path,
    *,
    plan: str | None,
    new_plan: "NewPlan | None",
    new_bodies: bool,
    body_codes: dict[str, str],
    component: str | None,
    mapping: list[str],
    sheet: str | None,
    skip_bad_rows: bool,
    dry_run: bool,
    by: str | None,
) -> None:
    """Add the actions of a spreadsheet to a plan (see ptctui.importers.spreadsheet).

    The preview and the report of every row that cannot be read are printed first. Any problem
    refuses the whole file (nothing written, exit 1) unless ``--skip-bad-rows``; rows already
    in their component are skipped, so importing the same sheet twice adds nothing.
    """
    from ptctui import backups, store, views
    from ptctui.importers import ImportFileError
    from ptctui.importers.spreadsheet import read_sheet
    from ptctui.store.sheets import import_sheet, prepare_import

    if new_plan is not None:
        plan = new_plan.code
    if plan is None and component is not None and ":" in component:
        plan = component.rpartition(":")[0].strip() or None
    if plan is None:
        fail(
            "a spreadsheet import needs --plan PLAN (the plan its actions belong to), or "
            "--new-plan CODE --package P --title TITLE to make one"
        )
    try:  # the file is checked before the database is even opened
        parsed = read_sheet(file, sheet=sheet, mapping=mapping)
    except ImportFileError as error:
        fail(user_message(error) or repr(error))
    with environment(ctx, by=by) as env:
        with store.reading(env.engine) as session:
            prepared = prepare_import(
                session=session,
                sheet=parsed,
                plan=plan,
                component=component,
                source=file.name,
                new_plan=new_plan,
                new_bodies=new_bodies,
                body_codes=body_codes,
            )
        # A dry run is the preview: every action listed. An import lists the first few.
        show(views.sheet_preview(prepared, limit=None if dry_run else LISTED))
        count = len(prepared.actions)
        actions = f"{count} action{'s' if count != 1 else ''}"
        bad = len(prepared.problem_rows)
        if bad and not skip_bad_rows:
            rows = f"{bad} row{'s' if bad != 1 else ''}"
            fail(
                f"{rows} of {file.name} {'has' if bad == 1 else 'have'} problems (listed above); "
                f"nothing was imported. Fix them, or use --skip-bad-rows to import the other "
                f"{actions}"
            )
        skipped = []
        archived = sum(1 for a in prepared.already if a.archived)
        if len(prepared.already) > archived:
            skipped.append(f"{len(prepared.already) - archived} already there")
        if archived:
            skipped.append(f"{archived} archived (listed above: `ptctui restore REF`)")
        if bad:
            skipped.append(f"{bad} with problems")
        also = f"; rows skipped: {', '.join(skipped)}" if skipped else ""
        made = _made(prepared)
        into = f"the new plan {prepared.plan}" if prepared.new_plan else prepared.plan
        if dry_run:
            typer.echo(f"Dry run: would import {actions} into {into}{made}{also}; not written")
            return
        if not count:
            typer.echo(f"Nothing to import into {prepared.plan}{also}")
            return
        backup = backups.take_backup(env.engine, label="before-import")
        with store.writing(env.engine) as session:
            import_sheet(session=session, prepared=prepared, by=env.by, today=env.today)
        where = f"backup at {backup}" if backup else "no backup taken: not an SQLite database"
        typer.echo(f"Imported {actions} into {into}{made} ({where}{also})")


def _made(prepared: "SheetImport") -> str:
    """What an import makes besides actions: ", with 3 new components and 2 new bodies"."""
    parts = []
    for items, one, many in (
        (prepared.new_components, "new component", "new components"),
        (prepared.new_bodies, "new body", "new bodies"),
    ):
        if items:
            parts.append(f"{len(items)} {one if len(items) == 1 else many}")
    return f", with {' and '.join(parts)}" if parts else ""


@app.command("sync")
def sync_cmd(
    ctx: typer.Context,
    other: Annotated[
        str,
        typer.Option(
            "--with",
            "-w",
            help="The other database: a file path or a URL (postgresql+psycopg://…).",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Merge this database and another both ways, so both end up holding the same data.

    The rules are those of `ptctui import` (new rows added, histories united, the newest
    change wins a conflict and the other is kept in the history). SQLite sides are backed up
    first; each side's merge is one transaction.
    """
    from ptctui import db, sync, views

    with environment(ctx, by=by) as env:
        there = resolve_workspace(other)
        if there.url == env.workspace.url:
            fail("--with names this same database")
        path = db.sqlite_path(there.url)
        if path is not None and not path.is_file():
            fail(f"no database at {path}; `ptctui db copy --to {path}` makes a first copy")
        opened = open_workspace(there)  # a file that is not a ptctui database is refused
        for notice in opened.notices:
            typer.echo(notice, err=True)
        engine = opened.engine
        try:
            result = sync.sync(
                env.engine,
                engine,
                here_name=env.workspace.display,
                there_name=there.display,
                by=env.by,
                dry_run=dry_run,
            )
        finally:
            engine.dispose()
        show(
            views.merge_report(
                result.here,
                file=f"{there.display} into {env.workspace.display}",
                dry_run=dry_run,
                backup=result.here_backup,
            )
        )
        show(
            views.merge_report(
                result.there,
                file=f"{env.workspace.display} into {there.display}",
                dry_run=dry_run,
                backup=result.there_backup,
            )
        )
