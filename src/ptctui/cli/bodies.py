"""Commands for responsible bodies and meetings: list, add, edit, archive, restore.

Each is a group that lists when called bare (``ptctui meetings --body EC`` is ``ptctui
meetings list --body EC``); every listing takes ``--json``; every write is journaled.
"""

from typing import Annotated

import typer

from ptctui.cli import completion
from ptctui.cli.common import ByOption, ListingGroup, _date, app, emit_json, environment, say, show
from ptctui.cli.structure import ArchivedOption, JsonOption, NoteOption, archive_commands

bodies_app = typer.Typer(
    cls=ListingGroup,
    help="Responsible bodies: list them (bare), add, edit, archive or restore one.",
    rich_markup_mode=None,
)
meetings_app = typer.Typer(
    cls=ListingGroup,
    help="Meetings of the bodies: list them (bare), add, edit, archive or restore one.",
    rich_markup_mode=None,
)
app.add_typer(bodies_app, name="bodies")
app.add_typer(meetings_app, name="meetings")

KIND_HELP = "wco, member, partner or other (or council, committee, working_group, …)."


# --- bodies --------------------------------------------------------------------------------------


@bodies_app.command("list")
def bodies_list(
    ctx: typer.Context, archived: ArchivedOption = False, as_json: JsonOption = False
) -> None:
    """List the responsible bodies, with how many live actions name each."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        rows = store.list_bodies(session=session, include_archived=archived)
    if as_json:
        emit_json([row.as_json() for row in rows])
    else:
        show(views.bodies_table(rows))


@bodies_app.command("add")
def bodies_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="A short code, e.g. KRA.")],
    name: Annotated[str, typer.Argument(help="Its name, e.g. 'Kenya Revenue Authority'.")],
    kind: Annotated[str, typer.Option("--kind", "-k", help=KIND_HELP)] = "other",
    parent: Annotated[
        str | None,
        typer.Option(
            "--reports-to", help="The body it reports to.", autocompletion=completion.bodies
        ),
    ] = None,
    by: ByOption = None,
) -> None:
    """Add a responsible body."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        _, change = store.add_body(
            session=session,
            code=code,
            name=name,
            kind=kind,
            parent=store.get_body(session=session, code=parent) if parent else None,
            by=env.by,
        )
        summary = change.summary
    say(summary)


@bodies_app.command("edit")
def bodies_edit(
    ctx: typer.Context,
    body: Annotated[str, typer.Argument(help="The body's code.", autocompletion=completion.bodies)],
    code: Annotated[str | None, typer.Option("--code", help="A new code.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=KIND_HELP)] = None,
    note: NoteOption = "",
    by: ByOption = None,
) -> None:
    """Change a body's code, name or kind."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        summary = store.edit_body(
            session=session,
            body=store.get_body(session=session, code=body),
            code=code,
            name=name,
            kind=kind,
            note=note,
            by=env.by,
        ).summary
    say(summary)


archive_commands(bodies_app, "body", key_help="The body's code.", hides="from lists and dialogs")


# --- meetings ------------------------------------------------------------------------------------


@meetings_app.command("list")
def meetings_list(
    ctx: typer.Context,
    body: Annotated[
        str | None,
        typer.Option("--body", "-b", help="Only this body's.", autocompletion=completion.bodies),
    ] = None,
    archived: ArchivedOption = False,
    as_json: JsonOption = False,
) -> None:
    """List the meetings, the most recent first."""
    from ptctui import store, views

    with environment(ctx) as env, store.reading(env.engine) as session:
        owner = store.get_body(session=session, code=body) if body else None
        rows = store.list_meetings(session=session, body=owner, include_archived=archived)
    if as_json:
        emit_json([row.as_json() for row in rows])
    else:
        show(views.meetings_table(rows))


SessionOption = Annotated[
    int | None, typer.Option("--session", "-n", min=1, help="Its session number, e.g. 41.")
]
LabelOption = Annotated[
    str | None,
    typer.Option("--label", help="Its name (default: '41st Session of the …' from the body)."),
]
PlaceOption = Annotated[str | None, typer.Option("--place", help="Where it met.")]


@meetings_app.command("add")
def meetings_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="A short code, e.g. EC-41.")],
    body: Annotated[
        str,
        typer.Option("--body", "-b", help="The body that meets.", autocompletion=completion.bodies),
    ],
    number: SessionOption = None,
    label: LabelOption = None,
    start: Annotated[str | None, typer.Option("--start", help="Its first day.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Its last day.")] = None,
    place: PlaceOption = None,
    by: ByOption = None,
) -> None:
    """Add a meeting of a body."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        start_day, end_day = _date(start, "--start"), _date(end, "--end")
        with store.writing(env.engine) as session:
            _, change = store.add_meeting(
                session=session,
                key=code,
                body=store.get_body(session=session, code=body),
                number=number,
                label=label,
                start=start_day,
                end=end_day,
                place=place,
                by=env.by,
            )
            summary = change.summary
    say(summary)


@meetings_app.command("edit")
def meetings_edit(
    ctx: typer.Context,
    meeting: Annotated[
        str, typer.Argument(help="The meeting's code.", autocompletion=completion.meetings)
    ],
    code: Annotated[str | None, typer.Option("--code", help="A new code.")] = None,
    body: Annotated[
        str | None,
        typer.Option("--body", "-b", help="Another body.", autocompletion=completion.bodies),
    ] = None,
    number: SessionOption = None,
    label: LabelOption = None,
    start: Annotated[str | None, typer.Option("--start", help="A new first day.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="A new last day.")] = None,
    place: PlaceOption = None,
    note: NoteOption = "",
    by: ByOption = None,
) -> None:
    """Change a meeting's code, body, session, label, dates or place."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        start_day, end_day = _date(start, "--start"), _date(end, "--end")
        with store.writing(env.engine) as session:
            summary = store.edit_meeting(
                session=session,
                meeting=store.get_meeting(session=session, key=meeting),
                key=code,
                body=store.get_body(session=session, code=body) if body else None,
                number=number,
                label=label,
                start=start_day,
                end=end_day,
                place=place,
                note=note,
                by=env.by,
            ).summary
    say(summary)


archive_commands(
    meetings_app, "meeting", key_help="The meeting's code.", hides="from lists and dialogs"
)
