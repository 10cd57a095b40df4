"""ptctui's speed benchmark: run by hand, never by the test suite.

    python bench/bench.py                                  # N = 1,000 and 10,000
    python bench/bench.py 1000 10000 100000 --runs 5
    python bench/bench.py 100000 --only json,import,sync   # a part of it

For each N it generates a synthetic workspace (bench/generate.py: ~10 status changes and 3
progress updates an action) in a temporary folder, then measures, each over several fresh
processes (median, min and max), the groups ``--only`` names (all by default):

- help: ``ptctui --help`` beside ``python -c pass`` and ``python -c "import typer"``;
- json: ``ptctui actions --json`` beside ``python -c "import sqlmodel"``;
- app: process start to the app's first screen with the table filled (headless), beside a
  minimal Textual app that imports sqlmodel and shows an empty table (the floor of this
  stack); in the running app: cursor move per key press (median of 200), one keystroke of
  incremental search, one status move from key press to committed and redrawn; its peak memory;
- exports: ``ptctui export`` of the summary, plan and intersessional reports to html and docx;
- import: ``ptctui import`` of the workspace's ``export data`` file into a fresh database;
- sync: ``ptctui sync`` of two copies of the workspace, each with changes the other lacks;
- sheet: ``ptctui import`` of a 2,000-row planning sheet (``bench/sheet.py``) into the workspace;
- pg: at N = ``--pg-at`` (10,000), the first screen, search and status move with the workspace
  copied (``ptctui db copy``) to a PostgreSQL server on a local socket (``scripts/pg-test-server``);
- meet: ``ptctui meet``'s meeting walk: open to the first action shown, and one step.

The import, sync and sheet rows give each child process's peak memory (its peak RSS, from
``os.wait4``). It prints one table with each target and whether it is met. Stdlib and the
project only. Set PYTHONDONTWRITEBYTECODE=0 (or unset it) so imports are timed as users'
machines run them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
PTCTUI = str(Path(PY).with_name("ptctui"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PTCTUI_TODAY"] = "2020-06-15"


def timed(
    cmd: Sequence[str], runs: int, env: dict[str, str] | None = None, *, warm: bool = True
) -> list[float]:
    """Wall-clock seconds of ``cmd`` over ``runs`` fresh processes (after one warm-up)."""
    if warm:
        subprocess.run(cmd, env=env or ENV, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env or ENV, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def reported(
    cmd: Sequence[str], runs: int, key: str = "seconds", *, warm: bool = True
) -> list[float]:
    """A value the child process reports itself (JSON on stdout), over ``runs`` processes."""
    if warm:
        subprocess.run(cmd, env=ENV, capture_output=True, check=True)
    values = []
    for _ in range(runs):
        out = subprocess.run(cmd, env=ENV, capture_output=True, check=True, text=True).stdout
        values.append(float(json.loads(out.strip().splitlines()[-1])[key]))
    return values


def paired(
    floor: Callable[..., list[float]], measured: Callable[..., list[float]], runs: int
) -> tuple[list[float], list[float]]:
    """A floor and a figure judged against it, sampled in turn, one process each at a time.

    Both drift together on a busy or throttled machine (10–20 % here over minutes), so a ratio
    of two figures taken minutes apart says more about the machine than about ptctui.
    """
    floor(1), measured(1)  # the warm-ups
    floors: list[float] = []
    figures: list[float] = []
    for _ in range(runs):
        floors += floor(1, warm=False)
        figures += measured(1, warm=False)
    return floors, figures


def fmt(values: list[float], unit: str = "s") -> str:
    scale = 1000 if unit == "ms" else 1
    med, lo, hi = (statistics.median(values) * scale, min(values) * scale, max(values) * scale)
    digits = 0 if unit in ("ms", "MB") else 2
    return f"{med:.{digits}f} {unit} ({lo:.{digits}f}–{hi:.{digits}f})"


class Table:
    """The one table the benchmark prints."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, figure: str, target: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        self.rows.append((what, figure, target, verdict))
        print(f"  {what}: {figure} {target} {verdict}", file=sys.stderr, flush=True)

    def print(self) -> None:
        widths = [
            max(len(r[i]) for r in [*self.rows, ("measure", "figure", "target", "")])
            for i in range(4)
        ]
        header = ("measure", "median (min–max)", "target", "")
        for row in [header, tuple("-" * w for w in widths), *self.rows]:
            print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


GROUPS = ("help", "json", "app", "exports", "import", "sync", "sheet", "pg", "meet")
MB = 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Targets:
    """The issue's targets for a size of workspace (#19: the frame budget at 10,000 and up)."""

    json_ratio: float  # actions --json, at most this × import sqlmodel
    first_ratio: float  # first screen, at most this × the stack's floor
    cursor_ms: float
    cursor_max_ms: float | None
    search_ms: float
    move_ms: float
    memory_mb: float


def targets_for(n: int) -> Targets:
    """Up to 1,000 as ever; up to 10,000 search and move in two frames; above, 100,000's."""
    if n <= 1_000:
        return Targets(1.5, 1.25, 16, None, 50, 50, 300)
    if n <= 10_000:
        return Targets(1.5, 1.25, 16, None, 33, 33, 300)
    return Targets(2.5, 1.25, 16, 50, 33, 33, 250)


# Whole-database work and the spreadsheet (#19), for any N; the figures of the issue are at
# N = 100,000, the sheet is 2,000 rows whatever the workspace.
IMPORT_S, IMPORT_MB = 60, 1000
SYNC_S, SYNC_MB = 90, 1000
SHEET_ROWS, SHEET_S = 2000, 3


CHILD_TIMEOUT = 900  # seconds: a whole-database import or sync that slow is reported, not waited on


class ChildTimeout(Exception):
    """A child ran past ``CHILD_TIMEOUT`` and was ended."""


@dataclass(frozen=True)
class Ran:
    """One child process: wall-clock seconds, peak RSS, what it printed."""

    seconds: float
    peak_mb: float
    stdout: str


def run_child(
    cmd: Sequence[str], env: dict[str, str] | None = None, cwd: str | Path | None = None
) -> Ran:
    """Run ``cmd`` to its end; its own peak RSS comes from ``os.wait4`` (so output goes to
    files, not pipes: ``communicate`` would reap the child and lose its rusage)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env or ENV, stdout=out, stderr=err, cwd=cwd)
        while True:  # wait4 without blocking, so that a child past CHILD_TIMEOUT is ended
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > CHILD_TIMEOUT:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                raise ChildTimeout(f"{' '.join(cmd)}: still running after {CHILD_TIMEOUT} s")
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stdout}{stderr}")
    return Ran(seconds, usage.ru_maxrss / MB, stdout)


def has_export() -> bool:
    out = subprocess.run([PTCTUI, "--help"], env=ENV, capture_output=True, text=True).stdout
    return " export " in out or "│ export" in out or "\n  export" in out


class Bench:
    """One run: the groups asked for, over the sizes asked for, into one table."""

    def __init__(self, runs: int, only: set[str], exports_up_to: int, pg_at: int) -> None:
        self.runs, self.only, self.exports_up_to, self.pg_at = runs, only, exports_up_to, pg_at
        self.table = Table()
        self.first_by_n: dict[int, float] = {}
        self.sheet_args: list[str] = []

    def run(self, ns: Sequence[int]) -> None:
        if "help" in self.only:
            self.help()
        for n in ns:
            folder = Path(tempfile.mkdtemp(prefix=f"ptctui-bench-{n}-"))
            try:
                self.size(n, folder)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        print()
        self.table.print()

    def help(self) -> None:
        runs, table = self.runs, self.table
        floor = timed([PY, "-c", "pass"], runs)
        typer_floor = timed([PY, "-c", "import typer"], runs)
        help_times = timed([PTCTUI, "--help"], runs)
        table.add("python -c pass", fmt(floor))
        table.add("python -c 'import typer'", fmt(typer_floor))
        extra = statistics.median(help_times) - statistics.median(typer_floor)
        table.add("ptctui --help", fmt(help_times), "≤ import typer + 0.15 s", extra <= 0.15)

    def size(self, n: int, folder: Path) -> None:
        start = time.perf_counter()
        subprocess.run(
            [PY, str(HERE / "generate.py"), str(n), str(folder)],
            env=ENV,
            check=True,
            capture_output=True,
        )
        self.table.add(f"N={n:,}: generate workspace", f"{time.perf_counter() - start:.1f} s")
        db = str(folder / "db" / "ptctui.db")
        if "json" in self.only:
            self.json(n, db)
        if "app" in self.only:
            self.app(n, db, folder)
        if "meet" in self.only:
            self.meet(n, db, folder)
        if "exports" in self.only and n <= self.exports_up_to:
            self.exports(n, db, folder)
        if "import" in self.only:
            self.import_data(n, db, folder)
        if "sync" in self.only:
            self.sync(n, db, folder)
        if "sheet" in self.only:
            self.sheet(n, db, folder)
        if "pg" in self.only and n == self.pg_at:
            self.postgres(n, db, folder)

    def json(self, n: int, db: str) -> None:
        target = targets_for(n).json_ratio
        floors, actions = paired(
            partial(timed, [PY, "-c", "import sqlmodel"]),
            partial(timed, [PTCTUI, "actions", "--json"], env={**ENV, "PTCTUI_DB": db}),
            self.runs,
        )
        ratio = statistics.median(actions) / statistics.median(floors)
        self.table.add(
            f"N={n:,}: ptctui actions --json",
            fmt(actions),
            f"≤ {target} × import sqlmodel (×{ratio:.2f}; {fmt(floors)} in turn)",
            ratio <= target,
        )

    def first_screen(self, label: str, db: str, target: float) -> float:
        """The first screen's median, judged against the stack's floor sampled in turn."""
        floors, first = paired(
            partial(reported, [PY, str(HERE / "inapp.py"), "floor"]),
            partial(reported, [PY, str(HERE / "inapp.py"), "first-screen", db]),
            self.runs,
        )
        ratio = statistics.median(first) / statistics.median(floors)
        self.table.add(
            f"{label}: app first screen",
            fmt(first),
            f"≤ {target} × floor (×{ratio:.2f}; {fmt(floors)} in turn)",
            ratio <= target,
        )
        return statistics.median(first)

    def interact(self, db: str) -> dict[str, float]:
        out = run_child([PY, str(HERE / "inapp.py"), "interact", db]).stdout
        return dict(json.loads(out.strip().splitlines()[-1]))

    def app(self, n: int, db: str, folder: Path) -> None:
        table, goal = self.table, targets_for(n)
        self.first_by_n[n] = self.first_screen(f"N={n:,}", db, goal.first_ratio)
        if n >= 100_000 and 10_000 in self.first_by_n:
            growth = self.first_by_n[n] / self.first_by_n[10_000]
            table.add(
                f"N={n:,}: first screen vs N=10,000", f"×{growth:.2f}", "≤ 1.3", growth <= 1.3
            )
        copy = str(folder / "interact.db")
        shutil.copy(db, copy)
        inapp = self.interact(copy)
        cursor_ok = inapp["cursor_ms"] < goal.cursor_ms
        cursor_target = f"< {goal.cursor_ms:.0f} ms"
        if goal.cursor_max_ms is not None:
            cursor_ok = cursor_ok and inapp["cursor_max_ms"] < goal.cursor_max_ms
            cursor_target += f", max < {goal.cursor_max_ms:.0f}"
        table.add(
            f"N={n:,}: cursor move (median of 200)",
            f"{inapp['cursor_ms']:.1f} ms (max {inapp['cursor_max_ms']:.0f})",
            cursor_target,
            cursor_ok,
        )
        self.app_rows(f"N={n:,}", inapp, goal)
        table.add(
            f"N={n:,}: app peak memory",
            f"{inapp['peak_mb']:.0f} MB",
            f"< {goal.memory_mb:.0f} MB",
            inapp["peak_mb"] < goal.memory_mb,
        )

    def app_rows(self, label: str, inapp: dict[str, float], goal: Targets) -> None:
        """The search and status-move rows (SQLite and PostgreSQL alike)."""
        self.table.add(
            f"{label}: search keystroke",
            f"{inapp['search_ms']:.0f} ms",
            f"< {goal.search_ms:.0f} ms",
            inapp["search_ms"] < goal.search_ms,
        )
        self.table.add(
            f"{label}: status move to redrawn",
            f"{inapp['move_ms']:.0f} ms",
            f"< {goal.move_ms:.0f} ms",
            inapp["move_ms"] < goal.move_ms,
        )

    def exports(self, n: int, db: str, folder: Path) -> None:
        if not has_export():
            self.table.add(f"N={n:,}: exports", "skipped: no `ptctui export` yet")
            return
        env = {**ENV, "PTCTUI_DB": db}
        for report, args in (
            ("summary", ["summary"]),
            ("plan", ["plan", "P1-1"]),
            ("intersessional", ["intersessional", "--since", "2016-01-01"]),
        ):
            for fmt_name in ("html", "docx"):
                out_file = folder / "exports" / f"{report}.{fmt_name}"
                cmd = [PTCTUI, "export", *args, "--format", fmt_name, "-o", str(out_file)]
                took = timed([*cmd, "--force"], max(1, self.runs // 2), env)
                self.table.add(
                    f"N={n:,}: export {report} {fmt_name}",
                    fmt(took),
                    "< 3 s",
                    statistics.median(took) < 3,
                )

    def judged_child(
        self, what: str, ran: Ran, seconds: float | None = None, mb: float | None = None
    ) -> None:
        """A row for one child process: its time and peak memory, against targets if any."""
        targets = []
        ok = None
        if seconds is not None:
            targets.append(f"< {seconds:.0f} s")
            ok = ran.seconds < seconds
        if mb is not None:
            targets.append(f"< {mb:,.0f} MB")
            ok = bool(ok is not False and ran.peak_mb < mb)
        self.table.add(
            what, f"{ran.seconds:.1f} s, peak {ran.peak_mb:,.0f} MB", ", ".join(targets), ok
        )

    def data_file(self, n: int, db: str, folder: Path) -> Path:
        """The workspace's ``export data`` file (made once per N, for import)."""
        path = folder / "data.json"
        if not path.exists():
            ran = run_child([PTCTUI, "--db", db, "export", "data", "-o", str(path), "--force"])
            self.judged_child(f"N={n:,}: export data (the file imported)", ran)
        return path

    def import_data(self, n: int, db: str, folder: Path) -> None:
        data = self.data_file(n, db, folder)
        fresh = folder / "fresh"
        fresh.mkdir()
        run_child([PTCTUI, "init", "--empty"], cwd=fresh)
        try:
            ran = run_child([PTCTUI, "--db", str(fresh / "db" / "ptctui.db"), "import", str(data)])
        except ChildTimeout as error:
            self.table.add(f"N={n:,}: import export data into a fresh db", str(error), "", False)
            return
        self.judged_child(f"N={n:,}: import export data into a fresh db", ran, IMPORT_S, IMPORT_MB)
        shutil.rmtree(fresh, ignore_errors=True)

    def sync(self, n: int, db: str, folder: Path) -> None:
        """Two copies of the workspace, each with moves and updates the other lacks (ten of
        the moved actions moved on both sides), then one ``sync`` between them."""
        sides = []
        for side, refs, status in (("a", range(1, 51), "on_hold"), ("b", range(41, 91), "ongoing")):
            copy = folder / f"sync-{side}.db"
            shutil.copy(db, copy)
            moved = [f"P1-1.{k}" for k in refs if k <= n]
            base = [PTCTUI, "--db", str(copy)]
            run_child([*base, "move", *moved, status, "--note", f"bench {side}",
                       "--skip-refused", "--by", side])  # fmt: skip
            for k in refs[:5]:
                run_child([*base, "update", f"P1-1.{k}", f"Side {side} met.", "--by", side])
            sides.append(copy)
        try:
            ran = run_child([PTCTUI, "--db", str(sides[0]), "sync", "--with", str(sides[1])])
        except ChildTimeout as error:
            self.table.add(f"N={n:,}: sync of two copies", str(error), "", False)
            return
        self.judged_child(f"N={n:,}: sync of two copies", ran, SYNC_S, SYNC_MB)
        for copy in sides:
            copy.unlink(missing_ok=True)

    def sheet(self, n: int, db: str, folder: Path) -> None:
        script = HERE / "sheet.py"
        if not script.exists():
            self.table.add(
                f"N={n:,}: import a {SHEET_ROWS:,}-row sheet", "skipped: no bench/sheet.py"
            )
            return
        sheet = folder / "plan.xlsx"
        if not sheet.exists():
            out = run_child([PY, str(script), str(SHEET_ROWS), str(sheet)]).stdout
            self.sheet_args = list(json.loads(out.strip().splitlines()[-1])["args"])
        copy = folder / "sheet.db"
        shutil.copy(db, copy)
        ran = run_child([PTCTUI, "--db", str(copy), *self.sheet_args])
        self.judged_child(f"N={n:,}: import a {SHEET_ROWS:,}-row sheet", ran, SHEET_S)
        copy.unlink(missing_ok=True)

    def postgres(self, n: int, db: str, folder: Path) -> None:
        label = f"N={n:,} on PostgreSQL"
        with pg_server() as admin_url:
            if admin_url is None:
                self.table.add(label, "skipped: no PostgreSQL (initdb, pg_ctl) here")
                return
            ran = run_child([PTCTUI, "--db", db, "db", "copy", "--to", admin_url])
            self.judged_child(f"{label}: db copy from SQLite", ran)
            goal = targets_for(n)
            self.first_screen(label, admin_url, goal.first_ratio)
            self.app_rows(label, self.interact(admin_url), goal)

    def meet(self, n: int, db: str, folder: Path) -> None:
        copy = folder / "meet.db"
        shutil.copy(db, copy)
        base = [PTCTUI, "--db", str(copy)]
        run_child([*base, "bodies", "add", "EC", "Enforcement Committee", "--kind", "committee"])
        run_child([*base, "meetings", "add", "EC-41", "--body", "EC", "--session", "41"])
        opened, steps = [], []
        for _ in range(self.runs):
            out = run_child([PY, str(HERE / "meet.py"), str(copy), "EC-41"]).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            opened.append(figures["open_s"])
            steps.append(figures["step_ms"] / 1000)
        self.table.add(f"N={n:,}: ptctui meet, open to the first action", fmt(opened))
        self.table.add(f"N={n:,}: ptctui meet, one step (noted, next)", fmt(steps, "ms"))
        copy.unlink(missing_ok=True)


@contextlib.contextmanager
def pg_server() -> Iterator[str | None]:
    """An admin URL of a throwaway PostgreSQL server on a unix socket, as CI starts one
    (``scripts/pg-test-server``, which stops and removes it when its command ends: here, when
    this closes the command's standard input); ``None`` when this machine has no server."""
    script = HERE.parent / "scripts" / "pg-test-server"
    child = 'echo "url=${PTCTUI_TEST_PG_URL:-}"; read -r _'
    proc = subprocess.Popen(
        ["bash", str(script), "bash", "-c", child],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=ENV,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        line = proc.stdout.readline().strip()
        yield line.removeprefix("url=") or None
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description="ptctui's speed benchmark")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"what to measure, comma-separated, of: {','.join(GROUPS)} (default: all)",
    )
    parser.add_argument(
        "--exports-up-to",
        type=int,
        default=10_000,
        help="time the exports only up to this N (their target is at 10,000)",
    )
    parser.add_argument(
        "--pg-at", type=int, default=10_000, help="the N measured on PostgreSQL too (pg)"
    )
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    if unknown := only - set(GROUPS):
        parser.error(
            f"unknown --only {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}"
        )
    Bench(args.runs, only, args.exports_up_to, args.pg_at).run(args.sizes)


if __name__ == "__main__":
    main()
