"""Merging another database's export into this one, by UUID, without losing a change.

The rules (issue #5), and how they make two laptops agree after each imports the other's file:

- Rows are the same row when their UUIDs are. Packages, plans, components, bodies, meetings and
  endorsements made separately under the same natural key (a code, a plan and number) are the
  same thing too; both sides then keep the smaller of the two UUIDs, so they agree.
- Progress updates, status changes and journal entries carry their own UUIDs and are united:
  nothing is counted twice and nothing is dropped. An update retracted on either side stays
  retracted (retraction is one-way).
- An action's status is its latest status change by time, over both sides' history; what
  makes that one answer on every side whatever the laptops' clocks say is ``store.clocks``.
- Any other field of an action (title, deadline, bodies, archived, …) follows the journal: a
  field only one side changed since the two diverged takes that side's value; a field both
  sides changed is a *conflict* — the newer change wins, the other stays in the history (its
  journal entry is kept), and the report names the action.
- The fields of packages, plans, components, bodies, meetings and endorsements (code, name,
  dates, archived, …) follow their journal entries the same way (``store.subjects`` names
  them); a journal entry names its row by UUID, and follows the row when two made under one
  code become one. A code taken from the other side that another row here already has is
  refused, naming both.
- Two new actions that took the same reference on different laptops keep their UUIDs; the one
  created first keeps the reference and the other gets the component's next free number, on
  both sides alike.

Everything runs inside the caller's transaction (``store.writing``): a refused or interrupted
merge leaves the database as it was, and a dry run is the same merge rolled back.

The rooms: ``rules`` (the rules above, as functions of the union of both sides), ``rows`` (the
file's rows this database lacks go in) and ``history`` (the same for the history tables, a
chunk at a time), ``merger`` (each action's fields and status settled;
``merge_export`` and ``record_import``), ``subjects`` (the fields of packages, plans and the
like settled) and ``report`` (what a merge did, in words). Reading
and checking the file is ``importers.exchange``'s; this package hands the names callers use on.
"""

from __future__ import annotations

from ptctui.store.merge.merger import merge_export, record_import
from ptctui.store.merge.report import Conflict, MergeReport
from ptctui.store.merge.rules import FIELDS, NATURAL_KEYS

__all__ = ["FIELDS", "NATURAL_KEYS", "Conflict", "MergeReport", "merge_export", "record_import"]
