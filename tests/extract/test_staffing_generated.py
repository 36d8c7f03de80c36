"""Invented staffing tables (tests/extract/staffing_tables.py) in every rendering text comes
in must give correct rows or none: a published workforce row whose role, contract type,
working pattern, gender, ethnicity and value are not a cell a person reads is a wrong row.
Tables left out are counted, and the share read is floored per rendering, so that a
change losing them fails.
"""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest
from renderings import RENDERINGS, TableText, spaced
from staffing_tables import LAYOUTS, Fact, Staffing
from template_variants import plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.people import DOMAIN


def spaced_blank_lines(table: TableText) -> str:
    """Columns aligned by spaces with an empty line after every row (a PDF's loose rows)."""
    lines = spaced(table).split("\n")
    return "\n".join(line for text in lines for line in ((text, "") if text else ("",)))


RENDERED = {name: RENDERINGS[name] for name in
            ("tsv", "markdown", "spaced", "one_cell_per_line", "word_export")}
RENDERED["spaced_blank_lines"] = spaced_blank_lines
SEEDS = 12
CASES = [(layout, seed) for layout in LAYOUTS for seed in range(SEEDS)]


def draw(layout: str, seed: int) -> Staffing:
    return LAYOUTS[layout](random.Random(f"staffing-{layout}-{seed}"))


def _label(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    return str(value)


def found(text: str) -> set[Fact]:
    frame = run_extractor(DOMAIN, plan_2019_context(text))["workforce"].frame
    return {(_label(r.role), _label(r.contract_type), _label(r.working_pattern),
             _label(r.gender), _label(r.ethnicity), round(float(r.value), 2))
            for r in frame.itertuples()}


@pytest.mark.parametrize(("layout", "seed"), CASES, ids=[f"{k}-{s}" for k, s in CASES])
def test_a_generated_staffing_table_gives_correct_rows_or_none(layout: str, seed: int) -> None:
    drawn = draw(layout, seed)
    for name, render in RENDERED.items():
        text = render(drawn.table)
        wrong = found(text) - drawn.expected
        assert not wrong, f"{name}: {drawn.description}\n{sorted(wrong)[:5]}\n{text}"


def recall_by(cases: list[tuple[str, int]]) -> Counter:
    """Expected and read facts per (layout, rendering)."""
    tally: Counter = Counter()
    for layout, seed in cases:
        drawn = draw(layout, seed)
        for name, render in RENDERED.items():
            rows = found(render(drawn.table)) & drawn.expected
            tally[layout, name, "expected"] += len(drawn.expected)
            tally[layout, name, "found"] += len(rows)
    return tally


# Share of the facts read per (layout, rendering) over CASES, floored just under the
# measured figure (raise when it rises; 1.0 means every table is read exactly). Losses
# left: a column printing no value under two heading lines, laid out by spaces; an empty
# cell at a row's end printed one cell per line.
FLOORS = {("contracts_down", "spaced"): 0.91, ("contracts_down", "one_cell_per_line"): 0.86,
          ("contracts_down", "spaced_blank_lines"): 0.91, ("roles_down", "spaced"): 0.96}


def test_generated_staffing_tables_are_read_at_least_as_well_as_measured() -> None:
    tally = recall_by(CASES)
    for layout in LAYOUTS:
        for name in RENDERED:
            share = tally[layout, name, "found"] / tally[layout, name, "expected"]
            assert share >= FLOORS.get((layout, name), 1.0), (layout, name, share)


# Wrong rows the sweep finds (strict: fixed means remove). None since a working-pattern
# sub-heading under a heading that cannot be read (a caption taken into the header, two
# roles in one cell) marks the header rows out of line: only totals are read (seeds 26,
# 92 and 105 were wrong before).
WRONG_YET: set[tuple[str, int]] = set()
SWEEP = [pytest.param(layout, seed, id=f"{layout}-{seed}",
                      marks=[pytest.mark.xfail(strict=True)] if (layout, seed) in WRONG_YET
                      else [])
         for layout in LAYOUTS for seed in range(SEEDS, 10 * SEEDS)]


@pytest.mark.slow
@pytest.mark.parametrize(("layout", "seed"), SWEEP)
def test_a_wider_sweep_of_staffing_tables_gives_no_wrong_row(layout: str, seed: int) -> None:
    test_a_generated_staffing_table_gives_correct_rows_or_none(layout, seed)


if __name__ == "__main__":  # a sweep's recall per layout and rendering, for development
    import sys
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    tally = recall_by([(layout, seed) for layout in LAYOUTS for seed in range(seeds)])
    for layout in LAYOUTS:
        for name in RENDERED:
            e, f = tally[layout, name, "expected"], tally[layout, name, "found"]
            print(f"{layout:15} {name:20} {f:5}/{e:5} {f / e:.3f}")
