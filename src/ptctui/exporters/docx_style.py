"""The Word file's house style: what makes python-docx's default template look like a WCO
committee document.

python-docx's template is a US-Letter Calibri document with blue theme-coloured headings,
en-US, a template thumbnail and properties claiming "Microsoft Macintosh Word". This module
turns it, in a few dozen element edits, into the Secretariat's layout: A4 with 2.5 cm margins,
Arial 11 pt everywhere (the east-asian and complex-script fonts too, so no theme font shows
through), black headings, numbered paragraphs with a hanging indent ("1.<tab>text"), bullets
set in under the text, the document's language on the default run properties and on Normal,
a running header with the document code on every page but the first and the page number in
the footer, and properties that say what the document is and nothing else. The body itself is
written by ``ptctui.exporters.docx``.

Everything here depends only on the document, never on the clock, so the same document gives
the same bytes (``ptctui export intersessional --issue`` produces an issued document again).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

FONT = "Arial"
PAGE_WIDTH = Cm(21)
PAGE_HEIGHT = Cm(29.7)
MARGIN = Cm(2.5)
INDENT = 709  # 1.25 cm, in twentieths of a point: where a numbered paragraph's text starts
BULLET = 425  # 0.75 cm: from a bullet to its text

_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_LONG_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")

APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>ptctui</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    b"</Properties>"
)
"""The extended properties: the template's claim to be "Microsoft Macintosh Word" (and its
stale page and word counts, "Normal.dotm") replaced by the program that wrote the file."""


def dated(text: str) -> datetime | None:
    """Noon UTC of the day a date line names ("Brussels, 4 September 2020"), if it names one."""
    match = _LONG_DATE.search(text)
    if match is None or match.group(2).lower() not in _MONTHS:
        return None
    day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
    try:
        return datetime(year, month, day, 12, tzinfo=UTC)
    except ValueError:
        return None


def _fonts(size: int | None = None, *, bold: bool = False, language: str = "") -> str:
    """Run properties: Arial for every script, black, never italic; ``size`` in half-points."""
    parts = [f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    parts.append('<w:i w:val="0"/><w:iCs w:val="0"/><w:color w:val="000000"/>')
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    if language:
        parts.append(f'<w:lang w:val="{language}"/>')
    return f"<w:rPr {nsdecls('w')}>{''.join(parts)}</w:rPr>"


def _restyle(doc: DocxDocument, name: str, ppr: str, rpr: str) -> None:
    """Replace the paragraph and run properties of style ``name`` (theme fonts, theme colours,
    borders and all)."""
    element = doc.styles[name].element
    for tag in ("w:pPr", "w:rPr"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    if ppr:
        element.append(parse_xml(f"<w:pPr {nsdecls('w')}>{ppr}</w:pPr>"))
    element.append(parse_xml(rpr))


def _level(doc: DocxDocument, style: str, *, left: int, hanging: int) -> None:
    """Indent the list that ``style`` numbers: the number or bullet at ``left - hanging``, a
    tab, the text at ``left``, its following lines too."""
    numbering = doc.part.numbering_part.element
    ppr = doc.styles[style].element.pPr
    num_id = ppr.numPr.numId.val
    num = numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']")
    level = abstract.find(qn("w:lvl"))
    old = level.find(qn("w:pPr"))
    if old is not None:
        level.remove(old)
    level.append(
        parse_xml(
            f'<w:pPr {nsdecls("w")}><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
            f'<w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
        )
    )


def house_style(doc: DocxDocument, *, language: str) -> None:
    """Fonts, sizes, colours, spacing and list indents of the styles the body uses."""
    language = language or "en-GB"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    run_defaults.remove(run_defaults.find(qn("w:rPr")))
    run_defaults.append(parse_xml(_fonts(22, language=language).replace('<w:i w:val="0"/>', "")))
    para_defaults = defaults.find(qn("w:pPrDefault"))
    para_defaults.remove(para_defaults.find(qn("w:pPr")))
    para_defaults.append(
        parse_xml(
            f'<w:pPr {nsdecls("w")}><w:spacing w:after="240" w:line="240" w:lineRule="auto"/>'
            "</w:pPr>"
        )
    )
    _restyle(doc, "Normal", "", _fonts(22, language=language))
    keep = "<w:keepNext/><w:keepLines/>"
    _restyle(
        doc,
        "Heading 1",
        f'{keep}<w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/>',
        _fonts(24, bold=True),
    )
    for level in (2, 3):
        _restyle(
            doc,
            f"Heading {level}",
            f'{keep}<w:spacing w:before="120" w:after="240"/><w:outlineLvl w:val="{level - 1}"/>',
            _fonts(22, bold=True),
        )
    for name in ("Heading 1 Char", "Heading 2 Char", "Heading 3 Char", "Title Char"):
        _restyle(doc, name, "", _fonts(bold=True))
    title = f'{keep}<w:spacing w:before="240" w:after="240"/>'
    _restyle(doc, "Title", title, _fonts(24, bold=True))
    _restyle(doc, "Subtitle", '<w:spacing w:after="240"/>', _fonts(22))
    _restyle(doc, "Subtitle Char", "", _fonts())
    quote = _fonts(22).replace('<w:i w:val="0"/><w:iCs w:val="0"/>', "<w:i/><w:iCs/>")
    _restyle(doc, "Quote", f'<w:ind w:left="{INDENT}" w:right="{INDENT}"/>', quote)
    _restyle(doc, "Quote Char", "", quote)
    # Numbered paragraphs and bullets: justified, a full line between them as in the reference
    # (the template's "contextual spacing" would pack them together), never split over a page.
    for name, num_id in (("List Number", 5), ("List Bullet", 1), ("List Bullet 2", 2)):
        _restyle(
            doc,
            name,
            f'<w:keepLines/><w:numPr><w:numId w:val="{num_id}"/></w:numPr><w:jc w:val="both"/>',
            _fonts(22),
        )
    _level(doc, "List Number", left=INDENT, hanging=INDENT)
    # A bullet under the text of the numbered paragraphs, its text a little further in.
    _level(doc, "List Bullet", left=INDENT + BULLET, hanging=BULLET)
    _level(doc, "List Bullet 2", left=INDENT + 2 * BULLET, hanging=BULLET)

    styles = doc.styles
    enumeration = styles.add_style("Enumeration", WD_STYLE_TYPE.PARAGRAPH)
    enumeration.base_style = styles["Normal"]
    # The items sit one under the other; the space after comes after the last one only.
    enumeration.paragraph_format.left_indent = Cm(2)
    enumeration.element.get_or_add_pPr().append(parse_xml(f"<w:contextualSpacing {nsdecls('w')}/>"))
    head = styles.add_style("Title Block", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = styles["Normal"]
    head.paragraph_format.space_after = Pt(0)
    cells = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = styles["Normal"]
    cells.paragraph_format.space_after = Pt(0)
    cells.font.size = Pt(9)


def headers(doc: DocxDocument, *, code: str) -> str:
    """``code`` as the running header of every page but the first, and the page number ("2.")
    centred in the footer of the same pages (the first page carries the title block and no
    number, as the Secretariat's documents do).

    Returns the header and footer references, as WordprocessingML, for the first section (page
    sizes and margins are ``ptctui.exporters.docx_layout``'s).
    """
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if code:
        header.add_run(code)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The PAGE field (python-docx has no API for fields), then the full stop of "2.".
    for xml in (
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>2</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
        "<w:t>.</w:t>",
    ):
        footer._p.append(parse_xml(f"<w:r {nsdecls('w')}>{xml}</w:r>"))
    refs = section._sectPr.xpath("w:headerReference | w:footerReference")
    return "".join(
        f'<w:{ref.tag.rsplit("}", 1)[1]} w:type="{ref.get(qn("w:type"))}" '
        f'r:id="{ref.get(qn("r:id"))}"/>'
        for ref in refs
    )


def properties(
    doc: DocxDocument, *, title: str, author: str, language: str, stamp: datetime
) -> None:
    """The core properties: the document's title, author and language, ``stamp`` as created
    and modified, and none of the template's (its author, "generated by python-docx")."""
    props = doc.core_properties
    props.title = title
    props.author = author
    props.language = language
    props.subject = props.keywords = props.comments = props.category = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = props.modified = stamp
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)
    tab = settings.find(qn("w:defaultTabStop"))
    if tab is not None:
        tab.set(qn("w:val"), str(INDENT))
    # A line ended by a line break (an update written over several lines) is not stretched
    # across a justified paragraph.
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.insert(0, parse_xml(f"<w:doNotExpandShiftReturn {nsdecls('w')}/>"))
    # Template leftovers: its thumbnail, a bibliography store, Word 2010's copy of the styles.
    for rels, kind in (
        (doc.part.package.rels, "/thumbnail"),
        (doc.part.rels, "/customXml"),
        (doc.part.rels, "/stylesWithEffects"),
    ):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(kind):
                rels.pop(rid)
