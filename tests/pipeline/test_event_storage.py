"""The local instance's event log (`pipeline.event_storage`): Dagster's SQLite storage with
its engines kept, storing and reading the same events in the same files."""

from pathlib import Path

import dagster as dg
import pytest

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
