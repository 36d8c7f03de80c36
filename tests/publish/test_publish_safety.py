"""Publishing: deterministic files, up-to-date detection, changelogs, a build killed
mid-publish, two builds at once, and CSV cells that must not run as formulas."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from pipeline.metadata.registry import TABLE_SPECS, get_table
from pipeline.metadata.schemas import conform, empty_frame, to_arrow
from pipeline.publish.csv_guard import csv_safe_array
from pipeline.publish.release import (
    LATEST,
    PAUSE_ENV,
    STAGING_PREFIX,
    csv_safe,
    csv_table,
    list_versions,
    publish_release,
    write_tables,
)
from pipeline.report import report_dict

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
TODAY = dt.date(2026, 11, 22)


def _tables(amounts: dict[str, float]) -> dict[str, pd.DataFrame]:
    tables = {spec.name: empty_frame(spec) for spec in TABLE_SPECS}
    tables["documents"] = conform(pd.DataFrame([{
        "document_id": "plan", "yot_id": "darlington", "document_type": "youth_justice_plan",
        "title": "Plan", "period_label": "2018/19", "period_start": dt.date(2018, 4, 1),
        "source_file": "plan.txt", "sha256": "a" * 64, "size_bytes": 10, "line_count": 9,
        "encoding": "utf-8", "metadata_source": "manifest"}]), get_table("documents"))
    tables["budget_contributions"] = conform(pd.DataFrame([
        {"financial_year": "2018-19", "agency": agency, "agency_label": label,
         "contribution_type": "cash", "amount_gbp": amount, "document_id": "plan",
         "yot_id": "darlington", "source_line": line, "source_table": "plan#t01"}
        for line, (label, amount) in enumerate(amounts.items(), start=3)
        for agency in ["other"]
    ]), get_table("budget_contributions"))
    return tables


def _publish(releases: Path, amounts: dict[str, float]):
    return publish_release(_tables(amounts), releases, report_dict([], []), EXPECTATIONS,
                           today=TODAY)


def test_same_inputs_give_byte_identical_table_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_tables(_tables({"Police": 1.0}), first, nested=True)
    write_tables(_tables({"Police": 1.0}), second, nested=True)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 2 * len(TABLE_SPECS)
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_unchanged_data_publishes_nothing_and_changes_are_logged(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    first = _publish(releases, {"Police": 100.0, "Council": 200.0})
    assert (first.version, first.up_to_date) == ("2026.11.22", False)
    again = _publish(releases, {"Police": 100.0, "Council": 200.0})
    assert again.up_to_date and again.version == "2026.11.22"
    assert list_versions(releases) == ["2026.11.22"]
    changed = _publish(releases, {"Police": 150.0, "Council": 200.0, "Health": 50.0})
    assert (changed.version, changed.up_to_date) == ("2026.11.22.1", False)
    assert (releases / LATEST).resolve() == changed.path.resolve()
    log = (changed.path / "CHANGELOG.md").read_text("utf-8")
    assert "Compared with release 2026.11.22." in log
    assert "## `budget_contributions`" in log and "1 added, 0 removed, 1 changed." in log
    assert "- added: document_id=plan, source_table=plan#t01, source_line=5" in log
    assert "- changed (amount_gbp): document_id=plan, source_table=plan#t01, source_line=3" in log
    record = json.loads((changed.path / "release.json").read_text("utf-8"))
    assert record["previous"] == "2026.11.22" and len(record["data_digest"]) == 64


PUBLISH_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from test_publish_safety import _publish
    result = _publish(Path({releases!r}), {{"Police": float(sys.argv[1])}})
    print(result.version, result.up_to_date, flush=True)
""")


def _start_publisher(releases: Path, amount: float, pause: float = 0.0) -> subprocess.Popen:
    script = PUBLISH_SCRIPT.format(tests=str(Path(__file__).parent), releases=str(releases))
    env = {**os.environ, PAUSE_ENV: str(pause),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, "-c", script, str(amount)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _visible(releases: Path) -> set[str]:
    return {p.name for p in releases.iterdir() if not p.name.startswith(".")}


@pytest.mark.slow
def test_a_build_killed_mid_publish_leaves_earlier_releases_untouched(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    first = _publish(releases, {"Police": 1.0})
    before = {p: p.read_bytes() for p in first.path.rglob("*") if p.is_file()}
    publisher = _start_publisher(releases, 2.0, pause=60)
    deadline = time.monotonic() + 120
    while not list(releases.glob(f"{STAGING_PREFIX}*/SHA256SUMS")):
        assert time.monotonic() < deadline, publisher.stderr.read() if publisher.poll() else ""
        time.sleep(0.2)
    publisher.send_signal(signal.SIGKILL)
    publisher.wait()
    assert _visible(releases) == {first.version, LATEST}
    assert (releases / LATEST).resolve() == first.path.resolve()
    assert {p: p.read_bytes() for p in first.path.rglob("*") if p.is_file()} == before
    # The next build clears the dead build's staging folder and publishes normally.
    after = _publish(releases, {"Police": 3.0})
    assert after.version == "2026.11.22.1"
    assert not list(releases.glob(f"{STAGING_PREFIX}*"))


@pytest.mark.slow
def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    publishers = [_start_publisher(releases, amount, pause=1.0) for amount in (10.0, 20.0)]
    outputs = [p.communicate(timeout=300) for p in publishers]
    assert all(p.returncode == 0 for p in publishers), outputs
    versions = sorted(out.split()[0] for out, _ in outputs)
    assert versions == ["2026.11.22", "2026.11.22.1"]
    assert any("waiting for it to finish" in err for _, err in outputs)
    for version in versions:
        check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"],
                               cwd=releases / version, capture_output=True, check=False)
        assert check.returncode == 0


def test_csv_text_cannot_run_as_a_formula_and_numbers_stay_numbers(tmp_path: Path) -> None:
    labels = ["=SUM(A1:A9)", "+44 1234", "-£13,030 movement", "@cmd", "\tTab", "\rCR", "Police"]
    tables = {"budget_contributions": _tables(
        {label: -13030.0 if i == 2 else float(i) for i, label in enumerate(labels)}
    )["budget_contributions"]}
    write_tables(tables, tmp_path)
    with (tmp_path / "budget_contributions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    printed = [row["agency_label"] for row in rows]
    assert printed == ["'" + label for label in labels[:-1]] + ["Police"]
    assert rows[2]["amount_gbp"] == "-13030"
    assert all(not value.startswith(("=", "+", "@", "\t", "\r"))
               for row in rows for key, value in row.items() if key != "amount_gbp")
    parquet = pd.read_parquet(tmp_path / "budget_contributions.parquet")
    assert list(parquet["agency_label"]) == labels  # Parquet keeps the printed text
    assert csv_safe(-5.0) == -5.0


def test_csv_safe_array_guards_what_csv_safe_guards() -> None:
    values = ["=SUM(A1)", "Police", None, "-13030 note", "@x", "\tTab", "\rCR", "a=b", "", "+1"]
    guarded = csv_safe_array(pa.chunked_array([values[:4], values[4:]], type=pa.string()))
    assert guarded.to_pylist() == [None if v is None else csv_safe(v) for v in values]
    untouched = pa.array(["Police", None])
    assert csv_safe_array(untouched) is untouched


def test_csv_table_writes_list_cells_as_json_and_guards_text() -> None:
    spec = get_table("kpi_observations")
    frame = conform(pd.DataFrame([
        {"indicator": "custody_rate", "subject_label": "=England", "subject_type": "national",
         "period_label": "2020", "value": 1.5, "value_status": "reported", "unit": "percent",
         "document_id": "d", "yot_id": "y", "source_line": 3, "quality_flags": ["a", "é"]},
        {"indicator": "custody_rate", "subject_label": "Wales", "subject_type": "national",
         "period_label": "2020", "value": None, "value_status": "reported", "unit": "percent",
         "document_id": "d", "yot_id": "y", "source_line": 4, "quality_flags": None},
    ]), spec)
    table = csv_table(to_arrow(frame, spec))
    assert table.column("quality_flags").to_pylist() == ['["a", "é"]', None]
    assert table.column("subject_label").to_pylist() == ["'=England", "Wales"]
    assert table.column("value").to_pylist() == [1.5, None]
