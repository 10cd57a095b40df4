"""Where ptctui's data lives and who is making changes.

The database is found the way git finds ``.git``: ``--db`` first, then ``PTCTUI_DB``, then the
nearest ``db/ptctui.db`` in the current folder or a parent, else ``./db/ptctui.db`` is created.
The workspace is the folder holding ``db/``; exports go to its ``exports/``. No Textual, no
SQLAlchemy here: the command line imports this before deciding what else it needs.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from ptctui.errors import UserError

DB_DIR = "db"
DB_FILE = "ptctui.db"
EXPORTS_DIR = "exports"
ENV_DB = "PTCTUI_DB"
ENV_USER = "PTCTUI_USER"


@dataclass(frozen=True)
class Workspace:
    """A resolved place to work: the database URL, and the folders around it."""

    url: str
    root: Path
    source: str  # how it was found: option | environment | found | new

    @property
    def exports(self) -> Path:
        """The default folder for exports."""
        return self.root / EXPORTS_DIR

    @property
    def display(self) -> str:
        """The database as a person wants to read it: a path for files, the URL (no password)."""
        if self.url.startswith("sqlite:///"):
            return self.url.removeprefix("sqlite:///")
        head, sep, tail = self.url.partition("@")
        if sep and ":" in head.split("//", 1)[-1]:
            scheme, _, creds = head.partition("//")
            return f"{scheme}//{creds.split(':', 1)[0]}:***@{tail}"
        return self.url


def _workspace_for_path(path: Path, source: str) -> Workspace:
    path = path.expanduser().resolve()
    root = path.parent.parent if path.parent.name == DB_DIR else path.parent
    return Workspace(url=f"sqlite:///{path}", root=root, source=source)


def find_database(start: Path) -> Path | None:
    """The nearest ``db/ptctui.db`` at or above ``start``, or ``None``."""
    for folder in (start, *start.parents):
        candidate = folder / DB_DIR / DB_FILE
        if candidate.is_file():
            return candidate
    return None


def resolve_workspace(
    option: str | None = None, *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Workspace:
    """Decide which database to use, in the documented order."""
    env = dict(os.environ) if env is None else env
    cwd = (cwd or Path.cwd()).resolve()
    for value, source in ((option, "option"), (env.get(ENV_DB), "environment")):
        if value:
            if "://" in value:
                return Workspace(url=value, root=cwd, source=source)
            return _workspace_for_path(Path(value), source)
    found = find_database(cwd)
    if found is not None:
        return _workspace_for_path(found, "found")
    return _workspace_for_path(cwd / DB_DIR / DB_FILE, "new")


def current_user(option: str | None = None, *, env: dict[str, str] | None = None) -> str:
    """Who is making a change: ``--by``, then ``PTCTUI_USER``, then the login name."""
    env = dict(os.environ) if env is None else env
    if option and option.strip():
        return option.strip()
    if env.get(ENV_USER, "").strip():
        return env[ENV_USER].strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


# --- user preferences: key map and settings -------------------------------------------------------

KEYMAP_FILE = "keymap.toml"
SETTINGS_FILE = "settings.json"


def config_dir(env: dict[str, str] | None = None) -> Path:
    """The user's ptctui config folder (``$XDG_CONFIG_HOME/ptctui``, else ``~/.config/ptctui``)."""
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "ptctui"


class ConfigError(UserError, ValueError):
    """A config file that cannot be read; ``str()`` is one line."""


def load_keymap(workspace_root: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """Binding id → keys, from the user's ``keymap.toml``, overridden by the workspace's.

    The file holds a ``[keys]`` table, e.g. ``"action.advance" = "a"`` or
    ``"action.undo" = "ctrl+z,u"``; the ids are shown on the help screen.
    """
    import tomllib

    keymap: dict[str, str] = {}
    for path in (config_dir(env) / KEYMAP_FILE, workspace_root / KEYMAP_FILE):
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"cannot read {path}: {error}") from None
        keys = data.get("keys", {})
        if not isinstance(keys, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
        ):
            raise ConfigError(f'{path}: expected a [keys] table of "binding.id" = "key" lines')
        keymap.update(keys)
    return keymap


def load_settings(env: dict[str, str] | None = None) -> dict[str, str]:
    """The user's remembered settings (the theme); an unreadable file counts as empty."""
    import json

    path = config_dir(env) / SETTINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def save_settings(settings: dict[str, str], env: dict[str, str] | None = None) -> None:
    """Remember settings, written atomically so a crash never leaves half a file."""
    import json

    path = config_dir(env) / SETTINGS_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(settings, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # preferences are a convenience; failing to save one must not stop the work
