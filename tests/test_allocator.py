"""``allocator.give_back_large``: freed large blocks go back to the system (glibc only).

glibc raises its threshold for mapping a block by itself to the size of the last mapped block
freed; after that, blocks below it come from the heap and stay with the process when freed.
``mallinfo2`` counts the mapped blocks, so the test sees which way a block went.
"""

from __future__ import annotations

import ctypes
import sys

import pytest

from ptctui import allocator

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "mallinfo2"),
    reason="glibc's allocator only",
)


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost",
        )
    ]


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.mallinfo2.restype = _Mallinfo2
    return libc


def _mapped_blocks_while_holding(size: int) -> int:
    """How many blocks glibc has mapped by themselves while one of ``size`` bytes is held."""
    libc = _libc()
    before = libc.mallinfo2().hblks
    block = libc.malloc(size)
    try:
        return libc.mallinfo2().hblks - before
    finally:
        libc.free(block)


@glibc
def test_a_large_block_is_mapped_even_after_a_larger_one_was_freed() -> None:
    assert allocator.give_back_large()
    libc = _libc()
    libc.free(libc.malloc(16 * 1024 * 1024))  # would raise glibc's threshold to 16 MiB
    assert _mapped_blocks_while_holding(1024 * 1024) == 1  # a 100,000-row list's size
    assert _mapped_blocks_while_holding(1024) == 0  # small blocks stay on the heap


def test_elsewhere_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    allocator.give_back_large.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert allocator.give_back_large() is False
    finally:
        allocator.give_back_large.cache_clear()
