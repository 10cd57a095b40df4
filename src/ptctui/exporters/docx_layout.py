"""Where the Word file's blocks go on the page: A4 sections, portrait or landscape, and how
wide each column of a table is.

A plan's table (an action's title and its latest update side by side, seven columns) does not
fit a portrait page: it goes on a landscape section of its own, with the tables and headings
that follow it before any running text, so the pages do not turn at every table. Columns
share the text width by what they hold: a reference narrow, an action's title wide.
"""

from __future__ import annotations

from ptctui.exporters.docx_style import MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from ptctui.reports.document import Block, Heading, Table

# How much of a table's width each column takes, by its name (others: DEFAULT_SHARE).
COLUMN_SHARES = {
    "Ref": 1.1,
    "Action": 4.0,
    "Latest update": 4.5,
    "Change": 4.0,
    "Package / plan": 3.0,
    "By status": 2.5,
    "Supporting": 1.4,
    "Deadline": 1.6,
    "Status": 1.3,
    "Date": 1.3,
    "Due": 1.3,
    "Lead": 1.1,
    "Days late": 1.0,
    "Overdue": 1.0,
}
DEFAULT_SHARE = 1.5
PORTRAIT_SHARES = 13.0
"""What a portrait page holds: a table whose columns' shares add up to more (a plan's, with an
action's title and its latest update side by side) goes on a landscape page."""

_MARGIN = int(MARGIN.twips)
_PORTRAIT = (int(PAGE_WIDTH.twips), int(PAGE_HEIGHT.twips))


def share(column: str) -> float:
    """The share of a table's width that ``column`` takes."""
    return COLUMN_SHARES.get(column, DEFAULT_SHARE)


def section_properties(*, landscape: bool, refs: str = "", first: bool = False) -> str:
    """A section's properties: A4 either way round, the house margins; the first section
    carries the header and footer (later ones inherit them) and its different first page."""
    width, height = _PORTRAIT[::-1] if landscape else _PORTRAIT
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        f'<w:sectPr>{refs}<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
        f'<w:pgMar w:top="{_MARGIN}" w:right="{_MARGIN}" w:bottom="{_MARGIN}" '
        f'w:left="{_MARGIN}" w:header="709" w:footer="709" w:gutter="0"/>'
        f'<w:cols w:space="708"/>{"<w:titlePg/>" if first else ""}'
        '<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def text_width(landscape: bool) -> int:
    width = _PORTRAIT[1] if landscape else _PORTRAIT[0]
    return width - 2 * _MARGIN


def landscape_blocks(blocks: list[Block]) -> list[bool]:
    """Which blocks go on landscape pages: a wide table, and the tables (with their headings)
    that follow it before any running text, so pages do not turn at every table; a heading
    goes with what it heads."""
    out: list[bool] = []
    landscape = False
    for block in blocks:
        if isinstance(block, Table):
            landscape = landscape or sum(map(share, block.columns)) > PORTRAIT_SHARES
        elif not isinstance(block, Heading):
            landscape = False
        out.append(landscape)
    following = out[-1] if out else False
    for index in range(len(blocks) - 1, -1, -1):
        if isinstance(blocks[index], Heading):
            out[index] = following
        following = out[index]
    return out
