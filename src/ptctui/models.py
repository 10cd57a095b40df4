"""Every table of ptctui, as SQLModel classes, with the small vocabularies they use (``KINDS``,
``ROLES``). No queries here: those are the store's.

Rows that may travel between laptops (everything a user creates) carry a ``uuid`` that never
changes; integer ids are local to one database and only used for joins. Dates that name a day
(deadlines, as-of dates of updates) are ``date``; instants (when something was recorded) are
timezone-aware UTC ``datetime`` values, stored through ``UTCDateTime`` so SQLite and PostgreSQL
both hand back aware values.

History is append-only: ``StatusChange`` and ``Change`` rows are never updated except to link a
change to the undo that reverted it, and never deleted.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import DateTime, Index, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def new_uuid() -> str:
    """A fresh random UUID as text (portable across SQLite and PostgreSQL, prefix-searchable)."""
    return str(uuid_module.uuid4())


def utcnow() -> datetime:
    """Now, timezone-aware in UTC: the only kind of instant ptctui stores."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime column that accepts only aware values and always returns aware UTC values.

    SQLite keeps no zone, so values are normalised to UTC on the way in and tagged as UTC on
    the way out; naive values are refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: ptctui stores timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _instant(*, index: bool = False, nullable: bool = False) -> Any:
    """A field holding an aware UTC instant, defaulting to now."""
    return Field(
        default_factory=utcnow,
        sa_column_kwargs={},
        sa_type=UTCDateTime,
        index=index,
        nullable=nullable,
    )


class Model(SQLModel):
    """The base of ptctui's models: pydantic's validator and serializer are built on first use.

    SQLModel does not validate table rows when they are made, and ptctui never dumps them
    through pydantic, so building both for every table at import was 5 ms of every command's
    start-up and the app's, for nothing. (``ActionEdit`` validates: on its first use.)
    """

    # Merged into SQLModel's own config (its SQLModelConfig is private, hence the ignore).
    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]


# --- reference entities -----------------------------------------------------------------------


class Body(Model, table=True):
    """A council, commission, committee, working group, the Secretariat or a partner."""

    __tablename__ = "bodies"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    code: str = Field(unique=True, max_length=40)
    name: str
    kind: str = Field(default="committee", max_length=20)
    parent_id: int | None = Field(default=None, foreign_key="bodies.id")
    archived: bool = False


class Meeting(Model, table=True):
    """A session of a body: "40th Session of the Enforcement Committee, February 2020"."""

    __tablename__ = "meetings"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    key: str = Field(unique=True, max_length=40)
    body_id: int = Field(foreign_key="bodies.id", index=True)
    label: str
    number: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    place: str | None = None
    archived: bool = False


class Package(Model, table=True):
    """A WCO package (Revenue Package, CEP, ECP, …)."""

    __tablename__ = "packages"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    code: str = Field(unique=True, max_length=40)
    name: str
    aim: str = ""  # what the package is for: ``packages add --description``
    note: str = ""
    lead_body_id: int | None = Field(default=None, foreign_key="bodies.id")
    position: int = 0
    archived: bool = False  # hidden with everything under it; never deleted


class Plan(Model, table=True):
    """An action plan of a package for a phase or period."""

    __tablename__ = "plans"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    code: str = Field(unique=True, max_length=40)
    package_id: int = Field(foreign_key="packages.id", index=True)
    title: str
    period: str = ""  # as officers write it: "2022/2023", "2020-2022"
    note: str = ""
    position: int = 0
    start_date: date | None = None
    end_date: date | None = None
    archived: bool = False  # hidden with everything under it; never deleted
    # What its actions' references start with ("CEP" in CEP-1.3): set when the plan is made
    # (its code, unless chosen) and never changed with the code, since references are printed
    # in documents. Empty for the bundled plans and older databases: the package's code.
    ref_prefix: str = Field(default="", max_length=40)

    def references_from(self, package_code: str) -> str:
        """What its actions' references start with: its prefix, else its package's code."""
        return self.ref_prefix or package_code


class Endorsement(Model, table=True):
    """A body endorsing (examining, approving) a plan at a meeting on a date."""

    __tablename__ = "endorsements"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    plan_id: int = Field(foreign_key="plans.id", index=True)
    body_id: int = Field(foreign_key="bodies.id")
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id")
    on_date: date
    note: str = ""
    retracted: bool = False  # by undo; like a progress update, never deleted


class Component(Model, table=True):
    """A numbered component or part of a plan, holding its actions."""

    __tablename__ = "components"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    plan_id: int = Field(foreign_key="plans.id", index=True)
    number: int
    title: str
    position: int = 0
    archived: bool = False  # hidden with its actions; its number is never reused


# --- actions and their history ------------------------------------------------------------------

# What an action may be (``Action.kind``), and how a body is responsible for one
# (``ActionBody.role``): the store refuses anything else, and so does an import.
KINDS = ("action", "operation", "project", "workshop", "study")
ROLES = ("lead", "supporting")


class ActionBase(Model):
    """The fields a user edits on an action (shared by the table and the edit schema)."""

    title: str
    description: str = ""
    kind: str = Field(default="action", max_length=20)  # one of KINDS
    deadline_label: str | None = None
    due_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    funding_note: str = ""


class Action(ActionBase, table=True):
    """One action of a component; ``uuid`` is its identity everywhere, ``ref`` its name."""

    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_status_due", "status", "due_date"),
        # The data stamp's latest edit is one seek (store.data_stamp; migration 0004).
        Index("ix_actions_updated_at", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    ref: str = Field(unique=True, max_length=40)
    component_id: int = Field(foreign_key="components.id", index=True)
    status: str = Field(default="planned", max_length=20)
    archived: bool = False
    position: int = 0
    created_at: datetime = _instant()
    updated_at: datetime = _instant()


class ActionBody(Model, table=True):
    """A body responsible for an action, as its lead or in support."""

    __tablename__ = "action_bodies"
    # (action_id, role, body_id) finds an action's lead from the index alone (migration 0004).
    __table_args__ = (
        UniqueConstraint("action_id", "body_id"),
        Index("ix_action_bodies_action_role", "action_id", "role", "body_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="actions.id")
    body_id: int = Field(foreign_key="bodies.id", index=True)
    role: str = Field(default="lead", max_length=12)  # one of ROLES: lead | supporting


class ProgressUpdate(Model, table=True):
    """A dated progress note on an action. Retracted (by undo), never deleted."""

    __tablename__ = "progress_updates"
    # The latest update not retracted is one seek in (action_id, retracted, as_of) (0004).
    __table_args__ = (
        Index("ix_progress_updates_action_latest", "action_id", "retracted", "as_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    action_id: int = Field(foreign_key="actions.id")
    as_of: date
    text: str
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id")
    author: str = ""
    created_at: datetime = _instant()
    retracted: bool = False


class StatusChange(Model, table=True):
    """One move of an action's status; append-only. The last one equals the action's status."""

    __tablename__ = "status_changes"
    __table_args__ = (Index("ix_status_changes_action_at", "action_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    action_id: int = Field(foreign_key="actions.id")
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    at: datetime = _instant()
    by: str = ""
    note: str = ""
    deadline_label: str | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meetings.id")


class Change(Model, table=True):
    """The journal of every change a user made, newest last: what ``undo`` walks back.

    ``before`` and ``after`` hold JSON of the fields the change touched, so an undo can restore
    them exactly; ``undoes_id`` links an undo to what it reverted and ``undone_by_id`` marks the
    reverted change, so history is kept whole and an undo is never undone twice.
    """

    __tablename__ = "changes"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    at: datetime = _instant(index=True)
    by: str = ""
    kind: str = Field(max_length=20)  # add | edit | move | update | archive | restore | undo
    action_id: int | None = Field(default=None, foreign_key="actions.id", index=True)
    # A change to a package, plan, component, body, meeting or endorsement names its table and
    # the row's UUID instead of an action (by UUID, so the entry means the same row on every
    # laptop it travels to).
    subject: str | None = Field(default=None, max_length=20)
    subject_uuid: str | None = Field(default=None, max_length=36, index=True)
    summary: str = ""
    note: str = ""
    before: str = "{}"
    after: str = "{}"
    status_change_id: int | None = Field(default=None, foreign_key="status_changes.id")
    progress_update_id: int | None = Field(default=None, foreign_key="progress_updates.id")
    undoes_id: int | None = Field(default=None, foreign_key="changes.id")
    undone_by_id: int | None = Field(default=None, foreign_key="changes.id")
    # Entries made by one command on several actions (``move A B C …``, the app's marks)
    # share a batch: undo and redo take them back and forth together.
    batch: str | None = Field(default=None, max_length=36, index=True)


class DocumentRecord(Model, table=True):
    """A committee document ptctui writes (``export intersessional``), by its code: PC0608E.

    What officers set once and every export of the code reuses: the title block (organisation,
    committee, session, agenda item, place and date), the language, the window of developments
    it covers, and the packages it leaves out (the ECP, "included under this PTC (Agenda item -
    X)"). Its written text lives in ``Passage`` rows; what was issued, in ``IssuedDocument``.
    """

    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    code: str = Field(unique=True, max_length=40)
    title: str = "Intersessional developments"
    organisation: str = "World Customs Organization"
    committee: str = ""
    session: str = ""
    agenda_item: str = ""
    place: str = ""
    dated: date | None = None
    since: date | None = None
    until: date | None = None
    language: str = Field(default="en-GB", max_length=20)
    leave_out: str = ""  # package codes, comma-separated, the document does not cover
    archived: bool = False


class Passage(Model, table=True):
    """The officers' own text of one section of a committee document, as Markdown.

    ``section`` says where it stands: ``purpose`` and ``invited`` (the summary's two boxes),
    ``introduction``, ``package`` (a package's background, ``package_id`` set), ``plan`` (a
    plan's part, ``plan_id`` set; a line ``{actions}`` places its list of actions) and
    ``closing`` (the action required). A section with no passage gets ptctui's default text.
    """

    __tablename__ = "passages"
    __table_args__ = (
        UniqueConstraint("document_id", "section", "package_id", "plan_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    document_id: int = Field(foreign_key="documents.id", index=True)
    section: str = Field(max_length=20)
    package_id: int | None = Field(default=None, foreign_key="packages.id")
    plan_id: int | None = Field(default=None, foreign_key="plans.id")
    text: str | None = None  # None: ptctui's default text (what an undo of the first edit leaves)


class IssuedDocument(Model, table=True):
    """A committee document as it was issued (``export intersessional --issue``): what went
    out, byte for byte, so it can be produced again and later exports can say what changed."""

    __tablename__ = "issued_documents"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    document_id: int = Field(foreign_key="documents.id", index=True)
    at: datetime = _instant()
    by: str = ""
    format: str = Field(max_length=10)
    parameters: str = "{}"  # JSON: the title block and window it was built with
    markdown: str = ""  # the text, as Markdown, for comparing later exports with it
    content: str = ""  # the issued file, base64
    sha256: str = Field(max_length=64)


class Review(Model, table=True):
    """An action taken up at a meeting with nothing else to show for it: the committee took
    note (``noted``), or flagged it for follow-up by a body and a date (``follow_up``).

    A status move or progress update made at a meeting is its own record (its ``meeting_id``);
    a review is the rest of the record of decisions. Retracted by undo, never deleted.
    """

    __tablename__ = "reviews"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    meeting_id: int = Field(foreign_key="meetings.id", index=True)
    action_id: int = Field(foreign_key="actions.id", index=True)
    kind: str = Field(max_length=12)  # noted | follow_up
    at: datetime = _instant()
    by: str = ""
    note: str = ""
    body_id: int | None = Field(default=None, foreign_key="bodies.id")
    due_label: str | None = None
    due_date: date | None = None
    retracted: bool = False


class Walk(Model, table=True):
    """Where a meeting's walk through a plan's actions stopped, so that a session over two days
    resumes there (also on another laptop: the newer position wins a merge)."""

    __tablename__ = "walks"
    __table_args__ = (UniqueConstraint("meeting_id", "plan_id"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, unique=True, max_length=36)
    meeting_id: int = Field(foreign_key="meetings.id", index=True)
    plan_id: int | None = Field(default=None, foreign_key="plans.id")
    action_id: int | None = Field(default=None, foreign_key="actions.id")
    at: datetime = _instant()
    by: str = ""


class ActionEdit(Model):
    """The fields ``edit`` may change; ``None`` means "leave as it is"."""

    title: str | None = None
    description: str | None = None
    kind: str | None = None
    deadline: str | None = None  # a label, parsed by the store
    start_date: date | None = None
    end_date: date | None = None
    funding_note: str | None = None


class ImportRecord(Model, table=True):
    """One merge of another database into this one (``ptctui import``, ``ptctui sync``).

    Local bookkeeping, never exported: it says what came in, from where, and where the
    backup taken before it lies. ``last_change_id`` is the journal's end after the merge;
    ``undo`` does not reach below it, because undoing a change made before a merge would
    silently override whatever the merge brought in.
    """

    __tablename__ = "imports"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant()
    by: str = ""
    source: str = ""
    summary: str = ""
    backup: str | None = None
    last_change_id: int = 0


# Tables that describe this database rather than the shared data: not exported, not merged.
LOCAL_TABLES = frozenset({ImportRecord.__tablename__})
