"""A YJB data summary laid out in Word cells that each stack two values (issue 15): the
areas across as short cells above the first block, each area's cell holding the latest
then the previous period's value, the two period labels stacked in the first column
(printed after one area's pair), a sub-heading paragraph over each block (or row labels
naming the measure, "Binary rate - Apr 16 - Mar 17 cohort") and a row of
signed changes after it. Every value must be read under its area, indicator, unit and
period, cited on its own line; the changes are never observations.

A seeded generator (invented text and numbers, never a plan's) draws the areas (two to
five), the indicators (one to four) and their order, after which pair the labels are
printed, how many empty cells part two pairs, whether a year is printed split by a tab
("Jan 1<TAB>7"), whether a block has its sub-heading, whether a stub heading follows the
areas, and how the changes are printed.
"""

from __future__ import annotations

import random

import pytest
from template_variants import (
    Variant,
    broken_params,
    kpi_observations_read,
    plan_2019_context,
    read_to_the_line,
)

from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.parse import parse_tables

SERVICE = (("Darlington", "Darlington YOT"), "yot", "darlington")
REGION = (("North East",), "region", "north-east")
FAMILY = (("YOT family", "Family average"), "family_group", None)
PCC = (("Durham PCC area",), "pcc_area", "pcc-durham")
NATION = (("England",), "national", "england")
# sub-heading, indicator, unit, two periods (printed, first day), a value draw, a row
# label wording of its own (printed before the period) or ""
INDICATORS = [
    ("First time entrants rate per 100,000 of 10-17 population", "first_time_entrants_rate",
     "per_100000", [("Oct 18 - Sep 19", "2018-10-01"), ("Oct 17 - Sep 18", "2017-10-01")],
     lambda rng: float(rng.randint(150, 900)), ""),
    ("Use of custody rate per 1,000 of 10-17 population", "custody_rate", "per_1000",
     [("Jan 18 - Dec 18", "2018-01-01"), ("Jan 17 - Dec 17", "2017-01-01")],
     lambda rng: round(rng.uniform(0.05, 1.5), 2), ""),
    ("Reoffending after 12 months", "reoffences_per_reoffender", "ratio",
     [("Jan 17 - Mar 17 cohort", "2017-01-01"), ("Jan 16 - Mar 16 cohort", "2016-01-01")],
     lambda rng: round(rng.uniform(1.5, 5.0), 2), "Reoffences per reoffender "),
    ("Reoffending after 12 months", "reoffending_rate", "percent",
     [("Apr 16 - Mar 17 cohort", "2016-04-01"), ("Apr 15 - Mar 16 cohort", "2015-04-01")],
     lambda rng: round(rng.uniform(20, 50), 1), "Binary rate - "),
]
CASES = 60
FIRST_SEED = 9100


def _areas(rng: random.Random) -> list[tuple[str, str, str | None]]:
    optional = [area for area in (REGION, FAMILY, PCC) if rng.random() < 0.6]
    areas = [SERVICE, *optional, NATION]
    return [(rng.choice(names), kind, ident) for names, kind, ident in areas]


def _split_year(label: str, rng: random.Random) -> str:
    """Word's split of a two-digit year after a month ("Jan 1<TAB>7"), sometimes."""
    if rng.random() < 0.4:
        words = label.split(" ")
        index = next((i for i, word in enumerate(words) if len(word) == 2 and word.isdigit()),
                     None)
        if index is not None:
            words[index] = f"{words[index][0]} \t{words[index][1]}"
            return " ".join(words)
    return label


def _printed(value: float, unit: str, rng: random.Random) -> str:
    return f"{value:g}%" if unit == "percent" and rng.random() < 0.7 else f"{value:g}"


def _variant(rng: random.Random) -> Variant:
    areas = _areas(rng)
    indicators = rng.sample(INDICATORS, rng.randint(1, len(INDICATORS)))
    stub = rng.random() < 0.5
    gap = rng.choice([1, 2])
    expected: set[tuple] = set()
    used: set[float] = set()
    text = "Our figures against others are below.\r\n \r\n"
    text += "".join(f"{name} \r \r" for name, _, _ in areas[:-1]) + f"{areas[-1][0]} \r"
    text += " \r \r \r\nIndicators \r\n" if stub else " \r"
    for heading, slug, unit, periods, draw, wording in indicators:
        # a block without a sub-heading of its own names its measure in its row labels
        headed = not wording or rng.random() < 0.6
        text += f"{heading} \t**Good performance is a low figure \r\n" if headed else ""
        after = rng.randrange(len(areas) - 1)  # the labels follow this area's pair
        for index, (_, kind, ident) in enumerate(areas):
            pair = []
            for period in periods:
                while (value := draw(rng)) in used:
                    pass
                used.add(value)
                expected.add((kind, ident, slug, unit, period[1], value))
                pair.append(_printed(value, unit, rng))
            text += f"{pair[0]} \r{pair[1]} \r"
            if index == after:
                first, second = (_split_year(wording + p, rng) for p, _ in periods)
                text += f" \r\n{first} (latest period) \r\n{second} \t \r"
            text += "\r" * gap if index < len(areas) - 1 else " \r"
        changes = [f"{rng.uniform(-30, 30):+.1f}%" for _ in areas]
        text += f"change from selected baseline \t \t{changes[0]} \r"
        text += "".join(f" \r\n\t{change} \r" for change in changes[1:]) + " \t \r\n"
    text += "Text after the summary.\r\n"
    description = (f"areas={[a[0] for a in areas]} indicators={[i[1] for i in indicators]} "
                   f"stub={stub} gap={gap}")
    return Variant(text, expected, description)


VARIANTS = [_variant(random.Random(FIRST_SEED + seed)) for seed in range(CASES)]


@pytest.mark.parametrize("variant", broken_params(VARIANTS, set(), FIRST_SEED))
def test_a_summary_of_stacked_pairs_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    read_to_the_line(context, kpi_observations_read(context), variant.expected,
                     variant.description)


SMALL = (
    "Table 3: performance against others\r\n \r\n"
    "Sometown \r \rEast \r \rEngland \r \r"
    "Custody rate per 1,000 of 10-17 population \r\n"
    "0.41 \r0.52 \r \r\nJan 18 - Dec 18 \r\nJan 1 \t7 - Dec 17 \t \r\r"
    "0.33 \r0.36 \r\r0.31 \r0.38 \r \r"
    "change from baseline \t-0.11 \r \r\n\t-0.03 \r \r\n\t-0.07 \r\n"
    "Text after.\r\n"
)


def test_the_pairs_make_one_table_cited_on_their_own_lines() -> None:
    """The areas head the columns, the two stacked labels head the rows (a year split by a
    tab read whole), every value cites the line printing it; the changes and the lone
    values after the block are in no table."""
    text, _ = normalise_text(SMALL)
    lines = text.split("\n")
    tables = parse_tables(text, "doc", cell_break_lines(SMALL))
    assert len(tables) == 1
    grid = [[cell.text if cell else "" for cell in row] for row in tables[0].grid()]
    assert grid[0] == ["", "Sometown", "East", "England"]
    assert grid[-2:] == [["Jan 18 - Dec 18", "0.41", "0.33", "0.31"],
                         ["Jan 17 - Dec 17", "0.52", "0.36", "0.38"]]
    for cell in tables[0].cells:
        if cell.text and cell.text[0].isdigit():
            assert lines[cell.source_line - 1].strip() == cell.text
    assert not any("0.11" in cell.text or "0.03" in cell.text for cell in tables[0].cells)


def test_lone_values_under_the_same_headings_are_no_table() -> None:
    """One value per area is no pair: with the same headings and labels around them,
    nothing is rebuilt (the same text with a second value per area is a table)."""
    def text(second: str) -> str:
        return ("Sometown \r \rEngland \r \rCustody rate per 1,000 children \r\n0.41 \r" + second +
                " \r\nJan 18 - Dec 18 \r\nJan 17 - Dec 17 \r\r0.33 \r" + second +
                " \rText after.\r\n")
    for second, count in (("", 0), ("0.52 \r", 1)):
        normal, _ = normalise_text(text(second))
        assert len(parse_tables(normal, "doc", cell_break_lines(text(second)))) == count
