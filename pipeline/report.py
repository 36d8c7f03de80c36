"""The run report: every warning a run raises, with document, table, line and reason.

Stages never print warnings only to a log. They return `Issue`s next to their
data (in a `TableOutput` or a document bundle); the release collects them into
`report.json` and summarises them in its README.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

INFO = "info"
WARNING = "warning"
ERROR = "error"
SEVERITIES = (INFO, WARNING, ERROR)


@dataclass(frozen=True)
class Issue:
    """One thing a data user should know about this run's output."""

    stage: str
    code: str
    message: str
    severity: str = WARNING
    document_id: str | None = None
    source_table: str | None = None
    source_line: int | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def one_line(self) -> str:
        where = ":".join(
            str(part)
            for part in (self.document_id, self.source_table, self.source_line)
            if part is not None
        )
        prefix = f"{where}: " if where else ""
        return f"[{self.severity}] {self.stage}/{self.code}: {prefix}{self.message}"


@dataclass
class TableOutput:
    """A table produced by a stage, with the issues raised while producing it."""

    frame: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    # A fact table's rows of the `withheld` table: what was judged and left out of `frame`.
    withheld: pd.DataFrame | None = None


def issues_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """Issues as a table, sorted so reports are stable from run to run."""
    rows = [asdict(issue) for issue in issues]
    columns = ["severity", "stage", "code", "document_id", "source_table", "source_line",
               "message"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(
        ["document_id", "source_table", "source_line", "stage", "code", "message"],
        na_position="first",
        kind="stable",
    ).reset_index(drop=True)


def report_dict(issues: list[Issue], checks: list[dict[str, Any]],
                withheld: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON form of `report.json`: counts first, then every issue and check, and (from
    `pipeline.validate.withhold.withheld_report`) the tables withheld and rows flagged."""
    ordered = issues_frame(issues)
    records = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in ordered.to_dict(orient="records")
    ]
    for record in records:
        if record["source_line"] is not None:
            record["source_line"] = int(record["source_line"])
    counts = Counter(issue.severity for issue in issues)
    report: dict[str, Any] = {
        "summary": {
            "issues": {severity: counts.get(severity, 0) for severity in SEVERITIES},
            "by_code": dict(sorted(Counter(i.code for i in issues).items())),
            "checks": len(checks),
            "checks_failed": sum(1 for c in checks if not c["success"]),
        },
        "issues": records,
        "checks": checks,
    }
    if withheld is not None:
        report["summary"]["withheld"] = withheld["summary"]
        report["withheld"] = withheld["tables"]
    return report
