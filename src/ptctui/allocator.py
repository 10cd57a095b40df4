"""How the app asks the C library's allocator to give large blocks back (glibc only).

The app's big lists (100,000 rows, a search's positions: 800 KB of pointers each, several per
keystroke) are C ``malloc`` blocks. glibc serves a block of 128 KiB or more with its own
``mmap`` and unmaps it when it is freed, but only until the first such block is freed: then it
raises that threshold to the freed block's size (up to 32 MiB), and the next large blocks come
from the heap and the worker threads' arenas. Freed there, they stay with the process (a free
block in the middle of a heap cannot be returned, and memory freed in a worker's arena is not
reused by the main thread). At 100,000 actions that was 14 MB of the app's peak.

``give_back_large()`` fixes the threshold at glibc's starting value, so large blocks are always
mapped and returned when freed (an ``mmap`` and its page faults: well under a millisecond for
the largest list a keystroke makes). Elsewhere (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import sys
from functools import cache

M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h
THRESHOLD = 128 * 1024  # glibc's default: blocks at least this large get their own mapping


@cache
def give_back_large() -> bool:
    """Keep glibc from holding on to freed large blocks (once a process); whether it took."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # only here: ctypes costs start-up time, and this runs after the first frame

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter itself runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD))
