"""The key list: every key in force where the user pressed ``?``, with its binding id.

The caller collects the rows (``bindings_in_force``) before pushing the modal, because once the
modal is on top its own bindings are the ones in force. The ids are shown so that a user can
remap any key in ``keymap.toml`` without reading the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

NOTE = "Remap keys in keymap.toml (see README) using the binding ids shown."

# Textual's own keys carry no id (they cannot be remapped by one), but a newcomer needs them
# as much as any: moving between the panes and the command palette.
FIXED = {
    "app.focus_next": "Next pane",
    "app.focus_previous": "Previous pane",
    "command_palette": "Command palette: every command by name",
}
FIXED_ID = "(built in)"


def bindings_in_force(app: App[object]) -> list[tuple[str, str, str]]:
    """(keys as displayed, description, binding id) of every binding of the current screen.

    Bindings without an id cannot be remapped and are left out, as are those without a
    description, except Textual's focus keys and the command palette (``FIXED``), listed last
    with ``FIXED_ID``. Keys bound to one id are joined with " / ".
    Rows are grouped by the id's prefix (``action``, ``view``, ``app``…), groups in the order
    they first appear (the focused widget's first), and keep their order within a group.
    """
    keys: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    fixed: dict[str, tuple[str, str, str]] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if not binding.id and binding.action in FIXED:
            does = FIXED[binding.action]
            fixed.setdefault(binding.action, (app.get_key_display(binding), does, FIXED_ID))
            continue
        if not binding.id or not binding.description:
            continue
        shown = app.get_key_display(binding)
        if shown not in keys.setdefault(binding.id, []):
            keys[binding.id].append(shown)
        described.setdefault(binding.id, binding.description)
    groups: list[str] = []
    for binding_id in keys:
        group = _group(binding_id)
        if group not in groups:
            groups.append(group)
    ordered = sorted(keys, key=lambda binding_id: groups.index(_group(binding_id)))
    listed = [(" / ".join(keys[i]), described[i], i) for i in ordered]
    return listed + [fixed[action] for action in FIXED if action in fixed]


def _group(binding_id: str) -> str:
    return binding_id.partition(".")[0]


class KeyTable(DataTable[Text]):
    """The key list, moved through as every list in the app: j/k as well as the arrows, and
    Home/End to the first and last row (the cursor with them, not only the view)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]


class HelpScreen(ModalScreen[None]):
    """The keys in force, what each does, and the id to remap it by."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help {
            width: 84;
            max-width: 100%;
            height: auto;
            padding: 0 1;
            border: round $primary;
            background: $surface;
        }
        #help-title { text-style: bold; color: $text-primary; }
        #help-note { color: $text-muted; margin-bottom: 1; }
        #help-keys { width: 1fr; height: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q",
            "close",
            "Close",
            id="help.close",
            tooltip="Close the key list",
        ),
    ]

    def __init__(self, bindings: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = list(bindings)

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Text("Keys"), id="help-title")
            yield Static(Text(NOTE), id="help-note")
            yield KeyTable(cursor_type="row", zebra_stripes=True, id="help-keys")

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#help-keys", DataTable)
        table.add_column(Text("Key"), key="key")
        table.add_column(Text("Does"), key="does")
        table.add_column(Text("Id"), key="id")
        for keys, does, binding_id in self.rows:
            table.add_row(Text(keys, style="bold"), Text(does), Text(binding_id, style="dim"))
        table.focus()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """As tall as the rows need, at most the screen: the table scrolls within it (its
        cursor keys, PgUp/PgDn, Home/End, and j/k), so no key is ever out of reach."""
        needed = len(self.rows) + 1 + 2 + 1 + 2  # rows, header, title and note, border
        self.query_one("#help").styles.height = max(min(needed, self.size.height - 1), 6)

    def action_close(self) -> None:
        self.dismiss(None)
