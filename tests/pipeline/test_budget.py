"""The per-document time budget: a pathological document is stopped wherever it is and
rejected with a reason; the time of anyone else's timer is left alone."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from pathlib import Path

import pytest

from pipeline.budget import OverBudget, time_budget
from pipeline.extract.document import process_document
from pipeline.ingest.sources import Rejection, SourceFile
from pipeline.reference.areas import AreaResolver


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_the_budget_stops_a_loop_even_inside_code_that_catches_every_exception() -> None:
    started = time.monotonic()
    with pytest.raises(OverBudget), time_budget(0.3):
        try:  # what extract_rows does to isolate a failing extractor
            _spin(30)
        except Exception:  # what the budget must get past
            pytest.fail("OverBudget must not be an Exception")
    assert time.monotonic() - started < 5


def test_an_alarm_lost_in_a_finaliser_is_raised_again() -> None:
    started = time.monotonic()
    with pytest.raises(OverBudget), time_budget(0.2):
        with contextlib.suppress(OverBudget):  # dropped, as Python drops one from `__del__`
            _spin(10)
        _spin(30)
    assert time.monotonic() - started < 5


def test_a_body_within_budget_runs_and_another_timer_is_given_back() -> None:
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with time_budget(10) as check:
            check()
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 1.0
        _spin(1.5)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_off_the_main_thread_the_budget_is_checked_between_stages() -> None:
    outcome = []

    def work() -> None:
        with time_budget(0.1) as check:
            _spin(0.3)
            try:
                check()
            except OverBudget:
                outcome.append("over")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["over"]


def test_a_document_over_its_budget_is_rejected_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "tables.txt"
    path.write_text("Rochdale Youth Justice Plan 2020/21\n\n" + "".join(
        f"Staff\nRole\tFTE\nYOT officer\t{i % 97}\n\n" for i in range(5_000)), "utf-8")
    started = time.monotonic()
    result = process_document("tables", SourceFile(path, "tables"), None,
                              AreaResolver.default(), 10**8, max_seconds=0.5)
    assert time.monotonic() - started < 10
    assert isinstance(result.outcome, Rejection)
    assert result.outcome.reason == ("not processed within the time budget of 0.5 s for one "
                                     "document (raise max_document_seconds if it is genuine)")
    assert result.outcome.size_bytes == path.stat().st_size and result.outcome.sha256
