"""How one action reads in a committee document: its bullet, in the Secretariat's words.

A bullet is the action as the plan states it, then what happened to it in the window:

- the title, unless the first thing said already names the action ("NEPTUNE 2 (targeting …),
  the second iteration of this operation was conducted …" says it, so no title comes first);
- the description, where it is the plan's own wording: one that continues the title's
  sentence (it starts in lower case or with a bracket, "partnered with the Center for …",
  "[Customs information map …]") joins the title. A description that stands alone is the
  officers' note about the action (in the app and ``show``), not the plan's text, and stays
  out, as does one an update already says;
- the progress updates of the window, oldest first, line breaks kept;
- a status move only when an officer made it in the window and nothing else is said about
  it, in words an officer would write ("Postponed to the first quarter of 2021 (funding
  delayed)."), and only the last of several; moves that end where they began say nothing.

Nothing is said twice: a sentence equal to the title or to an earlier sentence of the same
bullet is dropped. What happened is read by ``store.window``; this module only writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ptctui.deadlines import deadline_words, long_date
from ptctui.reports.document import Bullet
from ptctui.store.window import ActionInWindow, MadeMove
from ptctui.workflow import Status

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(\[A-Z0-9])")
_NAME_END = re.compile(r"\s+(?:\(|-|–|—)\s*")


def normal(text: str) -> str:
    """``text`` for comparing: single-spaced, case-folded, hyphens as spaces ("sub-regional"
    and "sub regional" are one word), without a final full stop."""
    return " ".join(text.replace("-", " ").split()).casefold().rstrip(" .;:")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (line breaks inside a sentence kept)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def action_name(title: str) -> str:
    """What an action is called, without what its title adds in brackets or after a dash:
    ``NEPTUNE 2 (targeting …)`` → ``NEPTUNE 2``, ``TRIGGER V - …`` → ``TRIGGER V``."""
    return _NAME_END.split(title.strip(), maxsplit=1)[0].strip()


def names_action(text: str, title: str) -> bool:
    """Whether ``text`` already names the action titled ``title``."""
    name = normal(action_name(title))
    return bool(name) and (name in normal(text) or normal(title) in normal(text))


def move_sentence(move: MadeMove) -> str:
    """A status move as the Secretariat reports it."""
    reason = f" ({move.note.strip().rstrip('.')})" if move.note.strip() else ""
    on = long_date(move.on)
    match move.target:
        case Status.POSTPONED:
            to = f" to {deadline_words(move.deadline)}" if move.deadline else ""
            return f"Postponed{to}{reason}."
        case Status.COMPLETED:
            return f"Completed on {on}{reason}."
        case Status.IN_PROGRESS:
            return f"Work started on {on}{reason}."
        case Status.ONGOING:
            return f"Ongoing since {on}{reason}."
        case Status.ON_HOLD:
            return f"Put on hold on {on}{reason}."
        case Status.CANCELLED:
            return f"Cancelled on {on}{reason}."
        case _:
            return f"Returned to the plan on {on}{reason}."


def _continues(description: str) -> bool:
    """Whether a description continues its title's sentence rather than standing alone."""
    first = description.lstrip()[:1]
    return bool(first) and (first.islower() or first in "[(")


def bullet(action: ActionInWindow) -> Bullet:
    """The action's bullet in the document (see the module's docstring for the rules)."""
    title = action.title.strip()
    updates = [text.strip() for _, text in action.updates if text.strip()]
    said = " ".join(updates)
    description = action.description.strip()
    lead = title
    if _continues(description) and normal(description) not in normal(said):
        lead = f"{title} {description}"
    details = list(updates)
    if not updates and (move := _net_move(action.moves)) is not None:
        details.append(move_sentence(move))
    if details and names_action(details[0], title) and lead == title:
        lead = ""
    return Bullet(lead=lead, details=tuple(_unrepeated(details, lead)))


def _net_move(moves: list[MadeMove]) -> MadeMove | None:
    """The last move, unless the moves end where they began."""
    if not moves or moves[-1].target == moves[0].source:
        return None
    return moves[-1]


def _unrepeated(details: Iterable[str], lead: str) -> list[str]:
    """``details`` without the sentences that repeat the lead or an earlier sentence."""
    seen = {normal(lead)} if lead else set()
    out = []
    for detail in details:
        kept = []
        for sentence in sentences(detail):
            key = normal(sentence)
            if key in seen:
                continue
            seen.add(key)
            kept.append(sentence)
        if kept:
            out.append(_rejoin(detail, kept))
    return out


def _rejoin(detail: str, kept: list[str]) -> str:
    """The kept sentences of ``detail``, each with the space or line break that followed it."""
    if len(kept) == len(sentences(detail)):
        return detail.strip()
    return " ".join(kept)
