"""Who is making changes, and the user's preferences: the key map and the remembered settings.

Plain helpers on the environment and the user's config folder (``$XDG_CONFIG_HOME/ptctui``);
no database, no Textual, no SQLAlchemy: the command line imports this at start-up. Where the
database is (``--db``, ``PTCTUI_DB``, the nearest ``db/ptctui.db``) is ``ptctui.workspace``'s.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from ptctui.errors import UserError

ENV_USER = "PTCTUI_USER"


def current_user(option: str | None = None, *, env: dict[str, str] | None = None) -> str:
    """Who is making a change: ``--by``, then ``PTCTUI_USER``, then the login name."""
    env = dict(os.environ) if env is None else env
    if option and option.strip():
        return option.strip()
    if env.get(ENV_USER, "").strip():
        name = env[ENV_USER].strip()
        if any("\ud800" <= char <= "\udfff" for char in name):  # bytes that are not UTF-8
            raise ConfigError(f"{ENV_USER} is not valid UTF-8 text; set it again, or use --by")
        return name
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
