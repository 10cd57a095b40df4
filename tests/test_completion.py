"""Shell completion, in a real bash: the script ``ptctui --show-completion bash`` prints is
sourced, ``complete -p ptctui`` names its function, and calling that function the way bash does
(``COMP_WORDS``/``COMP_CWORD`` set) answers with the workspace's references, statuses, plans,
components, bodies and meetings. Without a database it answers nothing and creates nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLI_ENV, make_workspace
from ptctui.cli import completion

PTCTUI = Path(sys.executable).with_name("ptctui")
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def environment(home: Path) -> dict[str, str]:
    """The console script on PATH, a home of the test's own, no $PTCTUI_DB."""
    env = {k: v for k, v in os.environ.items() if k not in CLI_ENV}
    env.update({k: v for k, v in CLI_ENV.items() if v is not None})
    env["PATH"] = f"{PTCTUI.parent}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(home)
    return env


@pytest.fixture(scope="module")
def script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bash completion script, as ``ptctui --show-completion`` prints it in bash (Typer
    finds the shell it runs in)."""
    home = tmp_path_factory.mktemp("home")
    out = subprocess.run(
        [str(BASH), "--norc", "-c", "ptctui --show-completion"],
        env=environment(home),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = home / "ptctui-completion.bash"
    path.write_text(out)
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a seeded workspace (db/ptctui.db)."""
    root = tmp_path_factory.mktemp("workspace")
    make_workspace(root)
    return root


def bash_complete(script: Path, cwd: Path, *words: str) -> list[str]:
    """What bash offers for the last of ``words`` (``""``: a new word) after sourcing the
    script: ``complete -p ptctui`` must name the function, which is then called as bash
    would."""
    quoted = " ".join(f"'{w}'" for w in words)
    program = f"""
        source '{script}'
        spec=$(complete -p ptctui) || exit 3
        function=$(echo "$spec" | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')
        [ "$function" = _ptctui_completion ] || {{ echo "$spec" >&2; exit 4; }}
        COMP_WORDS=({quoted})
        COMP_CWORD={len(words) - 1}
        "$function" ptctui
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    result = subprocess.run(
        [str(BASH), "--norc", "-c", program],
        cwd=cwd,
        env=environment(cwd),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def test_complete_p_names_the_function(script: Path, workspace: Path) -> None:
    assert bash_complete(script, workspace, "ptctui", "sta") == ["statuses"]


def test_references(script: Path, workspace: Path) -> None:
    assert bash_complete(script, workspace, "ptctui", "show", "CEP-4.2") == [
        "CEP-4.2",
        *(f"CEP-4.2{n}" for n in range(5)),
    ]
    assert "RP-1.1" in bash_complete(script, workspace, "ptctui", "move", "")


def test_statuses(script: Path, workspace: Path) -> None:
    offered = bash_complete(script, workspace, "ptctui", "move", "CEP-1.1", "on")
    assert offered == ["ongoing", "on_hold"]
    assert bash_complete(script, workspace, "ptctui", "actions", "--status", "can") == ["cancelled"]


def test_plans_components_bodies_and_meetings(script: Path, workspace: Path) -> None:
    assert bash_complete(script, workspace, "ptctui", "actions", "--plan", "") == [
        "RP-IV",
        "CEP-2020",
    ]
    assert bash_complete(script, workspace, "ptctui", "add", "x", "--component", "CEP-2020:") == [
        f"CEP-2020:{n}" for n in range(1, 5)
    ]
    assert bash_complete(script, workspace, "ptctui", "actions", "--body", "EU") == ["EUROPOL"]
    assert bash_complete(
        script, workspace, "ptctui", "move", "CEP-1.1", "ongoing", "-m", "EC-4"
    ) == ["EC-40"]
    # A listing called bare: its sub-commands and its own argument.
    offered = bash_complete(script, workspace, "ptctui", "components", "")
    assert {"list", "add", "RP-IV", "CEP-2020"} <= set(offered)


def test_commands_and_options(script: Path, workspace: Path) -> None:
    assert bash_complete(script, workspace, "ptctui", "exp") == ["export"]
    assert "--overdue" in bash_complete(script, workspace, "ptctui", "actions", "--")


def test_the_database_named_by_db(script: Path, workspace: Path, tmp_path: Path) -> None:
    db = workspace / "db" / "ptctui.db"
    offered = bash_complete(script, tmp_path, "ptctui", "--db", str(db), "show", "RP-2.")
    assert offered == [f"RP-2.{n}" for n in range(1, 6)]


def test_no_workspace_completes_nothing_and_creates_nothing(script: Path, tmp_path: Path) -> None:
    assert bash_complete(script, tmp_path, "ptctui", "show", "") == []
    assert bash_complete(script, tmp_path, "ptctui", "move", "x", "pla") == ["planned"]
    assert list(tmp_path.iterdir()) == []


def test_install_completion_for_bash(tmp_path: Path) -> None:
    """`--install-completion` in bash writes the script under $HOME and sources it from
    .bashrc."""
    result = subprocess.run(
        [str(BASH), "--norc", "-c", "ptctui --install-completion"],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "_ptctui_completion" in (tmp_path / ".bash_completions" / "ptctui.sh").read_text()
    assert "ptctui.sh" in (tmp_path / ".bashrc").read_text()


@pytest.mark.parametrize(("shell", "marker"), [("zsh", "#compdef ptctui"), ("fish", "complete")])
def test_scripts_for_zsh_and_fish(tmp_path: Path, shell: str, marker: str) -> None:
    """Typer's scripts for the other shells (named here: neither shell is installed, and
    Typer picks the shell it runs in unless told to take the name)."""
    env = environment(tmp_path) | {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    out = subprocess.run(
        [str(PTCTUI), "--show-completion", shell],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert marker in out and "_PTCTUI_COMPLETE" in out


def test_sort_orders_are_the_store_s() -> None:
    from ptctui import store

    assert completion.SORTS == store.SORTS
