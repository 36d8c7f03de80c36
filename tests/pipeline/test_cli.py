"""`yjdata extract` on a folder it has never seen, through the console entry point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pipeline.cli import LOCAL_INSTANCE_CONFIG, _dagster_home, main
from pipeline.metadata.registry import TABLE_SPECS


def test_extract_writes_every_table_for_a_new_folder(
    tmp_path: Path, corpus_dir: Path, capsys
) -> None:
    sources = tmp_path / "never seen"
    sources.mkdir()
    shutil.copy(corpus_dir / "darlington-hmip-inspection-2021.txt", sources / "report.txt")
    out = tmp_path / "out"
    assert main(["extract", "--sources", str(sources), "--out", str(out)]) == 0
    for spec in TABLE_SPECS:
        assert (out / f"{spec.name}.parquet").is_file()
        assert (out / f"{spec.name}.csv").is_file()
    documents = pd.read_parquet(out / "documents.parquet")
    assert list(documents["document_id"]) == ["report"]
    assert documents.loc[0, "metadata_source"] == "detected"
    assert documents.loc[0, "document_type"] == "inspection_report"
    assert "1 documents" in capsys.readouterr().out


def test_extract_of_an_empty_folder_fails_and_writes_nothing(tmp_path: Path, capsys) -> None:
    """(No release either: the session guard in conftest.py fails on any new release.)"""
    (tmp_path / "src").mkdir()
    assert main(["extract", "--sources", str(tmp_path / "src"), "--out", str(tmp_path / "o")]) == 1
    assert "holds no documents" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_the_cli_writes_the_same_local_instance_config_as_make(tmp_path: Path,
                                                               monkeypatch) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    home = _dagster_home()
    assert (home / "dagster.yaml").read_text("utf-8") == LOCAL_INSTANCE_CONFIG.read_text("utf-8")
    assert "QueuedRunCoordinator" in LOCAL_INSTANCE_CONFIG.read_text("utf-8")
