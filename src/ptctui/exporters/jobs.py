"""One export as a value: what the app's export dialog asks for, run through the same code
as ``ptctui export`` (build the report's document, render the format, write atomically)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
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
from ptctui.reports.document import Document
from ptctui.reports.intersessional import DEFAULT_SINCE_DAYS

__all__ = [
    "DEFAULT_SINCE_DAYS",
    "REPORTS",
    "ExportJob",
    "build_document",
    "default_job_path",
    "run_job",
]

REPORTS = ("summary", "plan", "intersessional")


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
    code: str = ""  # an intersessional document's code: its written text and title block


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
        from ptctui.reports.intersessional import (
            IntersessionalOptions,
            build_intersessional,
            record_options,
        )

        if job.code:
            from ptctui.store import documents

            record = documents.get_document(session=session, code=job.code)
            options = record_options(
                record, documents.passages(session=session, document=record), today=today
            )
            options = replace(
                options, since=job.since or options.since, until=job.until or options.until
            )
        else:
            until = job.until or today
            since = job.since or until - timedelta(days=DEFAULT_SINCE_DAYS)
            options = IntersessionalOptions(since=since, until=until, today=today)
        return build_intersessional(session=session, options=options)


def run_job(*, engine: Engine, job: ExportJob, today: date) -> Path:
    """Build, render and write the export; returns the path written."""
    fmt = check_format(job.report, job.fmt)
    if job.path.exists() and not job.force:  # refuse before doing the work
        raise ExportError(f"{job.path} exists; tick Replace to overwrite it")
    with bulk_work():
        document = build_document(engine=engine, job=job, today=today)
        data = render(document, fmt, report=job.report, today=today)
    return write_atomic(job.path, data, force=job.force)
