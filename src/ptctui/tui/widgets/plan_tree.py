"""The tree of packages → plans → components, each with its progress and an overdue mark.

Each node's data is the ``Scope`` (``ptctui.browse``) it stands for. The action browser loads
the tree with the outline it reads beside the rows; after a change that kept the rows, the
tree reads its own tallies again (``read_tallies``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text
from sqlalchemy.engine import Engine
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import NodeID, TreeNode
from textual.worker import get_current_worker

from ptctui import store
from ptctui.browse import ALL, Scope, total_tally
from ptctui.store import OutlineNode, Tally
from ptctui.text import one_line

COUNTS = "  "
"""What separates a label's name from its counts (names are ``one_line``: never two spaces)."""


def progress_label(name: str, tally: Tally, *, bold: bool = False) -> Text:
    """``CEP  13/48 ⚠2``: a name, the done count, and a warning sign with the overdue count."""
    text = Text(one_line(name), style="bold" if bold else "")
    text.append_text(counts_label(tally))
    return text


def counts_label(tally: Tally, *, compact: bool = False) -> Text:
    """``  13/48 ⚠2``; compact, ``  1.4k/10k ⚠7k``, where the full counts do not fit."""
    shown = _compact if compact else str
    text = Text(f"{COUNTS}{shown(tally.done)}/{shown(tally.total)}", style="dim")
    if tally.overdue:
        text.append(f" ⚠{shown(tally.overdue)}", style="bold red")
    return text


def _compact(n: int) -> str:
    """``1491`` as ``1.4k``, ``10000`` as ``10k``: rounded down, so never more than there is."""
    if n < 1_000:
        return str(n)
    if n < 10_000:
        return f"{n // 100 / 10:g}k"
    if n < 1_000_000:
        return f"{n // 1_000}k"
    return f"{n // 1_000_000}M"


_REPEATED_NUMBER = re.compile(r"^(\d+)\. [^\W\d]+ \1 ?[–—:-] ?")


def short_name(label: str) -> str:
    """A component's label without the word that repeats its number: "2. Component 2 –
    Networks" reads "2. Networks", so a narrow tree shows the words that tell components
    apart ("2. Comp…" did not)."""
    return _REPEATED_NUMBER.sub(r"\1. ", label, count=1)


def node_label(node: OutlineNode) -> Text:
    """A tree label: packages by code, plans by title, components by their short title."""
    if node.kind == "package":
        return progress_label(node.key, node.tally, bold=True)
    if node.kind == "component":
        return progress_label(short_name(node.label), node.tally)
    return progress_label(node.label, node.tally)


def _preorder(outline: list[OutlineNode]) -> Iterator[OutlineNode]:
    for package in outline:
        yield package
        for plan in package.children:
            yield plan
            yield from plan.children


class PlanTree(Tree[Scope]):
    """Packages, their plans and components; selecting a node scopes the action table."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding(
            "n",
            "add_here",
            "New",
            id="tree.new",
            tooltip="Add under the highlighted node: a package, a plan, a component or an action",
        ),
        Binding(
            "e",
            "edit_here",
            "Edit",
            id="tree.edit",
            tooltip="Edit the highlighted package, plan or component",
        ),
        Binding(
            "d",
            "archive_here",
            "Archive",
            id="tree.archive",
            tooltip="Archive the highlighted package, plan or component (with all under it)",
        ),
    ]

    # The tree asks; the screen opens the dialog and makes the change (messages up).

    @dataclass
    class AddRequested(Message):
        """Add a child of ``scope``: a package under everything, a plan under a package, a
        component under a plan, an action in a component."""

        scope: Scope

    @dataclass
    class EditRequested(Message):
        """Edit the package, plan or component ``scope`` names."""

        scope: Scope

    @dataclass
    class ArchiveRequested(Message):
        """Archive the package, plan or component ``scope`` names."""

        scope: Scope

    def _here(self) -> Scope:
        node = self.cursor_node
        return node.data if node is not None and node.data is not None else ALL

    def action_add_here(self) -> None:
        self.post_message(self.AddRequested(self._here()))

    def action_edit_here(self) -> None:
        self.post_message(self.EditRequested(self._here()))

    def action_archive_here(self) -> None:
        self.post_message(self.ArchiveRequested(self._here()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Everything (the root) can only have packages added; it is not edited or archived."""
        if action in ("edit_here", "archive_here"):
            return self._here().kind != "all"
        return True

    @dataclass
    class TalliesRead(Message, bubble=False):
        """The outline as ``read_tallies`` read it."""

        outline: list[OutlineNode]

    class TalliesFailed(Message):
        """``read_tallies`` could not read: the parent reads everything again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("All actions", style="bold"), data=ALL, id=id)
        self.show_root = True
        self.guide_depth = 2
        self._reveal: tuple[str, str] | None = None  # where the next outline puts the cursor
        self._tallies: dict[NodeID, Tally] = {}  # each node's counts, for a compact label

    @work(thread=True, exclusive=True, group="outline", exit_on_error=False)
    def read_tallies(self, engine: Engine, today: date) -> None:
        """Read the tallies again (after a change that kept the table's rows)."""
        try:
            with store.reading(engine) as session:
                outline = store.outline(session=session, today=today)
        except Exception:  # a full reload reads them with everything else
            self.post_message(self.TalliesFailed())
            return
        if not get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            self.post_message(self.TalliesRead(outline))

    def on_plan_tree_tallies_read(self, message: TalliesRead) -> None:
        self.load(message.outline, total_tally(message.outline))

    def render_label(self, node: TreeNode[Scope], base_style: Style, style: Style) -> Text:
        """The label fitted to the tree's width, never by cutting its counts (a cut count
        reads as another number: "1491/1" for 1491/10000, "⚠4" for 43 overdue).

        In turn: one space before the counts instead of two; the name cut short with an
        ellipsis; compact counts (``1.4k/10k``) when whole ones would leave no room for the
        name's first letter; the counts alone when not even that fits.
        """
        text = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        split = text.plain.rfind(COUNTS)
        if text.cell_len <= room or split < 0:
            return text
        name, counts = text[:split], text[split + 1 :]
        if name.cell_len + counts.cell_len <= room:
            return Text.assemble(name, counts)
        tally = self._tallies.get(node.id)
        if tally is not None and room - counts.cell_len < 4:  # not even "▼ A…" beside them
            compact = counts_label(tally, compact=True)[1:]
            compact.stylize(style)
            if compact.cell_len < counts.cell_len:
                counts = compact
        if room - counts.cell_len < 2:  # the counts alone
            counts = counts[1:]
            counts.truncate(room, overflow="ellipsis")
            return counts
        name.truncate(room - counts.cell_len - 1)  # by cells: a wide character takes two
        name.rstrip()
        fitted = Text.assemble(name, "…", counts)
        fitted.stylize(style, len(name), len(name) + 1)
        return fitted

    def load(self, outline: list[OutlineNode], total: Tally | None = None) -> None:
        """Show an outline, keeping what was expanded and where the cursor was.

        After a status move only the tallies change: the labels are then set in place, which
        is far cheaper than rebuilding the nodes (and keeps the tree's scroll position).
        """
        selected = self.cursor_node.data if self.cursor_node is not None else None
        wanted = self._reveal or ((selected.kind, selected.key) if selected else None)
        self._reveal = None  # one outline's worth: a reveal never lingers to a later read
        if self._relabel(outline, total):
            return
        collapsed = {
            node.data.key for node in self._all_nodes() if node.data and not node.is_expanded
        }
        self.clear()
        self._tallies.clear()
        self._show_total(total)
        self.root.expand()
        for package in outline:
            p = self.root.add(
                node_label(package), data=Scope("package", package.key, package.label)
            )
            self._tallies[p.id] = package.tally
            for plan in package.children:
                q = p.add(node_label(plan), data=Scope("plan", plan.key, plan.label))
                self._tallies[q.id] = plan.tally
                for component in plan.children:
                    leaf = q.add_leaf(
                        node_label(component),
                        data=Scope("component", component.key, component.label),
                    )
                    self._tallies[leaf.id] = component.tally
                if plan.key not in collapsed:
                    q.expand()
            if package.key not in collapsed:
                p.expand()
        if wanted is not None:  # by kind and key: a renamed node is still the one it was
            self.last_line  # noqa: B018 - lays the new nodes out in lines, which the cursor needs
            for node in self._all_nodes():
                if node.data is not None and (node.data.kind, node.data.key) == wanted:
                    self.move_cursor(node)
                    break

    def reveal(self, kind: str, key: str) -> None:
        """Put the cursor on the package, plan or component ``kind``/``key`` once the next
        outline shows it (one just added, or renamed)."""
        self._reveal = (kind, key)

    def _relabel(self, outline: list[OutlineNode], total: Tally | None) -> bool:
        """Set new labels on the nodes if the outline has the same shape; False if it has not."""
        nodes = self._all_nodes()[1:]  # depth first, the order _preorder walks the outline
        flat = list(_preorder(outline))
        if len(flat) != len(nodes) or any(
            node.data is None or (node.data.kind, node.data.key) != (n.kind, n.key)
            for node, n in zip(nodes, flat, strict=True)
        ):
            return False
        self._show_total(total)
        for node, n in zip(nodes, flat, strict=True):
            self._tallies[node.id] = n.tally
            label = node_label(n)
            if node.label != label:
                node.set_label(label)
            if node.data is not None and node.data.label != n.label:
                node.data = Scope(n.kind, n.key, n.label)  # the scope line shows this name
        return True

    def _show_total(self, total: Tally | None) -> None:
        if total is not None:
            self.root.set_label(progress_label("All actions", total, bold=True))
            self._tallies[self.root.id] = total

    def _all_nodes(self) -> list:  # type: ignore[type-arg]
        found = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found
