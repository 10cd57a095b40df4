"""Handing a text to the officer's own editor (``$VISUAL``, ``$EDITOR``, else ``vi``) and
taking back what they saved: ``ptctui documents text --edit`` and the app's document palette
line both edit a committee document's text this way.

What does not live here: suspending the app around it (``tui``), what the text means
(``reports.narrative``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from ptctui.errors import UserError


class EditorError(UserError):
    """The editor could not start or did not finish; nothing the officer typed is saved."""


def edit_text(text: str, *, name: str = "document.md") -> str:
    """``text`` as the officer leaves it in their editor, or a one-line ``EditorError``."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="ptctui-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as error:
            raise EditorError(
                f"cannot start the editor {editor!r}: {error.strerror or error}"
            ) from None
        if done.returncode != 0:
            raise EditorError(
                f"the editor {editor!r} exited with code {done.returncode}; nothing saved"
            )
        return path.read_text(encoding="utf-8")
