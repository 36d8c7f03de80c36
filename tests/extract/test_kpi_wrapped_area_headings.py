"""Area headings wrapped over two header rows ("England &" over "Wales", as a narrow PDF
column prints them): the area is read from the whole heading, not from its first line
alone ("England"). Invented table only."""

from __future__ import annotations

from pipeline.extract.base import context_from_text
from pipeline.extract.kpi import extract_kpis


def test_an_area_heading_wrapped_over_two_rows_names_the_whole_area():
    text = "\n".join([
        "First time entrants per 100,000 of the 10 to 17 population", "",
        "Period\tOur\tEngland &\tEngland",
        "\tservice\tWales\t",
        "Jan 17 - Dec 17\t312\t290\t288",
        "Jan 18 - Dec 18\t280\t262\t260", "",
        "The board reviews these figures every quarter."])
    rows = extract_kpis(context_from_text(text))["kpi_observations"]
    by_value = dict(zip(rows.columns["value"], rows.columns["subject_id"], strict=True))
    assert by_value[290.0] == "england-and-wales" and by_value[262.0] == "england-and-wales"
    assert by_value[288.0] == "england"
