"""Every query and every write ptctui makes, as keyword-only functions taking a ``Session``.

Writes never commit on their own: the caller wraps one user-visible change in ``writing()``,
which commits it whole or rolls it back whole, so a refused or failed change leaves the
database exactly as it was. Every write also appends a ``Change`` to the journal with who,
when and the fields before and after; ``undo`` walks that journal back and is itself recorded.

Errors meant for the user are ``StoreError`` (and the workflow's and deadline parser's own
errors); their ``str()`` is one line.

The store is a package of rooms by job; this module only hands their public names on, so
``store.X`` is how callers reach them:

- ``sessions``: ``reading``, ``writing``, ``rehearsal``;
- ``lookup``: one thing by what a user types (``resolve_action``, ``get_plan`` …);
- ``listing``: ``ActionFilter``, ``ActionRow`` and the fast action list, search texts;
- ``detail``: one action in full;
- ``standing``: tallies, package and plan rows, endorsements, dashboard, outline, data stamp;
- ``journal``, ``changes``, ``undo``: the journal, the journaled writes, walking them back;
- ``seed``: the bundled dataset; ``reporting``: what reports print; ``dump``: the export's rows;
- ``tables`` and ``errors``: the Core pieces queries share, and ``StoreError``.

Imported on their own, by the commands that need them: ``merge`` (another database's export
merged in), ``sheets`` (a spreadsheet's actions added), ``checks`` (``ptctui db check``) and
``cloning`` (a whole database copied into an empty one).
"""

from __future__ import annotations

from ptctui.migrate import EXPORT_FORMAT, EXPORT_VERSION
from ptctui.models import KINDS, ROLES
from ptctui.store.changes import (
    EDITABLE,
    add_action,
    add_update,
    edit_action,
    move_action,
    next_ref,
    set_archived,
)
from ptctui.store.detail import (
    ActionDetail,
    StatusChangeView,
    UpdateView,
    action_detail,
    bodies_of,
)
from ptctui.store.dump import dump_tables
from ptctui.store.errors import StoreError
from ptctui.store.journal import ChangeView, history
from ptctui.store.listing import (
    SORTS,
    ActionFilter,
    ActionRow,
    count_late,
    iter_actions,
    list_actions,
    matches,
    search_texts,
)
from ptctui.store.lookup import (
    get_body,
    get_component,
    get_meeting,
    get_package,
    get_plan,
    is_empty,
    resolve_action,
)
from ptctui.store.reporting import (
    Development,
    ReportAction,
    developments,
    packages_with_plans,
    report_actions,
)
from ptctui.store.seed import SEED_NAMESPACE, seed_reference
from ptctui.store.sessions import reading, rehearsal, writing
from ptctui.store.standing import (
    Dashboard,
    EndorsementView,
    Names,
    OutlineNode,
    PackageRow,
    PlanRow,
    Tally,
    dashboard,
    data_stamp,
    endorsements,
    list_packages,
    list_plans,
    names,
    outline,
)
from ptctui.store.undo import last_import, last_undoable, undo

__all__ = [
    "EDITABLE",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "KINDS",
    "ROLES",
    "SEED_NAMESPACE",
    "SORTS",
    "ActionDetail",
    "ActionFilter",
    "ActionRow",
    "ChangeView",
    "Dashboard",
    "Development",
    "EndorsementView",
    "Names",
    "OutlineNode",
    "PackageRow",
    "PlanRow",
    "ReportAction",
    "StatusChangeView",
    "StoreError",
    "Tally",
    "UpdateView",
    "action_detail",
    "add_action",
    "add_update",
    "bodies_of",
    "count_late",
    "dashboard",
    "data_stamp",
    "developments",
    "dump_tables",
    "edit_action",
    "endorsements",
    "get_body",
    "get_component",
    "get_meeting",
    "get_package",
    "get_plan",
    "history",
    "is_empty",
    "iter_actions",
    "last_import",
    "last_undoable",
    "list_actions",
    "list_packages",
    "list_plans",
    "matches",
    "move_action",
    "names",
    "next_ref",
    "outline",
    "packages_with_plans",
    "reading",
    "rehearsal",
    "report_actions",
    "resolve_action",
    "search_texts",
    "seed_reference",
    "set_archived",
    "undo",
    "writing",
]
