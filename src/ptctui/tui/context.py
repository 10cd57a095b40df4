"""What the app hands its screens: the engine, who is working, what day it is, and the like.

The app builds one ``AppContext`` and passes it down; screens read what they need from it and
never reach up to the app for its state (attributes down, messages up: the main screen's reads
send news of the dialogs' codes up as a message, ``ActionBrowser.NamesRead``, which the app
keeps). Plain data, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from ptctui import store


@dataclass(frozen=True)
class AppContext:
    """What every screen shares for the life of the app."""

    engine: Engine
    """The database; every read and write opens its own session on it."""
    by: str
    """Who is working: the name changes are recorded under."""
    today: date
    """The day "overdue" and "today" mean."""
    exports: Path
    """The folder the export dialog writes to unless told otherwise."""
    names: Callable[[], store.Names]
    """The codes the dialogs offer and check: the latest the reads brought, else read on
    first use (``PtcApp.names``)."""
    layout: dict[str, str] = field(default_factory=dict)
    """The panes the user chose to show (``"tree"``, ``"detail"``: ``"shown"`` or
    ``"hidden"``), as remembered in the settings file; absent, the screen decides by width."""
    remember: Callable[[str, str], None] = lambda key, value: None
    """Remember a layout choice for the next start (the app's settings, ``config.py``)."""
