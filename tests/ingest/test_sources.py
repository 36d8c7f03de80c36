"""Reading source files: every kind of bad input is ingested with a note or rejected with
a one-line reason, and nothing ever raises."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.ingest.sources import (
    IngestedDocument,
    Rejection,
    SourceFile,
    discover_sources,
    ingest_file,
    slugify,
)

PLAN_TEXT = "Darlington Youth Justice Plan 2018/19\n\nBudget £1,000\n"


def _ingest(path: Path, **kwargs) -> IngestedDocument | Rejection:
    return ingest_file(SourceFile(path, slugify(path.stem)), **kwargs)


def test_utf8_text_is_ingested_with_hash_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN_TEXT.encode("utf-8"))
    doc = _ingest(path)
    assert isinstance(doc, IngestedDocument)
    assert doc.sha256 == hashlib.sha256(PLAN_TEXT.encode()).hexdigest()
    assert doc.encoding == "utf-8"
    assert doc.line_count == 4
    assert doc.notes == []


def test_crlf_and_cr_line_endings_are_normalised_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"a\r\nb\rc\n")
    doc = _ingest(path)
    assert isinstance(doc, IngestedDocument)
    assert doc.text == "a\nb\nc\n"
    assert any("CRLF" in n for n in doc.notes) and any("CR line" in n for n in doc.notes)


def test_cp1252_with_pound_signs_is_decoded_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("Total budget £136,941 – YOS\n".encode("cp1252"))
    doc = _ingest(path)
    assert isinstance(doc, IngestedDocument)
    assert doc.encoding == "cp1252"
    assert "£136,941 – YOS" in doc.text
    assert "decoded from cp1252" in doc.notes


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN_TEXT.encode())
    doc = _ingest(path)
    assert isinstance(doc, IngestedDocument)
    assert doc.text == PLAN_TEXT and doc.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n\t\n", "only whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"text\x00with\x00nul", "NUL bytes"),
        (b"PK\x03\x04rest-of-a-docx", "ZIP/Office"),
        (b"\x81\x8d\x8f\x90\x9d undefined in cp1252 \xff\xfe", "UTF-8 or Windows-1252"),
    ],
)
def test_bad_files_are_rejected_with_a_one_line_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    rejected = _ingest(path)
    assert isinstance(rejected, Rejection)
    assert reason in rejected.reason
    assert "\n" not in rejected.reason
    assert rejected.source_file == "bad.txt"


def test_a_50_mb_file_is_rejected_without_reading_it_into_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs on disk cheaply
    rejected = _ingest(path)
    assert isinstance(rejected, Rejection)
    assert "52.4 MB" in rejected.reason and "limit" in rejected.reason
    assert rejected.size_bytes == 50 * 1024 * 1024


def test_a_large_text_file_under_a_raised_limit_is_ingested(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(PLAN_TEXT * 20000, encoding="utf-8")
    doc = _ingest(path, max_bytes=10 * 1024 * 1024)
    assert isinstance(doc, IngestedDocument)
    assert doc.line_count == 3 * 20000 + 1


def test_file_names_with_spaces_and_non_ascii_get_slug_ids(tmp_path: Path) -> None:
    for name in ("Ynys Môn YJS plan 2019–20.txt", "Plan (final) v2.txt", ".hidden.txt"):
        (tmp_path / name).write_text(PLAN_TEXT, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text("documents: []\n", encoding="utf-8")
    found = {s.path.name: s.document_id for s in discover_sources(tmp_path)}
    assert found == {
        "Plan (final) v2.txt": "plan-final-v2",
        "Ynys Môn YJS plan 2019–20.txt": "ynys-mon-yjs-plan-2019-20",
    }


def test_colliding_ids_are_made_unique_in_name_order(tmp_path: Path) -> None:
    for name in ("a b.txt", "a-b.txt", "A_B.md"):
        (tmp_path / name).write_text(PLAN_TEXT, encoding="utf-8")
    ids = [s.document_id for s in discover_sources(tmp_path)]
    assert ids == ["a-b", "a-b-2", "a-b-3"]


def test_manifest_document_id_wins_over_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "scan 0001.txt").write_text(PLAN_TEXT, encoding="utf-8")
    found = discover_sources(tmp_path, {"scan 0001.txt": "darlington-plan-2018-19"})
    assert [s.document_id for s in found] == ["darlington-plan-2018-19"]


def test_ingest_never_writes_to_the_sources_folder(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"a\r\nb\r\n")
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    _ingest(path)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    assert before == after
