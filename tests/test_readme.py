"""The README's two set-up commands are the ones CI runs, so they stay true."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bash_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.*?)\n```", text, flags=re.S)


def test_the_readme_opens_with_exactly_two_setup_commands() -> None:
    app_command, test_command = _bash_blocks()[:2]
    assert app_command == "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/ptctui"
    assert test_command.startswith("python3 -m venv .venv && ")


def test_ci_runs_the_readme_test_command_step_by_step() -> None:
    test_command = _bash_blocks()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_steps = [line for line in ci.splitlines() if line and not line.startswith("#")]
    for step in test_command.split(" && "):
        assert any(line.startswith(step) for line in ci_steps), step
