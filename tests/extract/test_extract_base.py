"""The extractor framework: contexts, provenance filtering and crash isolation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.extract.base import (
    EXTRACTOR_FAILED,
    NUMBER_NOT_ON_LINE,
    DocumentContext,
    Domain,
    combine,
    context_from_text,
    line_numbers,
    number_on_line,
    run_extractor,
)
from pipeline.metadata.registry import BUDGET_CONTRIBUTIONS
from pipeline.metadata.schemas import conform
from pipeline.parse import read_cell
from pipeline.report import TableOutput
from pipeline.validate.gx_runner import TableValidator

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
DOC = (
    "Partner contributions 2018/19\n"
    "\n"
    "Agency\tCash (£)\n"
    "Police\t£27.3K\n"
    "Council\t£1,200\n"
    "Total\t£28,500\n"
)


def _totals(context: DocumentContext) -> dict[str, TableOutput]:
    """A tiny extractor: one row per body cell of the first data table."""
    table = context.data_tables()[0]
    rows = []
    for row in table.body():
        label, amount = row[0], row[1]
        rows.append({
            "financial_year": "2018-19", "agency": "other", "agency_label": label.text,
            "contribution_type": "cash", "amount_gbp": read_cell(amount.text).value,
            **context.provenance(table, amount.source_line),
        })
    return {"budget_contributions": TableOutput(pd.DataFrame(rows))}


DOMAIN = Domain("toy", ("budget_contributions",), _totals,
                {"budget_contributions": ("amount_gbp",)})


def test_numbers_are_found_on_lines_with_multipliers_and_markup() -> None:
    assert 27300 in line_numbers("Police\t<b>£27.3K</b>")
    assert number_on_line(-13030, "Poole\t£244,000\t-£13,030")
    assert not number_on_line(546, "Local Authority\t1,546")  # part of a larger number
    assert number_on_line(2_257_000, "Total\t2,257") is True  # a table in £000s
    assert not number_on_line(5, "no numbers here")


def test_rows_carry_provenance_and_conform() -> None:
    context = context_from_text(DOC, period_label="2018/19")
    output = run_extractor(DOMAIN, context)["budget_contributions"]
    assert list(output.frame["amount_gbp"]) == [27300.0, 1200.0, 28500.0]
    assert list(output.frame["source_line"]) == [4, 5, 6]
    assert set(output.frame["source_table"]) == {"test-document#t01"}
    assert output.issues == []


def test_a_number_not_on_its_line_is_left_out_and_reported() -> None:
    def shifted(context: DocumentContext) -> dict[str, TableOutput]:
        output = _totals(context)["budget_contributions"]
        output.frame.loc[1, "source_line"] = 4  # claim the council's amount is on line 4
        return {"budget_contributions": output}

    domain = Domain("toy", ("budget_contributions",), shifted,
                    {"budget_contributions": ("amount_gbp",)})
    output = run_extractor(domain, context_from_text(DOC))["budget_contributions"]
    assert list(output.frame["agency_label"]) == ["Police", "Total"]
    assert [(i.code, i.source_line) for i in output.issues] == [(NUMBER_NOT_ON_LINE, 4)]


def test_a_crashing_extractor_stops_only_its_document() -> None:
    def broken(context: DocumentContext) -> dict[str, TableOutput]:
        raise ValueError("unexpected layout")

    domain = Domain("toy", ("budget_contributions",), broken, {})
    output = run_extractor(domain, context_from_text(DOC))["budget_contributions"]
    assert output.frame.empty
    assert output.issues[0].code == EXTRACTOR_FAILED
    assert "unexpected layout" in output.issues[0].message
    combined = combine([output, run_extractor(DOMAIN, context_from_text(DOC))[
        "budget_contributions"]], "budget_contributions")
    assert len(combined.frame) == 3 and len(combined.issues) == 1


def test_registry_expectations_allow_negative_change_only() -> None:
    rows = [
        {"financial_year": "2017-18", "agency": "local_authority", "agency_label": "Poole",
         "contribution_type": kind, "amount_gbp": amount, "document_id": "d",
         "yot_id": "dorset-combined", "source_line": line, "source_table": "d#t01"}
        for kind, amount, line in (("change", -13030.0, 3), ("revenue", -1.0, 4))
    ]
    frame = conform(pd.DataFrame(rows), BUDGET_CONTRIBUTIONS)
    summary = TableValidator(EXPECTATIONS).validate(BUDGET_CONTRIBUTIONS, frame)
    [failure] = summary.failures
    assert failure.column == "amount_gbp" and failure.examples[0]["source_line"] == 4
