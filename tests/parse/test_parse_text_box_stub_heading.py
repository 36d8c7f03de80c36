"""Text boxes in reading order whose labels' box starts with the stub's heading: one
label more than the values give rows (invented fixtures)."""

from __future__ import annotations

from pipeline.parse import Table, parse_tables


def texts(table: Table) -> list[list[str | None]]:
    return [[cell.text if cell else None for cell in row] for row in table.grid()]


def test_a_heading_atop_the_labels_box_under_two_periods_is_the_stubs() -> None:
    tables = parse_tables("Custody rate\n\nJan 18 - Dec 18   2017/18\n\nArea\nWigan\nBolton\n\n"
                          "0.41\nn/a\n\n0.38\n0.42\n\nText after.\n", "fixture-doc")
    assert len(tables) == 1
    assert texts(tables[0]) == [["Area", "Jan 18 - Dec 18", "2017/18"],
                                ["Wigan", "0.41", "0.38"], ["Bolton", "n/a", "0.42"]]
    assert [cell.source_line for cell in tables[0].grid()[2]] == [7, 10, 13]


def test_a_heading_atop_the_labels_with_a_change_box_and_no_empty_lines() -> None:
    tables = parse_tables("2017/18   2018/19   Change\nPlace\nWigan\nBolton\nLeigh\n"
                          "12\n14\n16\n20\n22\n24\n+8\n+/-0\n-1.5pp\nText after.\n",
                          "fixture-doc")
    assert len(tables) == 1
    assert texts(tables[0])[0] == ["Place", "2017/18", "2018/19", "Change"]
    assert texts(tables[0])[3] == ["Leigh", "16", "24", "-1.5pp"]


def test_one_period_and_a_name_over_one_label_too_many_is_no_text_box_table() -> None:
    # the name may be the first area across under a stub period: the counts fit both
    tables = parse_tables("2018/19 Town approx\nCounty\nRegion\nCountry\n0.21\n0.25\n0.19\n"
                          "0.33\nText after.\n", "fixture-doc")
    assert all(not any(row and row[0] and row[0].text == "Region" for row in t.grid())
               for t in tables)
