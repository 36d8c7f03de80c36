"""One bad document never stops the release: real Dagster runs on plans written here.

A plan whose printed budget total is £100 off is published and flagged; a plan whose
reoffending table contradicts itself, or that prints a headcount of 2.1, has that table
withheld and listed while the rest of it and every other plan is published; too many
withheld documents, or no documents at all, publish nothing and leave `latest` alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from plans import plan, write_plans
from release_files import csv_text

from pipeline.assets.partitions import CONTENT_HASH, DOCUMENT_EXTRACTS
from pipeline.automation import BUILD_JOB
from pipeline.cli import main
from pipeline.ingest.sources import file_sha256
from pipeline.metadata.enums import SOURCE_TOTAL_MISMATCH
from pipeline.runner import run_job

CLEAN = ["wigan", "oldham", "rochdale", "stockport", "tameside"]


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory: pytest.TempPathFactory):
    """Eight plans built into a release: five clean, Bolton's budget total £100 off, Bury's
    reoffending % contradicted by its counts, Salford's headcount 2.1 (2 of 8 documents
    withheld: 25%, the most the default allows). (outcome, sources, home, releases)."""
    tmp = tmp_path_factory.mktemp("mixed")
    sources = write_plans(tmp / "sources", {
        **{name: plan(name.title()) for name in CLEAN},
        "bolton": plan("Bolton", total="485,100"),
        "bury": plan("Bury", percent="41.0%"),
        "salford": plan("Salford", practitioners="2.1"),
    })
    (tmp / "home").mkdir()
    with dg.DagsterInstance.local_temp(tempdir=str(tmp / "home")) as instance:
        outcome = run_job(BUILD_JOB, instance, sources, tmp / "storage",
                          releases_dir=tmp / "releases")
    return outcome, sources, tmp / "home", tmp / "releases"


def _table(outcome, name: str) -> pd.DataFrame:
    return pd.read_parquet(outcome.release / "parquet" / f"{name}.parquet")


def test_every_plan_is_published_and_the_run_says_what_was_withheld(mixed_build) -> None:
    outcome, *_ = mixed_build
    assert outcome.success, outcome.failures
    assert outcome.release is not None
    assert outcome.summary() == ("8 documents (8 accepted; 8 read, 0 from the cache, 0 unchanged), "
                                 "2 tables withheld from 2 documents, 12 rows flagged")
    assert set(_table(outcome, "documents")["document_id"]) == {*CLEAN, "bolton", "bury",
                                                                 "salford"}


def test_a_budget_total_100_pounds_off_is_published_and_flagged(mixed_build) -> None:
    outcome, *_ = mixed_build
    budget = _table(outcome, "budget_contributions")
    bolton = budget[budget["document_id"] == "bolton"]
    assert len(bolton) == len(budget[budget["document_id"] == "wigan"]) == 12
    assert 485_100.0 in set(bolton["amount_gbp"])  # the printed total, as printed
    flags = {tuple(f) for f in bolton["quality_flags"]}
    assert flags == {(SOURCE_TOTAL_MISMATCH,)}
    # Every row of the table that does not add up is flagged, and no other row.
    others = budget[budget["document_id"] != "bolton"]
    assert others["quality_flags"].isna().all()
    assert sorted(set(bolton["source_line"])) == [8, 9, 10, 11]
    report = json.loads((outcome.release / "report.json").read_text("utf-8"))
    mismatch = [i for i in report["issues"]
                if i["document_id"] == "bolton" and i["code"] == "budget_total_mismatch"]
    assert mismatch and mismatch[0]["severity"] == "warning"
    assert "485,100.00" in mismatch[0]["message"] and SOURCE_TOTAL_MISMATCH in \
        mismatch[0]["message"]
    assert report["summary"]["withheld"]["flagged_rows"] == 12


def test_a_contradicted_reoffending_table_is_withheld_and_listed(mixed_build) -> None:
    outcome, *_ = mixed_build
    kpis = _table(outcome, "kpi_observations")
    assert "bury" not in set(kpis["document_id"])
    assert set(kpis["document_id"]) == {*CLEAN, "bolton", "salford"}
    withheld = _table(outcome, "withheld").set_index(["document_id", "fact_table"])
    bury = withheld.loc[("bury", "kpi_observations")]
    assert (bury["source_table"], bury["rule"], bury["first_line"], bury["row_count"]) == (
        "bury#t02", "kpi_arithmetic_mismatch", 16, 5)
    assert "reoffending_rate" in bury["message"] and "41" in bury["message"]
    # The rest of Bury's plan is published.
    assert (_table(outcome, "budget_contributions")["document_id"] == "bury").sum() == 12
    assert (_table(outcome, "workforce")["document_id"] == "bury").sum() == 2


def test_a_fractional_headcount_withholds_its_table_not_the_release(mixed_build) -> None:
    outcome, *_ = mixed_build
    workforce = _table(outcome, "workforce")
    assert "salford" not in set(workforce["document_id"])
    withheld = _table(outcome, "withheld")
    salford = withheld[withheld["document_id"] == "salford"]
    assert list(zip(salford["fact_table"], salford["rule"], salford["first_line"],
                    salford["row_count"], strict=True)) == [
        ("workforce", "fractional_headcount", 20, 2)]
    assert (_table(outcome, "kpi_observations")["document_id"] == "salford").sum() == 5
    report = json.loads((outcome.release / "report.json").read_text("utf-8"))
    assert report["summary"]["withheld"]["documents"] == 2
    assert {(t["document_id"], t["fact_table"]) for t in report["withheld"]} == {
        ("bury", "kpi_observations"), ("salford", "workforce")}
    csv = csv_text(outcome.release, "withheld")
    assert ('"salford","workforce","salford#t03","fractional_headcount","headcount 2.1 is not '
            'a whole number",20,2,1') in csv
    readme = (outcome.release / "README.md").read_text("utf-8")
    assert "`withheld`" in readme
    home = (outcome.release / "site" / "index.html").read_text("utf-8")
    assert "fractional_headcount: headcount 2.1 is not a whole number (line 20)" in home


def test_each_document_partition_shows_its_own_figures(mixed_build) -> None:
    _, sources, home, _ = mixed_build
    with dg.DagsterInstance.local_temp(tempdir=str(home)) as instance:
        records = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=DOCUMENT_EXTRACTS), limit=100).records
        metadata = {r.partition_key: r.asset_materialization.metadata for r in records}
        observed = instance.fetch_observations(
            dg.AssetRecordsFilter(asset_key=DOCUMENT_EXTRACTS), limit=100).records
    assert set(metadata) == {*CLEAN, "bolton", "bury", "salford"}
    wigan = metadata["wigan"]
    assert "documents" not in wigan  # no longer the whole run's figures
    assert wigan[CONTENT_HASH].value == file_sha256(sources / "wigan.txt")
    assert wigan["rows"].value["budget_contributions"] == 12
    assert metadata["bolton"][CONTENT_HASH].value != wigan[CONTENT_HASH].value
    notes = {r.partition_key: r.asset_observation.metadata for r in observed}
    assert set(notes) == {"bolton", "bury", "salford"}
    assert "kpi_observations bury#t02 from line 16" in notes["bury"]["withheld"].value
    assert notes["bolton"]["flagged_rows"].value == {"budget_contributions": 12}


def test_more_than_the_allowed_share_withheld_publishes_nothing(tmp_path: Path,
                                                                  monkeypatch, capsys) -> None:
    sources = write_plans(tmp_path / "sources", {
        "wigan": plan("Wigan"), "bury": plan("Bury", percent="41.0%"),
        "salford": plan("Salford", practitioners="2.1")})
    releases = _released_before(tmp_path / "releases")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    assert main(["build", "--sources", str(sources), "--releases", str(releases)]) == 1
    err = capsys.readouterr().err.splitlines()  # the run's progress lines, then the outcome
    [reason] = [line for line in err if line.startswith("yjdata:")]
    assert reason.startswith("yjdata: build failed: check withheld.withheld_share: 2 of 3 "
                             "documents (67%) have tables withheld, more than the 25% allowed")
    assert sorted(p.name for p in releases.iterdir()) == ["2020.01.01", "latest"]
    assert os.readlink(releases / "latest") == "2020.01.01"


def _released_before(releases: Path) -> Path:
    """A releases folder whose `latest` points at an earlier release."""
    (releases / "2020.01.01").mkdir(parents=True)
    (releases / "latest").symlink_to("2020.01.01", target_is_directory=True)
    return releases


REASONS = {"missing": "does not exist", "empty": "holds no documents",
           "only a manifest": "holds no documents", "unreadable": "cannot be read"}


@pytest.mark.parametrize("command", ["build", "extract"])
@pytest.mark.parametrize("folder", sorted(REASONS))
def test_no_documents_fails_at_once_and_leaves_latest_alone(
    tmp_path: Path, monkeypatch, capsys, command: str, folder: str
) -> None:
    if folder == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads a folder whatever its permissions")
    sources = tmp_path / "sources"
    if folder != "missing":
        sources.mkdir()
    if folder == "only a manifest":
        (sources / "manifest.yaml").write_text("documents: []\n", "utf-8")
    if folder == "unreadable":
        (sources / "plan.txt").write_text(plan("Wigan"), "utf-8")
        sources.chmod(0)
    releases = _released_before(tmp_path / "releases")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    target = ["--releases", str(releases)] if command == "build" else ["--out",
                                                                       str(tmp_path / "out")]
    assert main([command, "--sources", str(sources), *target]) == 1
    if sources.exists():
        sources.chmod(0o755)  # so that pytest can remove it
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"yjdata: {command} failed: the sources folder "
                           f"{sources.resolve()} {REASONS[folder]}")
    assert os.readlink(releases / "latest") == "2020.01.01"
    assert sorted(p.name for p in releases.iterdir()) == ["2020.01.01", "latest"]
    assert not (tmp_path / "out").exists()
