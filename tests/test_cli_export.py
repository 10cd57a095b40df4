"""``ptctui export``: every report and format from the command line, and its failures.

Run through Typer's ``CliRunner`` on a fresh copy of the seeded database with
``PTCTUI_TODAY=2020-06-15``; failures must be one line on stderr with exit code 1, leave the
database exactly as it was and never touch an existing file. A real interpreter checks that
``export`` does not load Textual.
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import docx
import pytest

from conftest import fingerprint
from test_cli import probe, run

WINDOW = ("--since", "2019-05-01", "--until", "2020-03-31")


def export(db_path: Path, *args: str) -> tuple[int, str, str]:
    result = run("--db", str(db_path), "export", *args)
    return result.exit_code, result.stdout, result.stderr


def test_summary_prints_to_the_terminal(db_path: Path) -> None:
    code, out, err = export(db_path, "summary", "--since", "2020-01-01")
    assert code == 0, err
    assert "Status of actions" in out and "Overdue actions (2)" in out
    assert "CEP-2.1" in out and "Changes from 2020-01-01 to 2020-06-15" in out
    assert not list((db_path.parent.parent / "exports").iterdir())


def test_summary_of_one_package_to_markdown_on_stdout(db_path: Path) -> None:
    code, out, err = export(db_path, "summary", "--package", "rp", "-f", "md", "-o", "-")
    assert code == 0, err
    assert out.startswith("# Summary\n")
    assert "RP – Revenue Package" in out and "CEP – Compliance" not in out


def test_plan_to_the_default_file(db_path: Path) -> None:
    code, out, err = export(db_path, "plan", "cep-2020", "--format", "html")
    target = db_path.parent.parent / "exports" / "plan-CEP-2020-2020-06-15.html"
    assert code == 0, err
    assert out == f"Wrote {target}\n"
    assert "CEP-4.24" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["txt", "ansi", "html", "svg", "md", "docx"])
def test_intersessional_in_every_format(db_path: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"doc.{fmt}"
    code, out, err = export(
        db_path, "intersessional", *WINDOW, "--code", "PC0608E", "-f", fmt, "-o", str(target)
    )
    assert code == 0, err
    assert out == f"Wrote {target}\n"
    if fmt == "docx":
        doc = docx.Document(str(target))
        text = "\n".join(p.text for p in doc.paragraphs)
    else:
        # SVG writes spaces as &#160;.
        text = html.unescape(target.read_text(encoding="utf-8")).replace("\xa0", " ")
    for needle in ("Compliance and Enforcement Package", "PC0608E", "DOUBLETON"):
        assert needle in text


def test_intersessional_default_file_name_and_format_from_suffix(db_path: Path) -> None:
    code, out, err = export(db_path, "intersessional", *WINDOW, "-f", "docx")
    target = db_path.parent.parent / "exports" / "intersessional-2020-06-15.docx"
    assert code == 0, err
    assert out == f"Wrote {target}\n"
    headings = [
        p.text for p in docx.Document(str(target)).paragraphs if p.style.name == "Heading 1"
    ]
    assert headings[1:3] == ["II. Revenue Package", "III. Compliance and Enforcement Package"]
    other = db_path.parent.parent / "exports" / "x.md"
    code, _, err = export(db_path, "intersessional", *WINDOW, "-o", str(other))
    assert code == 0, err
    assert "# INTERSESSIONAL DEVELOPMENTS" in other.read_text(encoding="utf-8")


def test_intersessional_title_block_options(db_path: Path) -> None:
    code, out, err = export(
        db_path,
        "intersessional",
        *WINDOW,
        "--committee",
        "Enforcement Committee",
        "--session",
        "41st Session",
        "-f",
        "txt",
        "-o",
        "-",
    )
    assert code == 0, err
    assert "Enforcement Committee" in out and "41st Session" in out
    assert "The Enforcement Committee is requested to:" in out


def test_docx_to_stdout_when_piped(db_path: Path) -> None:
    result = run("--db", str(db_path), "export", "plan", "RP-IV", "-f", "docx", "-o", "-")
    assert result.exit_code == 0, result.stderr
    doc = docx.Document(io.BytesIO(result.stdout_bytes))
    assert doc.paragraphs[0].text == "Revenue Package Phase IV Action Plan"


def test_data_json_and_csv(db_path: Path, tmp_path: Path) -> None:
    code, out, err = export(db_path, "data")
    target = db_path.parent.parent / "exports" / "data-2020-06-15.json"
    assert code == 0, err
    assert out == f"Wrote {target}\n"
    dumped = json.loads(target.read_text(encoding="utf-8"))
    assert dumped["format"] == "ptctui-export" and dumped["version"] == 1
    assert len(dumped["tables"]["actions"]) == 56
    code, out, err = export(db_path, "data", "--format", "csv", "-o", "-")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("uuid,ref,package,plan") and len(lines) == 57


def test_data_json_streams_to_stdout_as_one_document(db_path: Path) -> None:
    code, out, err = export(db_path, "data", "-o", "-")
    assert code == 0, err
    dumped = json.loads(out)
    assert len(dumped["tables"]["actions"]) == 56
    # One row a line: each line of a table's rows is a whole row, to read or grep line by line.
    rows = [json.loads(line.rstrip(",")) for line in out.splitlines() if line.startswith("   {")]
    assert rows == [row for table in dumped["tables"].values() for row in table]


def test_a_data_export_that_fails_half_way_leaves_the_old_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON goes to the file as the rows are read. If reading stops half-way (a disk
    error, a server gone), the file that was there is untouched and no partial file is left."""
    from sqlalchemy.exc import OperationalError

    from ptctui import store

    dump = store.dump_tables

    def failing(**kwargs: object):  # type: ignore[no-untyped-def]
        for name, rows in dump(**kwargs):  # type: ignore[arg-type]
            if name == "status_changes":

                def cut(rows=rows):  # type: ignore[no-untyped-def]
                    yield next(rows)
                    raise OperationalError("SELECT", {}, Exception("disk I/O error"))

                rows = cut()
            yield name, rows

    monkeypatch.setattr(store, "dump_tables", failing)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "all.json"
    target.write_text("the export from last week\n")
    before = fingerprint(db_path)
    code, out, err = export(db_path, "data", "-o", str(target), "--force")
    assert code == 1 and out == ""
    assert err.startswith("error: ") and "disk I/O error" in err and len(err.splitlines()) == 1
    assert target.read_text() == "the export from last week\n"
    assert [p.name for p in folder.iterdir()] == ["all.json"]  # no temporary file left
    assert fingerprint(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("summary", "-f", "csv"),
            "error: unknown format 'csv' for summary; formats are: txt, ansi, html, svg, md, docx",
        ),
        (("data", "-f", "docx"), "error: unknown format 'docx' for data; formats are: json, csv"),
        (("intersessional", "--since", "someday"), "error: --since: cannot read date"),
        (("summary", "--since", "2020-05-01", "--until", "2020-01-01"), "error: --since"),
        (("plan", "NOPE"), "error: no plan 'NOPE'; plans are: RP-IV, CEP-2020"),
        (("summary", "--package", "XX"), "error: no package 'XX'"),
        (("plan", "CEP-2020", "-o", "plan.pdf"), "error: cannot tell the format from 'plan.pdf'"),
    ],
)
def test_failures_are_one_line_and_change_nothing(
    db_path: Path, args: tuple[str, ...], message: str
) -> None:
    before = fingerprint(db_path)
    code, _, err = export(db_path, *args)
    assert code == 1
    assert err.startswith(message) and err.count("\n") == 1, err
    assert fingerprint(db_path) == before
    assert not list((db_path.parent.parent / "exports").iterdir())


def test_an_existing_file_is_only_replaced_with_force(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("mine", encoding="utf-8")
    before = fingerprint(db_path)
    code, out, err = export(db_path, "plan", "CEP-2020", "-o", str(target))
    assert code == 1 and out == ""
    assert err == f"error: {target} exists; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine"
    assert fingerprint(db_path) == before
    code, out, err = export(db_path, "plan", "CEP-2020", "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# CEP Action Plan 2020/2021")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "exports", "plan.md"]


def test_export_never_imports_textual(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "d.docx"
    _, report = probe(
        ["--db", str(db_path), "export", "intersessional", *WINDOW, "-o", str(target)],
        db_path.parent,
    )
    assert report["code"] == 0 and target.exists()
    assert report["loaded"]["textual"] is False
    _, report = probe(["--db", str(db_path), "export", "summary"], db_path.parent)
    assert report["code"] == 0 and report["loaded"]["textual"] is False
