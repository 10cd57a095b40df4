"""Shell completion's answers: action references, statuses, plan and component codes, bodies,
meetings, packages and sort orders, for ``autocompletion=`` on the commands' parameters.

Typer completes commands and options itself (``ptctui --install-completion`` for bash, zsh or
fish, ``--show-completion`` to see the script); these functions complete the values. Each one
reads the workspace's database the way a command finds it (``--db`` on the line, then
``PTCTUI_DB``, then the nearest ``db/ptctui.db``) through the store's read functions, in one
read transaction, and never creates anything: with no database there is nothing to offer, so
nothing is offered. Any failure (an old schema, a server that is down) is swallowed the same
way: a completion that prints an error would scribble over the user's command line.

Only Typer and the standard library are imported here, at start-up: the store, the engine
and the models are imported when a completion is asked for, so ``ptctui --help`` does not pay
for them. Each answer is a ``(value, help)`` pair: zsh and fish show the help beside it.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

Answers = list[tuple[str, str]]


@contextmanager
def _reading(ctx: typer.Context) -> Iterator["Session"]:
    """A read session on the database the command line names; ``LookupError`` if there is
    none yet (completion must not create one, as a command would)."""
    from ptctui.workspace import resolve_workspace

    workspace = resolve_workspace(ctx.find_root().params.get("db"))
    if workspace.source == "new":
        raise LookupError("no database here")
    from ptctui import db, store

    path = db.sqlite_path(workspace.url)
    if path is not None and not path.is_file():
        raise LookupError(f"no database at {path}")
    engine = db.make_engine(workspace.url)
    try:
        with store.reading(engine) as session:
            yield session
    finally:
        engine.dispose()


def _answers(read: Callable[["Session"], Answers]) -> Callable[[typer.Context, str], Answers]:
    """A completer from ``read``: its answers that start with what was typed (any case)."""

    def complete(ctx: typer.Context, incomplete: str) -> Answers:
        try:
            with _reading(ctx) as session:
                found = read(session)
        except Exception:  # nothing to offer, and nothing to print (see above)
            return []
        return _starting(found, incomplete)

    complete.__doc__ = read.__doc__
    return complete


def _starting(found: Answers, incomplete: str) -> Answers:
    typed = incomplete.casefold()
    return [(value, help) for value, help in found if value.casefold().startswith(typed)]


def refs(ctx: typer.Context, incomplete: str) -> Answers:
    """Action references (live actions, in document order) that start with what was typed
    (any case), each with its title: the database finds them, not a read of every action."""
    try:
        with _reading(ctx) as session:
            from ptctui import store

            found = store.refs_starting(session=session, prefix=incomplete)
    except Exception:  # nothing to offer, and nothing to print (see above)
        return []
    return [(ref, _short(title)) for ref, title in found]


def _plans(session: "Session") -> Answers:
    """Plan codes."""
    from ptctui import store

    return [(code, "plan") for code in store.names(session=session).plans]


def _packages(session: "Session") -> Answers:
    """Package codes."""
    from ptctui import store

    return [(code, "package") for code in store.names(session=session).packages]


def _bodies(session: "Session") -> Answers:
    """Responsible body codes."""
    from ptctui import store

    return [(code, "body") for code in store.names(session=session).bodies]


def _meetings(session: "Session") -> Answers:
    """Meeting keys."""
    from ptctui import store

    return [(key, "meeting") for key in store.names(session=session).meetings]


def _components(session: "Session") -> Answers:
    """Components as ``PLAN:N``, each with its title."""
    from ptctui import store

    return [
        (f"{row.plan}:{row.number}", _short(row.title))
        for row in store.list_components(session=session, today=date.today())
    ]


def _short(text: str, limit: int = 60) -> str:
    """A title as a completion's one-line help."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


plans = _answers(_plans)
packages = _answers(_packages)
bodies = _answers(_bodies)
meetings = _answers(_meetings)
components = _answers(_components)


def for_kind(what: str) -> Callable[[typer.Context, str], Answers]:
    """The completer of a package, plan, component, body or meeting (``archive KEY``)."""
    return {
        "package": packages,
        "plan": plans,
        "component": components,
        "body": bodies,
        "meeting": meetings,
    }[what]


def statuses(incomplete: str) -> Answers:
    """The statuses (no database needed), with their labels."""
    from ptctui.workflow import Status

    return _starting([(s.value, s.label) for s in Status], incomplete)


def refs_then_status(ctx: typer.Context, incomplete: str) -> Answers:
    """``move REF... STATUS``: once a reference is typed, the statuses come first, then more
    references (one of the words is the status, the others the actions)."""
    typed = ctx.params.get("words") or []
    found = statuses(incomplete) if typed else []
    return found + refs(ctx, incomplete)


def sorts(incomplete: str) -> Answers:
    """The orders ``actions --sort`` takes."""
    return _starting([(s, "sort order") for s in SORTS], incomplete)


# store.listing.SORTS, repeated so that completing --sort does not import the store
# (tests/test_completion.py checks they agree).
SORTS = ("order", "ref", "due", "status", "updated", "title")


__all__ = [
    "bodies",
    "components",
    "for_kind",
    "meetings",
    "packages",
    "plans",
    "refs",
    "sorts",
    "statuses",
]
