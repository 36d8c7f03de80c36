"""A real release read by the clients data users have: Frictionless, DuckDB, pandas,
sqlite3 and sha256sum."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import duckdb
import frictionless
import pandas as pd

from pipeline.metadata.registry import TABLE_SPECS
from pipeline.publish.derived import DERIVED
from pipeline.publish.readme import NAME


def _release(corpus_build):
    outcome, _, _ = corpus_build
    assert outcome.success, outcome.failures
    return outcome.release


def test_frictionless_validates_the_data_package(corpus_build) -> None:
    report = frictionless.validate(str(_release(corpus_build) / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors
    package = json.loads((_release(corpus_build) / "datapackage.json").read_text("utf-8"))
    assert len(package["resources"]) == 2 * (len(TABLE_SPECS) + len(DERIVED))
    assert {s["document_id"] for s in package["sources"]} >= {"darlington-hmip-inspection-2021"}
    assert all(r["hash"].startswith("sha256:") and r["schema"]["fields"]
               for r in package["resources"])


def test_duckdb_and_pandas_read_every_parquet_file(corpus_build) -> None:
    release = _release(corpus_build)
    connection = duckdb.connect()
    for spec in TABLE_SPECS:
        path = release / "parquet" / f"{spec.name}.parquet"
        duck = connection.execute("select count(*) from read_parquet(?)", [str(path)]).fetchall()
        duck = duck[0][0]
        frame = pd.read_parquet(path)
        assert duck == len(frame)
        assert list(frame.columns) == spec.column_names


def test_sqlite_holds_every_table_with_matching_row_counts(corpus_build) -> None:
    release = _release(corpus_build)
    with sqlite3.connect(release / f"{NAME}.sqlite") as connection:
        for spec in TABLE_SPECS:
            rows = connection.execute(f'select count(*) from "{spec.name}"').fetchone()[0]
            assert rows == len(pd.read_parquet(release / "parquet" / f"{spec.name}.parquet"))


def test_sha256sum_checks_every_file(corpus_build) -> None:
    release = _release(corpus_build)
    result = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=release,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = (release / "SHA256SUMS").read_text("utf-8")
    for expected in ("datapackage.json", f"{NAME}.sqlite", f"{NAME}-{release.name}.zip",
                     "validation/site/index.html", "CHANGELOG.md", "README.md"):
        assert f"  {expected}\n" in listed


def test_readme_is_a_data_dictionary_with_coverage_and_issues(corpus_build) -> None:
    readme = (_release(corpus_build) / "README.md").read_text("utf-8")
    for spec in TABLE_SPECS:
        assert f"### `{spec.name}`" in readme
        for column in spec.columns:
            assert f"| `{column.name}` |" in readme
    for heading in ("## Coverage", "## How to cite", "## Licence", "## Known issues"):
        assert heading in readme
    summary = json.loads((_release(corpus_build) / "validation" / "summary.json").read_text())
    assert all(summary["data_docs"].values())
