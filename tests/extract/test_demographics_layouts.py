"""The children a service works with by age, gender or ethnicity (issue 15), generated
by tests/demographics_layouts.py in every rendering of tests/renderings.py (invented text,
never a plan's): categories down under counts, shares or years, the share in the count's
cell, the categories across for the service and the national average, dimensions in turn.

Per seed: no wrong row (every seed), and every value read (strict expected failures for
the seeds not read yet, each with its reason). Over all seeds: the right cells never fall
under the recorded floor. Totals (category `all`) are not compared.
"""

from __future__ import annotations

import functools

import pytest
from demographics_layouts import DEMOGRAPHIC_LAYOUTS, demographics_variant, spans
from layout_cases import layout_cases, print_report, seed_params, tally
from template_variants import plan_2019_context, printed_lines

from pipeline.extract.base import run_extractor
from pipeline.extract.people import DOMAIN

SEEDS_PER_CASE = 3
FIRST_SEED = 60000
# Right cells over every seed (measured; raise it when more are read, never lower it).
RIGHT_CELLS_FLOOR = 1262  # before the year-over-measure rule: 966 right, 0 wrong, 296 missed


CASES = layout_cases(DEMOGRAPHIC_LAYOUTS, FIRST_SEED, SEEDS_PER_CASE, spans)
# Seeds whose values are not all read yet (none publishes a wrong row), by reason:
NOT_YET_READ: dict[int, str] = {}


def _period(value: object) -> str | None:
    return value if isinstance(value, str) else None


@functools.cache
def _read(seed: int, layout: str, rendering: str) -> tuple[frozenset, frozenset, tuple]:
    """The rows read as the variant's keys (totals aside), what a person reads, and the
    rows cited on a line not printing them."""
    variant = demographics_variant(seed, layout, rendering)
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["demographics"].frame
    rows = [((r.subject_type, r.dimension, r.category, r.unit, _period(r.period_label),
              float(r.value)), int(r.source_line))
            for r in frame.itertuples() if r.category != "all"]
    miscited = tuple(f"{key} on line {line}" for key, line in rows
                     if line not in printed_lines(context, key[-1]))
    return frozenset(key for key, _ in rows), frozenset(variant.expected), miscited


def _description(seed: int, layout: str, rendering: str) -> str:
    return demographics_variant(seed, layout, rendering).description


@pytest.mark.parametrize(("seed", "layout", "rendering"), seed_params(CASES, {}))
def test_no_value_of_a_demographics_layout_is_published_wrong(seed: int, layout: str,
                                                              rendering: str) -> None:
    read, expected, miscited = _read(seed, layout, rendering)
    assert not read - expected, (sorted(read - expected),
                                 _description(seed, layout, rendering))
    assert not miscited, (miscited, _description(seed, layout, rendering))


@pytest.mark.parametrize(("seed", "layout", "rendering"), seed_params(CASES, NOT_YET_READ))
def test_every_value_of_a_demographics_layout_is_read(seed: int, layout: str,
                                                      rendering: str) -> None:
    read, expected, _ = _read(seed, layout, rendering)
    assert expected <= read, (sorted(expected - read), _description(seed, layout, rendering))


def measure() -> dict[str, int]:
    """Right, wrong and missed cells over every seed."""
    return tally(CASES, _read)


def test_right_cells_stay_over_the_floor() -> None:
    counts = measure()
    assert counts["wrong"] == 0, counts
    assert counts["right"] >= RIGHT_CELLS_FLOOR, counts


if __name__ == "__main__":  # PYTHONPATH=tests python tests/extract/test_demographics_layouts.py
    print_report(CASES, _read)
