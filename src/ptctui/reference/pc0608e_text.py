"""PC0608E's own written text: the record of the document and what officers wrote in it.

The summary's two boxes, paragraphs 1–2 (introduction), 3–11 (the Revenue Package: its aim,
its two Parts, the five topics of Part 2, and the progress on them, which the reference writes
as paragraphs rather than bullets, so the Revenue plan's section lists no actions), 12–17
(the Compliance and Enforcement Package's background), 18 (the lead-in to the CEP Action
Plan's bullets) and 19 (the action required), each as a section's Markdown
(``reports.narrative``).

Verbatim from ``reference/PC0608E-intersessional-developments.txt`` apart from line breaks,
runs of spaces, two PDF-extraction breaks ("wou ld", the doubled "2.") and two typos
("provide provide", "Programmme"); tests/test_committee_document.py checks every paragraph
against the reference with the same four corrections.
"""

from __future__ import annotations

from ptctui.reference.schema import RefDocument

PURPOSE = """\
This document aims to compile developments primarily under WCO packages since the last PTC
sessions, but are not otherwise covered under other PTC agenda items of this meeting."""

INVITED = """\
The Permanent Technical Committee is invited to:

- take note of the intersessional developments."""

INTRODUCTION = """\
The Committee is invited to take note of developments primarily under WCO packages since the
last PTC sessions and to consider their potential influence on the PTC’s future work. Thus,
this document aims to compile such developments that would be relevant to the PTC, but are not
otherwise covered under other PTC agenda items of this meeting.

Considering that the Economic Competitiveness Package (ECP) has been included under this PTC
(Agenda item - X) and will be discussed in detail, the information regarding that package has
been excluded from this document."""

REVENUE_PACKAGE = """\
The Revenue Package, developed in response to Members’ concerns over declining revenue returns
in the context of the global financial crisis of 2008 and falling duty rates, has the following
high-level aim:

> To help Members improve the efficiency and effectiveness of revenue collection, in compliance
> with rules, standards and guidelines laid down in relevant international agreements,
> conventions and supporting tools and instruments.

Following the conclusion of Phase III, the Secretariat prepared a draft proposal for Phase IV
of the Revenue Package. This proposal was submitted to the Working Group on Revenue Compliance
and Fraud (WGRCF), which has the mandate for supporting implementation. The Phase IV Revenue
Package Action Plan was updated and finalized, based on the input and guidance provided by the
WGRCF, and was endorsed by the Policy Commission and the Council in June 2019.

The Action Plan for Phase IV is divided into two parts. Part I is aimed at assisting Members
apply the existing tools, while Part 2 aims to further enhance the package.

Part 1 - Promoting and applying the Revenue Package tools developed under previous Phases by Members;
Part 2 - Development of new materials and initiatives.

Under Part 1, the Secretariat has organized and conducted approximately 20 workshops related to
the promotion of the tools and instruments developed under the previous Phases of the Revenue
Package covering the Harmonized System, Rules of Origin and Customs Valuation. Beneficiaries of
these workshops include LDCs. Two sub-regional workshops have been delivered.

The update of the Study on Origin Certification is ongoing. Responses to the survey
questionnaire on Advance Rulings have been received and are being processed and analyzed.

Five topics were identified for the development of new materials and initiatives under Part 2
of Phase IV of the Revenue Package. These are:

(i) Illicit Financial Flows;
(ii) HS, Valuation and Origin compliance;
(iii) Assessing the impact of the Revenue Package Programme;
(iv) Revenue Fraud and compliance issues related to e-commerce;
(v) Managing and collecting Customs Debt.

Updates on topics (i) and (iv) above are covered in Item III - Compliance and Enforcement
Package. As regards to assessing the Revenue Package Programme, the Council at its 132nd
Session in June 2018 agreed to establish a new Working Group on Performance Measurement with the
mandate to develop a new WCO tool for comprehensive performance measurement covering all
Customs competency areas and to review and work with WCO partner organizations to improve
existing related tools. The Working Group has already started its work and details are provided
under item IV (Update and reports) of the Agenda.

Regarding HS, Valuation and Origin compliance, the Secretariat provided the Working Group on
Revenue Compliance and Fraud a preliminary analysis which showed that there were good tools on
assessing valuation and origin for compliance purposes, but there were no tools available on
classification for compliance officers. Delegates were invited to provide further feedback to
the Secretariat on what tariff classification, valuation and origin tools may be useful for
future development.

With reference to the managing and collecting of Customs Debt, the Secretariat has begun making
preliminary contact with some Customs Administrations who have informally expressed openness to
contributing to this issue. Any administrations who wish to be involved in this work are
invited to express their interest to the Secretariat (Tariff and Trade Affairs Directorate) as
soon as possible."""

CEP = """\
The Compliance and Enforcement Package (CEP) was developed and subsequently endorsed at the 32nd
Session of the Enforcement Committee. It was adopted at the 121st/122nd Sessions of the Council
in June 2013.

The CEP contains all of the different types of WCO instruments and programmes which currently
exist and which aim to address Customs enforcement high-risk areas. The toolkit is composed of
four main components: tools, networks and technology, partnerships, and operations. These
components have been designed to support the application of modern compliance and enforcement
techniques.

The development of an Action Plan for the CEP was also agreed by the Enforcement Committee and
Council as a vehicle to implement and further develop the CEP. The CEP Action Plan is to be
reviewed on a yearly basis by the Enforcement Committee, and subsequently presented to the
Policy Commission and Council for endorsement.

To date five action plans, dating back to 2014/2015 up to 2019/2020, were endorsed by the
relevant sessions of the Policy Commission and Council. All the activities listed have been
fully implemented and detailed reports have been provided to the Policy Commission and Council.

A new draft Action Plan for 2020/2021 was prepared by the Secretariat and examined by Members
at the 40th Session of the Enforcement Committee in February 2020. The Committee endorsed the
Action Plan, taking account of the various comments and suggestions made.

The CEP Action Plan for 2020/2021 stipulates tangible actions which will contribute to the
accomplishment of the CEP goals. It indicates deadlines where appropriate, and shows the bodies
responsible for the implementation of specific actions. Thirty-two actions were included,
divided into the four main components consistent with the CEP toolkit. An additional cluster of
detailed operational activities and projects was also added."""

CEP_PLAN = """\
The following provides an overall summarized update on progress to date on the implementation
of the current CEP Action Plan :

{actions}"""

CLOSING = """\
The PTC is requested to :

- take note of the intersessional developments."""

PC0608E = RefDocument(
    code="PC0608E",
    title="Intersessional developments",
    committee="Permanent Technical Committee",
    leave_out=("ECP",),
    passages=(
        ("purpose", None, PURPOSE),
        ("invited", None, INVITED),
        ("introduction", None, INTRODUCTION),
        ("package", "RP", REVENUE_PACKAGE),
        # The reference reports the Revenue plan's progress in the paragraphs above: no list.
        ("plan", "RP-IV", ""),
        ("package", "CEP", CEP),
        ("plan", "CEP-2020", CEP_PLAN),
        ("closing", None, CLOSING),
    ),
)
