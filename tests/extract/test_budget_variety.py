"""The YJB template's partner-contributions table as services really vary it (issue 15),
generated combinatorially with a bounded count (invented agencies' amounts, never a plan's):

* agency wording ("Local Authority (Children's Services)", "Office of the PCC", "NPS",
  "CCG", "YJB Good Practice Grant", "Other (please specify)", ...);
* column headings and their order ("Staff costs", "In kind", "Payments in kind – revenue",
  "Delegated funds", "Total contribution", ...), "(£)" or "£" in the headings or a "£" in
  the cells, amounts with or without commas and pence, "-", blank or "0" for nil;
* "Sub-total" rows (no agency's contribution: left out), a caption above, below or none,
  the year in the caption, in a sentence above, or not printed (the plan's own);
* transposed tables (agencies across, contribution types down) and two-year tables of
  totals ("2018/19 | 2019/20");
* every rendering (tab-separated, markdown pipes, loose pipes, columns aligned by spaces,
  one cell per line, a Word export with its cell ends, HTML).

Every amount a person reads is published with its agency, type and year on the line that
prints it; none is published wrongly. A zero is no contribution either way, so it is not
compared.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from renderings import AFTER, BEFORE, MERGED, RENDERINGS, TableText
from template_variants import DistinctHundreds, Variant, plan_2019_context, printed_lines

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN, NO_FINANCIAL_YEAR

# (printed label, agency): one wording per agency in a table
AGENCY_WORDINGS: dict[str, tuple[str, ...]] = {
    "local_authority": ("Local Authority", "Local Authority (Children's Services)", "Council",
                        "City Council"),
    "police": ("Police", "Police Service"),
    "police_and_crime_commissioner": ("Police and Crime Commissioner", "PCC",
                                      "Office of the PCC"),
    "probation": ("National Probation Service", "Probation", "NPS"),
    "health": ("Health", "Health Service", "CCG", "NHS", "Public Health"),
    "welsh_government": ("Welsh Government",),
    "youth_justice_board": ("YJB", "YJB Good Practice Grant", "Youth Justice Board"),
    "other": ("Other", "Other (please specify)"),
}
TYPE_WORDINGS: dict[str, tuple[str, ...]] = {
    "staffing_costs": ("Staffing costs", "Staff costs", "Salaries"),
    "payments_in_kind": ("Payments in kind", "In kind", "Payments in kind – revenue"),
    "other_delegated_funds": ("Other delegated funds", "Other delegated budget",
                              "Delegated funds"),
}
TOTAL_WORDINGS = ("Total", "Total (£)", "Total contribution")
UNITS = ("heading_brackets", "heading_pound", "cell_pound", "none", "thousands")
NILS = ("-", "", "0", "–", "£ -", "0.00")
NUMBER_FORMATS = ("commas", "plain", "pence", "pound_space", "accounting")
# an area's name before an agency's ("Northshire Police"), a note marker after it
AREA_PREFIXES = ("", "", "Northshire ", "Wessex ")
LABEL_MARKERS = ("", "", "", "*", "**", " (a)")
CAPTIONS = ("above", "below", "none")
YEAR_PLACES = ("caption", "sentence", "none", "label_header")
LAYOUTS = ("template", "template", "transposed", "two_year")
RENDERING_NAMES = ("tsv", "markdown", "pipes_loose", "spaced", "one_cell_per_line",
                   "word_export", "html", "tsv_double_spaced", "spaced_double_spaced")
CASES = 300
SLOW_CASES = 1500
YEAR_LABELS = {2019: ("2019/20", "2019-20"), 2020: ("2020/21", "2020-21"),
               2018: ("2018/19", "2018-19")}
# how a caption or sentence prints a financial year
YEAR_FORMS = ("{a}/{b}", "{a}-{b}", "{a}-20{b}", "{a} to 20{b}", "{a}/20{b}")


def _year_text(rng: random.Random, year: int) -> str:
    return rng.choice(YEAR_FORMS).format(a=year, b=str(year + 1)[2:])


def _double_spaced(render: Callable[[TableText], str]) -> Callable[[TableText], str]:
    """A rendering whose rows are printed with a blank line between them."""
    def printed(table: TableText) -> str:
        text = render(table)
        lines = text.split("\n")
        # a wrapped heading's two lines stay together: only a one-line header is apart
        printed_rows = table.body + (table.header if len(table.header) == 1 else ())
        rows = {row_line for row in printed_rows if (row_line := _row_line(lines, row))}
        return "\n".join(line + ("\n" if line in rows else "") for line in lines)
    return printed


def _row_line(lines: list[str], row: tuple[str, ...]) -> str | None:
    """The printed line of a table row (its first and last texts on one line)."""
    texts = [text for text in row if text]
    return next((line for line in lines if texts and texts[0] in line
                 and texts[-1] in line), None)


def _single_spaced(table: TableText) -> str:
    """Rows with their cells parted by single spaces (a text box, a borderless PDF table
    copied as text), an empty cell printing nothing."""
    text = RENDERINGS["tsv"](table)
    return "\n".join(" ".join(part for part in line.split("\t") if part) if "\t" in line
                     else line for line in text.split("\n"))


RENDER = {**RENDERINGS, "tsv_double_spaced": _double_spaced(RENDERINGS["tsv"]),
          "spaced_double_spaced": _double_spaced(RENDERINGS["spaced"]),
          "single_spaced": _single_spaced}


@dataclass
class Printer:
    """How one table prints its amounts and nil cells."""

    unit: str
    nil: str
    number: str

    def amount(self, value: int) -> str:
        text = {"commas": f"{value:,}", "plain": str(value), "pence": f"{value:,}.00",
                "pound_space": f"{value:,}", "accounting": f"{value:>10,}"}[self.number]
        if self.unit == "thousands":
            return f"{value / 1000:,.1f}"
        pound = "£ " if self.number == "pound_space" else "£"
        if self.number == "accounting":  # the sign at the cell's left, the digits right
            return f"£{text}" if self.unit == "cell_pound" else text.strip()
        return f"{pound}{text}" if self.unit == "cell_pound" else text

    def cell(self, value: int) -> str:
        return self.amount(value) if value else self.nil

    def heading(self, text: str) -> str:
        if "£" in text:  # "Total (£)": in a table of thousands, its unit is the table's
            return text.replace(" (£)", " (£000)") if self.unit == "thousands" else text
        return {"heading_brackets": f"{text} (£)", "heading_pound": f"{text} £",
                "thousands": f"{text} (£000)"}.get(self.unit, text)


def _agencies(rng: random.Random) -> list[tuple[str, str]]:
    slugs = rng.sample(sorted(AGENCY_WORDINGS), rng.randint(3, 6))
    if "other" in slugs:  # the template prints "Other" last
        slugs.remove("other")
        slugs.append("other")
    prefix, marker = rng.choice(AREA_PREFIXES), rng.choice(LABEL_MARKERS)
    return [(_agency_label(rng.choice(AGENCY_WORDINGS[slug]), slug, prefix, marker), slug)
            for slug in slugs]


def _agency_label(wording: str, slug: str, prefix: str, marker: str) -> str:
    """The wording with the area's name before a local agency's, a note marker after."""
    local = slug in ("local_authority", "police", "health", "police_and_crime_commissioner")
    named = f"{prefix}{wording}" if local and wording[0].isupper() and not \
        wording.startswith(("Office", "Local", "Public")) else wording
    return f"{named}{marker}" if slug != "other" else named


def _caption(rng: random.Random, year: int | None, words: str) -> str:
    label = f" {_year_text(rng, year)}" if year else ""
    return rng.choice([f"Table 2: {words}{label}", f"{words}{label}",
                       f"{words} for{label}" if label else words])


NOTE_TEXTS = ("Seconded officer", "Includes accommodation", "", "Two posts", "See note")


def _marked_amount(rng: random.Random, body: tuple) -> tuple[tuple, str]:
    """The body with a "*" after one agency's amount (a note's mark), and that amount."""
    cells = [(r, c) for r, row in enumerate(body) for c, text in enumerate(row)
             if c and not row[0].startswith(("Total", "Grand", "Sub")) and text
             and any(ch.isdigit() for ch in text) and "%" not in text
             and text.strip("£ ,.0")]
    if not cells:
        return body, ""
    r, c = rng.choice(cells)
    rows = [list(row) for row in body]
    rows[r][c] = f"{rows[r][c]}*"
    return tuple(tuple(row) for row in rows), rows[r][c]


def _wrapped(row: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A header row printed over two lines, each heading of two or more words cut in
    half in its column (as a narrow PDF column prints it)."""
    halves = []
    for text in row:
        words = text.split()
        cut = (len(words) + 1) // 2 if len(words) > 1 else len(words)
        halves.append((" ".join(words[:cut]), " ".join(words[cut:])))
    return tuple(a for a, _ in halves), tuple(b for _, b in halves)


def _template(rng: random.Random, printer: Printer, year_slug: str
              ) -> tuple[tuple, tuple, set[tuple]]:
    """Agencies down, contribution types and a total across (the total first or last, a
    share column "% of total" beside it, never an amount); sub-total rows."""
    types = rng.sample(sorted(TYPE_WORDINGS), rng.randint(1, 3))
    total_at = rng.choice(["last", "last", "first", "none"]) if len(types) > 1 else "last"
    kinds = [*types, "total"] if total_at == "last" else (
        ["total", *types] if total_at == "first" else types)
    share = rng.random() < 0.15
    header = [rng.choice(["Agency", "Partner", "", "Contributor", "Partner agency",
                          "Source of funding"])]
    header += [printer.heading(rng.choice(TOTAL_WORDINGS) if kind == "total"
                               else rng.choice(TYPE_WORDINGS[kind])) for kind in kinds]
    header += ["% of total"] if share else []
    draw = DistinctHundreds(rng, 10, 9000)
    agencies = _agencies(rng)
    subtotal_after = rng.randint(2, len(agencies) - 1) if rng.random() < 0.3 else None
    rows: list[tuple[str, str | None, dict[str, int]]] = []  # label, agency, amounts
    running: dict[str, int] = dict.fromkeys(["total", *types], 0)
    for index, (label, slug) in enumerate(agencies):
        values = {kind: draw() if rng.random() < 0.75 else 0 for kind in types}
        if not any(values.values()):
            values[types[0]] = draw()
        values["total"] = sum(values.values())
        rows.append((label, slug, values))
        running = {kind: running[kind] + values[kind] for kind in running}
        if subtotal_after == index + 1:
            rows.append((rng.choice(["Sub-total", "Sub total", "Subtotal"]), None, running))
            running = dict.fromkeys(running, 0)
    if rng.random() < 0.8:
        grand = {kind: sum(v[kind] for _, slug, v in rows if slug) for kind in running}
        rows.append((rng.choice(["Total", "Total contributions", "Grand total"]), "total",
                     grand))
    grand_total = sum(v["total"] for _, slug, v in rows if slug and slug != "total")
    expected: set[tuple] = set()
    body = []
    for label, slug, values in rows:
        cells = [printer.cell(values[kind]) for kind in kinds]
        if share:
            cells.append(f"{100 * values['total'] / grand_total:.1f}%")
        body.append((label, *cells))
        if slug:
            expected |= {(slug, kind, year_slug, float(values[kind])) for kind in kinds
                         if values[kind]}
    return (tuple(header),), tuple(body), expected


def _transposed(rng: random.Random, printer: Printer, year_slug: str
                ) -> tuple[tuple, tuple, set[tuple]]:
    """Agencies across, contribution types down, a total column and a total row."""
    types = rng.sample(sorted(TYPE_WORDINGS), rng.randint(2, 3))
    agencies = _agencies(rng)[:rng.randint(3, 5)]
    header = [rng.choice(["", "Contribution", "Type"])]
    header += [label for label, _ in agencies] + [printer.heading("Total")]
    draw = DistinctHundreds(rng, 10, 9000)
    expected: set[tuple] = set()
    grid = {(slug, kind): (draw() if rng.random() < 0.8 else 0)
            for _, slug in agencies for kind in types}
    body = []
    for kind in types:
        values = [grid[slug, kind] for _, slug in agencies]
        body.append((rng.choice(TYPE_WORDINGS[kind]),
                     *(printer.cell(v) for v in [*values, sum(values)])))
        expected |= {(slug, kind, year_slug, float(v))
                     for (_, slug), v in zip(agencies, values, strict=True) if v}
        if sum(values):
            expected.add(("total", kind, year_slug, float(sum(values))))
    totals = [sum(grid[slug, kind] for kind in types) for _, slug in agencies]
    body.append(("Total", *(printer.cell(v) for v in [*totals, sum(totals)])))
    expected |= {(slug, "total", year_slug, float(v))
                 for (_, slug), v in zip(agencies, totals, strict=True) if v}
    if sum(totals):
        expected.add(("total", "total", year_slug, float(sum(totals))))
    return (tuple(header),), tuple(body), expected


def _two_year(rng: random.Random, printer: Printer) -> tuple[tuple, tuple, set[tuple]]:
    """Each agency's whole contribution in each of two years, its own year per column."""
    first, second = rng.choice([(2018, 2019), (2019, 2020)])
    header = (rng.choice(["Agency", "Partner", ""]),
              *(printer.heading(YEAR_LABELS[y][0]) for y in (first, second)))
    draw = DistinctHundreds(rng, 10, 9000)
    expected: set[tuple] = set()
    body = []
    sums = [0, 0]
    for label, slug in _agencies(rng):
        values = [draw(), draw() if rng.random() < 0.85 else 0]
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        body.append((label, *(printer.cell(v) for v in values)))
        expected |= {(slug, "total", YEAR_LABELS[y][1], float(v))
                     for y, v in zip((first, second), values, strict=True) if v}
    body.append(("Total", *(printer.cell(v) for v in sums)))
    expected |= {("total", "total", YEAR_LABELS[y][1], float(v))
                 for y, v in zip((first, second), sums, strict=True) if v}
    return (header,), tuple(body), expected


def budget_variant(seed: int, rendering: str | None = None) -> Variant:
    """One generated budget table in one rendering (drawn, or the one given), with what a
    person reads in it."""
    rng = random.Random(seed)
    layout = rng.choice(LAYOUTS)
    printer = Printer(rng.choice(UNITS), rng.choice(NILS), rng.choice(NUMBER_FORMATS))
    drawn = rng.choice(RENDERING_NAMES)
    rendering = rendering or drawn
    caption_place = rng.choice(CAPTIONS)
    year_place = rng.choice(YEAR_PLACES)
    if caption_place == "none" and year_place == "caption":
        year_place = "sentence"
    if layout == "two_year":
        year_place = "none"  # the years are the columns'
    year = rng.choice([2019, 2020]) if year_place != "none" else None
    year_slug = YEAR_LABELS[year or 2019][1]
    if year_place == "label_header" and layout != "template":
        year_place, year, year_slug = "none", None, YEAR_LABELS[2019][1]
    if year_place == "label_header":  # "Agency 2020/21" over the labels
        year = rng.choice([2019, 2020])
        year_slug = YEAR_LABELS[year][1]
    if layout == "template":
        header, body, expected = _template(rng, printer, year_slug)
    elif layout == "transposed":
        header, body, expected = _transposed(rng, printer, year_slug)
    else:
        header, body, expected = _two_year(rng, printer)
    words = rng.choice(["Partner contributions", "Partner contributions to the YOT budget",
                        "Youth Justice Service budget"])
    caption = (_caption(rng, year if year_place == "caption" else None, words)
               if caption_place != "none" else "")
    if year_place == "label_header":
        stub = header[0][0] or "Agency"
        header = ((f"{stub} {_year_text(rng, year)}", *header[0][1:]),)
    if rendering.startswith("spaced") and len(header) == 1 and rng.random() < 0.4:
        header = _wrapped(header[0])  # headings wrapped over two lines in their columns
    if rendering.startswith("markdown") and rng.random() < 0.5:  # bold total rows
        body = tuple(tuple(f"**{text}**" if text and row[0].startswith(("Total", "Grand"))
                           else text for text in row) for row in body)
    extras = []
    if layout == "template" and rng.random() < 0.15:  # a column of words: no amounts
        header = ((*header[0], rng.choice(["Notes", "Comments"])),
                  *((*row, "") for row in header[1:]))
        body = tuple((*row, rng.choice(NOTE_TEXTS)) for row in body)
        extras.append("notes column")
    if layout != "two_year" and rng.random() < 0.15:  # "*" on one amount, its note under
        body, marked = _marked_amount(rng, body)
        if marked:
            text_note = "* provisional figure"
            extras.append(f"marked {marked}")
    else:
        text_note = ""
    if layout == "template" and len(header) == 1 and rendering != "one_cell_per_line" \
            and rng.random() < 0.15:  # an upper heading over every money column
        upper = rng.choice(["Contribution", "Partner contributions", "£", "Budget"])
        if year_place == "none" and rng.random() < 0.5:
            year = rng.choice([2019, 2020])
            year_slug, upper = YEAR_LABELS[year][1], f"{upper} {_year_text(rng, year)}"
            expected = {(*key[:2], year_slug, key[3]) for key in expected}
        money = len(header[0]) - 1 - ("notes column" in extras)  # not over the notes
        tail = ("",) if "notes column" in extras else ()
        header = (("", upper, *([MERGED] * (money - 1)), *tail), header[0])
        extras.append(f"upper {upper!r}")
    if rng.random() < 0.1 and len(header) == 1 and year_place != "label_header" \
            and not rendering.startswith("spaced"):  # a title row merged across the table
        header = ((words, *([MERGED] * (len(header[0]) - 1))), *header)
        extras.append("title row")
    if layout == "two_year" and printer.unit == "none" and caption_place == "none" \
            and "title row" not in extras:
        expected = set()  # agencies by year, nothing saying money: counts of what? left out
    table = TableText(caption, header, body, caption_below=caption_place == "below")
    text = RENDER[rendering](table)
    if text_note:
        text = text.replace(AFTER, f"{text_note}\n\n{AFTER}", 1) if AFTER in text else text
    if year_place == "sentence":
        sentence = rng.choice([
            "The partner contributions for {} are set out below.",
            "Partners contributed the following to the service's budget in {}:",
            "Budget {}"]).format(_year_text(rng, year))
        text = text.replace(BEFORE, sentence, 1)
    description = (f"seed={seed} layout={layout} rendering={rendering} extras={extras} "
                   f"printer={printer} "
                   f"caption={caption_place}:{caption!r} year={year_place}:{year} "
                   f"header={header} body={body}")
    return Variant(text, expected, description)


def _read(variant: Variant) -> tuple[set[tuple], list[str]]:
    """The non-zero rows read, and those cited on a line not printing their amount."""
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["budget_contributions"].frame
    rows = [((r.agency, r.contribution_type, r.financial_year, float(r.amount_gbp)),
             int(r.source_line)) for r in frame.itertuples() if r.amount_gbp]
    miscited = [f"{key} on line {line}" for key, line in rows
                if line not in printed_lines(context, key[-1])]
    return {key for key, _ in rows}, miscited


def _check(variant: Variant) -> None:
    read, miscited = _read(variant)
    assert not read - variant.expected, ("wrong rows", sorted(read - variant.expected),
                                         variant.description)
    assert not miscited, (miscited, variant.description)
    assert not variant.expected - read, ("missed", sorted(variant.expected - read),
                                         variant.description)


# Seeds whose tables are not yet read in full (no wrong row in any): strict, so a seed
# that starts passing must be taken off. 18: a Word export with a column of notes after
# the values and an empty stub heading; the cell rhythm reads the notes as the next row's
# first label column (the sweep finds a few more: 443, 551, 662, 691, 781; none wrong).
NOT_YET_READ: set[int] = {18}


def _params(seeds: range, not_yet: set[int]) -> list:
    return [pytest.param(seed, id=f"seed{seed}",
                         marks=pytest.mark.xfail(strict=True, reason="not yet read in full")
                         if seed in not_yet else ()) for seed in seeds]


@pytest.mark.parametrize("seed", _params(range(CASES), NOT_YET_READ))
def test_a_budget_table_of_any_variety_is_read_exactly(seed: int) -> None:
    _check(budget_variant(seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(CASES, SLOW_CASES))
def test_a_wider_sweep_of_budget_tables_reads_no_wrong_row(seed: int) -> None:
    variant = budget_variant(seed)
    read, miscited = _read(variant)
    assert not read - variant.expected, (sorted(read - variant.expected), variant.description)
    assert not miscited, (miscited, variant.description)


def test_a_column_under_a_year_heading_printed_once_is_left_out() -> None:
    """Year headings merged over two column groups and printed once each ("2019/20",
    "2020/21" over four columns): which year the later columns are is not printed, so they
    are left out and reported, never read as the plan's year."""
    text = ("Intro.\n\nPartner contributions\n\nAgency\t2019/20\t2020/21\t\n"
            "\tStaffing costs\tTotal\tStaffing costs\tTotal\n"
            "Police\t30,000\t40,000\t31,000\t41,000\nHealth\t71,000\t81,000\t72,000\t82,000\n"
            "\nAfter.\n")
    out = run_extractor(DOMAIN, plan_2019_context(text))["budget_contributions"]
    assert out.frame.empty
    assert any(issue.code == NO_FINANCIAL_YEAR for issue in out.issues)


# Cells parted by single spaces, an empty cell printing nothing: a row missing a value
# cannot be placed, and headings are parted at capital letters ("Police Service" reads as
# two), so most such tables are left out; what is read must never be wrong. Strict: 52
# ("Probation Police Service YJB Total" over agencies across: one heading too many, the
# first read as the labels') is still misread, and must be taken off once it is not.
SINGLE_SPACED_CASES = 120
SINGLE_SPACED_WRONG = {52}


@pytest.mark.parametrize("seed", [
    pytest.param(seed, id=f"seed{seed}", marks=pytest.mark.xfail(
        strict=True, reason="headings parted at capitals") if seed in SINGLE_SPACED_WRONG
        else ()) for seed in range(SINGLE_SPACED_CASES)])
def test_a_single_spaced_budget_reads_no_wrong_row(seed: int) -> None:
    variant = budget_variant(seed, "single_spaced")
    read, miscited = _read(variant)
    assert not read - variant.expected, (sorted(read - variant.expected), variant.description)
    assert not miscited, (miscited, variant.description)
