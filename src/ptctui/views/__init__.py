"""Rich renderables shared by the command line, the app and the reports.

Everything a user typed reaches Rich through ``plain``: as ``Text``, never as a markup
string, so a title such as ``[bold]x[/]`` prints exactly as typed, and through
``ptctui.text.printable``, so an escape sequence in it shows as ``␛[31m`` instead of
recolouring the terminal. Statuses are shown as a word with a colour, never as
colour alone, so they read on a monochrome terminal and in a pasted transcript.

Who uses what: the command line's listings and ``show``, ``import`` and ``sync`` (every module
here); the app's detail pane (``action_view``), action table and dashboard (the pieces:
``STATUS_STYLES``, ``status_badge``, ``deadline_text``, ``progress_bar``, ``tally_text``,
``overdue_count``); the reports' Rich rendering (badges, colours, the progress bar).

- ``pieces``: user text, badges, status colours, deadlines, the progress bar, counts;
- ``actions``: the action list, one action in full, the status workflow;
- ``packages``: packages, plans and components with their progress, and the change journal;
- ``bodies``: responsible bodies and meetings;
- ``imports``: what an import merged (``merge_report``) or will add (``sheet_preview``).

Views only draw what the store read; none of them reads the database or imports Textual.
"""

from typing import TYPE_CHECKING

from ptctui import lazy

if TYPE_CHECKING:  # for the type checker; at run time, each room when first asked for
    from ptctui.views.actions import action_view, actions_table, statuses_table
    from ptctui.views.bodies import bodies_table, meetings_table
    from ptctui.views.imports import merge_report, sheet_preview
    from ptctui.views.packages import (
        components_table,
        history_table,
        packages_table,
        plans_table,
    )
    from ptctui.views.pieces import (
        STATUS_STYLES,
        STATUS_TEXT_STYLES,
        Progress,
        deadline_text,
        overdue_count,
        plain,
        progress_bar,
        status_badge,
        tally_text,
    )

# Each public name and its room (imported on first use: see ptctui.lazy).
_HOMES: dict[str, str] = {
    "bodies_table": "ptctui.views.bodies",
    "meetings_table": "ptctui.views.bodies",
    "components_table": "ptctui.views.packages",
    "action_view": "ptctui.views.actions",
    "actions_table": "ptctui.views.actions",
    "statuses_table": "ptctui.views.actions",
    "merge_report": "ptctui.views.imports",
    "sheet_preview": "ptctui.views.imports",
    "history_table": "ptctui.views.packages",
    "packages_table": "ptctui.views.packages",
    "plans_table": "ptctui.views.packages",
    "STATUS_STYLES": "ptctui.views.pieces",
    "STATUS_TEXT_STYLES": "ptctui.views.pieces",
    "Progress": "ptctui.views.pieces",
    "deadline_text": "ptctui.views.pieces",
    "overdue_count": "ptctui.views.pieces",
    "plain": "ptctui.views.pieces",
    "progress_bar": "ptctui.views.pieces",
    "status_badge": "ptctui.views.pieces",
    "tally_text": "ptctui.views.pieces",
}

__all__ = [
    "STATUS_STYLES",
    "STATUS_TEXT_STYLES",
    "Progress",
    "action_view",
    "actions_table",
    "bodies_table",
    "components_table",
    "deadline_text",
    "history_table",
    "meetings_table",
    "merge_report",
    "overdue_count",
    "packages_table",
    "plain",
    "plans_table",
    "progress_bar",
    "sheet_preview",
    "status_badge",
    "statuses_table",
    "tally_text",
]

__getattr__, __dir__ = lazy.attributes(__name__, _HOMES)
