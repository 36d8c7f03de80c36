"""What `yjdata` says when the operator's setup is broken: one line that says what to do,
a non-zero exit, no traceback."""

from __future__ import annotations

import time
from pathlib import Path

import dagster as dg
import pytest

from pipeline.cli import main


def _truncate_databases(home: Path) -> list[Path]:
    databases = sorted(home.rglob("*.db"))
    for path in databases:
        with path.open("r+b") as handle:
            handle.truncate(20_000)
    return databases


def test_a_damaged_dagster_home_is_explained_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:  # real run, event and schedule databases
        instance.add_dynamic_partitions("documents", ["a"])
    assert _truncate_databases(home)  # as a full disk or a killed copy leaves them
    (tmp_path / "sources").mkdir()
    status = main(["build", "--sources", str(tmp_path / "sources"),
                   "--releases", str(tmp_path / "releases")])
    errors = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert errors == [
        f"yjdata: the Dagster instance in {home} is damaged (database disk image is "
        "malformed); that folder holds only run history and cached intermediate values: "
        "delete it and build again"]


@pytest.mark.parametrize(("manifest", "message"), [
    ("documents: [\n  - x: : :\n",
     "yjdata: manifest.yaml: not valid YAML: did not find expected node content (line 2)"),
    ("documents:\n  - source_file: a.txt\n    title: [" + ", ".join(
        [f"&l0 [{', '.join(['lol'] * 9)}]"]
        + [f"&l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]) + "]\n",
     "yjdata: manifest.yaml: YAML aliases expand to over 1,000,000 values (line 3); write the "
     "values out instead"),
], ids=["not-yaml", "alias-bomb"])
@pytest.mark.parametrize("command", ["build", "extract"])
def test_a_manifest_that_cannot_be_read_stops_the_run_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    manifest: str, message: str, command: str,
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "manifest.yaml").write_text(manifest, encoding="utf-8")
    out = ["--releases", str(tmp_path / "releases")] if command == "build" else [
        "--out", str(tmp_path / "out")]
    started = time.monotonic()
    assert main([command, "--sources", str(sources), *out]) == 1
    assert time.monotonic() - started < 60
    assert capsys.readouterr().err.strip().splitlines() == [message]
