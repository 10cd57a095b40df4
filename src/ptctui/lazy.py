"""Packages whose names are imported when first asked for (PEP 562).

``ptctui.store`` and ``ptctui.views`` hand on the public names of their rooms (``store.X``,
``views.X``) without importing every room with the package: the app's first frame needs a few
of them, and importing the rest (reports, seeding, import previews …) cost it 10–20 ms before it
could be drawn. Each package keeps a table of name → room and gets its ``__getattr__`` and
``__dir__`` from :func:`attributes`; ``from package import X`` works as for any module.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def attributes(
    package: str, homes: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose names live in ``homes``
    (name → module)."""

    def getattr_(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(home)
        # Asked once: later lookups find them there. Every name of the room is set, since
        # importing a room binds the room itself to its name on the package (``store.undo``,
        # the module, would hide ``store.undo``, the function, once ``store.redo`` is asked).
        for other, where in homes.items():
            if where == home:
                setattr(sys.modules[package], other, getattr(module, other))
        return getattr(module, name)

    def dir_() -> list[str]:
        return sorted({*vars(sys.modules[package]), *homes})

    return getattr_, dir_
