"""A caption over two measures' groups of columns names neither column's measure: when
the upper headings are lost (a layout that prints them on the caption's line), the
columns' indicator is not taken from it. Invented tables only."""

from __future__ import annotations

from pipeline.extract.base import context_from_text
from pipeline.extract.kpi import extract_kpis, names_two_measures


def test_a_text_naming_two_measures_apart_is_told_from_one_measure():
    assert names_two_measures("Figure 3  Binary rate of reoffending   Reoffences per reoffender")
    assert not names_two_measures("Reoffences per reoffender")
    assert not names_two_measures("Binary rate of reoffending (%)")


def _rows(caption: str):
    text = "\n".join([
        "The service compares well with its family.", "", caption, "",
        "Area\tJan 17 - Dec 17\tJan 18 - Dec 18",
        "Our service\t31.5\t33.0",
        "Region\t34.1\t36.2",
        "England\t38.0\t38.4", "",
        "The board reviews these figures every quarter."])
    rows = extract_kpis(context_from_text(text))["kpi_observations"]
    return set(rows.columns.get("indicator", []))


def test_a_caption_naming_one_measure_gives_the_columns_theirs():
    assert _rows("Binary rate of reoffending (%)") == {"reoffending_rate"}


def test_a_caption_naming_two_measures_gives_the_columns_neither():
    assert _rows("Binary rate of reoffending   Reoffences per reoffender") == set()
