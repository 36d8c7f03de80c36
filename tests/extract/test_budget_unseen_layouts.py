"""Budget layouts described for plans nobody here has (issue 15), generated in every
rendering (invented text, never a plan's):

(a) a two-year budget, the two financial years as column groups, where an amount printed
    in brackets ("(25,000)") is paid in kind when a legend by the table says so (in the
    caption, the label column's header, a line above, a note under it or a row of its
    own): the agency's whole contribution for that
    year is then its total and its payment in kind. In a column of another type (which
    type an in-kind amount is, is not printed) or with no legend (a negative amount?) the
    bracketed amount is left out and reported, never guessed;
(b) the YJB grant's spend by area of work: rows are areas of work, one amount column;
(c) an OCR text where a few amounts are damaged ("1O,5OO", "12 ,000", "£l5,000"): those
    cells are left out and reported, the rest of the table is read;
and, seen in a development plan's text, a footnote number glued to an amount
(invented here: "4,2501").
"""

from __future__ import annotations

import random

import pytest
from renderings import BEFORE, MERGED, RENDERINGS, TableText
from template_variants import (
    DistinctHundreds,
    Variant,
    broken_params,
    plan_2019_context,
    printed_lines,
    read_to_the_line,
)
from word_export import word_export

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import CELL_NOT_READ, DOMAIN, FOOTNOTE_MARKER

AGENCIES = [("Local Authority", "local_authority"), ("Police", "police"),
            ("Probation", "probation"), ("Health", "health"),
            ("Police and Crime Commissioner", "police_and_crime_commissioner"),
            ("Welsh Government", "welsh_government")]
LEGENDS = ["Figures in brackets are in-kind contributions.",
           "In kind contributions are shown in brackets.",
           "(amounts in brackets are payments in kind)",
           "( ) denotes in-kind contributions"]
YEARS = [("2018/19", "2019/20", "2018-19", "2019-20"), ("2019/20", "2020/21", "2019-20", "2020-21"),
         ("2019-20", "2020-21", "2019-20", "2020-21")]
PARTS = [("Staffing costs", "staffing_costs"), ("Other delegated funds", "other_delegated_funds")]
CASES = 60


def _two_year_variant(rng: random.Random) -> tuple[Variant, int]:
    """(a): the variant and how many bracketed amounts must be reported."""
    first, second, *slugs = rng.choice(YEARS)
    grouped = rng.random() < 0.5  # each year spans a parts-and-total group
    # one cell per line prints no spans: which columns a year heading stands over is not
    # printed, for a person either (the parser reads no wrong row there, but loses a year)
    rendering = rng.choice(sorted(set(RENDERINGS) - ({"one_cell_per_line"} if grouped
                                                      else set())))
    legend = rng.choice(["caption", "above", "below", "row", "header", "none"])
    pound = rng.choice(["", "£"])  # "(25,000)" or "(£25,000)"
    says = legend != "none"
    draw = DistinctHundreds(rng, 50, 3000)
    expected: set[tuple] = set()
    reported = 0
    body = []
    for label, slug in rng.sample(AGENCIES, rng.randint(3, len(AGENCIES))):
        in_kind = rng.random() < 0.4
        cells: list[str] = [label]
        for year in slugs:
            amount = draw()
            shown = f"({pound}{amount:,})" if in_kind else f"{pound}{amount:,}"
            if grouped:
                part = rng.randrange(len(PARTS))
                parts = ["", ""]
                parts[part] = shown
                cells += [*parts, shown]
                if in_kind:
                    reported += 1  # which type an in-kind part is, is not printed
                else:
                    expected.add((slug, PARTS[part][1], year, float(amount)))
            else:
                cells.append(shown)
            if not in_kind:
                expected.add((slug, "total", year, float(amount)))
            elif says:
                expected |= {(slug, "total", year, float(amount)),
                             (slug, "payments_in_kind", year, float(amount))}
            else:
                reported += 1
        body.append(tuple(cells))
    legend_text = rng.choice(LEGENDS)
    agency = "Agency"
    if legend == "header":
        agency = f"Agency {legend_text.rstrip('.')}"
    elif legend == "row":
        body.append((legend_text, *([""] * (len(body[0]) - 1))))
    if grouped:
        header = ((agency, first, MERGED, MERGED, second, MERGED, MERGED),
                  ("", *(name for name, _ in PARTS), "Total", *(name for name, _ in PARTS),
                   "Total"))
    else:
        header = ((agency, f"{first} (£)", f"{second} (£)"),)
    caption = "Partner contributions to the youth justice budget"
    if legend == "caption":
        bracketed = (legend_text if legend_text.startswith("(")
                     else f"({legend_text.rstrip('.')})")
        caption = f"{caption} {bracketed}"
    text = RENDERINGS[rendering](TableText(caption, header, tuple(body)))
    sentence = legend_text[1:-1] if legend_text.endswith(")") else legend_text
    if legend == "above":
        text = text.replace(BEFORE, sentence, 1)
    elif legend == "below":
        text = text.replace("The board will review", f"{sentence} The board will review", 1)
    description = (f"rendering={rendering} grouped={grouped} legend={legend} "
                   f"header={header} rows={body}")
    return Variant(text, expected, description), reported


AREAS = ["Prevention", "Out of court disposals", "Court work", "Supervision of orders",
         "Restorative justice", "Resettlement", "Remand and bail support",
         "Victim work", "Speech and language therapy"]


def _grant_by_area_variant(rng: random.Random) -> Variant:
    """(b): areas of work down, one amount column, an optional total row."""
    rendering = rng.choice(sorted(RENDERINGS))
    draw = DistinctHundreds(rng, 50, 3000)
    pound = rng.choice(["£", ""])
    areas = rng.sample(AREAS, rng.randint(3, 7))
    amounts = [draw(10, 1500) for _ in areas]
    body = [(area, f"{pound}{amount:,}") for area, amount in zip(areas, amounts, strict=True)]
    expected = {(area, float(amount)) for area, amount in zip(areas, amounts, strict=True)}
    if rng.random() < 0.6:
        body.append(("Total", f"{pound}{sum(amounts):,}"))
        expected.add(("Total", float(sum(amounts))))
    header = ((rng.choice(["Area of work", "Area of spend", "Work area"]),
               rng.choice(["Amount (£)", "Spend (£)", "£", "Allocation"])),)
    caption = rng.choice(["YJB grant spend by area of work 2019/20",
                          "Youth Justice Grant 2019/20: how it is spent",
                          "Use of the YJB grant"])
    table = TableText(caption, header, tuple(body))
    return Variant(RENDERINGS[rendering](table), expected,
                   f"rendering={rendering} header={header} rows={body}")


DAMAGES = [lambda a: f"{a:,}".replace("0", "O"), lambda a: f"{a:,}".replace(",", " ,", 1),
           lambda a: f"£{a:,}".replace("1", "l", 1)]


def _ocr_variant(rng: random.Random) -> tuple[Variant, int]:
    """(c): the template's contributions table with one to three amounts damaged."""
    rendering = rng.choice(["tsv", "spaced", "one_cell_per_line", "word_export"])
    draw = DistinctHundreds(rng, 50, 3000)
    columns = [("Staffing costs", "staffing_costs"), ("Payments in kind", "payments_in_kind"),
               ("Other delegated funds", "other_delegated_funds")]
    expected: set[tuple] = set()
    body, cells = [], []
    for label, slug in rng.sample(AGENCIES, rng.randint(3, len(AGENCIES))):
        row = [label]
        kept = rng.randrange(len(columns))  # a row prints at least one amount
        for position, (_name, kind) in enumerate(columns):
            if position != kept and rng.random() < 0.3:
                row.append("")
                continue
            amount = draw(10, 2000) + (rng.randint(1, 9) * 10 if rng.random() < 0.5 else 0)
            row.append(f"{amount:,}")
            cells.append((len(body), len(row) - 1, slug, kind, amount))
        body.append(row)
    damaged = rng.sample(cells, min(len(cells), rng.randint(1, 3)))
    reported = 0
    for index, column, slug, kind, amount in cells:
        if (index, column, slug, kind, amount) in damaged:
            printed = rng.choice(DAMAGES)(amount)
            if printed != f"{amount:,}" and printed != f"£{amount:,}":
                body[index][column] = printed
                reported += 1
                continue
        expected.add((slug, kind, "2019-20", float(amount)))
    header = (("Agency", *(name for name, _ in columns)),)
    table = TableText("Budget 2019/20", header, tuple(tuple(row) for row in body))
    return Variant(RENDERINGS[rendering](table), expected,
                   f"rendering={rendering} rows={body}"), reported


TWO_YEAR = [_two_year_variant(random.Random(7000 + seed)) for seed in range(CASES)]
GRANT = [_grant_by_area_variant(random.Random(7100 + seed)) for seed in range(CASES)]
OCR = [_ocr_variant(random.Random(7200 + seed)) for seed in range(CASES)]
NOT_YET_READ: set[int] = set()


def _budget(variant: Variant):
    context = plan_2019_context(variant.text)
    out = run_extractor(DOMAIN, context)["budget_contributions"]
    return context, out


@pytest.mark.parametrize(("variant", "reported"), broken_params(TWO_YEAR, NOT_YET_READ, 7000))
def test_a_two_year_budget_reads_bracketed_amounts_as_in_kind_only_under_a_legend(
        variant: Variant, reported: int) -> None:
    context, out = _budget(variant)
    frame = out.frame
    rows = [((r.agency, r.contribution_type, r.financial_year, float(r.amount_gbp)),
             int(r.source_line)) for r in frame.itertuples()]
    read_to_the_line(context, rows, variant.expected, variant.description)
    not_read = [i for i in out.issues if i.code == CELL_NOT_READ]
    assert len(not_read) == reported, (not_read, variant.description)


@pytest.mark.parametrize("variant", broken_params(GRANT, NOT_YET_READ, 7100))
def test_b_grant_spend_by_area_of_work_is_read_row_by_row(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["grant_spend"].frame
    rows = [(("Total" if r.is_total else r.item_label, float(r.amount_gbp)),
             int(r.source_line)) for r in frame.itertuples()]
    read_to_the_line(context, rows, variant.expected, variant.description)


@pytest.mark.parametrize(("variant", "reported"), broken_params(OCR, NOT_YET_READ, 7200))
def test_c_damaged_amounts_are_left_out_and_reported_the_rest_read(
        variant: Variant, reported: int) -> None:
    context, out = _budget(variant)
    rows = [((r.agency, r.contribution_type, r.financial_year, float(r.amount_gbp)),
             int(r.source_line)) for r in out.frame.itertuples()]
    read_to_the_line(context, rows, variant.expected, variant.description)
    not_read = [i for i in out.issues if i.code == CELL_NOT_READ]
    assert len(not_read) == reported, (not_read, variant.description)


def _footnoted_budget(notes: list[str]) -> str:
    """A Word export of a contributions table whose amounts carry glued footnote numbers
    ("7,2501": 7,250 and note 1), with `notes` under it (invented text)."""
    return word_export([
        "Partner contributions 2019/20",
        ["Agency", "Staffing costs (£)", "Other delegated funds (£)", "Total (£)",
         "Local Authority", "120,500", "30,000", "150,500",
         "Health", "7,2501", "", "7,250",
         "Police", "41,9002", "1,000", "42,900",
         "Total", "169,650", "31,000", "200,650"],
        "", "", *notes, "The partnership meets quarterly."])


def test_a_footnote_number_glued_to_an_amount_is_read_off_when_the_note_is_under_the_table(
) -> None:
    context, out = _budget(Variant(_footnoted_budget(
        ["1 Seconded nurse, half of the post.", "", "2 Includes the police officer."]),
        set(), "footnotes"))
    staffing = {(r.agency, float(r.amount_gbp), int(r.source_line))
                for r in out.frame.itertuples() if r.contribution_type == "staffing_costs"}
    def line(text: str) -> int:
        return context.lines.index(text) + 1
    assert staffing == {("local_authority", 120500.0, line("120,500")),
                        ("health", 7250.0, line("7,2501")), ("police", 41900.0, line("41,9002")),
                        ("total", 169650.0, line("169,650"))}
    marked = {i.source_line for i in out.issues if i.code == FOOTNOTE_MARKER}
    assert marked == {line("7,2501"), line("41,9002")}
    for _, amount, line in staffing:
        assert line in printed_lines(context, amount)


def test_a_glued_digit_with_no_note_under_the_table_is_left_out_and_reported() -> None:
    context, out = _budget(Variant(_footnoted_budget(["Notes follow in the appendix."]),
                                   set(), ""))
    staffing = {r.agency for r in out.frame.itertuples()
                if r.contribution_type == "staffing_costs"}
    assert staffing == {"local_authority", "total"}
    assert {i.source_line for i in out.issues if i.code == CELL_NOT_READ} == {
        context.lines.index("7,2501") + 1, context.lines.index("41,9002") + 1}
