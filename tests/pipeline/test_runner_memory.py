"""A run does not keep its steps' outputs alive: each is stored by its IO manager and
loaded by the steps that need it, so a build's memory is a step's, not the run's."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import dagster as dg

from pipeline.runner import execute_without_output_capture


class Rows:
    """Stands for a table: an object the test can watch through a weak reference."""

    def __init__(self, values: list[int]) -> None:
        self.values = values


def test_step_outputs_are_freed_when_the_run_ends(tmp_path: Path) -> None:
    made: list[weakref.ref] = []

    @dg.asset
    def table() -> Rows:
        rows = Rows(list(range(1000)))
        made.append(weakref.ref(rows))
        return rows

    @dg.asset
    def total(table: Rows) -> int:
        return sum(table.values)

    defs = dg.Definitions(assets=[table, total],
                          resources={"io_manager": dg.FilesystemIOManager(base_dir=str(tmp_path))})
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.DagsterInstance.ephemeral() as instance:
        result = execute_without_output_capture(job, instance, {"purpose": "test"}, {})
        assert result.success
        assert result.dagster_run.tags["purpose"] == "test"
        gc.collect()
        assert made and made[0]() is None  # execute_in_process would still hold it
        captured = job.execute_in_process(instance=instance)
        gc.collect()
        assert made[1]() is not None and captured.success  # the behaviour avoided
