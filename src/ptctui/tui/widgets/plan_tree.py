"""The tree of packages → plans → components, each with its progress and an overdue mark."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree

from ptctui.store import OutlineNode, Tally
from ptctui.text import one_line


@dataclass(frozen=True)
class Scope:
    """What the table shows: everything, or one package, plan or component."""

    kind: str  # all | package | plan | component
    key: str = ""
    label: str = "All actions"


ALL = Scope("all")


def progress_label(name: str, tally: Tally, *, bold: bool = False) -> Text:
    """``CEP  13/48 done ⚠2``: a name, the done count, and a warning sign with the overdue count."""
    text = Text(one_line(name), style="bold" if bold else "")
    text.append(f"  {tally.done}/{tally.total}", style="dim")
    if tally.overdue:
        text.append(f" ⚠{tally.overdue}", style="bold red")
    return text


def node_label(node: OutlineNode) -> Text:
    """A tree label: packages by code, plans and components by title."""
    if node.kind == "package":
        return progress_label(node.key, node.tally, bold=True)
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
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("All actions", style="bold"), data=ALL, id=id)
        self.show_root = True
        self.guide_depth = 2

    def load(self, outline: list[OutlineNode], total: Tally | None = None) -> None:
        """Show an outline, keeping what was expanded and where the cursor was.

        After a status move only the tallies change: the labels are then set in place, which
        is far cheaper than rebuilding the nodes (and keeps the tree's scroll position).
        """
        if self._relabel(outline, total):
            return
        selected = self.cursor_node.data if self.cursor_node is not None else None
        collapsed = {
            node.data.key for node in self._all_nodes() if node.data and not node.is_expanded
        }
        self.clear()
        if total is not None:
            self.root.set_label(progress_label("All actions", total, bold=True))
        self.root.expand()
        for package in outline:
            p = self.root.add(
                node_label(package), data=Scope("package", package.key, package.label)
            )
            for plan in package.children:
                q = p.add(node_label(plan), data=Scope("plan", plan.key, plan.label))
                for component in plan.children:
                    q.add_leaf(
                        node_label(component),
                        data=Scope("component", component.key, component.label),
                    )
                if plan.key not in collapsed:
                    q.expand()
            if package.key not in collapsed:
                p.expand()
        if selected is not None:
            for node in self._all_nodes():
                if node.data == selected:
                    self.move_cursor(node)
                    break

    def _relabel(self, outline: list[OutlineNode], total: Tally | None) -> bool:
        """Set new labels on the nodes if the outline has the same shape; False if it has not."""
        nodes = self._all_nodes()[1:]  # depth first, the order _preorder walks the outline
        flat = list(_preorder(outline))
        if len(flat) != len(nodes) or any(
            node.data is None or (node.data.kind, node.data.key) != (n.kind, n.key)
            for node, n in zip(nodes, flat, strict=True)
        ):
            return False
        if total is not None:
            self.root.set_label(progress_label("All actions", total, bold=True))
        for node, n in zip(nodes, flat, strict=True):
            label = node_label(n)
            if node.label != label:
                node.set_label(label)
            if node.data is not None and node.data.label != n.label:
                node.data = Scope(n.kind, n.key, n.label)  # the scope line shows this name
        return True

    def _all_nodes(self) -> list:  # type: ignore[type-arg]
        found = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found
