"""Terminal progress for `yjdata`: one line per finished step, plus the assets' own notes.

Dagster's console logger prints every framework event; a person running a build
wants to see what is being done and how far it has got.
"""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg

_STEP_EVENTS = {"STEP_SUCCESS": "done", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}


class ProgressHandler(logging.Handler):
    """Writes compact progress lines to stderr."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        elapsed = f"{time.monotonic() - self.started:6.1f}s"
        if event is not None:
            verdict = _STEP_EVENTS.get(event.event_type_value)
            if verdict:
                print(f"  {elapsed}  {verdict:7} {step}", file=sys.stderr, flush=True)
            return
        if record.levelno >= logging.INFO:
            message = meta.get("orig_message") or record.getMessage()
            print(f"  {elapsed}  {'':7} {step}: {message}", file=sys.stderr, flush=True)


@dg.logger(description="Compact progress lines for the terminal.")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("yjdata.progress")
    logger.setLevel(logging.DEBUG)
    logger.handlers = [ProgressHandler()]
    logger.propagate = False
    return logger
