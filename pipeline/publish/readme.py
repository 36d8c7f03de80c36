"""The release README: what the release holds, where, and what the run noticed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipeline.metadata.registry import get_table

MAX_LISTED_ISSUES = 50


def release_readme(tables: Mapping[str, pd.DataFrame], report: dict[str, Any]) -> str:
    """Markdown for `README.md`; `{version}` is filled in when the version is known."""
    lines = [
        "# Youth justice open data, release {version}",
        "",
        "Tables extracted from UK youth justice plans and HM Inspectorate of Probation "
        "reports. Every fact row carries `document_id`, `source_line` and `source_table`, "
        "so each number can be traced to the line it was printed on.",
        "",
        "## Files",
        "",
        "- `parquet/<table>.parquet` and `csv/<table>.csv` for every table below",
        "- `report.json`: every issue the run raised and every validation check",
        "",
        "| table | rows | description |",
        "|---|---:|---|",
    ]
    for name, frame in tables.items():
        lines.append(f"| `{name}` | {len(frame)} | {get_table(name).description} |")
    lines += ["", *_report_section(report)]
    return "\n".join(lines) + "\n"


def _report_section(report: dict[str, Any]) -> list[str]:
    summary = report["summary"]
    counts = summary["issues"]
    lines = [
        "## Known issues from this run",
        "",
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes; "
        f"{summary['checks']} validation checks, {summary['checks_failed']} failed.",
        "",
    ]
    notable = [i for i in report["issues"] if i["severity"] != "info"]
    for issue in notable[:MAX_LISTED_ISSUES]:
        where = ":".join(
            str(issue[k]) for k in ("document_id", "source_table", "source_line")
            if issue[k] is not None
        )
        lines.append(f"- **{issue['code']}** {where + ': ' if where else ''}{issue['message']}")
    if len(notable) > MAX_LISTED_ISSUES:
        lines.append(f"- … and {len(notable) - MAX_LISTED_ISSUES} more in `report.json`")
    return lines
