"""Shared parts of the seeded template-table tests (tests/extract/test_*_perturbations.py):
a generated document with what a person reads in it, and the one-year plan it is read as."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.extract.base import DocumentContext, context_from_text


@dataclass
class Variant:
    """A generated document, the rows a person reads in it, and what was varied."""

    text: str
    expected: set[tuple]
    description: str


def plan_2019_context(text: str) -> DocumentContext:
    """The text as a 2019/20 plan, so tables naming no year are that year's."""
    return context_from_text(text, document_id="perturbed", period_label="2019/20",
                             period_start=dt.date(2019, 4, 1), period_end=dt.date(2020, 3, 31))
