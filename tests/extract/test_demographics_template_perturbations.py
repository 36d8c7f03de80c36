"""A plan's table of the children it works with by ethnicity, gender or age, printed as a
Word text export in the ways plans vary it, must be read exactly: every count under its
category (and year, when the columns are years).

A seeded generator (never text from a plan) draws each table: the dimension and its
category labels ("10 - 14 years"), the columns ("Number", "Number | %", "No. | Percentage",
two years), the count and share in one cell ("74 (60%)"), the stub header printed or
empty, a Total row or not, two rows only (a gender table) or more, and a caption naming
the children in one of several ways ("supervised by", "on the caseload", "open to").
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, plan_2019_context
from word_export import word_export

from pipeline.extract.base import run_extractor
from pipeline.extract.people import DOMAIN

DIMENSIONS = {
    "Ethnicity": [("White", "white"), ("Black or Black British", "black"),
                  ("Asian or Asian British", "asian"), ("Mixed", "mixed"), ("Other", "other"),
                  ("Not known", "unknown")],
    "Gender": [("Male", "male"), ("Female", "female")],
    "Age": [("10-14", "10-14"), ("15-17", "15-17")],
    "Age group": [("10 - 14 years", "10-14"), ("15 - 17 years", "15-17")],
}
COLUMNS = [["Number"], ["Number", "%"], ["No.", "Percentage"], ["2017/18", "2018/19"]]
SHARES = ("%", "Percentage")
CAPTIONS = ["{dimension} of children supervised by the YOT in 2018/19",
            "Table 5: {dimension} of young people on the caseload (2018/19)",
            "{dimension} profile of young people open to the service"]
CASES = 60


def _cell(count: int, total: int, share_in_cell: bool) -> str:
    return f"{count} ({round(100 * count / total)}%)" if share_in_cell else str(count)


def _variant(rng: random.Random) -> Variant:
    dimension = rng.choice(list(DIMENSIONS))
    categories = DIMENSIONS[dimension]
    columns = rng.choice(COLUMNS)
    share_in_cell = columns == ["Number"] and rng.random() < 0.5
    stub = rng.choice([dimension, ""])
    caption = rng.choice(CAPTIONS).format(dimension=dimension)
    caption_year = "2018/19" if "2018/19" in caption else None
    counts = [[rng.randint(1, 400) for _ in categories] for _ in columns]
    cells = [stub, *columns]
    expected: set[tuple] = set()
    for row, (label, category) in enumerate(categories):
        cells.append(label)
        for column, heading in enumerate(columns):
            if heading in SHARES:
                cells.append(f"{round(100 * counts[0][row] / sum(counts[0]), 1)}%")
                continue
            count = counts[column][row]
            cells.append(_cell(count, sum(counts[column]), share_in_cell))
            period = heading if heading[0].isdigit() else caption_year
            expected.add((category, period, float(count)))
    total_row = rng.random() < 0.5
    if total_row:
        cells += ["Total", *("100%" if heading in SHARES else str(sum(counts[column]))
                             for column, heading in enumerate(columns))]
    text = word_export([caption, cells, "Text."])
    description = (f"{dimension} columns={columns} share_in_cell={share_in_cell} "
                   f"stub={stub!r} total_row={total_row} caption={caption!r}")
    return Variant(text, expected, description)


VARIANTS = [_variant(random.Random(seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_perturbed_children_distribution_is_read_exactly(variant: Variant) -> None:
    frame = run_extractor(DOMAIN, plan_2019_context(variant.text))["demographics"].frame
    found = {(r.category, r.period_label if isinstance(r.period_label, str) else None,
              float(r.value))
             for r in frame.itertuples() if r.unit == "count" and r.category != "all"}
    assert found == variant.expected, variant.description
