"""An incremental build publishes exactly what a cold build of the same folder publishes,
and judges again only the documents whose rows changed.

Real Dagster runs on persistent (temporary) instances, the real GX suites and rules: one
instance builds three plans, then the same folder with one plan edited (a paragraph
added: its rows are unchanged) and one plan added; a fresh instance builds the final folder
cold. Every published Parquet file must be byte-identical, and the second build's fact
tables must say (in their materialisation metadata) that only the new document's rows were
judged, the others' verdicts reused, and that unchanged tables' suite results were reused.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd
import pytest

from pipeline.assets.checks import CHECK_NAME, RULES_CHECK, STORED
from pipeline.assets.documents import JUDGED, JUDGED_BEFORE
from pipeline.automation import BUILD_JOB, UPDATE_JOB
from pipeline.definitions import build_definitions
from pipeline.metadata.registry import FACT_TABLES, WITHHELD
from pipeline.runner import RunOutcome, run_job

# Three whole builds in the module's fixture (about 80 s on two cores).
pytestmark = pytest.mark.slow

FIRST = ("darlington-youth-justice-plan", "derbyshire", "dorset")
EDITED = "dorset"
ADDED = "northamptonshire"
REFERENCE_TABLES = ("yots", "subjects", "indicators")


@dataclass
class Build:
    outcome: RunOutcome
    tables: dict[str, dict[str, Any]]  # asset -> materialisation metadata of its last run
    suites_stored: dict[str, bool]  # table -> whether its gx_suite result was reused
    root: Path
    sources: Path


def _plan(corpus_dir: Path, prefix: str) -> Path:
    return next(p for p in sorted(corpus_dir.glob(f"{prefix}*.txt")))


def _build(root: Path, sources: Path) -> Build:
    (root / "home").mkdir(parents=True, exist_ok=True)
    with dg.DagsterInstance.local_temp(tempdir=str(root / "home")) as instance:
        outcome = run_job(BUILD_JOB, instance, sources, root / "storage",
                          releases_dir=root / "releases")
        assert outcome.success, outcome.failures
        assert outcome.run_id is not None
        tables, suites = {}, {}
        for record in instance.all_logs(outcome.run_id):
            event = record.dagster_event
            if event is None:
                continue
            if event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION:
                materialization = event.event_specific_data.materialization
                tables[materialization.asset_key.to_user_string()] = {
                    k: v.value for k, v in materialization.metadata.items()}
            elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
                evaluation = event.event_specific_data
                if evaluation.check_name == CHECK_NAME:
                    suites[evaluation.asset_key.to_user_string()] = bool(
                        evaluation.metadata[STORED].value)
    return Build(outcome, tables, suites, root, sources)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> dict[str, Build]:
    base = tmp_path_factory.mktemp("incremental")
    sources = base / "sources"
    sources.mkdir()
    for prefix in FIRST:
        shutil.copy2(_plan(corpus_dir, prefix), sources)
    first = _build(base / "incremental", sources)
    with (sources / _plan(corpus_dir, EDITED).name).open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added after the last build.\n")
    shutil.copy2(_plan(corpus_dir, ADDED), sources)
    second = _build(base / "incremental", sources)
    cold_sources = base / "cold-sources"
    shutil.copytree(sources, cold_sources)  # the same files, modification times kept
    cold = _build(base / "cold", cold_sources)
    return {"first": first, "second": second, "cold": cold}


def _parquet_digests(build: Build) -> dict[str, str]:
    assert build.outcome.release is not None
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((build.outcome.release / "parquet").glob("*.parquet"))}


def test_an_incremental_build_publishes_the_tables_of_a_cold_build(builds) -> None:
    second, cold = builds["second"], builds["cold"]
    assert (second.outcome.processed, second.outcome.unchanged) == (2, 2)
    assert cold.outcome.processed == 4
    incremental, whole = _parquet_digests(second), _parquet_digests(cold)
    assert len(whole) >= len(FACT_TABLES) + 3
    assert incremental == whole


def _documents_with_rows(build: Build, table: str) -> set[str]:
    """Documents with rows in `table`, published or withheld."""
    release = build.outcome.release
    assert release is not None
    published = pd.read_parquet(release / "parquet" / f"{table}.parquet")
    withheld = pd.read_parquet(release / "parquet" / f"{WITHHELD.name}.parquet")
    return {*published["document_id"],
            *withheld.loc[withheld["fact_table"] == table, "document_id"]}


def test_only_documents_whose_rows_changed_are_judged_again(builds) -> None:
    first, second = builds["first"], builds["second"]
    ids = set(pd.read_parquet(second.outcome.release / "parquet" / "documents.parquet")
              ["document_id"])
    [new] = [d for d in ids if d.startswith(ADDED)]
    judged_in_second = 0
    for table in FACT_TABLES:
        before = _documents_with_rows(first, table)
        now = _documents_with_rows(second, table)
        assert first.tables[table][JUDGED] == len(before)
        assert first.tables[table][JUDGED_BEFORE] == 0
        # The edited plan's rows did not change: its verdict is reused, like the others'.
        assert second.tables[table][JUDGED] == int(new in now), table
        assert second.tables[table][JUDGED_BEFORE] == len(now - {new}), table
        judged_in_second += second.tables[table][JUDGED]
    assert judged_in_second > 0  # the added plan has rows in some fact table
    for table in REFERENCE_TABLES:
        assert not first.suites_stored[table] and second.suites_stored[table]
    assert not second.suites_stored["documents"]  # the edited and the added document


def test_one_fact_table_and_its_two_checks_can_be_materialised_alone(builds) -> None:
    """As an analyst does in the UI: the table's step and its checks' step, subset."""
    cold = builds["cold"]
    defs = build_definitions(sources_dir=cold.sources, releases_dir=cold.root / "releases",
                             storage_dir=cold.root / "storage")
    table = FACT_TABLES[0]
    with dg.DagsterInstance.local_temp(tempdir=str(cold.root / "home")) as instance:
        result = defs.resolve_job_def(UPDATE_JOB).execute_in_process(
            instance=instance, asset_selection=[dg.AssetKey(table)], raise_on_error=False)
    assert result.success
    assert {e.materialization.asset_key.to_user_string()
            for e in result.get_asset_materialization_events()} == {table}
    assert {(e.asset_key.to_user_string(), e.check_name, e.passed)
            for e in result.get_asset_check_evaluations()} == {
        (table, CHECK_NAME, True), (table, RULES_CHECK, True)}


def test_a_tables_checks_selected_alone_check_the_table_as_stored(builds) -> None:
    """As the UI's "Execute checks" does: the checks run in the catalogue's step, which
    then makes no table and checks the stored one (the rules check, unlike the suite, has
    no stored result to fall back on, so it must have read the table)."""
    cold = builds["cold"]
    defs = build_definitions(sources_dir=cold.sources, releases_dir=cold.root / "releases",
                             storage_dir=cold.root / "storage")
    table = FACT_TABLES[0]
    keys = {dg.AssetCheckKey(dg.AssetKey(table), CHECK_NAME),
            dg.AssetCheckKey(dg.AssetKey(table), RULES_CHECK)}
    job = defs.resolve_job_def(UPDATE_JOB).get_subset(asset_selection=set(),
                                                      asset_check_selection=keys)
    with dg.DagsterInstance.local_temp(tempdir=str(cold.root / "home")) as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert result.success
    assert not result.get_asset_materialization_events()
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e
                   for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == {(table, CHECK_NAME), (table, RULES_CHECK)}
    assert all(e.passed for e in evaluations.values())
    published = pd.read_parquet(cold.outcome.release / "parquet" / f"{table}.parquet")
    assert evaluations[(table, CHECK_NAME)].metadata["rows"].value == len(published) > 0
