"""Template tables printed as `pdftotext -layout` prints a PDF (columns aligned by runs of
spaces, empty cells printed as nothing) must be read exactly: every amount with its agency
and type, every rate with its area and period.

A seeded generator (never text from a plan) lays each table out on a character grid:
column widths, numbers aligned right or left, headings wrapped over two lines ("Staffing"
over "costs"), headings wider than their numbers, an agency name wrapped onto a line of
its own, an empty line between some rows, empty cells, and the caption above.
"""

from __future__ import annotations

import random

import pytest
from template_variants import Variant, plan_2019_context

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.budgets import DOMAIN as BUDGETS
from pipeline.extract.kpi import DOMAIN as KPI

AGENCIES = [("Police", "police"), ("National Probation Service", "probation"),
            ("Health", "health"), ("Local Authority", "local_authority"),
            ("Youth Justice Board", "youth_justice_board")]
TYPES = [(("Staffing", "costs"), "staffing_costs"), (("Payments in", "kind"), "payments_in_kind"),
         (("Other delegated", "funds"), "other_delegated_funds"), (("Total", ""), "total")]
AREAS = [("Wigan", "yot", "wigan"), ("North West", "region", "north-west"),
         ("England", "national", "england")]
PERIODS = ["2016/17", "2017/18", "2018/19"]
CASES = 40


def _line(cells: list[tuple[str, int, int, bool]]) -> str:
    """Cells (text, column start, width, right-aligned) on one line of spaces."""
    line = ""
    for text, start, width, right in cells:
        placed = text.rjust(width) if right else text.ljust(width)
        line = line.ljust(start) + placed
    return line.rstrip()


def _grid(rng: random.Random, stub: str, headings: list[tuple[str, str]],
          rows: list[tuple[str, list[str]]], wrap_label: str | None = None) -> list[str]:
    """The table's lines: stub column, then one column per heading."""
    label_width = max(len(stub), *(len(label) for label, _ in rows)) + rng.randint(2, 6)
    if wrap_label:
        label_width = max(len(stub), *(len(label) for label, _ in rows
                                       if label != wrap_label),
                          len(wrap_label.split()[0]) + 1) + rng.randint(2, 6)
    right = rng.random() < 0.7
    starts, widths, position = [], [], label_width
    for column, (top, bottom) in enumerate(headings):
        values = [values[column] for _, values in rows]
        width = max(len(v) for v in values) + rng.randint(0, 3)
        heading = max(len(top), len(bottom))
        start = position + rng.randint(2, 5)
        starts.append(start)
        widths.append(max(width, heading) if rng.random() < 0.5 else width)
        position = start + max(widths[-1], heading)
    two_lines = any(bottom for _, bottom in headings)
    top = [(stub, 0, len(stub), False)] + [(t, s, w, False) for (t, _), s, w
                                           in zip(headings, starts, widths, strict=True)]
    lines = [_line(top)]
    if two_lines:
        lines.append(_line([(b, s, w, False) for (_, b), s, w
                            in zip(headings, starts, widths, strict=True) if b]))
    for label, values in rows:
        first, rest = label, None
        if label == wrap_label:
            words = label.split()
            first, rest = " ".join(words[:-1]), words[-1]
        lines.append(_line([(first, 0, label_width, False)] + [
            (value, s, w, right) for value, s, w in zip(values, starts, widths, strict=True)
            if value]))
        if rest:
            lines.append(rest)
        if rng.random() < 0.15:
            lines.append("")
    return [" " + line if line else line for line in lines]


def _budget(rng: random.Random) -> Variant:
    agencies = rng.sample(AGENCIES, rng.randint(3, len(AGENCIES)))
    expected: set[tuple] = set()
    rows = []
    for label, slug in agencies:
        amounts = [rng.choice([0, rng.randint(1, 900) * 1000]) for _ in TYPES[:-1]]
        amounts.append(sum(amounts) or rng.randint(1, 900) * 1000)
        if not any(amounts[:-1]):
            amounts[0] = amounts[-1]
        rows.append((label, [f"{a:,}" if a else "" for a in amounts]))
        expected |= {(slug, kind, float(a)) for (_, kind), a in zip(TYPES, amounts, strict=True)
                     if a}
    wrap = next((label for label, _ in rows if len(label.split()) > 2), None)
    wrap = wrap if rng.random() < 0.5 else None
    lines = _grid(rng, rng.choice(["Agency", "Partner"]), [h for h, _ in TYPES], rows, wrap)
    text = "\n".join(["Table 2: Partner contributions to the YOT budget 2019/20", "", *lines,
                      "", "The partnership also gives time in kind."]) + "\n"
    return Variant(text, expected, f"wrapped={wrap} lines={lines[:3]}")


def _kpi(rng: random.Random) -> Variant:
    expected: set[tuple] = set()
    rows = []
    for period in PERIODS:
        rates = [round(rng.uniform(150, 450), 1) for _ in AREAS]
        rows.append((period, [f"{r:.1f}" for r in rates]))
        expected |= {(subject_id, period, rate) for (_, _, subject_id), rate
                     in zip(AREAS, rates, strict=True)}
    lines = _grid(rng, "Year", [(name, "") for name, _, _ in AREAS], rows)
    text = "\n".join(["First time entrants, rate per 100,000 of the 10-17 population", "",
                      *lines, ""]) + "\n"
    return Variant(text, expected, f"lines={lines[:2]}")


BUDGETS_VARIANTS = [_budget(random.Random(seed)) for seed in range(CASES)]
KPI_VARIANTS = [_kpi(random.Random(1000 + seed)) for seed in range(CASES // 2)]


@pytest.mark.parametrize("variant", BUDGETS_VARIANTS, ids=[f"seed{n}" for n in range(CASES)])
def test_a_budget_laid_out_by_spaces_is_read_exactly(variant: Variant) -> None:
    frame = run_extractor(BUDGETS, plan_2019_context(variant.text))["budget_contributions"].frame
    found = {(r.agency, r.contribution_type, float(r.amount_gbp)) for r in frame.itertuples()
             if r.agency != "total"}
    assert found == variant.expected, variant.description


@pytest.mark.parametrize("variant", KPI_VARIANTS, ids=[f"seed{n}" for n in range(CASES // 2)])
def test_a_rate_series_laid_out_by_spaces_is_read_exactly(variant: Variant) -> None:
    context = context_from_text(variant.text, document_id="layout", yot_id="wigan")
    frame = run_extractor(KPI, context)["kpi_observations"].frame
    found = {(r.subject_id, r.period_label, float(r.value)) for r in frame.itertuples()}
    assert found == variant.expected, variant.description
