"""The YJB data summary in layouts the development plans do not print (issue 15): each
indicator a small block of its own, the areas and the values as two runs of paragraphs
(text boxes exported in reading order), or a table per indicator with the periods down
and each period wrapped over two lines. Every value must be read under its area,
indicator, unit and period, cited on its own line; changes are never observations.

A seeded generator (invented text, never a plan's) draws the layout, the areas and their
wording (the service by name, "YOT", "YOS" or "Our service"; the family as "YOT family",
"Comparator group" or "Most similar"; the PCC area by its force; England or England &
Wales), one to four indicators, a change or target column ("+3.5%", "-2.1pp", "+/-0"; a
target is a rate too, never an observation of a period), values not
printed ("n/a"), thousand separators, cell separators (a tab, one space, spaces) and the
rendering (plain lines, a Word text export, tabs, pipes, columns aligned by spaces).
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
from word_export import word_export

SERVICE = (("Darlington", "Darlington YOS", "YOT", "YOS", "Our service"), "yot", "darlington")
REGION = (("North East", "North East region"), "region", "north-east")
FAMILIES = [(("YOT family", "Most similar"), "family_group", None),
            (("Comparator group",), "comparator_group", None)]
PCC = (("Durham PCC area", "Durham Police", "Durham Constabulary"), "pcc_area", "pcc-durham")
NATIONS = [(("England",), "national", "england"),
           (("England & Wales",), "national", "england-and-wales")]
# heading, indicator, unit, two periods (printed, first day), a value draw
INDICATORS = [
    ("First time entrants (rate per 100,000 of 10-17 population)", "first_time_entrants_rate",
     "per_100000", [("Jan 18 - Dec 18", "2018-01-01"), ("Jan 17 - Dec 17", "2017-01-01")],
     lambda rng: float(rng.randint(150, 1400))),
    ("Use of custody (rate per 1,000 of 10-17 population)", "custody_rate", "per_1000",
     [("Jan 18 - Dec 18", "2018-01-01"), ("Jan 17 - Dec 17", "2017-01-01")],
     lambda rng: round(rng.uniform(0.05, 1.5), 2)),
    ("Reoffending: binary rate (%)", "reoffending_rate", "percent",
     [("Apr 16 - Mar 17 cohort", "2016-04-01"), ("Apr 15 - Mar 16 cohort", "2015-04-01")],
     lambda rng: round(rng.uniform(20, 50), 1)),
    ("Reoffending: frequency rate (reoffences per reoffender)", "reoffences_per_reoffender",
     "ratio", [("Apr 16 - Mar 17 cohort", "2016-04-01"), ("Apr 15 - Mar 16 cohort", "2015-04-01")],
     lambda rng: round(rng.uniform(1.5, 5.0), 2)),
]
LAYOUTS = ("blocks", "text_boxes", "periods_down")
RENDERINGS = ("lines", "word", "tsv", "pipes", "spaced")
CASES = 120


def _areas(rng: random.Random) -> list[tuple[str, str, str | None]]:
    """The areas compared, each as printed (label, subject type, subject id)."""
    areas = [SERVICE, REGION]
    areas += [rng.choice(FAMILIES)] if rng.random() < 0.6 else []
    areas += [PCC] if rng.random() < 0.4 else []
    areas.append(rng.choice(NATIONS))
    return [(rng.choice(names), kind, ident) for names, kind, ident in areas]


def _printed(value: float, indicator: str, rng: random.Random) -> str:
    if value >= 1000 and rng.random() < 0.7:
        return f"{value:,.0f}"
    percent = indicator == "reoffending_rate" and rng.random() < 0.5
    return f"{value:g}%" if percent else f"{value:g}"


def _change(rng: random.Random) -> str:
    amount = round(rng.uniform(-9, 9), 1)
    return rng.choice([f"{amount:+.1f}%", f"{amount:+.1f}pp", "+/-0", f"{amount:+.1f}"])


class _Draw:
    """The values of one variant, each drawn once (so a value names its cell)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used, self.expected = rng, set(), set()
        self.markers = rng.random() < 0.3

    def cell(self, indicator: tuple, area: tuple, period: tuple[str, str]) -> str:
        _, name, unit, _, draw = indicator
        if self.markers and self.rng.random() < 0.1:
            return "n/a"
        while (value := draw(self.rng)) in self.used:
            pass
        self.used.add(value)
        self.expected.add((area[1], area[2], name, unit, period[1], value))
        return _printed(value, name, self.rng)


def _join(cells: list[str], separator: str, rng: random.Random) -> str:
    if separator == "mixed":
        return "".join(cell + (rng.choice(["\t", " "]) if i < len(cells) - 1 else "")
                       for i, cell in enumerate(cells))
    return separator.join(cells)


def _blocks(rng: random.Random, draw: _Draw, areas: list,
            indicators: list) -> tuple[list[str], str]:
    """Each indicator a heading paragraph naming it and its unit, then "Area value value
    change" lines, not aligned (a tab, one space or two between cells)."""
    separator = rng.choice(["\t", " ", "  ", "mixed"])
    stub = rng.choice(["Area", ""])
    last = rng.choice(["Change", "Difference", "Target"])  # never an observation
    lines: list[str] = []
    for indicator in indicators:
        periods = indicator[3]
        lines += [indicator[0], ""] if rng.random() < 0.5 else [indicator[0]]
        header = ([stub] if stub else []) + [p for p, _ in periods] + [last]
        lines.append(_join(header, separator, rng))
        for area in areas:
            values = [draw.cell(indicator, area, period) for period in periods]
            extra = _change(rng) if last != "Target" else f"{indicator[4](rng):g}"
            lines.append(_join([area[0], *values, extra], separator, rng))
        lines.append("")
    return lines, f"separator={separator!r} stub={stub!r} last={last!r}"


def _word_blocks(rng: random.Random, draw: _Draw, areas: list,
                 indicators: list) -> tuple[str, str]:
    """The indicator blocks as Word tables exported as text: the heading a paragraph, the
    block a table of cells (a lone CR after each), the stub's heading empty or "Area"."""
    stub = rng.choice(["Area", ""])
    last = rng.choice(["Change", "Difference", "Target"])
    paragraphs: list[str | list[str]] = ["The service's figures are below.", "YJB data summary"]
    for indicator in indicators:
        periods = indicator[3]
        cells = [stub, *(p for p, _ in periods), last]
        for area in areas:
            values = [draw.cell(indicator, area, period) for period in periods]
            extra = _change(rng) if last != "Target" else f"{indicator[4](rng):g}"
            cells += [area[0], *values, extra]
        paragraphs += [indicator[0], cells]
    return word_export([*paragraphs, "Text after."]), f"stub={stub!r} last={last!r}"


def _text_boxes(rng: random.Random, draw: _Draw, areas: list,
                indicators: list) -> tuple[list[str], str]:
    """Text boxes exported in reading order: the periods as a line of headings, the areas
    as paragraphs, then each period's values as paragraphs, area by area."""
    change = rng.random() < 0.4  # a box of changes after the periods' boxes
    # an empty line after each box, after every paragraph, or after none
    spacing = rng.choice(["boxes", "paragraphs", "none"])
    stub = rng.choice(["", "", "Area"])  # the labels' box headed like the periods
    def box(paragraphs: list[str]) -> list[str]:
        if spacing == "paragraphs":
            return [line for paragraph in paragraphs for line in (paragraph, "")]
        return paragraphs + ([""] if spacing == "boxes" else [])
    lines: list[str] = []
    for indicator in indicators:
        periods = indicator[3]
        headings = [p for p, _ in periods] + (["Change"] if change else [])
        lines += [indicator[0], "", "   ".join(headings), ""]
        lines += box(([stub] if stub else []) + [area[0] for area in areas])
        for period in periods:
            lines += box([draw.cell(indicator, area, period) for area in areas])
        lines += box([_change(rng) for _ in areas]) if change else []
        lines += [] if spacing == "boxes" else [""]
    return lines, f"change={change} spacing={spacing} stub={stub!r}"


def _periods_down(rng: random.Random, draw: _Draw, areas: list, indicators: list,
                  rendering: str) -> tuple[list[str] | str, str]:
    """A table per indicator: the areas across, the periods down, each period's cell
    wrapped over two lines ("Jan 17 -" / "Dec 17")."""
    lines: list[str] = []
    word: list[str | list[str]] = []
    for indicator in indicators:
        header = ["Period", *(area[0] for area in areas)]
        rows = []
        for period in indicator[3]:
            first, _, rest = period[0].partition(" - ")
            rows.append(([f"{first} -", rest], [draw.cell(indicator, area, period)
                                               for area in areas]))
        lines += [indicator[0], ""]
        word.append(indicator[0])
        if rendering == "word":
            word.append([*header, *(cell for (top, bottom), values in rows
                                    for cell in (f"{top}\r\n{bottom}", *values))])
        elif rendering == "tsv":
            lines += ["\t".join(header)]
            lines += [line for (top, bottom), values in rows
                      for line in ("\t".join([top, *values]), bottom)]
        elif rendering == "pipes":
            lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines += [line for (top, bottom), values in rows for line in (
                "| " + " | ".join([top, *values]) + " |",
                "| " + " | ".join([bottom, *[""] * len(values)]) + " |")]
        else:  # columns aligned by spaces (a period wraps inside its column's width)
            stubs = [len(text) for (top, bottom), _ in rows for text in (top, bottom)]
            width = [max(len(header[0]), *stubs)] + [max(len(area[0]), 6) for area in areas]
            cells = (text.ljust(w) for text, w in zip(header, width, strict=True))
            lines.append("   ".join(cells).rstrip())
            for (top, bottom), values in rows:
                lines.append("   ".join([top.ljust(width[0]), *(
                    value.rjust(w) for value, w in zip(values, width[1:], strict=True))]).rstrip())
                lines.append(bottom)
        lines.append("")
        word.append("")
    if rendering == "word":
        return word_export(["The service's figures are below.", *word, "Text after."]), ""
    return lines, ""


def _variant(rng: random.Random) -> Variant:
    layout = rng.choice(LAYOUTS)
    areas = _areas(rng)
    indicators = rng.sample(INDICATORS, rng.randint(1, len(INDICATORS)))
    draw = _Draw(rng)
    rendering = rng.choice(["word", "tsv", "pipes", "spaced"]) if layout == "periods_down" \
        else rng.choice(["lines", "lines", "word"]) if layout == "blocks" else "lines"
    if layout == "blocks" and rendering == "word":
        lines, detail = _word_blocks(rng, draw, areas, indicators)
    elif layout == "blocks":
        lines, detail = _blocks(rng, draw, areas, indicators)
    elif layout == "text_boxes":
        lines, detail = _text_boxes(rng, draw, areas, indicators)
    else:
        lines, detail = _periods_down(rng, draw, areas, indicators, rendering)
    if isinstance(lines, str):
        text = lines
    else:
        end = rng.choice(["\n", "\r\n"])
        text = end.join(["The service's figures are below.", "", "YJB data summary", "",
                         *lines, "Text after."]) + end
    description = (f"layout={layout} rendering={rendering} {detail} "
                   f"areas={[a[0] for a in areas]} markers={draw.markers} "
                   f"indicators={[i[1] for i in indicators]}")
    return Variant(text, draw.expected, description)


FIRST_SEED = 7000
VARIANTS = [_variant(random.Random(FIRST_SEED + seed)) for seed in range(CASES)]
NOT_YET_READ: set[int] = set()


@pytest.mark.parametrize("variant", broken_params(VARIANTS, NOT_YET_READ, FIRST_SEED,
                                                  "a heading atop the labels' box"))
def test_a_data_summary_in_an_unseen_layout_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    read_to_the_line(context, kpi_observations_read(context), variant.expected,
                     variant.description)
