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

import pytest
from template_variants import INDICATORS, Variant, plan_2019_context
from word_export import word_export

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.kpi import DOMAIN

AREAS = [("Darlington", "yot", "darlington"), ("North East", "region", "north-east"),
         ("England", "national", "england")]
FAMILY = ("YOT family", "family_group", None)
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
    text = word_export([caption, cells, "Text after."])
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


# -- the data summary pasted as a spreadsheet object ------------------------------------
# Word exports a pasted spreadsheet with each row's label AFTER its values: one value per
# cell (with or without empty spacer cells between), or each area's cell stacking the
# block's periods as paragraphs, the stacked period labels after them.

PASTED_AREAS = [("Darlington", "yot", "darlington"), ("North East", "region", "north-east"),
                ("PCC", "pcc_area", "pcc-durham"), ("YOT family*", "family_group", None),
                ("YOT comparison", "comparator_group", None),
                ("England & Wales", "national", "england-and-wales"),
                ("England", "national", "england")]
PCC_LABELS = ["Durham PCC area", "Durham (PCC area)", "Durham"]
PASTED_CASES = 100


def _pasted_header(rng: random.Random, labels: list[str]) -> str:
    """The area header: one tab-separated line (maybe with a stub label), or a cell per
    area after a stub cell (empty, or a label); maybe with a last label heading the
    column of period labels."""
    last = [rng.choice(["Period", "Date"])] if rng.random() < 0.3 else []
    if rng.random() < 0.5:
        stub = rng.choice(["Indicator"] if last else ["", "Draft v 1-2"])
        return "\t" + "\t".join([stub, *labels, *last] if stub else labels) + "\r\n"
    return rng.choice(["", "Indicator"]) + "\r" + "".join(
        f"{label}\r" for label in [*labels, *last])


def _pasted_variant(rng: random.Random) -> Variant:
    picked = sorted(rng.sample(range(1, len(PASTED_AREAS)), rng.randint(2, 6)))
    areas = [PASTED_AREAS[0], *(PASTED_AREAS[i] for i in picked)]
    stacked, spacers, changes = (rng.random() < 0.5 for _ in range(3))
    pcc_label, pcc_said = rng.choice(PCC_LABELS), rng.random() < 0.5
    cut = rng.random() < 0.5  # "England &" with "Wales" lost to the wrapped header
    labels = [pcc_label if name == "PCC" else "England &" if cut and name.endswith("Wales")
              else name for name, _, _ in areas]
    unread = {"pcc_area"} if pcc_label == "Durham" and not pcc_said else set()
    indicators = rng.sample(INDICATORS, rng.randint(1, len(INDICATORS)))
    text = "YJB data summary\r\n" + ("Comparison with the PCC area and England\r\n"
                                     if pcc_said else "")
    heading_first = rng.random() < 0.3  # the first sub-heading printed above the header
    if heading_first:
        text += f"{indicators[0][0]}\r"
    text += _pasted_header(rng, labels)
    expected: set[tuple[str, str | None, str, float]] = set()
    headed_labels = stacked and not heading_first and rng.random() < 0.3
    for number, (heading, indicator, periods, draw) in enumerate(indicators):
        if (number or not heading_first) and not headed_labels:
            text += f"{heading}\r"
        values = [[draw(rng) for _ in areas] for _ in periods]
        for row in values:
            expected |= {(subject_type, subject_id, indicator, value)
                         for (_, subject_type, subject_id), value in zip(areas, row, strict=True)
                         if subject_type not in unread}
        shown = [[f"{v:g}%" if indicator == "reoffending_rate" and rng.random() < 0.3
                  else f"{v:g}" for v in row] for row in values]
        spacer = "\r" if spacers else ""
        moves = [f"{rng.uniform(-20, 5):.1f}%" for _ in areas] if changes else []
        third = bool(moves) and stacked and rng.random() < 0.5  # a third stacked paragraph
        if stacked:
            extra = [moves] if third else []
            for column in range(len(areas)):
                text += "\r\n".join(row[column] for row in [*shown, *extra]) + "\r" + spacer
            names = [*([heading] if headed_labels else []), *periods,
                     *(["percent change"] if third else [])]
            text += ("\r\n" if rng.random() < 0.5 or headed_labels else "\r").join(
                names) + "\r"  # the block's sub-heading in the cell of its labels
        else:
            for row, period in zip(shown, periods, strict=True):
                text += "".join(f"{value}\r{spacer}" for value in row)
                text += f"{period}\r\n\r\n" if rng.random() < 0.5 else f"{period}\r"
        if moves and stacked and not third:
            text += "percent change from selected baseline\r" + "".join(
                f"{move}\r" for move in moves)
        elif moves and not stacked:
            text += f"percent change from selected baseline\t{moves[0]}\r" + "".join(
                f"{move}\r" for move in moves[1:])
    text += "\r\nText after.\r\n"
    description = (f"stacked={stacked} spacers={spacers} changes={changes} pcc={pcc_label!r} "
                   f"said={pcc_said} cut={cut} heading_first={heading_first} "
                   f"headed={headed_labels} "
                   f"areas={labels} indicators={[i for _, i, _, _ in indicators]}")
    return Variant(text, expected, description)


PASTED = [_pasted_variant(random.Random(1000 + seed)) for seed in range(PASTED_CASES)]


@pytest.mark.parametrize("variant", PASTED, ids=[f"seed{n}" for n in range(PASTED_CASES)])
def test_a_pasted_spreadsheet_summary_is_read_exactly(variant: Variant) -> None:
    """Rows whose labels follow their values: every value under its area, indicator and
    period row, the change rows never read as values."""
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["kpi_observations"].frame
    found = {(r.subject_type, r.subject_id if isinstance(r.subject_id, str) else None,
              r.indicator, float(r.value)) for r in frame.itertuples()}
    assert found == variant.expected, variant.description


@pytest.mark.parametrize("said", [True, False])
def test_a_county_service_printed_again_is_its_pcc_area(said: bool) -> None:
    """A county service's PCC area has its name: the second "Surrey" column is the PCC
    area when "PCC" is printed (here in a second header row), else left out."""
    lower = "\rYOT\rRegion\rPCC area\rNational\r" if said else ""
    text = ("Data summary\r\n\rSurrey\rSouth East\rSurrey\rEngland\r" + lower
            + "Use of custody rate per 1,000 of 10-17 population\r"
            + "0.21\r\n0.25\r0.19\r\n0.22\r0.20\r\n0.24\r0.32\r\n0.41\r"
            + "Oct 17 - Sep 18\r\nOct 16 - Sep 17\r\r\nText after.\r\n")
    context = context_from_text(text, document_id="county", yot_id="surrey")
    frame = run_extractor(DOMAIN, context)["kpi_observations"].frame
    found = {(r.subject_type, r.subject_id, float(r.value)) for r in frame.itertuples()}
    pcc = {("pcc_area", "pcc-surrey", 0.20), ("pcc_area", "pcc-surrey", 0.24)}
    assert found == {("yot", "surrey", 0.21), ("yot", "surrey", 0.25),
                     ("region", "south-east", 0.19), ("region", "south-east", 0.22),
                     ("national", "england", 0.32), ("national", "england", 0.41),
                     *(pcc if said else ())}


@pytest.mark.parametrize("said", [True, False])
def test_a_pcc_heading_printed_out_of_line_names_the_other_service(said: bool) -> None:
    """The data summary's upper headings printed one column out of line ("Region" over
    the neighbouring county, "PCC area" over the family group): "PCC" among the table's
    own headings says, as the text above would, that the other service's name is its
    PCC area; with no "PCC" anywhere that column is left out."""
    upper = ["", "Comparison", "YOT", "Region", "PCC area" if said else "Group", "England"]
    lower = ["Indicator", "Darlington", "North East", "Durham", "YOT family", "England"]
    rows = [["Use of custody rate per 1,000 of 10-17 population", "", "", "", "", ""],
            ["Oct 17 - Sep 18", "0.21", "0.19", "0.20", "0.23", "0.32"],
            ["Oct 16 - Sep 17", "0.25", "0.22", "0.24", "0.27", "0.41"]]
    text = word_export(["Data summary", [*upper, *lower, *(c for row in rows for c in row)],
                        "Text after."])
    context = context_from_text(text, document_id="county", yot_id="darlington")
    frame = run_extractor(DOMAIN, context)["kpi_observations"].frame
    found = {(r.subject_type, r.subject_id, float(r.value)) for r in frame.itertuples()}
    assert {("yot", "darlington", 0.21), ("region", "north-east", 0.22),
            ("national", "england", 0.41)} <= found
    durham = {row for row in found if row[2] in (0.20, 0.24)}
    assert durham == ({("pcc_area", "pcc-durham", 0.20), ("pcc_area", "pcc-durham", 0.24)}
                      if said else set())
