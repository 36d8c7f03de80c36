"""Memory given back to the system between steps (issue 19: 5,000 documents in 2 GiB).

`yjdata build` runs every step in one process. What a step frees stays with the process:
glibc keeps freed chunks (and the arenas of threads) for reuse, Arrow's allocator
(mimalloc) keeps its pages, and reference cycles wait for the collector. So the process's
resident size after a step was about the largest any step had reached, and the next
step's own peak came on top of it. Calling `release_memory` when a step starts (the IO
manager does, once per step, before loading its inputs) hands that back, so each step's
peak is about its own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache

import pyarrow as pa


@cache
def _malloc_trim() -> object | None:
    """glibc's `malloc_trim`, or None where the C library has none (macOS, musl)."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def release_memory() -> None:
    """Collect unreachable cycles, then return free memory of Arrow's pool and of the C
    heap to the system. Nothing alive is touched: only what is already free is returned."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]


_last_step: list[tuple[str, str]] = []


def release_once_per_step(run_id: str, step_key: str) -> None:
    """`release_memory` when a step other than the last one asks: a step loads several
    inputs, and a process runs its steps one after another."""
    if _last_step == [(run_id, step_key)]:
        return
    _last_step[:] = [(run_id, step_key)]
    release_memory()
