"""A committee document's own parts in the text formats: the title block, an officer's
enumeration "(i) …;" printed as written, and line breaks inside an update or a paragraph.

Each format is read the way its reader would: the text as printed, the Markdown through a
CommonMark parser (markdown-it-py, Rich's own dependency), the HTML through the standard
parser.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import docx
from markdown_it import MarkdownIt

from ptctui.exporters.render import render
from ptctui.reports.document import (
    Box,
    Bullet,
    BulletList,
    Document,
    Enumeration,
    Heading,
    Paragraph,
    Section,
    TitleBlock,
)

TODAY = date(2020, 9, 4)
TOPICS = (
    "(i) Illicit Financial Flows;",
    "(ii) HS, Valuation and Origin compliance;",
    "- not a bullet",
    "1. not a list either",
    "# nor a heading, *nor emphasis*",
)
HEAD = TitleBlock(
    organisation="World Customs Organization",
    committee="Permanent Technical Committee",
    session="239th/240th Sessions",
    code="PC0608E1",
    dated="Brussels, 4 September 2020",
    agenda_item="Item II on the Agenda",
)


def committee_document(*, head: TitleBlock | None = HEAD) -> Document:
    """A small committee document with every block kind a renderer must draw."""
    return Document(
        title="Intersessional developments",
        subtitle="Developments between 1 June 2019 and 31 March 2020",
        meta=(("Committee", "never shown when there is a head"),),
        head=head,
        author="Ana Officer",
        sections=(
            Section(None, (Box("Purpose of document", (Paragraph("This document compiles."),)),)),
            Section(
                Heading("II. Revenue Package"),
                (
                    Paragraph("Five topics were identified. These are:", number=8),
                    Enumeration(TOPICS),
                    Paragraph("First line of a paragraph\nits second line", number=9),
                ),
            ),
            Section(
                Heading("1. Component 1 – Tools", level=2),
                (
                    BulletList(
                        (
                            Bullet(
                                "Promote the CEP toolkit",
                                ("A workshop took place.\nA second line\n- a dash line",),
                            ),
                            Bullet("Develop a handbook", ("The first draft was presented.",)),
                        )
                    ),
                ),
            ),
        ),
    )


def out(document: Document, fmt: str) -> str:
    return render(document, fmt, report="intersessional", today=TODAY).decode()


# --- text (Rich) ---------------------------------------------------------------------------------


def test_text_draws_the_title_block_with_code_and_date_on_the_right() -> None:
    lines = out(committee_document(), "txt").splitlines()
    assert lines[:3] == [
        "World Customs Organization",
        "Permanent Technical Committee",
        "239th/240th Sessions",
    ]
    assert lines[3].endswith("PC0608E1") and lines[3].startswith(" " * 60)
    assert lines[4].endswith("Brussels, 4 September 2020") and lines[4].startswith(" " * 60)
    assert "INTERSESSIONAL DEVELOPMENTS" in lines
    assert "(Item II on the Agenda)" in lines
    assert "never shown" not in "\n".join(lines)


def test_text_without_a_head_keeps_the_meta_lines() -> None:
    text = out(committee_document(head=None), "txt")
    assert "never shown when there is a head" in text
    assert "INTERSESSIONAL" not in text


def test_text_prints_each_enumeration_item_on_its_own_indented_line() -> None:
    lines = out(committee_document(), "txt").splitlines()
    printed = [line for line in lines if line.strip() in TOPICS]
    assert [line.strip() for line in printed] == list(TOPICS)
    assert all(line.startswith(" " * 8) and not line.startswith(" " * 9) for line in printed)


def test_text_keeps_line_breaks_under_the_bullet_text() -> None:
    lines = out(committee_document(), "txt").splitlines()
    start = next(i for i, line in enumerate(lines) if "Promote the CEP toolkit." in line)
    first, second, third = lines[start : start + 3]
    assert first.endswith("A workshop took place.")
    column = first.index("Promote")
    assert second == " " * column + "A second line"
    assert third == " " * column + "- a dash line."
    paragraph = next(i for i, line in enumerate(lines) if "First line of a paragraph" in line)
    assert lines[paragraph + 1].strip() == "its second line"


# --- Markdown ---------------------------------------------------------------------------------


def markdown_tokens(text: str) -> list[tuple[str, str]]:
    """The block structure and inline children of parsed Markdown: (type, content)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    flat: list[tuple[str, str]] = []
    for token in tokens:
        flat.append((token.type, token.content if token.type == "inline" else ""))
        for child in token.children or ():
            flat.append((f"  {child.type}", child.content))
    return flat


def paragraph_lines(text: str, first: str) -> list[str]:
    """The lines (split at hard breaks) of the parsed paragraph whose text starts ``first``."""
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline":
            continue
        lines, current = [], ""
        for child in token.children or ():
            if child.type == "hardbreak":
                lines.append(current)
                current = ""
            elif child.type == "softbreak":
                current += " "
            else:
                current += child.content
        lines.append(current)
        if lines[0].startswith(first):
            return lines
    raise AssertionError(f"no paragraph starts {first!r}")


def test_markdown_enumeration_is_one_line_per_item_and_no_list() -> None:
    text = out(committee_document(), "md")
    # As written: the asterisks and the hash stay characters, the labels are not renumbered.
    assert paragraph_lines(text, "(i) Illicit") == list(TOPICS)
    kinds = {kind for kind, _ in markdown_tokens(text)}
    assert "ordered_list_open" not in kinds and "code_block" not in kinds
    # The only list is the bullets' own.
    assert [kind for kind, _ in markdown_tokens(text)].count("bullet_list_open") == 1


def test_markdown_keeps_line_breaks_in_a_bullet_and_a_paragraph() -> None:
    tokens = MarkdownIt("commonmark").parse(out(committee_document(), "md"))
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == 2  # the dash line did not become a third bullet
    inline = next(t for t in tokens if t.type == "inline" and "Promote" in t.content)
    children = [(c.type, c.content) for c in inline.children or ()]
    assert children.count(("hardbreak", "")) == 2
    assert ("text", "- a dash line.") in children
    assert paragraph_lines(out(committee_document(), "md"), "9. First") == [
        "9. First line of a paragraph",
        "its second line",
    ]


def test_markdown_title_block() -> None:
    text = out(committee_document(), "md")
    assert paragraph_lines(text, "World Customs") == [
        "World Customs Organization",
        "Permanent Technical Committee",
        "239th/240th Sessions",
    ]
    assert paragraph_lines(text, "PC0608E1") == ["PC0608E1", "Brussels, 4 September 2020"]
    assert "# INTERSESSIONAL DEVELOPMENTS\n" in text
    assert "never shown" not in text


# --- HTML -------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Elements with their attributes and the text inside each, outside <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self.open: list[str] = []
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("br", "meta"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "style":
            self.style += data
        elif self.open:
            self.texts.setdefault(self.open[-1], []).append(data)


def page(html: str) -> _Page:
    parser = _Page()
    parser.feed(html)
    return parser


def test_html_has_language_title_and_print_stylesheet() -> None:
    parsed = page(out(committee_document(), "html"))
    assert ("html", {"lang": "en-GB"}) in parsed.elements
    assert parsed.texts["title"] == ["PC0608E1 – Intersessional developments"]
    assert "@page { size: A4; margin: 2.5cm; }" in parsed.style
    assert "break-inside: avoid" in parsed.style and "break-after: avoid" in parsed.style
    assert "h1, h2, h3 { color: #000; }" in parsed.style


def test_html_title_block_and_enumeration_as_written() -> None:
    html = out(committee_document(), "html")
    assert '<p class="committee">Permanent Technical Committee</p>' in html
    assert '<div class="code">\n<p>PC0608E1</p>\n<p>Brussels, 4 September 2020</p>' in html
    assert "<p>(Item II on the Agenda)</p>" in html
    assert "never shown" not in html
    parsed = page(html)
    assert [tag for tag, _ in parsed.elements].count("ol") == 0
    assert "# nor a heading, *nor emphasis*" in parsed.texts["p"]
    assert [t for t in parsed.texts["p"] if t in TOPICS] == list(TOPICS)


def test_html_keeps_line_breaks() -> None:
    html = out(committee_document(), "html")
    assert "A workshop took place.<br>\nA second line<br>\n- a dash line.</li>" in html
    assert "First line of a paragraph<br>\nits second line</p>" in html


def test_html_without_a_head_keeps_the_meta_table_and_plain_title() -> None:
    html = out(committee_document(head=None), "html")
    assert "<title>Intersessional developments</title>" in html
    assert '<table class="meta">' in html and "<header" not in html


# --- user text is data, in the new parts too -----------------------------------------------------

NASTY = "[bold red]x[/] <script>alert(1)</script> | *not emphasis* \x1b[31m"


def test_title_block_and_enumeration_show_hostile_text_literally() -> None:
    head = TitleBlock(**{name: f"{name} {NASTY}" for name in TitleBlock.__dataclass_fields__})
    document = replace(
        committee_document(head=head),
        sections=(Section(None, (Enumeration((NASTY, f"{NASTY}\nsecond")),)),),
    )
    shown = NASTY.replace("\x1b", "␛")
    for fmt in ("txt", "html", "md"):
        text = render(document, fmt, report="intersessional", today=TODAY, width=400).decode()
        assert "\x1b" not in text, fmt
        if fmt == "html":
            assert "<script>" not in text
            parsed = page(text)
            assert f"code {shown}" in parsed.texts["p"]
            assert "script" not in [tag for tag, _ in parsed.elements]
        elif fmt == "md":
            rendered = MarkdownIt("commonmark").render(text)
            assert "<script>" not in rendered and "*not emphasis*" in rendered
            assert paragraph_lines(text, "organisation")[0] == f"organisation {shown}"
        else:
            assert f"committee {shown}" in text
    word = docx.Document(io.BytesIO(render(document, "docx", report="x", today=TODAY)))
    texts = [p.text for p in word.paragraphs]
    assert f"session {shown}" in texts and shown in texts
    assert word.sections[0].header.paragraphs[0].text == f"code {shown}"
