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
  ``opening``: the app's first page of it;
- ``detail``: one action in full;
- ``catalogue``: packages, plans and components with their tallies, endorsements;
- ``standing``: dashboard, outline, data stamp, the names dialogs offer;
- ``journal``, ``changes``, ``undo``: the journal, the journaled writes, walking them back;
- ``structure``, ``bodies``: officers' own packages, plans, components, bodies and meetings,
  created, edited and archived (``subjects``: how their journal entries are read back);
- ``seed``: the bundled dataset; ``reporting``: what reports print; ``dump``: the export's rows;
- ``tables`` and ``errors``: the Core pieces queries share, and ``StoreError``.

Imported on their own, by the commands that need them: ``merge`` (another database's export
merged in), ``sheets`` (a spreadsheet's actions added), ``checks`` (``ptctui db check``) and
``cloning`` (a whole database copied into an empty one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ptctui import lazy

if TYPE_CHECKING:  # what the names are, for the type checker; at run time see __getattr__
    from ptctui.migrate import EXPORT_FORMAT, EXPORT_VERSION
    from ptctui.models import KINDS, ROLES
    from ptctui.store.bodies import (
        BODY_KINDS,
        BodyRow,
        MeetingRow,
        add_body,
        add_meeting,
        archive_body,
        archive_meeting,
        edit_body,
        edit_meeting,
        list_bodies,
        list_meetings,
    )
    from ptctui.store.catalogue import (
        ComponentRow,
        EndorsementView,
        PackageRow,
        PlanRow,
        Tally,
        endorsements,
        list_components,
        list_packages,
        list_plans,
    )
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
    from ptctui.store.dump import dump_rows, dump_tables
    from ptctui.store.errors import StoreError
    from ptctui.store.journal import ChangeView, changes_by_others, history, people
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
        refs_starting,
        resolve_action,
    )
    from ptctui.store.opening import first_rows
    from ptctui.store.reporting import (
        Development,
        ReportAction,
        developments,
        packages_with_plans,
        report_actions,
    )
    from ptctui.store.searching import search_index
    from ptctui.store.seed import SEED_NAMESPACE, seed_reference
    from ptctui.store.sessions import reading, rehearsal, writing
    from ptctui.store.standing import (
        Dashboard,
        Names,
        OutlineNode,
        dashboard,
        data_stamp,
        names,
        outline,
    )
    from ptctui.store.structure import (
        add_component,
        add_package,
        add_plan,
        archive_component,
        archive_package,
        archive_plan,
        edit_component,
        edit_package,
        edit_plan,
        endorse_plan,
    )
    from ptctui.store.undo import (
        NothingToUndo,
        blocked_message,
        last_import,
        last_undoable,
        redo,
        redo_target,
        said,
        undo,
        undo_target,
    )

# Each public name and the module that defines it. A room is imported the first time one of its
# names is asked for (PEP 562), not with the package: the app's first frame needs the sessions
# and the listing, and paid 10-20 ms for importing every room (reports, seeding, the journaled
# writes) before it could be drawn. `from ptctui.store import X` works the same either way.
_HOMES: dict[str, str] = {
    "BODY_KINDS": "ptctui.store.bodies",
    "BodyRow": "ptctui.store.bodies",
    "MeetingRow": "ptctui.store.bodies",
    "add_body": "ptctui.store.bodies",
    "add_meeting": "ptctui.store.bodies",
    "archive_body": "ptctui.store.bodies",
    "archive_meeting": "ptctui.store.bodies",
    "edit_body": "ptctui.store.bodies",
    "edit_meeting": "ptctui.store.bodies",
    "list_bodies": "ptctui.store.bodies",
    "list_meetings": "ptctui.store.bodies",
    "add_component": "ptctui.store.structure",
    "add_package": "ptctui.store.structure",
    "add_plan": "ptctui.store.structure",
    "archive_component": "ptctui.store.structure",
    "archive_package": "ptctui.store.structure",
    "archive_plan": "ptctui.store.structure",
    "edit_component": "ptctui.store.structure",
    "edit_package": "ptctui.store.structure",
    "edit_plan": "ptctui.store.structure",
    "endorse_plan": "ptctui.store.structure",
    "EXPORT_FORMAT": "ptctui.migrate",
    "EXPORT_VERSION": "ptctui.migrate",
    "KINDS": "ptctui.models",
    "ROLES": "ptctui.models",
    "EDITABLE": "ptctui.store.changes",
    "add_action": "ptctui.store.changes",
    "add_update": "ptctui.store.changes",
    "edit_action": "ptctui.store.changes",
    "move_action": "ptctui.store.changes",
    "next_ref": "ptctui.store.changes",
    "set_archived": "ptctui.store.changes",
    "ActionDetail": "ptctui.store.detail",
    "StatusChangeView": "ptctui.store.detail",
    "UpdateView": "ptctui.store.detail",
    "action_detail": "ptctui.store.detail",
    "bodies_of": "ptctui.store.detail",
    "dump_rows": "ptctui.store.dump",
    "dump_tables": "ptctui.store.dump",
    "StoreError": "ptctui.store.errors",
    "ChangeView": "ptctui.store.journal",
    "history": "ptctui.store.journal",
    "changes_by_others": "ptctui.store.journal",
    "people": "ptctui.store.journal",
    "SORTS": "ptctui.store.listing",
    "ActionFilter": "ptctui.store.listing",
    "ActionRow": "ptctui.store.listing",
    "count_late": "ptctui.store.listing",
    "iter_actions": "ptctui.store.listing",
    "list_actions": "ptctui.store.listing",
    "matches": "ptctui.store.listing",
    "search_texts": "ptctui.store.listing",
    "search_index": "ptctui.store.searching",
    "first_rows": "ptctui.store.opening",
    "get_body": "ptctui.store.lookup",
    "get_component": "ptctui.store.lookup",
    "get_meeting": "ptctui.store.lookup",
    "get_package": "ptctui.store.lookup",
    "get_plan": "ptctui.store.lookup",
    "is_empty": "ptctui.store.lookup",
    "refs_starting": "ptctui.store.lookup",
    "resolve_action": "ptctui.store.lookup",
    "Development": "ptctui.store.reporting",
    "ReportAction": "ptctui.store.reporting",
    "developments": "ptctui.store.reporting",
    "packages_with_plans": "ptctui.store.reporting",
    "report_actions": "ptctui.store.reporting",
    "SEED_NAMESPACE": "ptctui.store.seed",
    "seed_reference": "ptctui.store.seed",
    "reading": "ptctui.store.sessions",
    "rehearsal": "ptctui.store.sessions",
    "writing": "ptctui.store.sessions",
    "ComponentRow": "ptctui.store.catalogue",
    "Dashboard": "ptctui.store.standing",
    "list_components": "ptctui.store.catalogue",
    "EndorsementView": "ptctui.store.catalogue",
    "Names": "ptctui.store.standing",
    "OutlineNode": "ptctui.store.standing",
    "PackageRow": "ptctui.store.catalogue",
    "PlanRow": "ptctui.store.catalogue",
    "Tally": "ptctui.store.catalogue",
    "dashboard": "ptctui.store.standing",
    "data_stamp": "ptctui.store.standing",
    "endorsements": "ptctui.store.catalogue",
    "list_packages": "ptctui.store.catalogue",
    "list_plans": "ptctui.store.catalogue",
    "names": "ptctui.store.standing",
    "outline": "ptctui.store.standing",
    "last_import": "ptctui.store.undo",
    "last_undoable": "ptctui.store.undo",
    "undo": "ptctui.store.undo",
    "NothingToUndo": "ptctui.store.undo",
    "blocked_message": "ptctui.store.undo",
    "redo": "ptctui.store.undo",
    "redo_target": "ptctui.store.undo",
    "said": "ptctui.store.undo",
    "undo_target": "ptctui.store.undo",
}

__all__ = [  # the same names as _HOMES (tests/test_store.py checks)
    "BODY_KINDS",
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
    "BodyRow",
    "ChangeView",
    "ComponentRow",
    "Dashboard",
    "Development",
    "EndorsementView",
    "MeetingRow",
    "Names",
    "NothingToUndo",
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
    "add_body",
    "add_component",
    "add_meeting",
    "add_package",
    "add_plan",
    "add_update",
    "archive_body",
    "archive_component",
    "archive_meeting",
    "archive_package",
    "archive_plan",
    "blocked_message",
    "bodies_of",
    "changes_by_others",
    "count_late",
    "dashboard",
    "data_stamp",
    "developments",
    "dump_rows",
    "dump_tables",
    "edit_action",
    "edit_body",
    "edit_component",
    "edit_meeting",
    "edit_package",
    "edit_plan",
    "endorse_plan",
    "endorsements",
    "first_rows",
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
    "list_bodies",
    "list_components",
    "list_meetings",
    "list_packages",
    "list_plans",
    "matches",
    "move_action",
    "names",
    "next_ref",
    "outline",
    "packages_with_plans",
    "people",
    "reading",
    "redo",
    "redo_target",
    "refs_starting",
    "rehearsal",
    "report_actions",
    "resolve_action",
    "said",
    "search_index",
    "search_texts",
    "seed_reference",
    "set_archived",
    "undo",
    "undo_target",
    "writing",
]


__getattr__, __dir__ = lazy.attributes(__name__, _HOMES)
