"""The sensor on the sources folder and the nightly schedule, evaluated on a real instance."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import pytest

from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.automation import RANGE_END, RANGE_START, plan_partitions
from pipeline.definitions import build_definitions
from pipeline.resources import ProjectPaths


def _evaluate_sensor(instance: dg.DagsterInstance, sources: Path) -> dg.SensorResult:
    defs = build_definitions(sources_dir=sources)
    sensor = defs.get_repository_def().get_sensor_def("sources_sensor")
    context = dg.build_sensor_context(
        instance=instance, resources={"paths": ProjectPaths(sources_dir=str(sources))}
    )
    return sensor(context)


def _apply(instance: dg.DagsterInstance, result: dg.SensorResult) -> None:
    """What the sensor daemon does with the partition requests."""
    for request in result.dynamic_partitions_requests:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)


def test_sensor_adds_partitions_and_keys_runs_by_content(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Darlington Youth Justice Plan 2018/19\n", "utf-8")
    with dg.DagsterInstance.ephemeral() as instance:
        first = _evaluate_sensor(instance, sources)
        _apply(instance, first)
        assert instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name) == ["a"]
        sha = hashlib.sha256((sources / "a.txt").read_bytes()).hexdigest()
        assert [(r.partition_key, r.run_key) for r in first.run_requests] == [("a", f"a:{sha}")]

        # Unchanged folder: same run key, which the daemon never launches twice.
        again = _evaluate_sensor(instance, sources)
        assert again.dynamic_partitions_requests == []
        assert [r.run_key for r in again.run_requests] == [f"a:{sha}"]

        # A changed file gets a new run key; a new file a new partition.
        (sources / "a.txt").write_text("Darlington Youth Justice Plan 2019/20\n", "utf-8")
        (sources / "b.txt").write_text("Derbyshire Youth Justice Plan 2019/20\n", "utf-8")
        changed = _evaluate_sensor(instance, sources)
        assert [r.partition_keys for r in changed.dynamic_partitions_requests] == [["b"]]
        assert {r.partition_key for r in changed.run_requests} == {"a", "b"}
        assert f"a:{sha}" not in {r.run_key for r in changed.run_requests}


def test_sensor_deletes_partitions_of_removed_files(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Darlington Youth Justice Plan 2018/19\n", "utf-8")
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(DOCUMENT_PARTITIONS.name, ["a", "gone"])
        result = _evaluate_sensor(instance, sources)
        deletes = [r for r in result.dynamic_partitions_requests
                   if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
        assert [r.partition_keys for r in deletes] == [["gone"]]
        rebuild = [r for r in result.run_requests if r.run_key == "removed:gone"]
        assert rebuild and rebuild[0].partition_key is None
        selected = {k.to_user_string() for k in rebuild[0].asset_selection}
        assert "documents" in selected and "document_extracts" not in selected
        assert "release" not in selected  # the nightly build publishes


def test_plan_ignores_the_manifest_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("documents: []\n", "utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "plan.txt").write_text("text\n", "utf-8")
    plan = plan_partitions(tmp_path, existing=[])
    assert list(plan.current) == ["plan"] and plan.to_add == ["plan"]


def test_nightly_schedule_covers_every_partition_in_one_run(tmp_path: Path) -> None:
    defs = build_definitions(sources_dir=tmp_path)
    schedule = defs.get_repository_def().get_schedule_def("nightly_release")
    (tmp_path / "home").mkdir()
    with dg.DagsterInstance.local_temp(tempdir=str(tmp_path / "home")) as instance:
        empty = schedule(dg.build_schedule_context(instance=instance))
        assert isinstance(empty, dg.SkipReason)
        instance.add_dynamic_partitions(DOCUMENT_PARTITIONS.name, ["a", "b", "c"])
        request = schedule(dg.build_schedule_context(instance=instance))
        assert request.tags[RANGE_START] == "a" and request.tags[RANGE_END] == "c"


def test_definitions_load_as_the_ui_loads_them() -> None:
    from pipeline.definitions import defs

    repo = defs.get_repository_def()
    assert {"build_release", "extract_tables", "update_tables"} <= {
        j.name for j in repo.get_all_jobs()}
    sensor = repo.get_sensor_def("sources_sensor")
    assert sensor.job_name == "update_tables"
    update = repo.get_job("update_tables").asset_layer.executable_asset_keys
    assert {k.to_user_string() for k in update} >= {"document_extracts", "documents",
                                                    "kpi_observations"}
    assert not {"release", "table_files"} & {k.to_user_string() for k in update}
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"document_extracts", "documents", "rejections", "yots", "tables", "release"} <= keys


def test_after_a_build_the_sensor_requests_nothing_then_one_run_for_a_new_file(
    corpus_build, corpus_dir: Path, tmp_path: Path
) -> None:
    """The corpus built by `yjdata build` (the shared build); then the sensor, on the same
    instance and the same files: nothing to run. One more file: one run, for it."""
    import shutil

    _, releases, _ = corpus_build
    sources = tmp_path / "sources"
    shutil.copytree(corpus_dir, sources)  # same files, same manifest: same ids and hashes
    with dg.DagsterInstance.local_temp(tempdir=str(releases.parent / "home")) as instance:
        first = _evaluate_sensor(instance, sources)
        assert first.run_requests == [] and first.dynamic_partitions_requests == []
        (sources / "wigan.txt").write_text("Wigan Youth Justice Plan 2020/21\n\nOur plan.\n",
                                           "utf-8")
        second = _evaluate_sensor(instance, sources)
        assert [r.partition_keys for r in second.dynamic_partitions_requests] == [["wigan"]]
        assert [r.partition_key for r in second.run_requests] == ["wigan"]


def test_the_local_instance_queues_runs_two_at_a_time(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The dagster.yaml that make and the CLI write: a run queue with a small limit. (Its
    event log lives under DAGSTER_HOME, which make and the CLI set.)"""
    import os
    import subprocess

    from pipeline.resources import PROJECT_ROOT

    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    subprocess.run(["make", "-s", "-C", str(PROJECT_ROOT), f"DAGSTER_HOME={home}",
                    str(home / "dagster.yaml")], check=True, env={**os.environ})
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        queue = instance.get_concurrency_config().run_queue_config
        assert queue.max_concurrent_runs == 2
        assert {"key": "dagster/job_name", "value": "build_release", "limit": 1} in \
            queue.tag_concurrency_limits


def test_pdf_and_word_files_are_partitions_like_text_files(tmp_path: Path) -> None:
    """The sensor keys a PDF or .docx by its file name and the hash of its bytes, as a .txt;
    their text renderings are kept outside the folder and never become partitions."""
    (tmp_path / "sources").mkdir()
    pdf = tmp_path / "sources" / "Wigan plan 2020.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% any bytes: the sensor does not read the file\n%%EOF\n")
    (tmp_path / "sources" / "Wigan plan 2021.docx").write_bytes(b"PK\x03\x04 a docx")
    (tmp_path / "renderings").mkdir()
    (tmp_path / "renderings" / "stored.txt").write_text("a rendering\n", "utf-8")
    plan = plan_partitions(tmp_path / "sources", existing=[])
    assert plan.to_add == ["wigan-plan-2020", "wigan-plan-2021"]
    assert plan.current["wigan-plan-2020"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
