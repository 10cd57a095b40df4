"""Write an officer's planning sheet of N actions, for timing ``ptctui import FILE.xlsx``.

    python bench/sheet.py 2000 /tmp/plan.xlsx      # last stdout line: {"args": [...]}

The workbook looks as the action plans Secretariats receive do: title rows above the header,
a "No." column, components as "3. Risk management" on the first row of their block (the cells
below left blank, as merged cells read), a heading row of its own now and then, responsible and
supporting parties written several ways ("SEC, INTERPOL", "Kenya and Uganda", "SEC / UNODC"),
deadlines in the forms officers use (quarters, months, "end of 2025", financial years, Excel
date cells), every kind of status word, notes on about half the rows (progress updates), a
description on some, and a budget column the import ignores. A few rows have no number, so
the import numbers them. Every row is good: the figure is the time of an import that writes.

The last line printed is a JSON object whose ``args`` follow ``ptctui --db DB``: they import
the sheet as a new plan (``--new-plan``, ``--new-bodies``) into the package ``--package``
names (``P1``, which ``bench/generate.py`` makes; a seeded ``ptctui init`` database has
``ECP``). Keep that contract: the benchmark runs exactly those arguments.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

PLAN = "BM-2024"
TITLE = "Border Management Action Plan"
COMPONENTS = [
    "Capacity building",
    "Risk management and targeting",
    "Data exchange",
    "Cooperation with partners",
    "Legal framework",
    "Infrastructure and equipment",
    "Integrity",
    "Monitoring and evaluation",
]
PARTIES = [
    "SEC",
    "SEC",
    "SEC",
    "Secretariat",
    "SEC, INTERPOL",
    "SEC / UNODC",
    "Regional Offices",
    "Regional Offices, Consultant",
    "Kenya and Uganda",
    "Members",
    "RILO",
    "Capacity Building Directorate",
    "Compliance and Facilitation Directorate",
    "Donors",
    "Working Group on Revenue Compliance",
]
SUPPORTING = ["", "", "", "INTERPOL", "UNODC", "World Bank", "Members", "Donors; UNODC"]
STATUSES = [
    ("", 6),
    ("not started", 3),
    ("in progress", 6),
    ("underway", 2),
    ("ongoing", 4),
    ("done", 6),
    ("completed", 2),
    ("postponed", 1),
    ("on hold", 1),
    ("awaiting funding", 1),
    ("cancelled", 1),
]
VERBS = ["Develop", "Organise", "Deliver", "Update", "Promote", "Establish", "Review", "Pilot"]
THINGS = [
    "a regional workshop on risk profiling",
    "the training curriculum for border officers",
    "guidelines on post-clearance audit",
    "a data exchange agreement with neighbouring administrations",
    "national workshops on the revised Kyoto Convention",
    "a handbook on passenger controls",
    "e-learning modules on illicit trade",
    "a joint operation against tobacco smuggling",
    "the integrity self-assessment",
    "a study on e-commerce flows",
    "the mentoring programme for new managers",
    "an evaluation of the pilot",
]
PLACES = ["in Nairobi", "in Lomé", "in Brussels", "online", "for the region", "in Kampala", ""]
WORDS = [
    "the", "secretariat", "members", "agreed", "workshop", "delegates", "report", "funding",
    "donors", "follow-up", "session", "draft", "circulated", "comments", "received", "venue",
    "confirmed", "experts", "nominated", "training", "delivered", "participants", "evaluation",
    "results", "next", "steps", "pending", "approval", "budget",
]


def _deadline(rng: random.Random) -> str | datetime:
    year = rng.randint(2024, 2027)
    form = rng.randrange(7)
    if form == 0:
        return f"Q{rng.randint(1, 4)} {year}"
    if form == 1:
        month = rng.choice(["March", "June", "September", "December", "May"])
        return f"{month} {year}"
    if form == 2:
        return f"end of {year}"
    if form == 3:
        return f"FY{year}/{year + 1}"
    if form == 4:
        return str(year)
    if form == 5:
        return f"{rng.randint(1, 28)} {rng.choice(['Jan', 'Apr', 'Jul', 'Oct'])} {year}"
    return datetime(year, rng.randint(1, 12), rng.randint(1, 28))  # an Excel date cell


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_sheet(rows: int, path: Path, seed: int = 19) -> None:
    """``rows`` actions into an .xlsx at ``path``, the same for the same arguments."""
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Action plan"
    sheet.append([f"{TITLE} 2024–2027"])
    sheet.append(["Status as of 15 May 2024"])
    sheet.append([])
    sheet.append(
        [
            "No.",
            "Component",
            "Activity",
            "Description",
            "Responsible",
            "Supporting",
            "Timeline",
            "Status",
            "Progress update",
            "Budget (EUR)",
        ]
    )
    statuses = [word for word, weight in STATUSES for _ in range(weight)]
    per_component = -(-rows // len(COMPONENTS))
    for index in range(rows):
        number, item = divmod(index, per_component)
        component = f"{number + 1}. {COMPONENTS[number % len(COMPONENTS)]}"
        if item == 0 and number % 2:
            sheet.append(["", component])  # a heading row of its own
        status = rng.choice(statuses)
        notes = _words(rng, rng.randint(8, 40)) if rng.random() < 0.5 else ""
        if status in ("on hold", "awaiting funding", "cancelled") and not notes:
            notes = "Funding not secured; the members will decide at the next session."
        title = f"{rng.choice(VERBS)} {rng.choice(THINGS)} {rng.choice(PLACES)}".strip()
        sheet.append(
            [
                "" if rng.random() < 0.05 else f"BM-{number + 1}.{item + 1}",
                component if item == 0 else "",  # merged cells keep the first value
                f"{title} ({index + 1})",
                _words(rng, rng.randint(10, 30)) if rng.random() < 0.3 else "",
                rng.choice(PARTIES),
                rng.choice(SUPPORTING),
                _deadline(rng),
                status,
                notes,
                rng.choice([None, 5000, 12500.5, 40000]),
            ]
        )
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--package", default="P1", help="the new plan's package (default P1)")
    args = parser.parse_args()
    write_sheet(args.rows, args.out)
    command = [
        "import",
        str(args.out),
        "--new-plan",
        PLAN,
        "--package",
        args.package,
        "--title",
        TITLE,
        "--period",
        "2024/2027",
        "--new-bodies",
    ]
    print(json.dumps({"args": command}))


if __name__ == "__main__":
    main()
