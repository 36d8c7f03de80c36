"""A real release read by the clients data users have: Frictionless, DuckDB, pandas,
sqlite3 and sha256sum."""

from __future__ import annotations

import decimal
import gzip
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pytest
from release_files import csv_path, sqlite_file

from pipeline.metadata.registry import TABLE_SPECS, VIEW_SPECS, foreign_keys
from pipeline.publish.derived import DERIVED
from pipeline.publish.readme import NAME
from pipeline.publish.release import csv_safe


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


@pytest.fixture(scope="module")
def sqlite_path(corpus_build, tmp_path_factory) -> Path:
    """The release's `yjdata.sqlite.gz` decompressed, as a data user does (`gunzip -k`)."""
    return sqlite_file(_release(corpus_build), tmp_path_factory.mktemp("sqlite"))


def test_sqlite_holds_every_table_with_matching_row_counts(corpus_build, sqlite_path) -> None:
    release = _release(corpus_build)
    with sqlite3.connect(sqlite_path) as connection:
        for spec in TABLE_SPECS:
            rows = connection.execute(f'select count(*) from "{spec.name}"').fetchone()[0]
            assert rows == len(pd.read_parquet(release / "parquet" / f"{spec.name}.parquet"))


def test_sha256sum_checks_every_file(corpus_build) -> None:
    release = _release(corpus_build)
    result = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=release,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = (release / "SHA256SUMS").read_text("utf-8")
    for expected in ("datapackage.json", f"{NAME}.sqlite.gz", f"{NAME}-{release.name}.zip",
                     "validation/site/index.html", "CHANGELOG.md", "README.md"):
        assert f"  {expected}\n" in listed


def test_readme_is_a_data_dictionary_with_coverage_and_issues(corpus_build) -> None:
    readme = (_release(corpus_build) / "README.md").read_text("utf-8")
    for spec in (*TABLE_SPECS, *VIEW_SPECS):
        assert f"### `{spec.name}`" in readme
        for column in spec.columns:
            assert f"| `{column.name}` |" in readme
    for heading in ("## Coverage", "## How to cite", "## Licence", "## Known issues"):
        assert heading in readme
    licence = readme[readme.index("## Licence"):readme.index("## Known issues")]
    assert "MIT" in licence and "documents.licence" in licence  # what applies to what
    summary = json.loads((_release(corpus_build) / "validation" / "summary.json").read_text())
    assert all(summary["data_docs"].values())


def test_sqlite_has_the_registry_keys_indexes_and_full_text_search(corpus_build,
                                                                   sqlite_path) -> None:
    release = _release(corpus_build)
    with sqlite3.connect(sqlite_path) as connection:
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
        wide = pd.read_parquet(release / "parquet" / "kpi_observations_wide.parquet")
        assert connection.execute("select count(*) from kpi_observations_wide").fetchone()[
            0] == len(wide)
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
    documents = pd.read_csv(csv_path(copy, "documents"), dtype=str, keep_default_na=False)
    kept = documents[documents["document_id"] != documents["document_id"].iloc[0]]
    kept.to_csv(csv_path(copy, "documents"), index=False)  # pandas gzips by the suffix
    package["resources"] = [{k: v for k, v in r.items() if k not in ("bytes", "hash")}
                            for r in package["resources"] if r["format"] == "csv"]
    (copy / "datapackage.json").write_text(json.dumps(package), "utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


@pytest.fixture(scope="module")
def datasette_url(corpus_build, sqlite_path):
    """A real Datasette process serving the release's SQLite file (decompressed) with its
    metadata."""
    release = _release(corpus_build)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "datasette"), "serve",
               str(sqlite_path), "-m", str(release / "datasette-metadata.json"),
               "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/-/versions.json", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.3)
        yield f"{url}/{NAME}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_datasette_shows_keys_labels_facets_and_search(datasette_url, corpus_build) -> None:
    release = _release(corpus_build)
    metadata = _get(f"{datasette_url.rsplit('/', 1)[0]}/-/metadata.json")
    assert metadata["license"] and metadata["title"]
    table = _get(f"{datasette_url}/kpi_observations.json?_shape=objects&_size=5")
    assert table["primary_keys"] == ["row_id"] and len(table["rows"]) == 5
    kpis = pd.read_parquet(release / "parquet" / "kpi_observations.parquet")
    assert table["filtered_table_rows_count"] == len(kpis)
    # a facet on an enum column, counted as pandas counts it
    faceted = _get(f"{datasette_url}/kpi_observations.json?_facet=indicator&_size=0")
    counts = {r["value"]: r["count"] for r in faceted["facet_results"]["indicator"]["results"]}
    assert counts == kpis["indicator"].value_counts().to_dict()
    # a foreign key shown with the referenced row's label column
    labelled = _get(f"{datasette_url}/kpi_observations.json?_shape=objects&_labels=on&_size=1")
    document = labelled["rows"][0]["document_id"]
    titles = pd.read_parquet(release / "parquet" / "documents.parquet").set_index(
        "document_id")["title"]
    assert document["label"] == titles[document["value"]]
    # full-text search over the label columns
    found = _get(f"{datasette_url}/kpi_observations.json?_search=England&_shape=objects"
                 "&_size=max")
    assert found["rows"] and all("england" in r["subject_label"].lower() + r[
        "period_label"].lower() for r in found["rows"])


def _plain(value: object) -> object:
    """A value as Python compares it: Decimal and numpy numbers as float, arrays as lists."""
    if value is None or (not isinstance(value, (list, tuple, str)) and not hasattr(
            value, "__len__") and pd.isna(value)):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, decimal.Decimal) or (
            isinstance(value, float | int) and not isinstance(value, bool)):
        return float(value)
    return value


def test_every_csv_read_with_its_schema_equals_its_parquet_file(corpus_build) -> None:
    """Typed CSV: read through `datapackage.json`, every cell of every CSV file is the
    Parquet file's value (text behind the formula guard's quote), so "1.10" stays text."""
    release = _release(corpus_build)
    package = frictionless.Package(str(release / "datapackage.json"))
    checked = 0
    for resource in package.resources:
        if resource.format != "csv":
            continue
        parquet = pd.read_parquet(release / "parquet" / f"{resource.title}.parquet")
        with resource:
            rows = [row.to_dict() for row in resource.row_stream]
        assert len(rows) == len(parquet), resource.name
        assert list(rows[0]) == list(parquet.columns) if rows else True
        text = {f.name for f in resource.schema.fields if f.type == "string"}
        for row, expected in zip(rows, parquet.to_dict("records"), strict=True):
            for name, value in expected.items():
                want = _plain(value)
                if name in text and isinstance(want, str):
                    want = csv_safe(want)
                elif isinstance(want, list):
                    want = [csv_safe(v) for v in want]
                assert _plain(row[name]) == want, (resource.name, name, row[name], value)
                checked += 1
        if resource.title == "inspection_ratings":  # "1.10" must not become 1.1
            assert rows and all(isinstance(r["standard_code"], str) for r in rows)
    assert checked > 10_000


def test_compressed_files_hold_the_parquet_data_and_are_plain_gzip(corpus_build) -> None:
    """Each `csv/<table>.csv.gz` is one gzip member with no file name and no time in its
    header (identical data, identical bytes), described as gzip in the package; the
    SQLite database decompresses to a database holding the Parquet rows."""
    release = _release(corpus_build)
    package = json.loads((release / "datapackage.json").read_text("utf-8"))
    for resource in (r for r in package["resources"] if r["format"] == "csv"):
        assert resource["path"] == f"csv/{resource['title']}.csv.gz"
        assert resource["compression"] == "gz"
        raw = (release / resource["path"]).read_bytes()
        assert raw[:2] == b"\x1f\x8b" and raw[3] == 0 and raw[4:8] == b"\0\0\0\0"
        plain = gzip.decompress(raw)
        parquet = pd.read_parquet(release / "parquet" / f"{resource['title']}.parquet")
        assert plain.count(b"\n") >= len(parquet) + 1  # header and every row (text may wrap)
    assert not (release / f"{NAME}.sqlite").exists()
    assert not list((release / "csv").glob("*.csv"))


def test_data_docs_show_the_runs_own_check_results(corpus_build) -> None:
    """The release renders the validations its checks ran (data source `tables` of the
    run's `gx` resource) rather than validating every table once more."""
    pages = (_release(corpus_build) / "validation" / "site" / "validations").rglob("*.html")
    names = {page.parts[-4]: page.name for page in pages}
    assert set(names) == {spec.name for spec in TABLE_SPECS}
    assert all(page == f"tables-{table}.html" for table, page in names.items())
