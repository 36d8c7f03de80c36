"""The whole Dagster graph, materialised for real into temporary folders.

One full build of the corpus is shared by the assertions about the release; the
other tests build small folders of their own (bad input, a failing check, the
sensor's one-document runs).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq
import pytest
from release_files import csv_text

from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.automation import BUILD_JOB, EXTRACT_JOB
from pipeline.metadata.registry import TABLE_SPECS
from pipeline.metadata.schemas import arrow_schema
from pipeline.runner import RunOutcome, run_job
from pipeline.validate.suites import suite_dict

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"


def _build(tmp: Path, sources: Path, job: str = BUILD_JOB, **kwargs) -> RunOutcome:
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    with dg.DagsterInstance.local_temp(tempdir=str(home)) as instance:
        return run_job(job, instance, sources, tmp / "storage", **kwargs)


def test_build_publishes_every_table_as_parquet_and_csv(corpus_build) -> None:
    outcome, releases, _ = corpus_build
    assert outcome.success, outcome.failures
    assert outcome.release is not None and outcome.release.parent == releases
    assert (releases / "latest").resolve() == outcome.release.resolve()
    for spec in TABLE_SPECS:
        table = pq.read_table(outcome.release / "parquet" / f"{spec.name}.parquet")
        assert table.schema.names == arrow_schema(spec).names
        csv_header = csv_text(outcome.release, spec.name)
        assert csv_header.splitlines()[0].replace('"', "").split(",") == spec.column_names


def test_documents_catalogue_has_the_five_corpus_documents(corpus_build) -> None:
    outcome, _, _ = corpus_build
    documents = pd.read_parquet(outcome.release / "parquet" / "documents.parquet")
    assert len(documents) == 5
    assert set(documents["yot_id"]) == {"darlington", "derbyshire", "dorset-combined",
                                        "northamptonshire"}
    assert (documents["metadata_source"] == "manifest").all()
    assert documents["line_count"].min() > 100
    rejections = pd.read_parquet(outcome.release / "parquet" / "rejections.parquet")
    assert rejections.empty


def test_report_lists_every_check_as_passed(corpus_build) -> None:
    outcome, _, _ = corpus_build
    from pipeline.extract import DOMAINS

    report = json.loads((outcome.release / "report.json").read_text("utf-8"))
    ran = {(c["asset"], c["check"]) for c in report["checks"] if c["success"]}
    assert {(spec.name, "gx_suite") for spec in TABLE_SPECS} <= ran
    assert {(t, "rules") for d in DOMAINS for t in d.tables} <= ran
    assert report["summary"]["checks_failed"] == 0
    assert "Known issues" in (outcome.release / "README.md").read_text("utf-8")


def test_the_build_never_writes_to_the_sources_folder(corpus_build, corpus_dir: Path) -> None:
    _, _, before = corpus_build
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus_dir.iterdir()}
    assert after == before


def test_bad_input_is_rejected_and_never_stops_the_good_documents(
    tmp_path: Path, corpus_dir: Path
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    good = "darlington-youth-justice-plan-2018-19.txt"
    shutil.copy(corpus_dir / good, sources / "Darlington plan (copy) – 2018.txt")
    shutil.copy(corpus_dir / good, sources / good)
    shutil.copy(corpus_dir / "derbyshire-youth-justice-plan-2019-20.txt", sources / "dérby.txt")
    (sources / "empty.txt").write_bytes(b"")
    (sources / "scan.txt").write_bytes(b"%PDF-1.4\n\x00\x01binary")
    (sources / "nowhere.txt").write_text("Youth Justice Plan 2020/21\nOur plan.\n", "utf-8")
    (sources / "wigan-ansi.txt").write_bytes(
        "Wigan Youth Justice Plan 2020/21\nBudget £12,000\n".encode("cp1252"))
    out = tmp_path / "out"
    outcome = _build(tmp_path, sources, job=EXTRACT_JOB, extract_dir=out)
    assert outcome.success, outcome.failures
    documents = pd.read_csv(out / "documents.csv")
    assert sorted(documents["document_id"]) == [
        "darlington-plan-copy-2018", "derby", "wigan-ansi"]
    assert documents.set_index("document_id").loc["wigan-ansi", "encoding"] == "cp1252"
    reasons = pd.read_csv(out / "rejections.csv").set_index("source_file")["reason"].to_dict()
    assert reasons == {
        good: "identical content to Darlington plan (copy) – 2018.txt "
              "(document darlington-plan-copy-2018), which is kept as the older file",
        "empty.txt": "empty file",
        "nowhere.txt": "service could not be detected from the text or file name: add an "
                       "entry for this file to manifest.yaml",
        "scan.txt": "a truncated PDF (it does not end with %%EOF): download it again",
    }


def test_a_failing_blocking_check_stops_the_release(tmp_path: Path, corpus_dir: Path) -> None:
    expectations = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, expectations)
    suite = json.loads((expectations / "documents.json").read_text("utf-8"))
    suite["expectations"].append(
        {"type": "expect_column_values_to_be_in_set", "severity": "critical",
         "kwargs": {"column": "yot_id", "value_set": ["darlington"]},
         "meta": {"added_by": "test: only Darlington is allowed"}})
    (expectations / "documents.json").write_text(json.dumps(suite), "utf-8")
    releases = tmp_path / "releases"
    outcome = _build(tmp_path, corpus_dir, releases_dir=releases, expectations_dir=expectations)
    assert not outcome.success
    failure = next(f for f in outcome.failures if "documents.gx_suite" in f)
    assert "documents.yot_id: expect_column_values_to_be_in_set" in failure
    assert "document_id=derbyshire-youth-justice-plan-2019-20" in failure
    assert not releases.exists() or not any(releases.iterdir())


def test_a_warning_expectation_is_reported_but_does_not_block(
    tmp_path: Path, corpus_dir: Path, corpus_build
) -> None:
    expectations = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, expectations)
    suite = suite_dict(next(s for s in TABLE_SPECS if s.name == "documents"))
    suite["expectations"].append(
        {"type": "expect_table_row_count_to_be_between", "severity": "warning",
         "kwargs": {"min_value": 10}, "meta": {"added_by": "test"}})
    (expectations / "documents.json").write_text(json.dumps(suite), "utf-8")
    outcome = _build(tmp_path, corpus_dir, releases_dir=tmp_path / "releases",
                     expectations_dir=expectations)
    assert outcome.success, outcome.failures
    report = json.loads((outcome.release / "report.json").read_text("utf-8"))
    codes = [i["code"] for i in report["issues"]]
    assert "expectation_warning" in codes
    # Same inputs built into another folder: byte-identical Parquet and CSV files.
    other = corpus_build[0].release
    for path in [*other.glob("parquet/*"), *other.glob("csv/*")]:
        twin = outcome.release / path.relative_to(other)
        assert twin.read_bytes() == path.read_bytes(), path.name


@pytest.mark.slow
def test_one_new_document_rematerialises_only_its_partition(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """What the sensor requests for a new file: that partition plus what depends on it."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(corpus_dir / "dorset-youth-justice-plan-2017-18.txt", sources)
    home = tmp_path / "home"
    home.mkdir()
    from pipeline.definitions import build_definitions
    from pipeline.runner import sync_partitions

    defs = build_definitions(sources_dir=sources, releases_dir=tmp_path / "releases",
                             storage_dir=tmp_path / "storage")
    job = defs.resolve_job_def(defs.get_sensor_def("sources_sensor").job_name)
    with dg.DagsterInstance.local_temp(tempdir=str(home)) as instance:
        assert run_job(BUILD_JOB, instance, sources, tmp_path / "storage",
                       releases_dir=tmp_path / "releases").success
        first_release = (tmp_path / "releases" / "latest").resolve()
        shutil.copy(corpus_dir / "derbyshire-youth-justice-plan-2019-20.txt", sources)
        keys = sync_partitions(instance, sources)
        assert keys == ["dorset-youth-justice-plan-2017-18",
                        "derbyshire-youth-justice-plan-2019-20"]
        result = job.execute_in_process(instance=instance, partition_key=keys[-1])
        assert result.success
        partitions = {
            m.asset_key.to_user_string(): m.partition
            for m in result.get_asset_materialization_events()
            for m in [m.materialization]
        }
        assert partitions["document_extracts"] == "derbyshire-youth-justice-plan-2019-20"
        assert partitions["documents"] is None and "release" not in partitions
        checks = result.get_asset_check_evaluations()
        assert checks and all(c.passed for c in checks)
        assert (tmp_path / "releases" / "latest").resolve() == first_release
        # The nightly build then publishes both documents.
        assert run_job(BUILD_JOB, instance, sources, tmp_path / "storage",
                       releases_dir=tmp_path / "releases").success
        documents = pd.read_parquet(
            tmp_path / "releases" / "latest" / "parquet" / "documents.parquet")
        assert sorted(documents["document_id"]) == sorted(keys)
        assert instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name) == keys


def test_tables_are_published_and_counted_in_documents(corpus_build) -> None:
    outcome, _, _ = corpus_build
    cells = pd.read_parquet(outcome.release / "parquet" / "tables.parquet")
    documents = pd.read_parquet(outcome.release / "parquet" / "documents.parquet")
    per_document = cells.groupby("document_id")["source_table"].nunique()
    counts = documents.set_index("document_id")["table_count"]
    assert (per_document.reindex(counts.index).fillna(0) == counts).all()
    assert set(cells["kind"]) >= {"data", "toc", "glossary"}
    # Every cell's text is on its source line (markup aside), so cells are traceable.
    sources = Path(__file__).resolve().parents[2] / "datasets" / "sources"
    lines = {
        row.document_id: (sources / row.source_file).read_text("utf-8").split("\n")
        for row in documents.itertuples()
    }
    sample = cells[cells["text"].str.fullmatch(r"[\d,.£%]+")].head(200)
    for cell in sample.itertuples():
        assert cell.text in lines[cell.document_id][cell.source_line - 1]


def test_every_fact_table_is_filled_and_every_number_is_on_its_line(corpus_build) -> None:
    """The contract's promise, checked on the published release itself."""
    from pipeline.extract import DOMAINS
    from pipeline.extract.base import number_on_line

    outcome, _, _ = corpus_build
    release = outcome.release
    documents = pd.read_parquet(release / "parquet" / "documents.parquet")
    sources = Path(__file__).resolve().parents[2] / "datasets" / "sources"
    lines = {
        row.document_id: (sources / row.source_file).read_text("utf-8").split("\n")
        for row in documents.itertuples()
    }
    for domain in DOMAINS:
        for table in domain.tables:
            frame = pd.read_parquet(release / "parquet" / f"{table}.parquet")
            assert not frame.empty, table
            for column in domain.value_columns.get(table, ()):
                for row in frame[frame[column].notna()].itertuples():
                    line = lines[row.document_id][row.source_line - 1]
                    assert number_on_line(float(getattr(row, column)), line), (table, row)


def test_inspection_metadata_reaches_the_catalogue(corpus_build) -> None:
    outcome, _, _ = corpus_build
    documents = pd.read_parquet(outcome.release / "parquet" / "documents.parquet")
    report = documents.set_index("document_id").loc["darlington-hmip-inspection-2021"]
    assert report["inspected_yot_id"] == "darlington"
    assert str(report["fieldwork_start"]) == "2020-09-28"
    assert str(report["fieldwork_end"]) == "2020-10-01"
    plans = documents[documents["document_type"] == "youth_justice_plan"]
    assert plans["inspected_yot_id"].isna().all()


def test_the_corpus_publishes_with_nothing_withheld_and_nothing_flagged(corpus_build) -> None:
    from pipeline.metadata.registry import FACT_TABLES

    outcome, _, _ = corpus_build
    assert outcome.summary() == ("5 documents (5 accepted; 5 read, 0 from the cache, 0 unchanged), "
                                 "0 tables withheld from 0 documents, 0 rows flagged")
    assert pd.read_parquet(outcome.release / "parquet" / "withheld.parquet").empty
    for table in FACT_TABLES:
        frame = pd.read_parquet(outcome.release / "parquet" / f"{table}.parquet")
        assert frame["quality_flags"].isna().all(), table
    report = json.loads((outcome.release / "report.json").read_text("utf-8"))
    assert report["withheld"] == []
    assert report["summary"]["withheld"]["flagged_rows"] == 0
