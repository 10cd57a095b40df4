"""The words a spreadsheet uses: which headers name which field, which status words mean which
workflow status, and how the responsible column separates its bodies.

Plain data and the functions that look words up in it, shared by the parsing
(``spreadsheet.parsing``) and its error messages. No files, no rows, no database.
"""

from __future__ import annotations

import re

from ptctui.workflow import Status

# --- the fields and the headers that name them ---------------------------------------------------

# field -> headers that mean it, compared after ``header_key`` (case, spaces and punctuation
# ignored). Exact matches only: a fuzzy match would take "Action Plan 2020" (a title row) for
# the title column. Anything else can be named with --map.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "action",
        "actions",
        "action title",
        "activity",
        "activities",
        "milestone",
        "milestones",
        "task",
        "tasks",
        "deliverable",
        "deliverables",
        "description of action",
        "description of activity",
        "action description",
        "activity description",
    ),
    "description": ("description", "details", "detail", "explanation"),
    "responsible": (
        "responsible",
        "responsible body",
        "responsible bodies",
        "responsible party",
        "responsibility",
        "lead",
        "lead body",
        "lead bodies",
        "owner",
        "owners",
        "who",
        "by whom",
    ),
    "supporting": (
        "supporting",
        "supporting bodies",
        "support",
        "supported by",
        "partners",
        "in cooperation with",
        "in co operation with",
    ),
    "deadline": (
        "deadline",
        "deadlines",
        "timeline",
        "timeframe",
        "time frame",
        "planned",
        "planned date",
        "due",
        "due date",
        "due by",
        "target date",
        "by when",
        "completion date",
    ),
    "status": ("status", "state", "implementation status", "progress status"),
    "notes": (
        "notes",
        "note",
        "remarks",
        "remark",
        "progress",
        "comments",
        "comment",
        "progress update",
        "progress updates",
        "latest update",
        "update",
        "progress to date",
    ),
    "component": ("component", "components", "pillar", "part", "section", "strand"),
    "ref": ("ref", "refs", "reference", "ref no", "no", "nr", "number", "#", "item", "item no"),
}

FIELD_LABELS = {"ref": "reference"}


def header_key(text: str) -> str:
    """A header as compared: case, spaces and punctuation ignored ("Due date:" → "duedate")."""
    key = re.sub(r"[\W_]+", "", text.casefold())
    return key or "".join(text.split())  # "#" stays "#"


_SYNONYMS: dict[str, str] = {
    header_key(name): fld for fld, names in FIELDS.items() for name in names
}


def field_for_header(text: str) -> str | None:
    """The field a header names, if any.

    A parenthesis is a remark ("Status (as of June 2020)"), and "Deadline / Timeline" names one
    field two ways, so both are tried; the first part that names a field wins.
    """
    plain = re.sub(r"\([^)]*\)", " ", text)
    for candidate in (text, plain, *re.split(r"[/|&]", plain)):
        found = _SYNONYMS.get(header_key(candidate))
        if found:
            return found
    return None


# --- status words --------------------------------------------------------------------------------

STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.COMPLETED: (
        "done",
        "complete",
        "completed",
        "finished",
        "achieved",
        "finalised",
        "finalized",
        "delivered",
        "accomplished",
        "took place",
    ),
    Status.IN_PROGRESS: (
        "in progress",
        "underway",
        "under way",
        "started",
        "ongoing work",
        "work in progress",
        "wip",
        "in development",
        "being implemented",
        "progressing",
    ),
    Status.ONGOING: ("ongoing", "on going", "continuous", "continuing", "permanent", "recurring"),
    Status.PLANNED: (
        "planned",
        "not started",
        "not yet started",
        "to be started",
        "to start",
        "scheduled",
        "pending",
        "to do",
        "todo",
    ),
    Status.POSTPONED: ("postponed", "delayed", "deferred", "rescheduled", "re scheduled"),
    Status.ON_HOLD: (
        "on hold",
        "onhold",
        "awaiting funding",
        "waiting for funding",
        "suspended",
        "paused",
        "stalled",
        "blocked",
    ),
    Status.CANCELLED: (
        "cancelled",
        "canceled",
        "dropped",
        "withdrawn",
        "abandoned",
        "discontinued",
        "terminated",
    ),
}


def _status_key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


_STATUS_BY_WORD: dict[str, Status] = {
    _status_key(word): status for status, words in STATUS_WORDS.items() for word in words
} | {_status_key(s.value): s for s in Status}


def read_status(text: str) -> Status | None:
    """The workflow status a spreadsheet's word means (blank is planned); None if unknown."""
    key = _status_key(text)
    if not key:
        return Status.PLANNED
    return _STATUS_BY_WORD.get(key)


STATUS_HINT = "done, in progress, ongoing, planned, postponed, on hold or cancelled"

# Names in the responsible column: "SEC, INTERPOL", "SEC / UNODC", "SEC; EC".
BODY_SEPARATORS = re.compile(r"[,;/\n]+")
BODY_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def split_bodies(text: str) -> tuple[str, ...]:
    """The names in a responsible cell, split on , ; / and line breaks (" and " is left to the
    store, which first tries the whole name: "Working Group on … Compliance and Fraud")."""
    return tuple(part for p in BODY_SEPARATORS.split(text) if (part := " ".join(p.split())))
