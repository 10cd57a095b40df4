"""Committee documents: their records, the officers' own text of each section, what was issued.

A document is named by its code (PC0608E). Its record holds what every export of it reuses
(the title block, the window, the packages it leaves out); its passages hold the text officers
write (purpose, introduction, each package's background, each plan's lead-in, the action
required), one Markdown text a section; an issued document is the file as it went out.

Records and passages are journaled like packages and plans (``store.subjects``): undoable,
shown in the history, merged field by field. A passage's text is ``None`` until an officer
writes one: the section then reads ptctui's default (``reports.narrative``), and undoing the
first edit brings the default back.

What does not live here: turning the text into paragraphs, and the defaults (``reports``);
which developments an action shows (``store.window``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from ptctui.models import Change, DocumentRecord, IssuedDocument, Package, Passage, Plan
from ptctui.store.errors import StoreError
from ptctui.store.journaled import added, edit
from ptctui.store.journaled import record as journal
from ptctui.store.structure import check_code
from ptctui.store.subjects import SUBJECTS
from ptctui.text import quote

DOCUMENTS, PASSAGES = SUBJECTS["documents"], SUBJECTS["passages"]

SECTIONS = ("purpose", "invited", "introduction", "package", "plan", "closing")
"""Where a passage stands, in the order the document prints them."""

RECORD_FIELDS = tuple(
    name for name in SUBJECTS["documents"].fields if name not in ("code", "archived")
)
"""What ``save_document`` may set: the fields the journal follows for a document (one list,
``store.subjects``), less its code (which names it, not edited here) and archiving."""


@dataclass(frozen=True)
class Place:
    """Where a passage stands: a section, and for ``package``/``plan`` which one (by code)."""

    section: str
    code: str | None = None

    @property
    def label(self) -> str:
        """``introduction``, ``package CEP``, ``plan CEP-2020``."""
        return f"{self.section} {self.code}" if self.code else self.section


def find_document(*, session: Session, code: str) -> DocumentRecord | None:
    """The document with ``code`` (case ignored), or ``None``."""
    return session.exec(
        select(DocumentRecord).where(func.lower(DocumentRecord.code) == code.strip().lower())
    ).first()


def get_document(*, session: Session, code: str) -> DocumentRecord:
    """The document with ``code``, or a one-line error naming the known ones."""
    found = find_document(session=session, code=code)
    if found is None:
        known = session.exec(select(DocumentRecord.code).order_by(DocumentRecord.code)).all()
        hint = f"; known: {', '.join(known[:10])}" if known else "; none is recorded yet"
        raise StoreError(f"no document {quote(code, 40)}{hint}")
    return found


def list_documents(*, session: Session) -> list[tuple[DocumentRecord, int, IssuedDocument | None]]:
    """Every document with how many times it was issued and its last issue, by code."""
    out = []
    for record in session.exec(select(DocumentRecord).order_by(DocumentRecord.code)).all():
        issues = _issues(session, record)
        out.append((record, len(issues), issues[-1] if issues else None))
    return out


def save_document(
    *, session: Session, code: str, values: dict[str, Any], by: str
) -> tuple[DocumentRecord, list[Change]]:
    """Make the document ``code`` if it is new (journaled as added) and set the ``values``
    that differ (``None`` leaves a field as it is; journaled as one edit). Returns it with the
    journal entries made (none when nothing changed: saving the same options twice is fine)."""
    unknown = set(values) - set(RECORD_FIELDS)
    if unknown:  # pragma: no cover - a caller's mistake, not a user's
        raise ValueError(f"unknown document fields: {sorted(unknown)}")
    changes: list[Change] = []
    record = find_document(session=session, code=code)
    if record is None:
        record = DocumentRecord(code=check_code(code, what="document"))
        session.add(record)
        session.flush()
        changes.append(
            added(session, subject=DOCUMENTS, row=record, by=by, summary=f"document {code}: added")
        )
    wanted = {
        name: value
        for name, value in values.items()
        if value is not None and getattr(record, name) != value
    }
    if wanted:
        changes.append(
            edit(
                session,
                subject=DOCUMENTS,
                row=record,
                values=wanted,
                by=by,
                label=f"document {record.code}",
            )
        )
    return record, changes


# --- passages ------------------------------------------------------------------------------------


def passages(*, session: Session, document: DocumentRecord) -> dict[Place, str | None]:
    """The document's passages by place (a section never written is absent)."""
    rows = session.exec(
        select(Passage, Package.code, Plan.code)
        .outerjoin(Package, col(Package.id) == Passage.package_id)
        .outerjoin(Plan, col(Plan.id) == Passage.plan_id)
        .where(Passage.document_id == document.id)
    ).all()
    return {Place(p.section, pkg or plan): p.text for p, pkg, plan in rows}


def set_passages(
    *,
    session: Session,
    document: DocumentRecord,
    texts: dict[Place, str | None],
    by: str,
    note: str = "",
) -> list[Change]:
    """Give each place its text (``None``: back to ptctui's default), one journal entry a
    section that changed; refuses an unknown section, package or plan before writing any."""
    resolved = [(place, _where(session, place), text) for place, text in texts.items()]
    changes = []
    for place, (section, package_id, plan_id), text in resolved:
        row = session.exec(
            select(Passage).where(
                Passage.document_id == document.id,
                Passage.section == section,
                Passage.package_id == package_id
                if package_id
                else col(Passage.package_id).is_(None),
                Passage.plan_id == plan_id if plan_id else col(Passage.plan_id).is_(None),
            )
        ).first()
        if row is None:
            if text is None:
                continue
            row = Passage(
                document_id=document.id or 0,
                section=section,
                package_id=package_id,
                plan_id=plan_id,
            )
            session.add(row)
            session.flush()
        if row.text == text:
            continue
        before, after = {"text": row.text}, {"text": text}
        row.text = text
        session.add(row)
        session.flush()
        changes.append(
            journal(
                session,
                subject=PASSAGES,
                row=row,
                kind="edit",
                by=by,
                summary=f"document {document.code}, {place.label}: text "
                + ("edited" if text is not None else "back to the default"),
                before=before,
                after=after,
                note=note,
            )
        )
    return changes


def _where(session: Session, place: Place) -> tuple[str, int | None, int | None]:
    if place.section not in SECTIONS:
        raise StoreError(
            f"unknown section {quote(place.section, 30)}; sections are: {', '.join(SECTIONS)}"
        )
    if place.section == "package":
        package = session.exec(
            select(Package).where(func.lower(Package.code) == (place.code or "").lower())
        ).first()
        if package is None:
            raise StoreError(f"no package {quote(place.code or '', 40)}")
        return place.section, package.id, None
    if place.section == "plan":
        plan = session.exec(
            select(Plan).where(func.lower(Plan.code) == (place.code or "").lower())
        ).first()
        if plan is None:
            raise StoreError(f"no plan {quote(place.code or '', 40)}")
        return place.section, None, plan.id
    return place.section, None, None


def passage_label(session: Session, passage: Passage) -> str:
    """How the history names a passage: ``document PC0608E, plan CEP-2020``."""
    document = session.get_one(DocumentRecord, passage.document_id)
    code = None
    if passage.package_id is not None:
        code = session.get_one(Package, passage.package_id).code
    if passage.plan_id is not None:
        code = session.get_one(Plan, passage.plan_id).code
    return f"document {document.code}, {Place(passage.section, code).label}"


# --- issued documents ----------------------------------------------------------------------------


def issue(
    *,
    session: Session,
    document: DocumentRecord,
    by: str,
    format: str,
    parameters: dict[str, Any],
    markdown: str,
    content: bytes,
) -> IssuedDocument:
    """Record the file ``content`` as issued: kept whole, with its hash, who and when."""
    issued = IssuedDocument(
        document_id=document.id or 0,
        by=by,
        format=format,
        parameters=json.dumps(parameters, sort_keys=True, ensure_ascii=False, default=str),
        markdown=markdown,
        content=base64.b64encode(content).decode("ascii"),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    session.add(issued)
    session.flush()
    return issued


def _issues(session: Session, document: DocumentRecord) -> list[IssuedDocument]:
    return list(
        session.exec(
            select(IssuedDocument)
            .where(IssuedDocument.document_id == document.id)
            .order_by(col(IssuedDocument.at), col(IssuedDocument.id))
        ).all()
    )


def last_issued(*, session: Session, document: DocumentRecord) -> IssuedDocument | None:
    """The latest issue of ``document``, or ``None``."""
    issues = _issues(session, document)
    return issues[-1] if issues else None


def issued_content(issued: IssuedDocument) -> bytes:
    """The issued file, byte for byte."""
    return base64.b64decode(issued.content)
