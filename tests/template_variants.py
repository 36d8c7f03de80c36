"""Shared parts of the seeded template-table tests (tests/extract/test_*_perturbations.py):
a generated document with what a person reads in it, and the one-year plan it is read as."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from pipeline.extract.base import DocumentContext, context_from_text, number_on_line, run_extractor
from pipeline.extract.kpi import DOMAIN as KPI_DOMAIN


@dataclass
class Variant:
    """A generated document, the rows a person reads in it, and what was varied."""

    text: str
    expected: set[tuple]
    description: str
    yot_id: str = "darlington"  # the publishing service


class DistinctHundreds:
    """A draw of whole hundreds between `low` and `high` hundred (or the bounds given to
    the call) that never gives the same amount twice, so each value is printed once;
    `used` holds the amounts drawn."""

    def __init__(self, rng: random.Random, low: int, high: int) -> None:
        self.rng, self.low, self.high = rng, low, high
        self.used: set[int] = set()

    def __call__(self, low: int | None = None, high: int | None = None) -> int:
        bounds = (self.low if low is None else low, self.high if high is None else high)
        while (value := self.rng.randint(*bounds) * 100) in self.used:
            pass
        self.used.add(value)
        return value


def plan_2019_context(text: str, yot_id: str = "darlington") -> DocumentContext:
    """The text as a 2019/20 plan, so tables naming no year are that year's."""
    return context_from_text(text, document_id="perturbed", yot_id=yot_id,
                             period_label="2019/20",
                             period_start=dt.date(2019, 4, 1), period_end=dt.date(2020, 3, 31))


# -- rhythm breaks of Word-export rows (issue 15) ----------------------------------------
# A Word row that does not print exactly one cell per column: a note or a "£" as a cell of
# its own, a label split over two cells, an empty paragraph inside a cell (all of which a
# reader can undo), or an empty cell Word dropped and two cells merged into one (which
# leave its values without a column: the row must be left out, never guessed).
RHYTHM_BREAKS = ("note", "pound_cell", "split_label", "stray_paragraph", "dropped_cell",
                 "merged_cell")
NOTES = ("see note 2", "estimate", "(provisional)", "*")


def broken_row(kind: str, cells: list[str], rng: random.Random) -> tuple[list[str], bool]:
    """The row's cells (label first) printed with the rhythm break `kind`, and whether
    every value can still be placed in its column."""
    label, values = cells[0], list(cells[1:])
    filled = [i for i, value in enumerate(values) if value.strip()]
    if kind == "note":
        worded = any(re.search("[A-Za-z]", value) for value in values)
        note = rng.choice(NOTES)
        # after the last value only in brackets: a cell of words of its own between two
        # rows may as well be a heading or a label's first half (tests/parse cover it)
        last = len(values) if note.startswith("(") else len(values) - 1
        values.insert(rng.randint(1, last), note)
        # two cells of words, or a "*" (a marker a value column may print): which cell
        # is the one too many?
        return [label, *values], not worded and bool(re.search("[A-Za-z]", note))
    elif kind == "pound_cell" and (bare := [i for i in filled if values[i][:2] != "£\r"]):
        at = rng.choice(bare)
        values[at:at + 1] = ["£", values[at].lstrip("£")]
    elif kind == "split_label" and " " in label:
        words = label.split(" ")
        joining = [i for i, word in enumerate(words) if word.split()[0] in ("and", "&")]
        cut = joining[0] if joining else rng.randint(1, len(words) - 1)
        # "Police" | "and Crime Commissioner" reads as one label cut short; "Local" |
        # "Authority" may be a heading over a row "Authority": that row cannot be read
        return [" ".join(words[:cut]), " ".join(words[cut:]), *values], bool(joining)
    elif kind == "stray_paragraph":
        at = rng.randrange(len(cells))
        row = [label, *values]
        before = "\r\n" if at == 0 else rng.choice(["\r\n", "\r\n\r\n"])
        row[at] = before + row[at] if rng.random() < 0.5 else row[at] + "\r\n"
        return row, True
    elif kind == "dropped_cell" and len(filled) < len(values):
        del values[rng.choice([i for i in range(len(values)) if i not in filled])]
        return [label, *values], not filled
    elif kind == "merged_cell":
        at = rng.randrange(len(values) - 1)
        values[at:at + 2] = [values[at] if values[at].strip() else values[at + 1]]
        return [label, *values], not filled
    return [label, *values], True


def broken_rows(rows: list[list[str]], rng: random.Random,
                eligible: list[int]) -> tuple[list[list[str]], set[int], list[str]]:
    """One or two of the `eligible` rows broken: the rows as printed, the indexes of the
    rows whose values cannot be placed, and the breaks drawn (for the test's message)."""
    printed = [list(row) for row in rows]
    lost: set[int] = set()
    drawn = []
    for index in rng.sample(eligible, min(len(eligible), rng.randint(1, 2))):
        kind = rng.choice(RHYTHM_BREAKS)
        printed[index], placeable = broken_row(kind, rows[index], rng)
        drawn.append(f"{kind}@{index}")
        if not placeable:
            lost.add(index)
    return printed, lost, drawn


def broken_params(variants: list, not_yet_read: set[int], first_seed: int = 1000,
                  reason: str = "rhythm break not read yet") -> list:
    """Seeded variants as test parameters (a tuple is a case's several arguments), the
    seeds not yet read marked as strict expected failures (a seed that starts passing
    must be taken off the list)."""
    def param(variant: object, seed: int):
        values = variant if isinstance(variant, tuple) else (variant,)
        marks = pytest.mark.xfail(strict=True, reason=reason) if seed in not_yet_read else ()
        return pytest.param(*values, id=f"seed{seed}", marks=marks)
    return [param(variant, first_seed + n) for n, variant in enumerate(variants)]


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


# -- reading exactly, to the line (issue 15's generated families) -----------------------
def printed_lines(context: DocumentContext, value: float) -> set[int]:
    """The lines of the document printing `value` (as number_on_line reads a line)."""
    return {number for number, line in enumerate(context.lines, start=1)
            if number_on_line(value, line)}


def read_to_the_line(context: DocumentContext, rows: list[tuple[tuple, int]],
                     expected: set[tuple], description: str) -> None:
    """The rows read (a key ending in its value, and its source line) are exactly the
    expected keys, each cited on a line that prints its value."""
    assert {key for key, _ in rows} == expected, description
    for key, line in rows:
        assert line in printed_lines(context, key[-1]), (key, line, description)


def kpi_observations_read(context: DocumentContext) -> list[tuple[tuple, int]]:
    """The reported KPI observations of a document, each as (subject type, subject id,
    indicator, unit, first day, value) with its source line, for `read_to_the_line`."""
    frame = run_extractor(KPI_DOMAIN, context)["kpi_observations"].frame
    return [((r.subject_type, r.subject_id if isinstance(r.subject_id, str) else None,
              r.indicator, r.unit, str(r.period_start)[:10], float(r.value)), int(r.source_line))
            for r in frame.itertuples() if r.value_status == "reported"]
