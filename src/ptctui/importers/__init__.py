"""Reading files from elsewhere into ptctui: exports of other databases and spreadsheets.

Nothing here touches the database. The readers turn a file into checked, typed data (or one
clear ``ImportFileError``); ``ptctui.store.merge`` and ``ptctui.store.sheets`` then apply that
data in one transaction, so a refused file never leaves a trace.
"""

from __future__ import annotations

from pathlib import Path

from ptctui.errors import UserError

# The largest file an import reads: 1 GiB. A ptctui export of 10,000 actions with ten status
# changes and three updates each is 56 MB, so this is far past any real workspace; a file
# bigger than it is refused before a byte is read (a 3 GB file took 6 GB of memory to parse).
MAX_FILE_SIZE = 1024**3


class ImportFileError(UserError, ValueError):
    """A file that cannot be imported; ``str()`` is one line naming what is wrong and where."""


def check_size(path: Path) -> None:
    """Refuse a file over ``MAX_FILE_SIZE`` before reading it (a missing one is the reader's
    to report)."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > MAX_FILE_SIZE:
        raise ImportFileError(
            f"{path.name} is {size / 1024**3:.1f} GiB; ptctui imports files of up to "
            f"{MAX_FILE_SIZE // 1024**3} GiB"
        )
