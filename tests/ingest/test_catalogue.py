"""The catalogue: manifest over detection, duplicates and undetectable documents."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pipeline.ingest.catalogue import (
    SourceDocument,
    documents_frame,
    ingest_source,
    rejections_frame,
    split_duplicates,
)
from pipeline.ingest.manifest import DocumentMetadata, load_manifest
from pipeline.ingest.sources import Rejection, discover_sources
from pipeline.reference.areas import AreaResolver

RESOLVER = AreaResolver.default()
PLAN = "Darlington Youth Justice Plan 2018/19\n\nText.\n"


def _ingest_folder(folder: Path) -> dict:
    manifest = load_manifest(folder)
    return {
        s.document_id: ingest_source(s, manifest.metadata.get(s.name), RESOLVER, 10_000_000)
        for s in discover_sources(folder, manifest.document_ids)
    }


def test_manifest_overrides_detection_field_by_field(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - source_file: plan.txt\n    title: Reviewed title\n"
        "    licence: OGL v3.0\n",
        encoding="utf-8",
    )
    result = _ingest_folder(tmp_path)["plan"]
    assert isinstance(result, SourceDocument)
    assert result.metadata.title == "Reviewed title"
    assert result.metadata.yot_id == "darlington"  # still detected
    assert result.metadata.period_start == dt.date(2018, 4, 1)
    assert result.metadata_source == "manifest"


def test_undetectable_service_is_rejected_with_how_to_fix_it(tmp_path: Path) -> None:
    (tmp_path / "mystery.txt").write_text("Youth Justice Plan 2019/20\nOur plan.\n", "utf-8")
    result = _ingest_folder(tmp_path)["mystery"]
    assert isinstance(result, Rejection)
    assert result.reason.startswith("service could not be detected")
    assert "manifest.yaml" in result.reason


def test_identical_files_are_catalogued_once(tmp_path: Path) -> None:
    for age, name in enumerate(("plan copy.txt", "plan.txt")):
        (tmp_path / name).write_text(PLAN, encoding="utf-8")
        os.utime(tmp_path / name, ns=(0, (2_000_000_000 - age) * 10**9))
    kept, rejected = split_duplicates(_ingest_folder(tmp_path))
    assert [k.document_id for k in kept] == ["plan"]
    assert [r.source_file for r in rejected] == ["plan copy.txt"]
    assert rejected[0].reason == ("identical content to plan.txt (document plan), which is "
                                  "kept as the older file")


def test_a_stray_copy_never_displaces_the_reviewed_file(tmp_path: Path) -> None:
    """Of identical files, the one with a manifest entry is kept (its licence and publisher
    are reviewed), even when a copy is older and sorts first."""
    (tmp_path / "aaa-copy.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    os.utime(tmp_path / "aaa-copy.txt", ns=(0, 10**9))
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - source_file: plan.txt\n    licence: OGL v3.0\n", encoding="utf-8")
    kept, rejected = split_duplicates(_ingest_folder(tmp_path))
    assert [(k.document.source_file, k.metadata.licence) for k in kept] == [
        ("plan.txt", "OGL v3.0")]
    assert [(r.source_file, r.reason) for r in rejected] == [(
        "aaa-copy.txt", "identical content to plan.txt (document plan), which is kept "
                        "because manifest.yaml describes it")]


def test_without_reviewed_metadata_the_oldest_file_is_kept_then_the_first_name(
    tmp_path: Path,
) -> None:
    for name in ("aaa.txt", "zzz.txt", "mmm.txt"):
        (tmp_path / name).write_text(PLAN, encoding="utf-8")
    os.utime(tmp_path / "aaa.txt", ns=(0, 3 * 10**18))
    for name in ("zzz.txt", "mmm.txt"):  # equally old: the first by name is kept
        os.utime(tmp_path / name, ns=(0, 2 * 10**18))
    kept, rejected = split_duplicates(_ingest_folder(tmp_path))
    assert [k.document.source_file for k in kept] == ["mmm.txt"]
    assert sorted(r.source_file for r in rejected) == ["aaa.txt", "zzz.txt"]
    assert all("identical content to mmm.txt" in r.reason for r in rejected)


def test_frames_follow_the_registry(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    kept, rejected = split_duplicates(_ingest_folder(tmp_path))
    documents = documents_frame(kept, {"plan": 3})
    assert documents.loc[0, "table_count"] == 3
    assert documents.loc[0, "publisher"] == "Darlington Youth Offending Service"
    assert documents.loc[0, "metadata_source"] == "detected"
    rejections = rejections_frame(rejected)
    assert list(rejections["reason"]) == ["empty file"]


def test_unknown_manifest_service_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - source_file: plan.txt\n    yot_id: atlantis\n", encoding="utf-8"
    )
    result = _ingest_folder(tmp_path)["plan"]
    assert isinstance(result, Rejection)
    assert "atlantis" in result.reason


def test_metadata_override_keeps_unset_fields() -> None:
    detected = DocumentMetadata(yot_id="a", title="T", period_label="2018/19")
    merged = detected.overridden_by(DocumentMetadata(title="Better"))
    assert (merged.yot_id, merged.title, merged.period_label) == ("a", "Better", "2018/19")


def test_what_was_read_from_the_file_name_is_reported(tmp_path: Path) -> None:
    text = "Contents\n1. Introduction\t3\n\nPartners across Oldham meet monthly.\n"
    (tmp_path / "Oldham YJ plan 1920 Final  draft.txt").write_bytes(
        text.replace("\n", "\r\n").encode("cp1252"))
    (tmp_path / "Sunderand YJ Plan 2018-20.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - source_file: Sunderand YJ Plan 2018-20.txt\n    yot_id: sunderland\n",
        encoding="utf-8")
    results = _ingest_folder(tmp_path)
    oldham = results["oldham-yj-plan-1920-final-draft"]
    assert isinstance(oldham, SourceDocument) and oldham.metadata.yot_id == "oldham"
    assert "\r" not in oldham.document.text  # line endings normalised as before
    codes = {(i.code, i.severity) for i in oldham.issues}
    assert ("detected_from_file_name", "info") in codes
    # a manifest entry describes the document: detection's notes are not reported
    sunderland = results["sunderand-yj-plan-2018-20"]
    assert isinstance(sunderland, SourceDocument)
    assert sunderland.metadata.yot_id == "sunderland"
    assert sunderland.metadata_source == "manifest"
    assert not [i for i in sunderland.issues if i.code.startswith(("detected", "service"))]
