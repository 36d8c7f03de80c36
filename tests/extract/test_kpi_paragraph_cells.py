"""The YJB data summary printed with every cell as a paragraph of its own, an empty
line between paragraphs (a table saved as text, or copied from a page): the areas
across, the periods down, each indicator a sub-heading over its period rows. Every value
must be read under its area, indicator and period, cited on its own line (issue 15).

A seeded generator (invented text, never a plan's) draws the areas and their order, the
YOT family or not, the stub's heading ("Period", "Indicator" or none), one to three
indicators (one may be named by the caption alone, with no sub-heading), the period
rows' order, "%" on reoffending rates, a value not printed (a dash, "n/a", "*"), the
areas' wording, LF or CRLF line ends and whether a second empty line closes each row,
or a Word text export of the table with an empty paragraph closing every cell.
"""

from __future__ import annotations

import random

import pytest
from template_variants import (
    INDICATORS,
    Variant,
    broken_params,
    plan_2019_context,
    read_to_the_line,
)

from pipeline.extract.base import run_extractor
from pipeline.extract.kpi import DOMAIN

AREAS = [(("Darlington", "Darlington YOT", "Darlington YOS"), "yot", "darlington"),
         (("North East", "North East region"), "region", "north-east"),
         (("England",), "national", "england")]
FAMILY = (("YOT family", "YOT family average"), "family_group", None)
MARKERS = ["-", "n/a", "*"]
CASES = 60


def _variant(rng: random.Random) -> Variant:
    areas = AREAS + ([FAMILY] if rng.random() < 0.4 else [])
    if rng.random() < 0.3:
        areas = rng.sample(areas, len(areas))
    stub = rng.choice(["Period", "Indicator", ""])
    indicators = rng.sample(INDICATORS, rng.randint(1, len(INDICATORS)))
    row_gap = rng.random() < 0.3  # a second empty line after each row
    paragraphs: list[str | None] = [stub] if stub else []
    paragraphs += [rng.choice(names) for names, _, _ in areas]
    paragraphs.append(None)
    named = len(indicators) == 1 and rng.random() < 0.3  # the caption names the measure
    markers = rng.random() < 0.3  # a value not printed: a dash, "n/a", a "*"
    expected: set[tuple[str, str | None, str, float]] = set()
    used: set[float] = set()
    for heading, indicator, periods, draw in indicators:
        if not named:
            paragraphs.append(heading)
        for period in rng.sample(periods, len(periods)) if rng.random() < 0.3 else periods:
            paragraphs.append(period)
            for _, subject_type, subject_id in areas:
                if markers and rng.random() < 0.15:
                    paragraphs.append(rng.choice(MARKERS))
                    continue
                while (value := draw(rng)) in used:
                    pass
                used.add(value)
                percent = indicator == "reoffending_rate" and rng.random() < 0.4
                paragraphs.append(f"{value:g}%" if percent else f"{value:g}")
                expected.add((subject_type, subject_id, indicator, value))
            paragraphs.append(None)
    end = rng.choice(["\n", "\r\n"])
    caption = indicators[0][0] if named else rng.choice(
        ["YJB data summary", "Table 2: Performance against comparators"])
    lines = ["The service's figures are below.", "", caption, ""]
    for paragraph in paragraphs:
        if paragraph is None:
            lines += [""] if row_gap else []
        else:
            lines += [paragraph, ""]
    lines += ["Text after the table."]
    text = end.join(lines) + end
    word = rng.random() < 0.25  # a Word table exported as text: each cell a paragraph,
    if word:  # then an empty one, then the cell's end (an empty stub a cell of its own)
        cells = ([] if stub else [""]) + [p for p in paragraphs if p is not None]
        text = (f"The service's figures are below.\r\n{caption}\r\n"
                + "".join(f"{cell}\r\n\r" if cell else "\r" for cell in cells)
                + "\r\nText after the table.\r\n")
    description = (f"areas={paragraphs[:len(areas) + 1]} stub={stub!r} row_gap={row_gap} "
                   f"named={named} markers={markers} word={word} "
                   f"end={end!r} indicators={[i for _, i, _, _ in indicators]}")
    return Variant(text, expected, description)


VARIANTS = [_variant(random.Random(5000 + seed)) for seed in range(CASES)]
NOT_YET_READ: set[int] = set()


@pytest.mark.parametrize("variant", broken_params(VARIANTS, NOT_YET_READ, 5000, "not read yet"))
def test_a_data_summary_of_one_paragraph_per_cell_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["kpi_observations"].frame
    rows = [((r.subject_type, r.subject_id if isinstance(r.subject_id, str) else None,
              r.indicator, float(r.value)), int(r.source_line)) for r in frame.itertuples()
            if r.value_status == "reported"]
    read_to_the_line(context, rows, variant.expected, variant.description)
