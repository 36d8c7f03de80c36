"""A real release read by the clients data users have: Frictionless, DuckDB, pandas,
sqlite3 and sha256sum."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import duckdb
import frictionless
import pandas as pd

from pipeline.metadata.registry import TABLE_SPECS, foreign_keys
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


def test_sqlite_has_the_registry_keys_indexes_and_full_text_search(corpus_build) -> None:
    release = _release(corpus_build)
    with sqlite3.connect(release / f"{NAME}.sqlite") as connection:
        assert connection.execute("pragma foreign_key_check").fetchall() == []
        for spec in TABLE_SPECS:
            info = connection.execute(f'pragma table_info("{spec.name}")').fetchall()
            key = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
            assert key == list(spec.database_key), spec.name
            assert {row[1] for row in info if row[3]} == {
                c.name for c in spec.columns if not c.nullable} | set(spec.database_key)
            declared = {(row[3], row[2], row[4]) for row in connection.execute(
                f'pragma foreign_key_list("{spec.name}")')}
            assert declared == {(fk.column, fk.table, fk.reference)
                                for fk in foreign_keys(spec)}, spec.name
            indexed = {row[2] for name in connection.execute(
                f'pragma index_list("{spec.name}")').fetchall()
                for row in connection.execute(f'pragma index_info("{name[1]}")')}
            assert {fk.column for fk in foreign_keys(spec)} <= indexed, spec.name
        # a join through the keys, and a word found by full-text search
        joined = connection.execute(
            "select count(*) from kpi_observations k join indicators i using (indicator) "
            "join documents d using (document_id)").fetchone()[0]
        assert joined == connection.execute("select count(*) from kpi_observations").fetchone()[0]
        label = connection.execute("select subject_label from kpi_observations "
                                   "where subject_id = 'england' limit 1").fetchone()[0]
        word = label.split()[0]
        hits = connection.execute(
            "select k.subject_label from kpi_observations k join kpi_observations_fts f "
            "on f.rowid = k.rowid where kpi_observations_fts match ?", [word]).fetchall()
        assert hits and all(word.lower() in h[0].lower() for h in hits)


def test_datapackage_keys_are_checked_by_frictionless(corpus_build, tmp_path) -> None:
    """The package declares the registry's keys, and Frictionless rejects a copy of the
    release whose KPI file names a document that is not in `documents`."""
    release = _release(corpus_build)
    package = json.loads((release / "datapackage.json").read_text("utf-8"))
    kpi = next(r for r in package["resources"] if r["name"] == "kpi_observations-csv")
    assert kpi["schema"]["primaryKey"] == ["row_id"]
    assert {"fields": ["indicator"], "reference": {"resource": "indicators-csv",
                                                   "fields": ["indicator"]}} in kpi[
        "schema"]["foreignKeys"]
    copy = tmp_path / "release"
    (copy / "csv").mkdir(parents=True)
    for resource in package["resources"]:
        if resource["format"] == "csv":
            (copy / resource["path"]).write_bytes((release / resource["path"]).read_bytes())
    documents = pd.read_csv(copy / "csv" / "documents.csv", dtype=str, keep_default_na=False)
    kept = documents[documents["document_id"] != documents["document_id"].iloc[0]]
    kept.to_csv(copy / "csv" / "documents.csv", index=False)
    package["resources"] = [{k: v for k, v in r.items() if k not in ("bytes", "hash")}
                            for r in package["resources"] if r["format"] == "csv"]
    (copy / "datapackage.json").write_text(json.dumps(package), "utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}
