"""One small invented document per rule of the grant-spend reader (issue 15): years as
plain headings, a total over both years, the areas across with a row per year, which
text column names the item, and texts in columns of their own in space-aligned text."""

from __future__ import annotations

from template_variants import plan_2019_context

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN
from pipeline.parse import parse_tables


def _grant(text: str) -> set[tuple]:
    frame = run_extractor(DOMAIN, plan_2019_context(text))["grant_spend"].frame
    return {(r.item_label, r.financial_year, float(r.amount_gbp), bool(r.is_total))
            for r in frame.itertuples()}


def test_years_alone_head_the_grant_amounts_when_the_caption_names_the_grant() -> None:
    text = ("Youth Justice Grant\n\nArea\t2018-19\t2019-20\nMentoring\t4,200\t5,100\n"
            "Court work\t8,300\t7,900\nTotal\t12,500\t13,000\n\nText after.\n")
    assert _grant(text) == {
        ("Mentoring", "2018-19", 4200.0, False), ("Mentoring", "2019-20", 5100.0, False),
        ("Court work", "2018-19", 8300.0, False), ("Court work", "2019-20", 7900.0, False),
        ("Total", "2018-19", 12500.0, True), ("Total", "2019-20", 13000.0, True)}


def test_years_alone_are_no_money_when_the_grant_is_named_only_further_up() -> None:
    """A table of counts by year some paragraphs under a mention of the grant."""
    text = ("The YJB grant pays for part of the team.\n\nOther news.\n\nMore news.\n\n"
            "Children seen\n\nGroup\t2018-19\t2019-20\nBoys\t420\t510\nGirls\t83\t79\n\n"
            "Text after.\n")
    assert _grant(text) == set()


def test_a_total_over_both_years_is_no_one_years_spend() -> None:
    text = ("YJB grant\n\nActivity\t2018/19\t2019/20\tTotal\nMentoring\t£4,200\t£5,100\t£9,300\n"
            "Court work\t£8,300\t£7,900\t£16,200\n\nText after.\n")
    rows = _grant(text)
    assert {r[2] for r in rows} == {4200.0, 5100.0, 8300.0, 7900.0}


def test_areas_across_and_a_row_per_year_are_read_transposed() -> None:
    text = ("How the YJB grant is spent\n\nYear\tMentoring\tCourt work\tTotal\n"
            "2018/19\t£4,200\t£8,300\t£12,500\n2019/20\t£5,100\t£7,900\t£13,000\n\n"
            "Text after.\n")
    assert _grant(text) == {
        ("Mentoring", "2018-19", 4200.0, False), ("Mentoring", "2019-20", 5100.0, False),
        ("Court work", "2018-19", 8300.0, False), ("Court work", "2019-20", 7900.0, False),
        ("Total", "2018-19", 12500.0, True), ("Total", "2019-20", 13000.0, True)}


def test_a_year_is_never_a_spend_area() -> None:
    """One year's row under areas that are not all text: not read transposed, and the
    year label is still no item."""
    text = ("YJB grant\n\nYear\tMentoring\t2019/20 (£)\n2019/20\t£4,200\t£5,100\n\n"
            "Text after.\n")
    assert not {r for r in _grant(text) if r[0] == "2019/20"}


def test_the_item_is_the_column_naming_what_is_bought_not_its_purpose() -> None:
    text = ("YJB grant\n\nSpending area\tPurpose\tCost\n"
            "Mentoring\tTwo sessions a week\t£4,200\nCourt work\tWeekend cover\t£8,300\n\n"
            "Text after.\n")
    assert {r[0] for r in _grant(text)} == {"Mentoring", "Court work"}


def test_space_aligned_text_columns_with_headings_stay_apart() -> None:
    text = ("Youth Justice Grant\n\n"
            "Area of spend     Purpose                   Amount (£)\n"
            "Mentoring         Two sessions a week            4,200\n"
            "Court work        Weekend cover                  8,300\n\nText after.\n")
    table = next(t for t in parse_tables(text, "d") if t.n_columns >= 3)
    assert [" ".join(h) for h in table.column_headers()] == [
        "Area of spend", "Purpose", "Amount (£)"]
    assert _grant(text) == {("Mentoring", "2019-20", 4200.0, False),
                            ("Court work", "2019-20", 8300.0, False)}


def test_a_unit_in_thousands_is_a_money_heading() -> None:
    text = "YJB grant\n\nItem\t£'000\nMentoring\t4.2\nCourt work\t8.3\n\nText after.\n"
    assert _grant(text) == {("Mentoring", "2019-20", 4200.0, False),
                            ("Court work", "2019-20", 8300.0, False)}


def test_a_caption_under_the_table_names_the_grant_and_its_year() -> None:
    text = ("Text before.\n\nItem\tAmount (£)\nMentoring\t4,200\nCourt work\t8,300\n\n"
            "Youth Justice Grant spend 2018/19\n\nText after.\n")
    assert _grant(text) == {("Mentoring", "2018-19", 4200.0, False),
                            ("Court work", "2018-19", 8300.0, False)}


def test_section_headings_in_capitals_are_no_labels_rest_in_aligned_text() -> None:
    """A row printing no amount in aligned text has no cell there: no row, no failure."""
    text = ("Youth Justice Grant\n\n"
            "Item                         Amount (£)\n"
            "STAFFING\n"
            "Case management staff            42,000\n"
            "PROGRAMMES\n"
            "Mentoring scheme                  8,300\n\nText after.\n")
    assert _grant(text) == {("Case management staff", "2019-20", 42000.0, False),
                            ("Mentoring scheme", "2019-20", 8300.0, False)}


def test_an_amount_with_its_share_in_brackets_is_the_amount() -> None:
    text = ("YJB grant\n\nItem\t£ (%)\nMentoring\t£4,200 (34%)\nCourt work\t£8,300 (66%)\n"
            "Total\t£12,500 (100%)\n\nText after.\n")
    assert _grant(text) == {("Mentoring", "2019-20", 4200.0, False),
                            ("Court work", "2019-20", 8300.0, False),
                            ("Total", "2019-20", 12500.0, True)}


def test_two_figures_of_one_year_are_left_out() -> None:
    """"Budget 2018/19" beside "Actual 2018/19": which is the spend is not printed."""
    text = ("YJB grant\n\nItem\tBudget 2018/19\tActual 2018/19\tBudget 2019/20\n"
            "Mentoring\t£4,200\t£4,050\t£4,400\nCourt work\t£8,300\t£8,610\t£8,000\n\n"
            "Text after.\n")
    assert _grant(text) == {("Mentoring", "2019-20", 4400.0, False),
                            ("Court work", "2019-20", 8000.0, False)}


def test_an_amount_in_a_column_of_texts_leaves_its_row_out() -> None:
    text = ("YJB grant\n\nItem\tPurpose\tCost\n"
            "Mentoring\tTwo sessions a week\t£4,200\nCourt work\tWeekend cover\t£8,300\n"
            "Reparation\t£2,100\t\n\nText after.\n")
    assert _grant(text) == {("Mentoring", "2019-20", 4200.0, False),
                            ("Court work", "2019-20", 8300.0, False)}


def test_three_text_columns_without_headings_name_no_item() -> None:
    text = ("YJB grant\n\n"
            "Reduce reoffending\tMentoring\tTwo sessions a week\t£4,200\n"
            "Reduce custody\tCourt work\tWeekend cover\t£8,300\n"
            "Safeguarding\tReparation\tProjects in parks\t£2,100\n\nText after.\n")
    assert _grant(text) == set()
