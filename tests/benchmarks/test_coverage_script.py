"""`make coverage` on a folder made in the test (never the real plans)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.coverage import main

PLAN = """\
Bolton Youth Offending Service
Youth Justice Plan
2019-20

We worked with 150 children and 35 families this year.

Table 1: Partner contributions 2019/20
Agency\tStaffing costs (£)\tTotal (£)
Police\t50,000\t50,000
Local Authority\t300,000\t300,000
Total\t350,000\t350,000
"""


def test_the_report_lists_every_document_with_totals_first(tmp_path: Path) -> None:
    sources, out = tmp_path / "plans", tmp_path / "out"
    sources.mkdir()
    (sources / "Bolton YJ Plan 2019-20.txt").write_text(PLAN, encoding="utf-8")
    (sources / "minutes.txt").write_text("Minutes of the meeting.\n", encoding="utf-8")
    (sources / "README.md").write_text("# About these plans\n", encoding="utf-8")
    assert main(["--sources", str(sources), "--out", str(out)]) == 0
    report = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    totals = report["totals"]
    assert (totals["documents"], totals["accepted"], totals["rejected"]) == (2, 1, 1)
    by_file = {d["file"]: d for d in report["documents"]}
    assert "could not be detected" in by_file["minutes.txt"]["reason"]
    plan = by_file["Bolton YJ Plan 2019-20.txt"]
    assert (plan["yot_id"], plan["period_label"], plan["metadata_source"]) == (
        "bolton", "2019-20", "detected")
    assert plan["data_tables"] == 1
    assert (plan["numeric_lines"], plan["numeric_lines_outside_tables"]) == (4, 1)
    assert plan["first_unread_lines"][0] == 5  # the prose line: no fact row reads it
    rows_read = 3 if plan["fact_rows"] else 0  # the table's rows, when the extractor reads it
    assert plan["numeric_lines_unread"] == 4 - rows_read
    assert totals["fact_rows"] == sum(plan["fact_rows"].values())
    page = (out / "coverage.md").read_text(encoding="utf-8")
    assert page.index("accepted **1**") < page.index("| Bolton YJ Plan 2019-20.txt |")
    assert "| minutes.txt | rejected: " in page


def test_an_absent_folder_is_not_an_error(tmp_path: Path, capsys: pytest.CaptureFixture
                                          ) -> None:
    assert main(["--sources", str(tmp_path / "absent"), "--out", str(tmp_path / "out")]) == 0
    assert "nothing measured" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()
