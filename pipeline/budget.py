"""A time budget for one document, so a pathological file cannot hold up the run.

Why an interval timer rather than a worker process per document: it costs nothing per
document (no process start, no pickling of a document's cells), needs no hooks inside
the parser or the extractors, and interrupts any Python loop, wherever it is, within
moments of the deadline. Its limits: the SIGALRM handler runs only on the main thread
(where Dagster's in-process and multiprocess executors run a step); elsewhere the
budget is checked between stages only. Code stuck inside one C call (a regular
expression) is interrupted when that call returns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DEFAULT_DOCUMENT_SECONDS = 60.0
# Once the time is up the alarm repeats at this interval until the body has stopped: an
# exception raised while Python runs a finaliser (`__del__`, a weakref callback) is
# printed and dropped, not propagated, so one alarm alone could be lost.
REPEAT_SECONDS = 0.25


class OverBudget(BaseException):
    """Raised inside a document's processing when its time is up.

    A BaseException, like KeyboardInterrupt, so that the `except Exception` that isolates
    a failing extractor does not swallow it and carry on past the deadline."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[Callable[[], None]]:
    """Raise `OverBudget` in the body once `seconds` have passed (None or 0: no budget).

    Yields a `check()` to call between stages: the only check off the main thread."""
    if not seconds or seconds <= 0:
        yield lambda: None
        return
    started = time.monotonic()

    def check() -> None:
        if time.monotonic() - started > seconds:
            raise OverBudget

    if threading.current_thread() is not threading.main_thread():
        yield check
        return
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise OverBudget

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds,
                                                         REPEAT_SECONDS)
    try:
        yield check
    finally:
        try:
            armed[0] = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler if previous_handler is not None
                          else signal.SIG_DFL)
            if previous_delay > 0:  # someone else's timer: give it back what is left
                left = previous_delay - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), previous_interval)
