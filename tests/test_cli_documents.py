"""Committee documents from the command line: ``export intersessional --code``, ``--issue``,
``documents``, ``documents text`` and ``documents issued``.

What an officer would notice: the second export of a code needs only the code and writes the
same bytes; an issued document comes back byte for byte; a later export says what changed
since it was issued; a section written in a Markdown file appears in the document, is in the
history and is undone; bad input is one ``error:`` line with the database exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import BACKENDS, fingerprint_db, invoke_cli

Invoke = Callable[..., Result]
WINDOW = ("--since", "2019-05-01", "--until", "2020-03-31")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Both engines."""
    return str(request.param)


@pytest.fixture
def cli(db_arg: str) -> Invoke:
    def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return invoke_cli("--db", db_arg, *args, env=env)

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return result


def refused(cli: Invoke, db_arg: str, *args: str) -> str:
    """The one error line of a refused command, checking the database did not change."""
    before = fingerprint_db(db_arg)
    result = cli(*args)
    assert result.exit_code != 0, result.stdout
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert fingerprint_db(db_arg) == before
    return result.stderr


def test_a_document_remembers_its_options(cli: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    result = ok(
        cli(
            "export",
            "intersessional",
            "--code",
            "PC0608E",
            *WINDOW,
            "--date",
            "2020-06-15",
            "--session",
            "239th/240th Sessions",
            "--agenda-item",
            "II",
            "--place",
            "Brussels",
            "-o",
            str(first),
        )
    )
    assert "PC0608E: remembered" in result.stderr
    assert "session" in result.stderr and "agenda item" in result.stderr
    ok(cli("export", "intersessional", "--code", "pc0608e", "-o", str(second)))
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "239th/240th Sessions" in text and "Brussels, 15 June 2020" in text
    assert "Item II on the Agenda" in text
    listing = ok(cli("documents")).stdout
    assert "PC0608E" in listing and "01 May 2019" in listing and "not yet" in listing


def test_an_issued_document_comes_back_byte_for_byte(cli: Invoke, tmp_path: Path) -> None:
    issued = tmp_path / "PC0608E.docx"
    result = ok(
        cli("export", "intersessional", "--code", "PC0608E", *WINDOW, "--issue", "-o", str(issued))
    )
    assert "Issued PC0608E as PC0608E.docx" in result.stdout
    again = tmp_path / "again.docx"
    ok(cli("documents", "issued", "PC0608E", "-o", str(again)))
    assert again.read_bytes() == issued.read_bytes()
    same = ok(cli("export", "intersessional", "--code", "PC0608E", "-f", "md", "-o", "-"))
    assert "unchanged since it was issued on" in same.stderr
    # A new development in the window changes one bullet.
    ok(cli("update", "CEP-1.11", "A regional workshop was held.", "--date", "2020-03-15"))
    later = ok(cli("export", "intersessional", "--code", "PC0608E", "-f", "md", "-o", "-"))
    assert "1 paragraph changed" in later.stderr
    assert "A regional workshop was held." in later.stdout
    listing = ok(cli("documents")).stdout
    assert "(docx)" in listing


def test_written_text_from_a_file_is_in_the_document_and_undone(
    cli: Invoke, tmp_path: Path
) -> None:
    ok(cli("export", "intersessional", "--code", "PC0608E", *WINDOW, "-o", str(tmp_path / "a.md")))
    text = ok(cli("documents", "text", "PC0608E")).stdout
    assert "## package CEP" in text and "{actions}" in text
    assert "To help Members improve the efficiency" in text
    source = tmp_path / "intro.md"
    source.write_text(
        "## introduction\n\nThe Committee is invited to take note.\n\n"
        "> A quoted [bold]aim[/bold] <b>kept</b> as typed.\n",
        encoding="utf-8",
    )
    result = ok(cli("documents", "text", "PC0608E", "--file", str(source), "--note", "new intro"))
    assert "saved introduction" in result.stdout
    doc = ok(cli("export", "intersessional", "--code", "PC0608E", "-f", "md", "-o", "-"))
    assert doc.stderr == ""  # the window was remembered: nothing new to remember
    assert "1\\. The Committee is invited to take note." in doc.stdout
    assert "Considering that the Economic" not in doc.stdout
    assert "A quoted \\[bold\\]aim\\[/bold\\] <b>kept</b> as typed." in doc.stdout or (
        "A quoted" in doc.stdout and "[bold]" not in doc.stdout.replace("\\[", "")
    )
    history = ok(cli("history")).stdout
    assert "document PC0608E" in history and "introduction" in history
    ok(cli("undo"))
    doc = ok(cli("export", "intersessional", "--code", "PC0608E", "-f", "md", "-o", "-"))
    assert "2\\. Considering that the Economic Competitiveness Package" in doc.stdout


def test_default_resets_a_section_to_ptctuis_text(cli: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "reset.md"
    source.write_text("## plan RP-IV\n\n{default}\n", encoding="utf-8")
    ok(cli("documents", "text", "PC0608E", "--file", str(source)))
    doc = ok(cli("export", "intersessional", "--code", "PC0608E", *WINDOW, "-f", "md", "-o", "-"))
    assert "The following summarizes progress on the implementation of the Revenue" in doc.stdout
    assert "### 1\\. Part 1" in doc.stdout  # its actions, by component


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("documents", "text", "PC9999E"), "error: no document PC9999E; known: PC0608E"),
        (("export", "intersessional", "--issue", "-f", "md"), "error: --issue needs --code"),
        (
            ("export", "intersessional", "--code", "PC0608E", "--issue"),
            "error: --issue keeps a file",
        ),
        (
            (
                "export",
                "intersessional",
                "--code",
                "PC0608E",
                "--since",
                "2021-01-01",
                "--until",
                "2020-01-01",
            ),
            "error: --since 2021-01-01 is after --until 2020-01-01",
        ),
        (("export", "intersessional", "--code", "PC0608E", "--date", "someday"), "error: --date"),
        (("documents", "issued", "PC0608E"), "error: PC0608E has not been issued"),
        (
            ("export", "intersessional", "--code", "PC0608E", "--language", "fr FR"),
            "error: --language: 'fr FR' is not a language tag",
        ),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    cli: Invoke, db_arg: str, args: tuple[str, ...], message: str
) -> None:
    assert refused(cli, db_arg, *args).startswith(message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("## foreword\ntext\n", "line 1: unknown section foreword"),
        ("## package NOPE\ntext\n", "no package NOPE"),
        ("## introduction\na\n## introduction\nb\n", "line 3: section introduction comes twice"),
        ("stray text\n## introduction\n", "line 1: text before the first section"),
        ("## plan\ntext\n", "line 1: section plan names its code"),
    ],
)
def test_a_bad_narrative_file_is_refused_whole(
    cli: Invoke, db_arg: str, tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.md"
    # A good section first: nothing of the file is saved when any of it is wrong.
    good = "" if content.startswith("stray") else "## closing\n\nNew closing.\n\n"
    source.write_text(good + content, encoding="utf-8")
    line = refused(cli, db_arg, "documents", "text", "PC0608E", "--file", str(source))
    if good:
        line = line.replace("line 5", "line 1").replace("line 7", "line 3")
    assert message in line


def test_a_file_that_is_not_utf8_is_refused(cli: Invoke, db_arg: str, tmp_path: Path) -> None:
    source = tmp_path / "latin1.md"
    source.write_bytes("## introduction\n\nCaf\xe9\n".encode("latin-1"))
    assert "is not UTF-8 text" in refused(
        cli, db_arg, "documents", "text", "PC0608E", "--file", str(source)
    )


def test_edit_in_the_editor_saves_only_what_changed(cli: Invoke, tmp_path: Path) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "text = p.read_text().replace('The PTC is requested to :', 'The PTC is asked to:')\n"
        "p.write_text(text)\n",
        encoding="utf-8",
    )
    import sys

    result = ok(
        cli("documents", "text", "PC0608E", "--edit", env={"EDITOR": f"{sys.executable} {editor}"})
    )
    assert "saved closing" in result.stdout and "introduction" not in result.stdout
    history = json.loads(ok(cli("history", "--json")).stdout)
    assert [h["summary"] for h in history][:1] == ["document PC0608E, closing: text edited"]
