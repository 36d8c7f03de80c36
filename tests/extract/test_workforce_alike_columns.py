"""Staffing by ethnicity whose role headings were lost (a layout that wrapped them out of
the header): the "M" and "F" columns read alike and cannot be told apart, so none of
them is published with another's labels. Invented tables only."""

from __future__ import annotations

from pipeline.extract.base import context_from_text
from pipeline.extract.people import extract_people

ROWS = ["White British\t3\t4\t10\t12", "Black or Black British\t1\t0\t2\t5",
        "Asian or Asian British\t0\t1\t3\t2"]


def _workforce(header: list[str]) -> list[tuple]:
    text = "\n".join(["Staff of the service by gender and ethnicity", "",
                      *header, *ROWS, "", "The board reviews staffing every year."])
    rows = extract_people(context_from_text(text))["workforce"]
    return list(zip(rows.columns.get("role", []), rows.columns.get("gender", []),
                    strict=True))


def test_columns_under_roles_are_read():
    rows = _workforce(["Ethnicity\tStrategic manager\t\tPractitioners\t", "\tM\tF\tM\tF"])
    roles = {role for role, _ in rows}
    assert len(rows) == 12 and len(roles) == 2 and None not in roles, rows


def test_columns_read_alike_are_left_out():
    assert _workforce(["Ethnicity\tM\tF\tM\tF"]) == []
