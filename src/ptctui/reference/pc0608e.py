"""The PC0608E dataset: the PTC's "Intersessional developments" document as typed records.

Hand-curated from ``reference/PC0608E-intersessional-developments.txt`` (no parser), so that a
person can check every record against the document paragraph by paragraph. Conventions:

* Titles are the action as the bullet states it; only PDF-extraction breaks (split words, line
  breaks inside hyphenated words) and obvious typos are fixed.
* Update texts are the progress text of each bullet, verbatim apart from line breaks and runs of
  spaces. Where the progress is grammatically fused with the operation's name ("NEPTUNE 2 (...),
  the second iteration ... was conducted ..."), the whole bullet sentence is the update.
* An update is dated by the event it reports when the document gives one; otherwise by ``AS_OF``,
  the date the document speaks for. When only a month is known, the first of that month is used.
* Statuses follow DOMAIN.md's default workflow: Maintain / Continue / Promote / Further / Conduct
  as required are ``ongoing``; a named item with no progress at all is ``planned``.
"""

from __future__ import annotations

from datetime import date

from ptctui.reference.pc0608e_text import PC0608E
from ptctui.reference.schema import (
    RefAction,
    RefBody,
    RefComponent,
    RefDataset,
    RefEndorsement,
    RefMeeting,
    RefPackage,
    RefPlan,
    RefUpdate,
)

AS_OF = date(2020, 3, 1)
"""The date PC0608E speaks for (after the 40th EC of February 2020, before the PTC session)."""

EC40 = date(2020, 2, 1)
"""The 40th Session of the Enforcement Committee, February 2020 (only the month is known)."""

WGRCF6 = date(2019, 11, 1)
"""The 6th meeting of the WGRCF, November 2019 (only the month is known)."""


# ---------------------------------------------------------------------------------------------
# Bodies
# ---------------------------------------------------------------------------------------------

BODIES: tuple[RefBody, ...] = (
    RefBody("CNL", "Council", "council"),
    RefBody("PC", "Policy Commission", "commission", reports_to="CNL"),
    RefBody("EC", "Enforcement Committee", "committee", reports_to="PC"),
    RefBody("PTC", "Permanent Technical Committee", "committee", reports_to="PC"),
    # The WGRCF reports jointly to the PTC and the EC; the schema holds one parent, so the PTC
    # (the committee this document is written for) is recorded.
    RefBody(
        "WGRCF",
        "Working Group on Revenue Compliance and Fraud",
        "working_group",
        reports_to="PTC",
    ),
    # Established by the Council at its 132nd Session (June 2018, para 9); the document does not
    # say which body it reports to, so no parent is recorded.
    RefBody("WGPM", "Working Group on Performance Measurement", "working_group"),
    # Approves enforcement tools before the EC does (para 18, Risk Management Maturity Model).
    RefBody(
        "GIIS",
        "Global Information and Intelligence Strategy (GIIS) Project Group",
        "project_group",
        reports_to="EC",
    ),
    RefBody("SEC", "Secretariat", "secretariat"),
    RefBody("TTA", "Tariff and Trade Affairs Directorate", "secretariat", reports_to="SEC"),
    RefBody("C4ADS", "Center for Advanced Defense Studies", "partner"),
    RefBody("INTERPOL", "INTERPOL", "partner"),
    RefBody("UNODC", "United Nations Office on Drugs and Crime", "partner"),
    RefBody("EUROPOL", "Europol", "partner"),
    RefBody("OSCE", "Organization for Security and Co-operation in Europe", "partner"),
    RefBody("FRONTEX", "Frontex", "partner"),
    RefBody("JICA", "Japan International Cooperation Agency", "partner"),
    RefBody("EGMONT", "Egmont Group", "partner"),
)


# ---------------------------------------------------------------------------------------------
# Meetings: dates only where the document gives them, as the first of the month it names.
# ---------------------------------------------------------------------------------------------

MEETINGS: tuple[RefMeeting, ...] = (
    # Para 12: no date given for the 32nd EC.
    RefMeeting("EC-32", "EC", "32nd Session of the Enforcement Committee", number=32),
    # Para 18 (FIU-Customs Cooperation Handbook): no date given for the 39th EC.
    RefMeeting("EC-39", "EC", "39th Session of the Enforcement Committee", number=39),
    RefMeeting("EC-40", "EC", "40th Session of the Enforcement Committee", number=40, start=EC40),
    # Two sessions held together: no single session number.
    RefMeeting(
        "CNL-121-122",
        "CNL",
        "121st/122nd Sessions of the Council",
        start=date(2013, 6, 1),
    ),
    RefMeeting(
        "CNL-132", "CNL", "132nd Session of the Council", number=132, start=date(2018, 6, 1)
    ),
    # Para 4 says only "the Council in June 2019"; the session numbers are inferred from the
    # Council's two sessions a June (121st/122nd in 2013 ... 131st/132nd in 2018).
    RefMeeting(
        "CNL-2019-06",
        "CNL",
        "133rd/134th Sessions of the Council (June 2019)",
        start=date(2019, 6, 1),
    ),
    # The document gives no session numbers for the Policy Commission.
    RefMeeting("PC-2019-06", "PC", "Policy Commission, June 2019", start=date(2019, 6, 1)),
    RefMeeting("PC-2019-12", "PC", "Policy Commission, December 2019", start=date(2019, 12, 1)),
    RefMeeting(
        "WGRCF-6",
        "WGRCF",
        "6th Meeting of the Working Group on Revenue Compliance and Fraud",
        number=6,
        start=WGRCF6,
    ),
    # Upcoming at the time of the document; no date given.
    RefMeeting(
        "WGRCF-7",
        "WGRCF",
        "7th Meeting of the Working Group on Revenue Compliance and Fraud",
        number=7,
    ),
)


# ---------------------------------------------------------------------------------------------
# II. Revenue Package (paras 3-11)
# ---------------------------------------------------------------------------------------------

RP_AIM = (
    "To help Members improve the efficiency and effectiveness of revenue collection, in "
    "compliance with rules, standards and guidelines laid down in relevant international "
    "agreements, conventions and supporting tools and instruments."
)

RP_PART_1 = RefComponent(
    number=1,
    title=(
        "Part 1 – Promoting and applying the Revenue Package tools developed under previous "
        "Phases by Members"
    ),
    actions=(
        RefAction(
            ref="RP-1.1",
            title=(
                "Promote the tools and instruments developed under previous Phases of the "
                "Revenue Package (Harmonized System, Rules of Origin, Customs Valuation) "
                "through workshops"
            ),
            description=(
                "Approximately 20 workshops, including two sub-regional workshops; "
                "beneficiaries include LDCs."
            ),
            status="ongoing",
            kind="workshop",
            lead=("SEC",),
            updates=(
                RefUpdate(
                    AS_OF,
                    "Under Part 1, the Secretariat has organized and conducted approximately "
                    "20 workshops related to the promotion of the tools and instruments "
                    "developed under the previous Phases of the Revenue Package covering the "
                    "Harmonized System, Rules of Origin and Customs Valuation. Beneficiaries "
                    "of these workshops include LDCs. Two sub-regional workshops have been "
                    "delivered.",
                ),
            ),
        ),
        RefAction(
            ref="RP-1.2",
            title="Update the Study on Origin Certification",
            status="in_progress",
            kind="study",
            lead=("SEC",),
            updates=(
                RefUpdate(AS_OF, "The update of the Study on Origin Certification is ongoing."),
            ),
        ),
        RefAction(
            ref="RP-1.3",
            title="Survey questionnaire on Advance Rulings",
            status="in_progress",
            kind="study",
            lead=("SEC",),
            updates=(
                RefUpdate(
                    AS_OF,
                    "Responses to the survey questionnaire on Advance Rulings have been "
                    "received and are being processed and analyzed.",
                ),
            ),
        ),
    ),
)

# Para 9: topics (i) and (iv) are reported under the CEP (section III).
_RP_COVERED_UNDER_CEP = RefUpdate(
    AS_OF,
    "Updates on topics (i) and (iv) above are covered in Item III - Compliance and Enforcement "
    "Package.",
)

RP_PART_2 = RefComponent(
    number=2,
    title="Part 2 – Development of new materials and initiatives",
    actions=(
        RefAction(
            ref="RP-2.1",
            title="Illicit Financial Flows",
            description="Progress is reported under the Compliance and Enforcement Package.",
            status="in_progress",
            lead=("SEC",),
            updates=(_RP_COVERED_UNDER_CEP,),
        ),
        RefAction(
            ref="RP-2.2",
            title="HS, Valuation and Origin compliance",
            description=(
                "Preliminary analysis: good tools exist on assessing valuation and origin for "
                "compliance purposes, but none on classification for compliance officers."
            ),
            status="in_progress",
            lead=("SEC",),
            supporting=("WGRCF",),
            updates=(
                # "provide provide" is the document's own text.
                RefUpdate(
                    AS_OF,
                    "Regarding HS, Valuation and Origin compliance, the Secretariat provided the "
                    "Working Group on Revenue Compliance and Fraud a preliminary analysis which "
                    "showed that there were good tools on assessing valuation and origin for "
                    "compliance purposes, but there were no tools available on classification "
                    "for compliance officers. Delegates were invited to provide provide further "
                    "feedback to the Secretariat on what tariff classification, valuation and "
                    "origin tools may be useful for future development.",
                ),
            ),
        ),
        RefAction(
            # The document spells it "Programmme"; the typo is fixed in the title.
            ref="RP-2.3",
            title="Assessing the impact of the Revenue Package Programme",
            description=(
                "The Working Group on Performance Measurement is to develop a new WCO tool for "
                "comprehensive performance measurement covering all Customs competency areas "
                "and to review and work with WCO partner organizations to improve existing "
                "related tools."
            ),
            status="in_progress",
            lead=("WGPM",),
            updates=(
                RefUpdate(
                    date(2018, 6, 1),
                    "As regards to assessing the Revenue Package Programme, the Council at its "
                    "132nd Session in June 2018 agreed to establish a new Working Group on "
                    "Performance Measurement with the mandate to develop a new WCO tool for "
                    "comprehensive performance measurement covering all Customs competency "
                    "areas and to review and work with WCO partner organizations to improve "
                    "existing related tools.",
                    meeting="CNL-132",
                ),
                RefUpdate(
                    AS_OF,
                    "The Working Group has already started its work and details are provided "
                    "under item IV (Update and reports) of the Agenda.",
                ),
            ),
        ),
        RefAction(
            ref="RP-2.4",
            title="Revenue Fraud and compliance issues related to e-commerce",
            description="Progress is reported under the Compliance and Enforcement Package.",
            status="in_progress",
            lead=("SEC",),
            updates=(_RP_COVERED_UNDER_CEP,),
        ),
        RefAction(
            ref="RP-2.5",
            title="Managing and collecting Customs Debt",
            description=(
                "Administrations wishing to be involved are invited to express their interest "
                "to the Secretariat (Tariff and Trade Affairs Directorate)."
            ),
            status="in_progress",
            lead=("TTA",),
            updates=(
                RefUpdate(
                    AS_OF,
                    "With reference to the managing and collecting of Customs Debt, the "
                    "Secretariat has begun making preliminary contact with some Customs "
                    "Administrations who have informally expressed openness to contributing to "
                    "this issue. Any administrations who wish to be involved in this work are "
                    "invited to express their interest to the Secretariat (Tariff and Trade "
                    "Affairs Directorate) as soon as possible.",
                ),
            ),
        ),
    ),
)

RP_PHASE_IV = RefPlan(
    code="RP-IV",
    title="Revenue Package Phase IV Action Plan",
    period="Phase IV",
    note=(
        "Following the conclusion of Phase III, the Secretariat prepared a draft proposal for "
        "Phase IV and submitted it to the WGRCF, which has the mandate for supporting "
        "implementation. The Action Plan was updated and finalized on the WGRCF's input and "
        "guidance, and endorsed by the Policy Commission and the Council in June 2019. Part 1 "
        "assists Members to apply the existing tools; Part 2 further enhances the package."
    ),
    endorsements=(
        RefEndorsement("PC", date(2019, 6, 1), meeting="PC-2019-06", note="June 2019"),
        RefEndorsement("CNL", date(2019, 6, 1), meeting="CNL-2019-06", note="June 2019"),
    ),
    components=(RP_PART_1, RP_PART_2),
)


# ---------------------------------------------------------------------------------------------
# III. Compliance and Enforcement Package (paras 12-18)
# ---------------------------------------------------------------------------------------------

CEP_TOOLS = RefComponent(
    number=1,
    title="Component 1 – Tools",
    actions=(
        RefAction(
            ref="CEP-1.1",
            title=(
                "Promote the CEP toolkit globally, regionally and nationally as part of ongoing "
                "WCO enforcement-related activities and collect best practices on compliance "
                "and enforcement"
            ),
            status="ongoing",
            lead=("SEC",),
            updates=(
                # The Yerevan workshop is progress on this action, not an action of its own.
                RefUpdate(
                    date(2019, 9, 26),
                    "A CEP Regional Workshop for Europe took place 24 – 26 September 2019 in "
                    "Yerevan, Armenia.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.2",
            title="Develop and publish the WCO Illicit Trade Report - 2018 edition",
            # The bullet's own words after the title, so it continues the title's sentence.
            description="partnered with the Center for Advanced Defense Studies (C4ADS)",
            # The document reports no progress at all, so nothing says work has started.
            status="planned",
            kind="study",
            lead=("SEC",),
            supporting=("C4ADS",),
        ),
        RefAction(
            ref="CEP-1.3",
            title=(
                "Further develop and implement the COPES Program and related tools in line with "
                "its Project Plan"
            ),
            status="on_hold",
            lead=("SEC",),
            # "until the end of May 2020" is when the funding ends, not a deadline for the work.
            status_note="Seeking new funding for 2020-2021; funded until the end of May 2020",
            funding_note=(
                "Funded until the end of May 2020; the Secretariat is seeking new funding for "
                "2020-2021."
            ),
            updates=(
                RefUpdate(
                    AS_OF,
                    "The COPES Programme currently has funding until the end of May 2020, hence "
                    "the Secretariat is seeking new funding for 2020-2021.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.4",
            title=(
                "Finalize the Risk Management Maturity Model to be incorporated into the Risk "
                "Management Compendium"
            ),
            status="completed",
            lead=("SEC",),
            supporting=("GIIS",),
            # The GIIS approval (virtual) is undated; the EC's approval is the last step.
            status_date=EC40,
            updates=(
                RefUpdate(
                    EC40,
                    "The document was approved by the Global Information and Intelligence "
                    "Strategy (GIIS) Project Group virtually and approved by the 40th "
                    "Enforcement Committee.",
                    meeting="EC-40",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.5",
            title="Develop practical guidance on environmental protection",
            status="in_progress",
            lead=("SEC",),
            funding_note=(
                "The tool will be further enhanced as soon as the necessary funding is secured."
            ),
            updates=(
                RefUpdate(
                    AS_OF,
                    "The practical Environmental Guide is still in development. The tool will "
                    "be further enhanced as soon as the necessary funding is secured.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.6",
            title=(
                "Develop a complete set of Customs Illegal Wildlife Trade (IWT) training materials"
            ),
            status="in_progress",
            lead=("SEC",),
            # The deadline is the first draft's.
            deadline="end of 2020",
            funding_note="Late funding: the first draft will be available by end of 2020.",
            updates=(
                RefUpdate(
                    AS_OF,
                    "Due to late funding, the first draft of these training materials will be "
                    "available by end of 2020.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.7",
            title=(
                "Develop and implement a Single Point of Contact (SPOC) Network on illicit tobacco"
            ),
            description="TobaccoNET.",
            status="in_progress",
            lead=("SEC",),
            updates=(
                RefUpdate(
                    EC40,
                    "TobaccoNET was presented to the 40th Enforcement Committee.",
                    meeting="EC-40",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.8",
            title="Develop an IPR Customs Training Handbook",
            status="in_progress",
            lead=("SEC",),
            updates=(
                RefUpdate(
                    EC40,
                    "The first draft of the handbook was presented at the 40th EC.",
                    meeting="EC-40",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.9",
            title="Develop a self-assessment tool for IPR",
            status="in_progress",
            lead=("SEC",),
            updates=(RefUpdate(EC40, "The first draft was presented at EC 40.", meeting="EC-40"),),
        ),
        RefAction(
            ref="CEP-1.10",
            title="Completion of Version 2 of WCO STCE Implementation Guide",
            description=(
                "Available in English, French and Spanish; Arabic and Russian translations "
                "under way."
            ),
            status="in_progress",
            lead=("SEC",),
            # The deadline is the Arabic and Russian translations'.
            deadline="2019-2020 financial year",
            updates=(
                RefUpdate(
                    AS_OF,
                    "The updated STCE Implementation Guide is currently available in English, "
                    "French, and Spanish, with Arabic and Russian translations expected to be "
                    "completed before the end of the 2019-2020 financial year.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.11",
            title=(
                "Further develop, update and promote Programme Global Shield and its related tools"
            ),
            status="ongoing",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-1.12",
            title=(
                "Develop the WCO FinCRIME On-line Library in furtherance of Customs-based money "
                "laundering awareness"
            ),
            status="completed",
            lead=("SEC",),
            status_date=date(2019, 10, 21),
            updates=(
                RefUpdate(
                    date(2019, 10, 21),
                    "The FinCRIME on-line library was launched on 21 October 2019.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-1.13",
            title="Development of FIU-Customs Cooperation Handbook",
            status="completed",
            lead=("SEC",),
            supporting=("EGMONT",),
            # Three endorsements, only one of them dated (December 2019 PC); the Egmont Group's
            # is undated and may be later, so neither the status nor the update carries a date
            # of its own: the update is dated by the document.
            updates=(
                RefUpdate(
                    AS_OF,
                    "The handbook has been endorsed by the 39th EC, the December 2019 Policy "
                    "Commission and the Egmont Group.",
                ),
            ),
        ),
    ),
)

CEP_NETWORKS = RefComponent(
    number=2,
    title="Component 2 – Networks and Technology",
    actions=(
        RefAction(
            ref="CEP-2.1",
            title="Develop an IPR CENcomm closed user-group",
            status="in_progress",
            lead=("SEC",),
            # The deadline is the first version's; further developments follow next year.
            deadline="May 2020",
            updates=(
                RefUpdate(
                    AS_OF,
                    "A first version of the platform is expected to be delivered by May 2020 "
                    "which will include further developments to be implemented in the next "
                    "financial year.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-2.2",
            title="Maintain/improve the WCO Information and Intelligence Centre (I2C)",
            status="ongoing",
            lead=("SEC",),
            # Europol (SIENA access) and INTERPOL (iARMS access) give the I2C their systems.
            supporting=("EUROPOL", "INTERPOL"),
            updates=(
                RefUpdate(
                    AS_OF,
                    "The I2C has recently gained access to Europol’s SIENA system and is "
                    "finalizing its agreement with INTERPOL to gain access to INTERPOL’s iARMS "
                    "database.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-2.3",
            title="Maintain/improve WCO “Iris” application",
            # The bullet's own bracket after the title: it continues the title's sentence.
            description="[Customs information map and database (including seizure notices)]",
            # Maintain/improve is continuous, but the bullet reports upgrades with a deadline.
            status="in_progress",
            lead=("SEC",),
            # The document says "the WCO financial year"; at March 2020 that is 2019-2020.
            deadline="2019-2020 financial year",
            updates=(
                RefUpdate(
                    AS_OF,
                    "Various upgrades are expected to be completed before the end of the WCO "
                    "financial year.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-2.4",
            title=(
                "Maintain the ARCHEO, GTEN and ENVIRONET platforms to enhance their capabilities "
                "and promote wider use"
            ),
            status="ongoing",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-2.5",
            title=(
                "Implement the CTS application according to Members’ needs and in line with the "
                "CTS Project plan"
            ),
            # Implemented as Members need it: continuous by nature.
            status="ongoing",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-2.6",
            title="Promote the implementation of nCEN amongst Members",
            status="ongoing",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-2.7",
            title="Continue enhancing CENcomm to better support ongoing projects and operations",
            status="ongoing",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-2.8",
            title=(
                "Promote the implementation of API/PNR Passenger Targeting and the Global Travel "
                "Assessment System (GTAS)"
            ),
            description=(
                "GTAS fully implemented in the Maldives, Uganda and Pakistan; implementation in "
                "the Democratic Republic of Lao and Cambodia under way."
            ),
            # Promote is continuous, but the bullet reports implementations with a deadline.
            status="in_progress",
            lead=("SEC",),
            deadline="2019-2020 financial year",
            updates=(
                RefUpdate(
                    AS_OF,
                    "GTAS has been fully implemented in the Maldives, Uganda and Pakistan with "
                    "implementation in the Democratic Republic of Lao and Cambodia expected to "
                    "be completed before the end of the 2019-2020 financial year.",
                ),
            ),
        ),
    ),
)

CEP_PARTNERSHIPS = RefComponent(
    number=3,
    title="Component 3 – Partnerships",
    actions=(
        RefAction(
            ref="CEP-3.1",
            title=(
                "Further cooperation with international shipping lines to increase the "
                "availability of pre-arrival cargo information for Members’ risk assessment "
                "activities (through WCO CTS)"
            ),
            status="ongoing",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-3.2",
            title=(
                "Conduct high-level meetings as required with international law enforcement "
                "partners (e.g. INTERPOL, UNODC, etc.) to avoid operational overlaps and further "
                "the goal of enhancing coordinated border management"
            ),
            status="ongoing",
            lead=("SEC",),
            # The partners the bullet names as examples.
            supporting=("INTERPOL", "UNODC"),
        ),
        RefAction(
            ref="CEP-3.3",
            title=(
                "Involve international law enforcement partners in relevant operational "
                "activities organized by the WCO to further operational interagency cooperation"
            ),
            status="ongoing",
            lead=("SEC",),
        ),
    ),
)

CEP_OPERATIONS = RefComponent(
    number=4,
    title="Component 4 – Operations (projects and operational activities)",
    actions=(
        RefAction(
            # One bullet, one action: the two operations share their operational phase.
            ref="CEP-4.1",
            title="Athena II and Pandora IV",
            description=(
                "Operational phase included the NCPs from Customs and Police of approximately "
                "90 countries from all WCO regions."
            ),
            status="completed",
            kind="operation",
            lead=("SEC",),
            # The deadline is the final report's (Athena II).
            deadline="first quarter 2020",
            start=date(2019, 9, 30),
            end=date(2019, 10, 11),
            status_date=date(2019, 10, 11),
            updates=(
                RefUpdate(
                    date(2019, 10, 11),
                    "The Operational phase of both Athena II and Pandora IV took place from 30 "
                    "September until 11 October 2019 and included the NCPs from Customs and "
                    "Police of approximately 90 countries from all WCO regions.",
                ),
                RefUpdate(
                    AS_OF,
                    "The final report of the Global Operation Athena II will be available in "
                    "the first quarter 2020.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.2",
            title=(
                "Continue the delivery of regional and national trainings based on the PITCH "
                "curriculum"
            ),
            status="ongoing",
            kind="workshop",
            lead=("SEC",),
            supporting=("OSCE",),
            updates=(
                RefUpdate(
                    AS_OF,
                    "In 2019-2020, in cooperation with OSCE, the WCO delivered a sub-regional "
                    "PITCH.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.3",
            title="NEPTUNE 2 (targeting the smuggling of bulk cash by terrorists)",
            description="The second iteration of this operation.",
            status="completed",
            kind="operation",
            lead=("SEC",),
            supporting=("FRONTEX",),
            start=date(2019, 8, 26),
            end=date(2019, 9, 8),
            status_date=date(2019, 9, 8),
            updates=(
                RefUpdate(
                    date(2019, 9, 8),
                    "NEPTUNE 2 (targeting the smuggling of bulk cash by terrorists), the second "
                    "iteration of this operation was conducted from 26 August - 8 September "
                    "2019 and also included the support of Frontex.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.4",
            title="JUBILARIAN (targeting the misuse of ATA Carnets)",
            status="completed",
            kind="operation",
            lead=("SEC",),
            # "from 15 November to 15 January 2020": the start year, 2019, is implied.
            start=date(2019, 11, 15),
            end=date(2020, 1, 15),
            status_date=date(2020, 1, 15),
            updates=(
                RefUpdate(
                    date(2020, 1, 15),
                    "JUBILARIAN (targeting the misuse of ATA Carnets), was conducted from 15 "
                    "November to 15 January 2020.",
                ),
                RefUpdate(
                    AS_OF,
                    "The results of the Operation will be presented at the 7th Working Group "
                    "on Revenue Compliance and Fraud (WGRCF).",
                    meeting="WGRCF-7",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.5",
            title="LANDLOCK (targeting revenue leakage through transhipment of goods)",
            description="Involved 70 users from 39 countries.",
            status="completed",
            kind="operation",
            lead=("SEC",),
            start=date(2019, 6, 15),
            end=date(2019, 9, 15),
            status_date=date(2019, 9, 15),
            updates=(
                RefUpdate(
                    date(2019, 9, 15),
                    "LANDLOCK, targeting revenue leakage through transhipment of goods, took "
                    "place from 15 June to 15 September. The Operation was conducted 15 June - "
                    "15 September 2019 and involved 70 users from 39 countries.",
                ),
                RefUpdate(
                    WGRCF6,
                    "The results of the Operation were presented at the 6th WGRCF in November "
                    "2019.",
                    meeting="WGRCF-6",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.6",
            title="DOUBLETON (targeting the illicit trafficking of alcohol products)",
            status="planned",
            kind="operation",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-4.7",
            title="TENTACLE (targeting bulk-cash smuggling and trade-based money laundering)",
            description="Conducted in the Asia region.",
            status="completed",
            kind="operation",
            lead=("SEC",),
            start=date(2019, 8, 25),
            end=date(2019, 10, 6),
            status_date=date(2019, 10, 6),
            updates=(
                RefUpdate(
                    date(2019, 10, 6),
                    "Operation TENTACLE (targeting bulk-cash smuggling and trade-based money "
                    "laundering) was conducted in the Asia region from 25 August - 6 October "
                    "2019.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.8",
            title="TRIGGER V",
            status="cancelled",
            kind="operation",
            lead=("SEC",),
            status_note="The WCO was not able to participate in the 2019 edition",
            updates=(
                # The document's sentence has no full stop; it names the operation first, so the
                # whole bullet is the update.
                RefUpdate(
                    AS_OF,
                    "TRIGGER V - The WCO was not able to participate in the 2019 edition of "
                    "Operation TRIGGER",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.9",
            title="Extension of Project SHOT (analysis of illicit trade in alcohol)",
            # No progress reported: the extension is agreed, not known to have started.
            status="planned",
            kind="project",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-4.10",
            title="Project LYNX (targeting cross border smuggling from Western Balkans)",
            status="completed",
            kind="project",
            lead=("SEC",),
            # The pilot's end date is not given; it was over by the 6th WGRCF.
            status_note=(
                "Pilot operation completed; future Operation LYNX activities will be developed "
                "in South-East Asia and Middle East"
            ),
            updates=(
                RefUpdate(
                    WGRCF6,
                    "Project LYNX (targeting cross border smuggling from Western Balkans) - "
                    "Following this pilot operation, future Operation LYNX activities will be "
                    "developed in South-East Asia and Middle East, as endorsed by the 6th "
                    "WGRCF.",
                    meeting="WGRCF-6",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.11",
            title=(
                "PANGEA XII (an INTERPOL global operation targeting the sale of counterfeit "
                "medicines online)"
            ),
            status="planned",
            kind="operation",
            # An INTERPOL operation in which the WCO takes part.
            lead=("INTERPOL",),
            supporting=("SEC",),
        ),
        RefAction(
            ref="CEP-4.12",
            title="Balkan Gate 2 (IPR)",
            description="Was planned to take place in March 2020.",
            status="postponed",
            kind="operation",
            lead=("SEC",),
            # The document gives no new date; the workflow needs one for "postponed", so the
            # rest of 2020 is assumed.
            deadline="2020",
            status_note="Postponed because of Coronavirus related safety issues",
            updates=(
                RefUpdate(
                    AS_OF,
                    "Balkan Gate 2 (IPR) was planned to take place in March but has been "
                    "postponed because of Coronavirus related safety issues.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.13",
            title="COCAIR VIII",
            status="postponed",
            kind="operation",
            lead=("SEC",),
            supporting=("UNODC",),
            deadline="2021",
            status_note=(
                "The funds initially planned for 2019 will not be transferred by UNODC until "
                "2021; postponed to 2021"
            ),
            funding_note=(
                "The funds initially planned for 2019 will not be transferred by UNODC until 2021."
            ),
            updates=(
                RefUpdate(
                    AS_OF,
                    "The funds initially planned for 2019 for Operation COCAIR VIII will not be "
                    "transferred by UNODC until 2021. Consequently, operation COCAIR VIII is "
                    "postponed to 2021.",
                ),
            ),
        ),
        RefAction(
            # The bullet is the bare name; AIRCOP is the Airport Communication Project.
            ref="CEP-4.14",
            title="AIRCOP",
            status="planned",
            kind="project",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-4.15",
            title="COLIBRI (targeting the movement of drugs through light aircraft aviation)",
            description="The Geoportal should be operational in October 2020.",
            status="in_progress",
            # A project with a deliverable (the Geoportal), not a time-boxed operation.
            kind="project",
            lead=("SEC",),
            deadline="October 2020",
            updates=(
                RefUpdate(
                    AS_OF,
                    "COLIBRI (targeting the movement of drugs through light aircraft aviation), "
                    "the Geoportal should be operational in October 2020.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.16",
            title="Container Control Programme (CCP)",
            description=(
                "Activities, private sector workshops and study visits on different types of "
                "techniques to enhance law enforcement agencies’ capacities in the maritime and "
                "air cargo domains."
            ),
            # A standing programme: 1 July - 31 December 2019 is a reporting period, not the
            # programme's start and end, so it is kept in the update rather than start/end.
            status="ongoing",
            kind="project",
            lead=("SEC",),
            updates=(
                RefUpdate(
                    date(2019, 12, 31),
                    "CCP in the period from 1 July until 31 December 2019, 89 activities, "
                    "private sector workshops and study visits were implemented by the "
                    "Container Control Programme on different types of techniques to enhance "
                    "law enforcement agencies’ capacities in the maritime and air cargo "
                    "domains.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.17",
            title=(
                "THUNDERBALL (WCO-INTERPOL operation focused on disrupting IWT shipments and "
                "dismantling criminal networks)"
            ),
            description="111 Members participated.",
            status="completed",
            kind="operation",
            # A joint WCO-INTERPOL operation.
            lead=("SEC", "INTERPOL"),
            start=date(2019, 6, 4),
            end=date(2019, 6, 30),
            status_date=date(2019, 6, 30),
            updates=(
                # The document's last sentence breaks off after "76 Customs administrations".
                RefUpdate(
                    date(2019, 6, 30),
                    "THUNDERBALL (WCO-INTERPOL operation focused on disrupting IWT shipments "
                    "and dismantling criminal networks) was conducted from 4 to 30 June 2019. "
                    "111 Members participated in this operation, of which 76 Customs "
                    "administrations",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.18",
            title=(
                "SESHA 3 (joint Customs enforcement operation for combating smuggling of timber)"
            ),
            status="completed",
            kind="operation",
            lead=("SEC",),
            # "from 1 November to 31 December": no year given; 2019 is implied (the operation
            # is reported as over in a document of early 2020).
            start=date(2019, 11, 1),
            end=date(2019, 12, 31),
            status_date=date(2019, 12, 31),
            updates=(
                RefUpdate(
                    date(2019, 12, 31),
                    "SESHA 3 (joint Customs enforcement operation for combating smuggling of "
                    "timber took place from 1 November to 31 December).",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.19",
            title="DEMETER V (operation focused on waste)",
            status="completed",
            kind="operation",
            lead=("SEC",),
            start=date(2019, 9, 2),
            end=date(2019, 9, 30),
            status_date=date(2019, 9, 30),
            updates=(
                RefUpdate(
                    date(2019, 9, 30),
                    "DEMETER V (operation focused on waste, took place from 2 - 30 September "
                    "2019).",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.20",
            title=(
                "INAMA training in support of future illegal wildlife trade enforcement operation"
            ),
            status="planned",
            kind="workshop",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-4.21",
            title="Security project for West and Central Africa (PGS)",
            status="planned",
            kind="project",
            lead=("SEC",),
        ),
        RefAction(
            ref="CEP-4.22",
            title=(
                "Regional operation targeting explosive precursor chemicals and other IED "
                "components in the framework of WCO/JICA Project"
            ),
            status="planned",
            kind="operation",
            lead=("SEC",),
            supporting=("JICA",),
        ),
        RefAction(
            ref="CEP-4.23",
            title=(
                "Sub-regional operation targeting PGS in the framework of the Asia Pacific "
                "Security Project"
            ),
            status="completed",
            kind="operation",
            lead=("SEC",),
            start=date(2019, 5, 16),
            end=date(2019, 5, 30),
            status_date=date(2019, 5, 30),
            updates=(
                RefUpdate(
                    date(2019, 5, 30),
                    "A sub-regional operation targeting PGS in the framework of the Asia "
                    "Pacific Security Project took place from 16 - 30 May 2019.",
                ),
            ),
        ),
        RefAction(
            ref="CEP-4.24",
            title=(
                "Sub-regional PGS operation targeting countries in the West and Central Africa "
                "region"
            ),
            # Scheduled for March 2020, the month the document speaks for: not yet taken place.
            status="planned",
            kind="operation",
            lead=("SEC",),
            deadline="March 2020",
            updates=(
                RefUpdate(
                    AS_OF,
                    "A sub regional PGS operation targeting countries in the West and Central "
                    "Africa region is scheduled to take place in March 2020.",
                ),
            ),
        ),
    ),
)

CEP_2020 = RefPlan(
    code="CEP-2020",
    title="CEP Action Plan 2020/2021",
    period="2020/2021",
    note=(
        "The Action Plan was prepared by the Secretariat and examined by Members at the 40th "
        "Session of the Enforcement Committee in February 2020, which endorsed it taking "
        "account of the comments and suggestions made. It stipulates tangible actions "
        "contributing to the CEP goals, with deadlines where appropriate and the bodies "
        "responsible. Thirty-two actions "
        "were included, divided into the four main components of the CEP toolkit, and an "
        "additional cluster of detailed operational activities and projects was added."
    ),
    endorsements=(RefEndorsement("EC", EC40, meeting="EC-40", note="February 2020"),),
    components=(CEP_TOOLS, CEP_NETWORKS, CEP_PARTNERSHIPS, CEP_OPERATIONS),
)


# ---------------------------------------------------------------------------------------------
# Packages and the dataset
# ---------------------------------------------------------------------------------------------

PACKAGES: tuple[RefPackage, ...] = (
    RefPackage(
        code="RP",
        name="Revenue Package",
        aim=RP_AIM,
        lead_body="WGRCF",
        # The package's background in whole sentences: a committee document may print it.
        note=(
            "The Revenue Package was developed in response to Members’ concerns over declining "
            "revenue returns in the context of the global financial crisis of 2008 and falling "
            "duty rates."
        ),
        plans=(RP_PHASE_IV,),
    ),
    RefPackage(
        code="CEP",
        name="Compliance and Enforcement Package",
        lead_body="EC",
        note=(
            "The CEP was endorsed at the 32nd Session of the Enforcement Committee and adopted "
            "at the 121st/122nd Sessions of the Council in June 2013. It has four components: "
            "tools, networks and technology, partnerships, and operations. Its Action Plan is "
            "reviewed yearly by the Enforcement Committee and then presented to the Policy "
            "Commission and Council; five plans, from 2014/2015 to 2019/2020, were endorsed and "
            "fully implemented."
        ),
        plans=(CEP_2020,),
    ),
    RefPackage(
        code="ECP",
        name="Economic Competitiveness Package",
        lead_body="PTC",
        note=(
            "The ECP is discussed under its own item of the PTC's agenda (Agenda item X), so "
            "PC0608E leaves it out."
        ),
    ),
)

DATASET = RefDataset(
    name="PC0608E",
    source="PC0608E – Intersessional developments (Permanent Technical Committee)",
    as_of=AS_OF,
    bodies=BODIES,
    meetings=MEETINGS,
    packages=PACKAGES,
    documents=(PC0608E,),
)
