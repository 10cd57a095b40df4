"""Commands for packages, action plans and components: list, add, edit, archive, restore,
and endorse a plan.

Each is a group that lists when called bare (``ptctui plans --package CEP`` is ``ptctui plans
list --package CEP``) and takes sub-commands; every listing takes ``--json``. Every write is one
journaled transaction (undoable with ``ptctui undo``, shown by ``ptctui history``).
"""

from typing import Annotated

import typer

from ptctui.cli import completion
from ptctui.cli.common import (
    ByOption,
    ListingGroup,
    _date,
    app,
    emit_json,
    environment,
    say,
    show,
)

packages_app = typer.Typer(
    cls=ListingGroup,
    help="The packages: list them (bare), add, edit, archive or restore one.",
    rich_markup_mode=None,
)
plans_app = typer.Typer(
    cls=ListingGroup,
    help="The action plans: list them (bare), add, edit, endorse, archive or restore one.",
    rich_markup_mode=None,
)
components_app = typer.Typer(
    cls=ListingGroup,
    help="A plan's components: list them (`ptctui components PLAN`), add, edit, archive one.",
    rich_markup_mode=None,
)
app.add_typer(packages_app, name="packages")
app.add_typer(plans_app, name="plans")
app.add_typer(components_app, name="components")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ArchivedOption = Annotated[bool, typer.Option("--archived", help="Include archived ones.")]
NoteOption = Annotated[str, typer.Option("--note", help="Why (kept in the history).")]


def archive_commands(group: typer.Typer, what: str, *, key_help: str, hides: str) -> None:
    """Register ``GROUP archive KEY`` and ``GROUP restore KEY`` for one kind of thing
    (``what``: package, plan, component, body or meeting): nothing is ever deleted."""
    metavar = "PLAN:N" if what == "component" else "CODE"
    key_arg = Annotated[
        str,
        typer.Argument(
            help=key_help,
            metavar=metavar,
            show_default=False,
            autocompletion=completion.for_kind(what),
        ),
    ]

    @group.command("archive", help=f"Hide the {what} {hides} (nothing is deleted).")
    def archive(
        ctx: typer.Context, key: key_arg, note: NoteOption = "", by: ByOption = None
    ) -> None:
        _set_archived(ctx, what, key, True, note, by)

    @group.command("restore", help=f"Bring an archived {what} back.")
    def restore(
        ctx: typer.Context, key: key_arg, note: NoteOption = "", by: ByOption = None
    ) -> None:
        _set_archived(ctx, what, key, False, note, by)


def _set_archived(
    ctx: typer.Context, what: str, key: str, archived: bool, note: str, by: str | None
) -> None:
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        change = {
            "package": lambda: store.archive_package(
                session=session, package=store.get_package(session=session, code=key),
                archived=archived, note=note, by=env.by,
            ),
            "plan": lambda: store.archive_plan(
                session=session, plan=store.get_plan(session=session, code=key),
                archived=archived, note=note, by=env.by,
            ),
            "component": lambda: store.archive_component(
                session=session, component=store.get_component(session=session, spec=key),
                archived=archived, note=note, by=env.by,
            ),
            "body": lambda: store.archive_body(
                session=session, body=store.get_body(session=session, code=key),
                archived=archived, note=note, by=env.by,
            ),
            "meeting": lambda: store.archive_meeting(
                session=session, meeting=store.get_meeting(session=session, key=key),
                archived=archived, note=note, by=env.by,
            ),
        }[what]()  # fmt: skip
        summary = change.summary
    say(summary)


# --- packages ------------------------------------------------------------------------------------


@packages_app.command("list")
def packages_list(
    ctx: typer.Context, archived: ArchivedOption = False, as_json: JsonOption = False
) -> None:
    """List the packages, with how their actions stand."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        rows = store.list_packages(session=session, today=env.today, include_archived=archived)
    if as_json:
        emit_json([row.as_json() for row in rows])
    else:
        show(views.packages_table(rows))


@packages_app.command("add")
def packages_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="A short code, e.g. ECP.")],
    name: Annotated[str, typer.Argument(help="Its name, e.g. 'Economic Competitiveness Package'.")],
    description: Annotated[str, typer.Option("--description", "-d", help="What it is for.")] = "",
    by: ByOption = None,
) -> None:
    """Add a package."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        _, change = store.add_package(
            session=session, code=code, name=name, description=description, by=env.by
        )
        summary = change.summary
    say(summary)


@packages_app.command("edit")
def packages_edit(
    ctx: typer.Context,
    package: Annotated[
        str, typer.Argument(help="The package's code.", autocompletion=completion.packages)
    ],
    code: Annotated[str | None, typer.Option("--code", help="A new code.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-d", help="A new description.")
    ] = None,
    note: NoteOption = "",
    by: ByOption = None,
) -> None:
    """Change a package's code, name or description (its actions' references stay)."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        summary = store.edit_package(
            session=session,
            package=store.get_package(session=session, code=package),
            code=code,
            name=name,
            description=description,
            note=note,
            by=env.by,
        ).summary
    say(summary)


archive_commands(
    packages_app, "package", key_help="The package's code.", hides="with its plans and actions"
)


# --- plans ---------------------------------------------------------------------------------------


@plans_app.command("list")
def plans_list(
    ctx: typer.Context,
    package: Annotated[
        str | None,
        typer.Option(
            "--package", "-p", help="Only this package.", autocompletion=completion.packages
        ),
    ] = None,
    archived: ArchivedOption = False,
    as_json: JsonOption = False,
) -> None:
    """List the action plans, with their endorsements and progress."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        rows = store.list_plans(
            session=session, today=env.today, package=package, include_archived=archived
        )
    if as_json:
        emit_json([row.as_json() for row in rows])
    else:
        show(views.plans_table(rows))


@plans_app.command("add")
def plans_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="A short code, e.g. ECP-2022.")],
    package: Annotated[
        str,
        typer.Option(
            "--package", "-p", help="The package it belongs to.", autocompletion=completion.packages
        ),
    ],
    title: Annotated[str, typer.Option("--title", "-t", help="Its title.")],
    period: Annotated[str, typer.Option("--period", help="As written, e.g. 2022/2023.")] = "",
    start: Annotated[str | None, typer.Option("--start", help="When it starts.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="When it ends.")] = None,
    prefix: Annotated[
        str | None,
        typer.Option("--prefix", help="What its actions' references start with (default: CODE)."),
    ] = None,
    by: ByOption = None,
) -> None:
    """Add an action plan to a package (then `components add` and `add`, or `import`)."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        start_day, end_day = _date(start, "--start"), _date(end, "--end")
        with store.writing(env.engine) as session:
            _, change = store.add_plan(
                session=session,
                package=store.get_package(session=session, code=package),
                code=code,
                title=title,
                period=period,
                start=start_day,
                end=end_day,
                prefix=prefix,
                by=env.by,
            )
            summary = change.summary
    say(summary)


@plans_app.command("edit")
def plans_edit(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="The plan's code.", autocompletion=completion.plans)],
    code: Annotated[str | None, typer.Option("--code", help="A new code.")] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="A new title.")] = None,
    period: Annotated[str | None, typer.Option("--period", help="A new period.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="A new start date.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="A new end date.")] = None,
    note: NoteOption = "",
    by: ByOption = None,
) -> None:
    """Change a plan's code, title, period or dates (its actions' references stay)."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        start_day, end_day = _date(start, "--start"), _date(end, "--end")
        with store.writing(env.engine) as session:
            summary = store.edit_plan(
                session=session,
                plan=store.get_plan(session=session, code=plan),
                code=code,
                title=title,
                period=period,
                start=start_day,
                end=end_day,
                note=note,
                by=env.by,
            ).summary
    say(summary)


@plans_app.command("endorse")
def plans_endorse(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="The plan's code.", autocompletion=completion.plans)],
    meeting: Annotated[
        str,
        typer.Option(
            "--meeting", "-m", help="The meeting, e.g. EC-41.", autocompletion=completion.meetings
        ),
    ],
    on: Annotated[
        str | None, typer.Option("--date", help="When (default: the meeting's first day).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What was endorsed, if not all.")] = "",
    by: ByOption = None,
) -> None:
    """Record that a meeting's body endorsed a plan."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        day = _date(on, "--date")
        with store.writing(env.engine) as session:
            _, change = store.endorse_plan(
                session=session,
                plan=store.get_plan(session=session, code=plan),
                meeting=store.get_meeting(session=session, key=meeting),
                on=day,
                note=note,
                by=env.by,
            )
            summary = change.summary
    say(summary)


archive_commands(
    plans_app, "plan", key_help="The plan's code.", hides="with its components and actions"
)


# --- components ----------------------------------------------------------------------------------


@components_app.command("list")
def components_list(
    ctx: typer.Context,
    plan: Annotated[
        str | None,
        typer.Argument(help="The plan (default: every plan).", autocompletion=completion.plans),
    ] = None,
    archived: ArchivedOption = False,
    as_json: JsonOption = False,
) -> None:
    """List a plan's components (or every plan's), with how their actions stand."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        owner = store.get_plan(session=session, code=plan) if plan else None
        rows = store.list_components(
            session=session, today=env.today, plan=owner, include_archived=archived
        )
    if as_json:
        emit_json([row.as_json() for row in rows])
    else:
        show(views.components_table(rows))


@components_app.command("add")
def components_add(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="The plan's code.", autocompletion=completion.plans)],
    title: Annotated[str, typer.Argument(help="The component's title.")],
    number: Annotated[
        int | None, typer.Option("--number", "-n", help="Its number (default: the next free).")
    ] = None,
    by: ByOption = None,
) -> None:
    """Add a component to a plan."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        _, change = store.add_component(
            session=session,
            plan=store.get_plan(session=session, code=plan),
            title=title,
            number=number,
            by=env.by,
        )
        summary = change.summary
    say(summary)


@components_app.command("edit")
def components_edit(
    ctx: typer.Context,
    component: Annotated[
        str, typer.Argument(help="PLAN:N, e.g. CEP-2020:3.", autocompletion=completion.components)
    ],
    title: Annotated[str, typer.Option("--title", "-t", help="A new title.")],
    note: NoteOption = "",
    by: ByOption = None,
) -> None:
    """Change a component's title (its number, part of its actions' references, stays)."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        summary = store.edit_component(
            session=session,
            component=store.get_component(session=session, spec=component),
            title=title,
            note=note,
            by=env.by,
        ).summary
    say(summary)


archive_commands(
    components_app,
    "component",
    key_help="PLAN:N, e.g. CEP-2020:3.",
    hides="with its actions (its number is not reused)",
)
