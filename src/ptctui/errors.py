"""The errors a user can cause, and the one line each becomes.

Every module raises its own error class for input it refuses (``StoreError``,
``WorkflowError``, ``DeadlineError``, ``DateError``, ``DatabaseError``, ``ExportError``,
``ImportFileError``, ``ConfigError``); each derives from :class:`UserError` here, at the bottom of
the house, so that the command line and the app turn any of them into the same one line with
:func:`user_message`, without either having to know the list.

What does not live here: the messages themselves (each module words its own), and what the
command line or the app does with the line (``error:`` on stderr and status 1, or a toast).
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user asked for that cannot be done; ``str()`` is meant for the user.

    Each subclass also derives from the built-in error it always was (``ValueError``,
    ``RuntimeError``), so code that catches those keeps working.
    """


def user_errors() -> tuple[type[BaseException], ...]:
    """What ``except`` catches to show one line: user errors, and the database's own errors
    (a locked file, a lost server), which are the user's to fix too.

    A function, so that SQLAlchemy is imported only when a command opens a database (``--help``
    does not pay for it).
    """
    from sqlalchemy.exc import SQLAlchemyError

    return (UserError, SQLAlchemyError)


def user_message(error: BaseException) -> str | None:
    """The one-line message for an error a user can cause, or ``None`` for a real bug."""
    if isinstance(error, UserError):
        return " ".join(str(error).split())
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(error, SQLAlchemyError):
        detail = str(getattr(error, "orig", None) or error).splitlines()
        return f"database: {detail[0] if detail else type(error).__name__}"
    return None
