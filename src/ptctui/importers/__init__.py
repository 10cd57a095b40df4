"""Reading files from elsewhere into ptctui: exports of other databases and spreadsheets.

Nothing here touches the database. The readers turn a file into checked, typed data (or one
clear ``ImportFileError``); ``ptctui.store.merge`` and ``ptctui.store.sheets`` then apply that
data in one transaction, so a refused file never leaves a trace.
"""

from __future__ import annotations

from ptctui.errors import UserError


class ImportFileError(UserError, ValueError):
    """A file that cannot be imported; ``str()`` is one line naming what is wrong and where."""
