"""The YJB data summary, printed as a Word text export in the ways real plans vary it,
must be read exactly: every value under its area and indicator, never a neighbour's.

A seeded generator (never text from a plan) draws each summary: the service, its region
and England across, with or without the YOT family; one to three indicators (first-time
entrants, custody, reoffending), each a sub-heading over two period rows; a sub-heading
printed as one merged cell (as Word prints a row merged across the table) or as a label
over empty cells; percentages with or without "%"; and "percent change" rows after each
block, which are not observations.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from template_variants import Variant, plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.kpi import DOMAIN

AREAS = [("Darlington", "yot", "darlington"), ("North East", "region", "north-east"),
         ("England", "national", "england")]
FAMILY = ("YOT family", "family_group", None)
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
CASES = 60



def _variant(rng: random.Random) -> Variant:
    areas = AREAS + ([FAMILY] if rng.random() < 0.5 else [])
    merged, changes = rng.random() < 0.5, rng.random() < 0.4
    indicators = rng.sample(INDICATORS, rng.randint(1, len(INDICATORS)))
    cells = ["", *(name for name, _, _ in areas)]
    expected: set[tuple[str, str | None, str, float]] = set()
    for heading, indicator, periods, draw in indicators:
        cells += [heading] if merged else [heading, *([""] * len(areas))]
        for period in periods:
            cells.append(period)
            for (_, subject_type, subject_id) in areas:
                value = draw(rng)
                percent = indicator == "reoffending_rate" and rng.random() < 0.3
                cells.append(f"{value:g}%" if percent else f"{value:g}")
                expected.add((subject_type, subject_id, indicator, value))
        if changes:
            cells += ["percent change from selected baseline",
                      *(f"{rng.uniform(-20, 5):.1f}%" for _ in areas)]
    caption = rng.choice(["YJB data summary", "Table 2: Performance against comparators"])
    text = caption + "\r\n" + "".join(f"{cell}\r" for cell in cells) + "\r\nText after.\r\n"
    description = (f"merged_headings={merged} family={len(areas) == 4} changes={changes} "
                   f"indicators={[i for _, i, _, _ in indicators]}")
    return Variant(text, expected, description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_data_summary_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["kpi_observations"].frame
    found = {(r.subject_type, r.subject_id if isinstance(r.subject_id, str) else None,
              r.indicator, float(r.value)) for r in frame.itertuples()}
    assert found == variant.expected, variant.description
