"""The store's one error class: a request the data cannot satisfy, told in one line.

Every room of the store raises it (and the workflow's and deadline parser's own errors pass
through); the CLI and the app show its ``str()`` as it is. Nothing else lives here.
"""

from __future__ import annotations

from ptctui.errors import UserError


class StoreError(UserError, ValueError):
    """A request the data cannot satisfy (unknown reference, nothing to undo, …)."""
