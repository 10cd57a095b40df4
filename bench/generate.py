"""Generate a synthetic ptctui workspace of N actions, for trying the app and the benchmark.

    python bench/generate.py 10000 /tmp/ws10k      # makes /tmp/ws10k/db/ptctui.db

Actions are spread over packages → plans → components (about 100 actions a component), each
with about ten status changes and three progress updates of realistic length, so the history
tables are as large as a secretariat's after some years. Rows are written with plain SQL in
one transaction (the ORM would take minutes); the schema comes from ptctui's own migrations.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from ptctui import db, migrate

STATUSES = ["planned", "in_progress", "ongoing", "completed", "postponed", "on_hold", "cancelled"]
WORDS = [
    "develop",
    "promote",
    "implement",
    "maintain",
    "customs",
    "enforcement",
    "revenue",
    "compliance",
    "training",
    "workshop",
    "operation",
    "guide",
    "handbook",
    "members",
    "regional",
    "national",
    "secretariat",
    "funding",
    "data",
    "risk",
    "management",
    "illicit",
    "trade",
    "tobacco",
    "wildlife",
    "cargo",
    "passenger",
    "targeting",
    "platform",
    "cooperation",
    "partners",
    "interpol",
    "unodc",
    "network",
    "capacity",
    "building",
    "assessment",
    "study",
    "report",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(n_actions: int, root: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    path = root / "db" / "ptctui.db"
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    engine = db.make_engine(db.url_for(path))
    migrate.prepare(engine)
    engine.dispose()
    (root / "exports").mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    per_component = 100
    n_components = max(1, -(-n_actions // per_component))
    n_packages = max(1, min(8, n_components // 20 or 1))
    base = datetime(2016, 1, 1, 12, 0)
    with conn:
        conn.execute(
            "INSERT INTO bodies (uuid, code, name, kind) VALUES (?, 'SEC', "
            "'Secretariat', 'secretariat')",
            (str(uuid.uuid4()),),
        )
        conn.executemany(
            "INSERT INTO packages (uuid, code, name, aim, note, position) "
            "VALUES (?, ?, ?, '', '', ?)",
            [
                (str(uuid.uuid4()), f"P{i}", f"Package {i} " + sentence(rng, 3), i)
                for i in range(1, n_packages + 1)
            ],
        )
        components = []
        for c in range(n_components):
            package = c % n_packages + 1
            plan_code = f"P{package}-{c // (n_packages * 5) + 1}"
            row = conn.execute("SELECT id FROM plans WHERE code = ?", (plan_code,)).fetchone()
            if row is None:
                cur = conn.execute(
                    "INSERT INTO plans (uuid, code, package_id, title, period, note, position) "
                    "VALUES (?, ?, ?, ?, '2020/2021', '', ?)",
                    (str(uuid.uuid4()), plan_code, package, f"Action plan {plan_code}", c),
                )
                plan_id = cur.lastrowid
            else:
                plan_id = row[0]
            number = (
                conn.execute(
                    "SELECT count(*) FROM components WHERE plan_id = ?", (plan_id,)
                ).fetchone()[0]
                + 1
            )
            cur = conn.execute(
                "INSERT INTO components (uuid, plan_id, number, title, position) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    plan_id,
                    number,
                    f"Component {number} – " + sentence(rng, 2),
                    number,
                ),
            )
            components.append((cur.lastrowid, plan_code.split("-")[0], number))
        actions, bodies, changes, updates = [], [], [], []
        counters: dict[str, int] = {}
        for i in range(n_actions):
            component_id, package_code, number = components[i // per_component]
            prefix = f"{package_code}-{number}."
            counters[prefix] = counters.get(prefix, 0) + 1
            ref = f"{prefix}{counters[prefix]}"
            due = date(2018, 1, 1) + timedelta(days=rng.randrange(0, 1800))
            history = [rng.choice(STATUSES) for _ in range(9)]
            actions.append(
                (
                    str(uuid.uuid4()),
                    ref,
                    component_id,
                    history[-1],
                    0,
                    counters[prefix],
                    base,
                    base + timedelta(days=1500),
                    sentence(rng, rng.randint(6, 14)),
                    sentence(rng, 30),
                    "action",
                    due.strftime("%B %Y"),
                    due.isoformat(),
                    None,
                    None,
                    "",
                )
            )
        conn.executemany(
            "INSERT INTO actions (uuid, ref, component_id, status, archived, position, "
            "created_at, updated_at, title, description, kind, deadline_label, due_date, "
            "start_date, end_date, funding_note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            actions,
        )
        ids = [r[0] for r in conn.execute("SELECT id, status FROM actions ORDER BY id")]
        statuses = [r[1] for r in conn.execute("SELECT id, status FROM actions ORDER BY id")]
        for action_id, final in zip(ids, statuses, strict=True):
            bodies.append((action_id, 1, "lead"))
            previous = None
            steps = [rng.choice(STATUSES) for _ in range(9)] + [final]
            for k, status in enumerate(steps):
                changes.append(
                    (
                        str(uuid.uuid4()),
                        action_id,
                        previous,
                        status,
                        base + timedelta(days=k * 90 + rng.randrange(60)),
                        "bench",
                        sentence(rng, 8),
                    )
                )
                previous = status
            for k in range(3):
                updates.append(
                    (
                        str(uuid.uuid4()),
                        action_id,
                        (date(2019, 1, 1) + timedelta(days=k * 200)).isoformat(),
                        sentence(rng, 40),
                        "bench",
                        base,
                        0,
                    )
                )
        conn.executemany(
            "INSERT INTO action_bodies (action_id, body_id, role) VALUES (?,?,?)", bodies
        )
        conn.executemany(
            "INSERT INTO status_changes (uuid, action_id, from_status, to_status, at, by, note) "
            "VALUES (?,?,?,?,?,?,?)",
            changes,
        )
        conn.executemany(
            "INSERT INTO progress_updates (uuid, action_id, as_of, text, author, created_at, "
            "retracted) VALUES (?,?,?,?,?,?,?)",
            updates,
        )
    conn.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actions", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    print(generate(args.actions, args.folder))


if __name__ == "__main__":
    main()
