"""Commands that change actions: move, update, add, edit, archive, restore, undo, redo."""

from pathlib import Path
from typing import Annotated

import typer

from ptctui.cli import completion
from ptctui.cli.common import ByOption, _date, app, environment, fail, read_text_file, say

MeetingOption = Annotated[
    str | None,
    typer.Option(
        "--meeting", "-m", help="Meeting key, e.g. EC-40.", autocompletion=completion.meetings
    ),
]


@app.command()
def move(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="The actions, then the new status: CEP-4.12 CEP-4.13 postponed.",
            autocompletion=completion.refs_then_status,
            metavar="REF... STATUS",
        ),
    ],
    note: Annotated[
        str, typer.Option("--note", help="Why (needed for on_hold, cancelled, reopening).")
    ] = "",
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="New deadline (needed for postponed).")
    ] = None,
    from_search: Annotated[
        str | None, typer.Option("--from-search", help="Move every action this search finds.")
    ] = None,
    from_json: Annotated[
        Path | None,
        typer.Option(
            "--from-json",
            help="Move the actions of a JSON list ('-': stdin), e.g. of actions --json.",
        ),
    ] = None,
    skip_refused: Annotated[
        bool,
        typer.Option("--skip-refused", help="Move the others when the workflow refuses some."),
    ] = False,
    meeting: MeetingOption = None,
    by: ByOption = None,
) -> None:
    """Move actions to another status, if the workflow allows it: one, or many at once (all or
    none, one undo)."""
    from ptctui import store
    from ptctui.store import batches

    *refs, status = words
    if not refs and from_search is None and from_json is None:
        fail("missing argument 'status' (see `ptctui move --help`)", 2)
    listed = read_text_file(from_json, what="--from-json") if from_json is not None else None
    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        actions = batches.actions_for(
            session=session, refs=refs, search=from_search, listed=listed, today=env.today
        )
        changes, refused = batches.move_many(
            session=session,
            actions=actions,
            status=status,
            by=env.by,
            note=note,
            deadline=deadline,
            meeting=meeting,
            skip_refused=skip_refused,
        )
        summary = batches.describe(changes, refused)
    say(summary)


@app.command()
def update(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.", autocompletion=completion.refs)],
    text: Annotated[str, typer.Argument(help="What happened.")],
    on: Annotated[str | None, typer.Option("--date", help="As-of date (default today).")] = None,
    meeting: MeetingOption = None,
    by: ByOption = None,
) -> None:
    """Record a dated progress update on an action."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        as_of = _date(on, "--date") or env.today
        with store.writing(env.engine) as session:
            action = store.resolve_action(session=session, ref=ref)
            change = store.add_update(
                session=session,
                action=action,
                text=text,
                by=env.by,
                as_of=as_of,
                meeting=meeting,
            )
            summary = change.summary
    say(summary)


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What is to be done.")],
    component: Annotated[
        str,
        typer.Option(
            "--component",
            "-c",
            help="PLAN:N, or N with --plan.",
            autocompletion=completion.components,
        ),
    ],
    plan: Annotated[
        str | None, typer.Option("--plan", help="Plan code.", autocompletion=completion.plans)
    ] = None,
    description: Annotated[str, typer.Option("--description", "-d")] = "",
    kind: Annotated[
        str, typer.Option("--kind", help="action, operation, project, workshop, study.")
    ] = "action",
    lead: Annotated[
        list[str] | None,
        typer.Option(
            "--lead", help="Lead body code (repeatable).", autocompletion=completion.bodies
        ),
    ] = None,
    supporting: Annotated[
        list[str] | None,
        typer.Option(
            "--supporting",
            help="Supporting body code (repeatable).",
            autocompletion=completion.bodies,
        ),
    ] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="E.g. 'Q1 2021'.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="Start date.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="End date.")] = None,
    funding: Annotated[str, typer.Option("--funding", help="Funding note.")] = "",
    ref: Annotated[
        str | None, typer.Option("--ref", help="Display reference (default: next free).")
    ] = None,
    by: ByOption = None,
) -> None:
    """Add a new action to a component (it starts as planned)."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        start_date, end_date = _date(start, "--start"), _date(end, "--end")
        with store.writing(env.engine) as session:
            action, _ = store.add_action(
                session=session,
                component=store.get_component(session=session, spec=component, plan=plan),
                title=title,
                by=env.by,
                description=description,
                kind=kind,
                deadline=deadline,
                start_date=start_date,
                end_date=end_date,
                lead=lead or (),
                supporting=supporting or (),
                funding_note=funding,
                ref=ref,
            )
            done = f"Added {action.ref} ({action.uuid[:8]}): {action.title}"
    say(done)


@app.command()
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.", autocompletion=completion.refs)],
    title: Annotated[str | None, typer.Option("--title")] = None,
    description: Annotated[str | None, typer.Option("--description", "-d")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="New deadline; '' clears it.")
    ] = None,
    start: Annotated[str | None, typer.Option("--start")] = None,
    end: Annotated[str | None, typer.Option("--end")] = None,
    funding: Annotated[str | None, typer.Option("--funding")] = None,
    lead: Annotated[
        list[str] | None,
        typer.Option("--lead", help="Replace the lead bodies.", autocompletion=completion.bodies),
    ] = None,
    supporting: Annotated[
        list[str] | None,
        typer.Option(
            "--supporting", help="Replace the supporting bodies.", autocompletion=completion.bodies
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    by: ByOption = None,
) -> None:
    """Change an action's fields or responsible bodies."""
    from ptctui import store
    from ptctui.models import ActionEdit

    with environment(ctx, by=by) as env:
        changes = ActionEdit(
            title=title,
            description=description,
            kind=kind,
            deadline=deadline,
            start_date=_date(start, "--start"),
            end_date=_date(end, "--end"),
            funding_note=funding,
        )
        with store.writing(env.engine) as session:
            action = store.resolve_action(session=session, ref=ref)
            summary = store.edit_action(
                session=session,
                action=action,
                edit=changes,
                by=env.by,
                lead=lead,
                supporting=supporting,
                note=note,
            ).summary
    say(summary)


def _set_archived(ctx: typer.Context, ref: str, archived: bool, note: str, by: str | None) -> None:
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        action = store.resolve_action(session=session, ref=ref)
        summary = store.set_archived(
            session=session, action=action, archived=archived, by=env.by, note=note
        ).summary
    say(summary)


@app.command()
def archive(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.", autocompletion=completion.refs)],
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    by: ByOption = None,
) -> None:
    """Hide an action from lists (nothing is deleted; `restore` brings it back)."""
    _set_archived(ctx, ref, True, note, by)


@app.command()
def restore(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The action.", autocompletion=completion.refs)],
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    by: ByOption = None,
) -> None:
    """Bring an archived action back."""
    _set_archived(ctx, ref, False, note, by)


@app.command()
def undo(
    ctx: typer.Context,
    change: Annotated[
        int | None,
        typer.Option(
            "--change",
            "-c",
            min=1,
            help="Undo this change (its # in `ptctui history`), anyone's; default: your last.",
        ),
    ] = None,
    by: ByOption = None,
) -> None:
    """Revert your most recent change (the --by name), or a named one (the undo is recorded)."""
    from ptctui import store

    with environment(ctx, by=by) as env:
        try:
            with store.writing(env.engine) as session:
                done = store.undo(session=session, by=env.by, change_id=change)
                sentence = store.said(session=session, done=done, by=env.by)
        except store.NothingToUndo as refused:
            hint = f"; `ptctui undo --change {refused.others}` undoes it" if refused.others else ""
            raise store.StoreError(f"{refused}{hint}") from None
    say(sentence)


@app.command()
def redo(ctx: typer.Context, by: ByOption = None) -> None:
    """Re-apply what you last undid (the redo is recorded, and can be undone in turn)."""
    from ptctui import store

    with environment(ctx, by=by) as env, store.writing(env.engine) as session:
        done = store.redo(session=session, by=env.by)
        sentence = store.said(session=session, done=done, by=env.by)
    say(sentence)
