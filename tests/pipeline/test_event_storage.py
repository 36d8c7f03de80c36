"""The local instance's event log (`pipeline.event_storage`): Dagster's SQLite storage with
its engines kept, storing and reading the same events in the same files."""

from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME
from sqlalchemy.pool import NullPool

from pipeline.cli import LOCAL_INSTANCE_CONFIG
from pipeline.event_storage import MAX_ENGINES, CachedEngineSqliteEventLogStorage

PARTITIONS = dg.StaticPartitionsDefinition(["a", "b", "c"])


@dg.asset(partitions_def=PARTITIONS, backfill_policy=dg.BackfillPolicy.single_run(),
          io_manager_key="nowhere")
def parts(context: dg.AssetExecutionContext) -> dict[str, int]:
    return {key: len(key) for key in context.partition_keys}


@dg.asset
def whole() -> int:
    return 1


class Nowhere(dg.IOManager):
    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        pass

    def load_input(self, context: dg.InputContext) -> None:
        return None


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dg.DagsterInstance:
    """An instance from the project's local dagster.yaml (SQLite files in `tmp_path`)."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    (tmp_path / "dagster.yaml").write_text(LOCAL_INSTANCE_CONFIG.read_text("utf-8"), "utf-8")
    with dg.DagsterInstance.get() as instance:
        yield instance


def test_the_local_instance_uses_it_in_dagsters_own_folder(instance: dg.DagsterInstance,
                                                           tmp_path: Path) -> None:
    storage = instance.event_log_storage
    assert isinstance(storage, CachedEngineSqliteEventLogStorage)
    assert (tmp_path / "history" / "runs" / "index.db").is_file()


def test_events_are_stored_and_read_back_per_partition(instance: dg.DagsterInstance) -> None:
    definitions = dg.Definitions(assets=[parts, whole], resources={"nowhere": Nowhere()})
    job = definitions.get_implicit_global_asset_job_def()
    for _ in range(2):  # a second run: a second run database, the index's engine kept
        result = job.execute_in_process(
            instance=instance, asset_selection=[parts.key],
            tags={"dagster/asset_partition_range_start": "a",
                  "dagster/asset_partition_range_end": "c"})
        assert result.success
    materialised = instance.get_materialized_partitions(parts.key)
    assert materialised == {"a", "b", "c"}
    records = instance.fetch_materializations(parts.key, limit=10).records
    assert len(records) == 6
    assert len(instance.all_logs(result.run_id)) == len(
        instance.event_log_storage.get_logs_for_run(result.run_id))


def test_engines_kept_are_bounded(tmp_path: Path) -> None:
    storage = CachedEngineSqliteEventLogStorage(str(tmp_path))
    for run in range(MAX_ENGINES + 5):
        with storage.run_connection(f"run{run}"):
            pass
    assert len(storage._engines) == MAX_ENGINES
    assert {f"run{MAX_ENGINES + 4}"} <= set(storage._engines)


def test_the_index_keeps_one_connection_at_synchronous_normal_and_runs_open_theirs(
        instance: dg.DagsterInstance) -> None:
    definitions = dg.Definitions(assets=[parts, whole], resources={"nowhere": Nowhere()})
    result = definitions.get_implicit_global_asset_job_def().execute_in_process(
        instance=instance, asset_selection=[whole.key])
    assert result.success
    storage = instance.event_log_storage
    index = storage._engines[INDEX_SHARD_NAME]
    assert index.pool.checkedin() == 1  # kept open between events
    with storage.index_connection() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    run = storage._engines[result.run_id]
    assert isinstance(run.pool, NullPool)  # closed after each use: the UI watches the file


def test_wipe_closes_the_kept_connection_and_the_log_works_again(
        instance: dg.DagsterInstance, tmp_path: Path) -> None:
    definitions = dg.Definitions(assets=[parts, whole], resources={"nowhere": Nowhere()})
    job = definitions.get_implicit_global_asset_job_def()
    first = job.execute_in_process(instance=instance, asset_selection=[whole.key])
    instance.event_log_storage.wipe()
    assert not (tmp_path / "history" / "runs" / f"{first.run_id}.db").exists()
    assert instance.fetch_materializations(whole.key, limit=10).records == []
    second = job.execute_in_process(instance=instance, asset_selection=[whole.key])
    assert second.success
    assert len(instance.fetch_materializations(whole.key, limit=10).records) == 1
