"""A small release built from a made-up document: two services with documents, a budget
table, a KPI table with a comparator and England, and a number read from prose.

The frames go through the registry's `conform`, so they have exactly the columns and
dtypes the pipeline hands to `build_site`; the release's table files are written by
the real publisher.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.metadata.indicators import INDICATORS
from pipeline.metadata.registry import TABLE_SPECS, get_table
from pipeline.metadata.schemas import conform
from pipeline.publish.release import write_tables

VERSION = "2024.05.01"
ALPHA_DOC = "alpha-youth-justice-plan-2020-21"
BETA_DOC = "beta-youth-justice-plan-2020-21"
ALPHA_TEXT = """Alpha Youth Justice Plan 2020/21

Partner contributions
| Agency | Staffing (£) | Other (£) | Total (£) |
|---|---|---|---|
| Local Authority | £1,000 | £2,500 | £3,500 |
| Police Service | £400 | - | £400 |
| Total | £1,400 | £2,500 | £3,900 |

Custody rate per 1,000 children
| Area | 2019 | 2020 |
|---|---|---|
| Alpha | 0.21 | 0.18 |
| Delta | 0.30 | 0.25 |
| England | 0.31 | 0.28 |

The service held 42 open cases at the end of the year.
<script>alert("not markup")</script> & more
"""
BETA_TEXT = "Beta Youth Justice Plan 2020/21\n\nNo tables here.\n"
T01 = f"{ALPHA_DOC}#t01"
T02 = f"{ALPHA_DOC}#t02"


def _frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    spec = get_table(name)
    return conform(pd.DataFrame(rows, columns=spec.column_names), spec)


def _yots() -> pd.DataFrame:
    return _frame("yots", [
        {"yot_id": yot, "name": f"{yot.title()} Youth Justice Service", "aliases": [],
         "nation": "england", "region": "north-east", "local_authority_codes": [code],
         "local_authority_names": [yot.title()]}
        for yot, code in (("alpha", "E06000001"), ("beta", "E06000002"), ("delta", "E06000003"))
    ])


def _documents(sources: Path) -> pd.DataFrame:
    rows = []
    for doc, yot, text, start in ((ALPHA_DOC, "alpha", ALPHA_TEXT, "2020-04-01"),
                                  (BETA_DOC, "beta", BETA_TEXT, "2020-04-01")):
        data = text.encode("utf-8")
        (sources / f"{doc}.txt").write_bytes(data)
        rows.append({
            "document_id": doc, "yot_id": yot, "document_type": "youth_justice_plan",
            "title": f"{yot.title()} Youth Justice Plan 2020/21", "period_label": "2020/21",
            "period_start": start, "period_end": "2021-03-31", "source_file": f"{doc}.txt",
            "sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data),
            "line_count": text.count("\n") + 1, "table_count": 2 if yot == "alpha" else 0,
            "encoding": "utf-8", "metadata_source": "manifest",
        })
    return _frame("documents", rows)


def _cells(source_table: str, caption: str, lines: list[tuple[int, list[str], bool]]
           ) -> list[dict[str, Any]]:
    return [
        {"document_id": ALPHA_DOC, "source_table": source_table, "caption": caption,
         "kind": "data", "n_rows": len(lines), "n_columns": len(texts), "row_index": r,
         "column_index": c, "is_header": header, "text": text, "source_line": line}
        for r, (line, texts, header) in enumerate(lines) for c, text in enumerate(texts)
    ]


def _parsed_tables() -> pd.DataFrame:
    budget = _cells(T01, "Partner contributions", [
        (4, ["Agency", "Staffing (£)", "Other (£)", "Total (£)"], True),
        (6, ["Local Authority", "£1,000", "£2,500", "£3,500"], False),
        (7, ["Police Service", "£400", "-", "£400"], False),
        (8, ["Total", "£1,400", "£2,500", "£3,900"], False),
    ])
    kpi = _cells(T02, "Custody rate per 1,000 children", [
        (11, ["Area", "2019", "2020"], True),
        (13, ["Alpha", "0.21", "0.18"], False),
        (14, ["Delta", "0.30", "0.25"], False),
        (15, ["England", "0.31", "0.28"], False),
    ])
    return _frame("tables", budget + kpi)


def _budget() -> pd.DataFrame:
    printed = [
        ("local_authority", "Local Authority", 6, {"staffing_costs": 1000,
                                                  "other_delegated_funds": 2500, "total": 3500}),
        ("police", "Police Service", 7, {"staffing_costs": 400, "total": 400}),
        ("total", "Total", 8, {"staffing_costs": 1400, "other_delegated_funds": 2500,
                               "total": 3900}),
    ]
    return _frame("budget_contributions", [
        {"financial_year": "2020-21", "agency": agency, "agency_label": label,
         "contribution_type": kind, "amount_gbp": amount, "document_id": ALPHA_DOC,
         "yot_id": "alpha", "source_line": line, "source_table": T01}
        for agency, label, line, amounts in printed for kind, amount in amounts.items()
    ])


def _kpis() -> pd.DataFrame:
    subjects = [("Alpha", "yot", "alpha", 13, (0.21, 0.18)),
                ("Delta", "yot", "delta", 14, (0.30, 0.25)),
                ("England", "national", "england", 15, (0.31, 0.28))]
    periods = [("2019", "2018-04-01", "2019-03-31"), ("2020", "2019-04-01", "2020-03-31")]
    return _frame("kpi_observations", [
        {"indicator": "custody_rate", "subject_label": label, "subject_type": kind,
         "subject_id": subject, "period_label": period, "period_start": start,
         "period_end": end, "value": values[i], "value_status": "reported",
         "unit": "per_1000", "document_id": ALPHA_DOC, "yot_id": "alpha",
         "source_line": line, "source_table": T02}
        for label, kind, subject, line, values in subjects
        for i, (period, start, end) in enumerate(periods)
    ])


def _caseloads() -> pd.DataFrame:
    return _frame("caseloads", [{
        "caseload_type": "open_cases", "value": 42.0, "unit": "count",
        "document_id": ALPHA_DOC, "yot_id": "alpha", "source_line": 17, "source_table": None,
    }])


def small_tables(sources: Path) -> dict[str, pd.DataFrame]:
    """Every registry table, in publication order; those not made here are empty."""
    made = {
        "yots": _yots(),
        "indicators": _frame("indicators", [
            {k: v for k, v in asdict(i).items() if k != "upper_bound"} for i in INDICATORS]),
        "documents": _documents(sources),
        "tables": _parsed_tables(),
        "budget_contributions": _budget(),
        "kpi_observations": _kpis(),
        "caseloads": _caseloads(),
    }
    return {spec.name: made.get(spec.name, _frame(spec.name, [])) for spec in TABLE_SPECS}


SMALL_REPORT: dict[str, Any] = {
    "summary": {"issues": {"info": 0, "warning": 1, "error": 0},
                "by_code": {"budget_cell_left_out": 1}, "checks": 13, "checks_failed": 0},
    "issues": [{"severity": "warning", "stage": "extract", "code": "budget_cell_left_out",
                "document_id": ALPHA_DOC, "source_table": T01, "source_line": 7,
                "message": "Police Service 'Other': '-' is not an amount"}],
    "checks": [],
}


def write_small_release(tmp_path: Path) -> tuple[Path, dict[str, pd.DataFrame], Path]:
    """(release folder with its table files and report, the tables, the sources folder),
    as the publisher has them just before the site is built."""
    sources = tmp_path / "sources"
    sources.mkdir()
    tables = small_tables(sources)
    release = tmp_path / "releases" / VERSION
    write_tables(tables, release, nested=True)
    (release / "report.json").write_text(json.dumps(SMALL_REPORT), encoding="utf-8")
    return release, tables, sources
