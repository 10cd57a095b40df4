"""Adding the actions of a spreadsheet to a plan: every check first, then one write.

``prepare_import`` reads the database to decide, row by row, what a parsed spreadsheet
(``ptctui.importers.spreadsheet.Sheet``) would add: the component each row goes to (an existing
one by number or title, or a new one the sheet names as "5. Training"), the responsible bodies
by code or name, the reference (the row's own, or the component's next free number), and what
it cannot take (a ``Problem`` naming row and column). ``import_sheet`` then writes that plan
inside the caller's ``store.writing`` transaction, after checking that the database still gives
the same plan (another terminal may have written in between).

Decisions a user should know (the README repeats them):

- A row whose title (case and spacing aside) is already an action of its target component is
  "already there" and skipped, so importing the same sheet twice adds nothing the second time.
  Such a row is not checked further: it is not being imported.
- Each action is added as planned (journal "add"), then moved to the sheet's status in one
  workflow move (every status is one legal move from planned; "imported from FILE" is the note,
  or the notes cell when on hold or cancelled need a reason), then the notes cell becomes a
  progress update as of today. Each is a normal journal entry, so ``undo`` reverts them one by
  one; the backup taken before the import restores everything at once.
- Into an existing plan, a component is created only when a row names a number the plan does
  not have *and* a title ("5. Training"). Into a new plan (``--new-plan``, made in the same
  transaction), every value of the component column is a component: "5. Training" keeps
  number 5, names without numbers are numbered in the order they first appear; a sheet with no
  component column goes into one component (``--component TITLE``, else named after the plan).
- Responsible parties that are no body are refused, naming ``--new-bodies``; with it each is
  created (kind "other"), a cell naming several ("Kenya and Uganda", "Regional Offices,
  Consultant") split into several, codes made from the names unless ``--body-code`` says.
- The plan, components and bodies an import makes are journaled like any other: ``undo``
  archives them one by one.

The rooms: ``matching`` (cells to components and bodies, as people write them),
``planning`` (what each row adds) and ``writing`` (the write: every row's rows inserted a
table at a time, as the one-by-one writes would make them); this package hands their names
on. Reading the file into rows is ``importers.spreadsheet``'s.
"""

from __future__ import annotations

from ptctui.store.sheets.matching import NewBody, NewComponent
from ptctui.store.sheets.planning import (
    AlreadyThere,
    NewPlan,
    PlannedAction,
    SheetImport,
    prepare_import,
)
from ptctui.store.sheets.writing import import_sheet

__all__ = [
    "AlreadyThere",
    "NewBody",
    "NewComponent",
    "NewPlan",
    "PlannedAction",
    "SheetImport",
    "import_sheet",
    "prepare_import",
]
