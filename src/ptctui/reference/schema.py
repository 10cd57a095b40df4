"""Plain, typed records describing a bundled dataset.

The bundled data is written by hand as instances of these frozen dataclasses (see
``pc0608e.py``), not parsed from text: a person checks it against the source document, and
``store.seed_reference`` turns it into rows. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RefBody:
    """A council, commission, committee, working group, the Secretariat or a partner."""

    code: str
    name: str
    kind: str  # council | commission | committee | working_group | secretariat | partner …
    reports_to: str | None = None  # code of the parent body


@dataclass(frozen=True)
class RefMeeting:
    """A session of a body; ``key`` is how the rest of the dataset refers to it."""

    key: str  # e.g. "EC-40"
    body: str  # body code
    label: str  # e.g. "40th Session of the Enforcement Committee"
    number: int | None = None
    start: date | None = None
    end: date | None = None
    place: str | None = None


@dataclass(frozen=True)
class RefUpdate:
    """A dated progress update, as written in the document."""

    as_of: date
    text: str
    meeting: str | None = None  # meeting key


@dataclass(frozen=True)
class RefAction:
    """One bulleted action with the status its text implies."""

    ref: str  # display reference, e.g. "CEP-1.3"
    title: str
    status: str  # planned | in_progress | ongoing | completed | postponed | on_hold | cancelled
    description: str = ""
    kind: str = "action"  # action | operation | project | workshop | study
    lead: tuple[str, ...] = ()  # body codes
    supporting: tuple[str, ...] = ()
    deadline: str | None = None  # the label as written; parsed by ``deadlines.parse_deadline``
    start: date | None = None
    end: date | None = None
    status_date: date | None = None  # when the current status was reached, if known
    status_note: str = ""  # why (required for postponed / on_hold / cancelled)
    funding_note: str = ""
    updates: tuple[RefUpdate, ...] = ()


@dataclass(frozen=True)
class RefComponent:
    """A component or part of a plan, holding actions in document order."""

    number: int
    title: str
    actions: tuple[RefAction, ...] = ()


@dataclass(frozen=True)
class RefEndorsement:
    """A body endorsing a plan, at a meeting, on a date."""

    body: str
    on: date
    meeting: str | None = None  # meeting key
    note: str = ""


@dataclass(frozen=True)
class RefPlan:
    """An action plan of a package, for a phase or period."""

    code: str  # short code used in references, e.g. "CEP-2020"
    title: str
    period: str = ""
    note: str = ""
    endorsements: tuple[RefEndorsement, ...] = ()
    components: tuple[RefComponent, ...] = ()


@dataclass(frozen=True)
class RefPackage:
    """A WCO package and its plans."""

    code: str
    name: str
    aim: str = ""
    lead_body: str | None = None
    note: str = ""
    plans: tuple[RefPlan, ...] = ()


@dataclass(frozen=True)
class RefDocument:
    """A committee document the dataset comes with: its record and its written sections, as
    (section, package or plan code or None, Markdown)."""

    code: str
    title: str
    committee: str
    leave_out: tuple[str, ...] = ()
    passages: tuple[tuple[str, str | None, str], ...] = ()


@dataclass(frozen=True)
class RefDataset:
    """Everything a bundled dataset holds."""

    name: str
    source: str  # the document it was curated from
    as_of: date  # the date the document speaks for
    bodies: tuple[RefBody, ...] = ()
    meetings: tuple[RefMeeting, ...] = ()
    packages: tuple[RefPackage, ...] = field(default_factory=tuple)
    documents: tuple[RefDocument, ...] = ()
