"""One export as a value: what the app's export dialog asks for, run through the same code
as ``ptctui export`` (build the report's document, render the format, write atomically)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from ptctui import store
from ptctui.collector import bulk_work
from ptctui.exporters import (
    ExportError,
    check_format,
    default_path,
    write_atomic,
)
from ptctui.exporters.render import render
from ptctui.reports import intersessional
from ptctui.reports.document import Document

REPORTS = ("summary", "plan", "intersessional")
# The committee document's window when none is given (the dialog shows it): the report's rule.
DEFAULT_SINCE_DAYS = intersessional.DEFAULT_SINCE_DAYS


@dataclass(frozen=True)
class ExportJob:
    """A report to write: which, in what format, where, and its options."""

    report: str  # summary | plan | intersessional
    fmt: str
    path: Path
    plan: str | None = None  # required for "plan"
    since: date | None = None
    until: date | None = None
    force: bool = False


def default_job_path(exports: Path, report: str, fmt: str, today: date, plan: str = "") -> Path:
    """Where ``ptctui export`` would write this report by default."""
    return default_path(exports, report, fmt, today, plan if report == "plan" else "")


def build_document(*, engine: Engine, job: ExportJob, today: date) -> Document:
    """The job's report as a document model, read in one session."""
    with store.reading(engine) as session:
        if job.report == "summary":
            from ptctui.reports.summary import SummaryOptions, build_summary

            return build_summary(
                session=session,
                options=SummaryOptions(today=today, since=job.since, until=job.until),
            )
        if job.report == "plan":
            from ptctui.reports.plan import build_plan

            return build_plan(session=session, plan=job.plan or "", today=today)
        from ptctui.reports.intersessional import IntersessionalOptions, build_intersessional

        return build_intersessional(
            session=session,
            options=IntersessionalOptions(since=job.since, until=job.until, today=today),
        )


def run_job(*, engine: Engine, job: ExportJob, today: date) -> Path:
    """Build, render and write the export; returns the path written."""
    fmt = check_format(job.report, job.fmt)
    if job.path.exists() and not job.force:  # refuse before doing the work
        raise ExportError(f"{job.path} exists; tick Replace to overwrite it")
    with bulk_work():
        document = build_document(engine=engine, job=job, today=today)
        data = render(document, fmt, report=job.report, today=today)
    return write_atomic(job.path, data, force=job.force)
