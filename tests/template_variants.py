"""Shared parts of the seeded template-table tests (tests/extract/test_*_perturbations.py):
a generated document with what a person reads in it, and the one-year plan it is read as."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
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


# The YJB data summary's indicators: sub-heading, indicator, two periods, a value draw.
Draw = Callable[[random.Random], float]
INDICATORS: list[tuple[str, str, list[str], Draw]] = [
    ("First Time Entrants: PNC rate per 100,000 of 10-17 population",
     "first_time_entrants_rate", ["Jan 18 - Dec 18", "Jan 17 - Dec 17"],
     lambda rng: float(rng.randint(150, 600))),
    ("Use of custody rate per 1,000 of 10-17 population", "custody_rate",
     ["Jan 18 - Dec 18", "Jan 17 - Dec 17"], lambda rng: round(rng.uniform(0.05, 1.5), 2)),
    ("Reoffending rates after 12 months: binary rate (%)", "reoffending_rate",
     ["Jul 16 - Jun 17", "Jul 15 - Jun 16"], lambda rng: round(rng.uniform(20, 50), 1)),
]
