"""Reading source files: every kind of bad input is ingested with a note or rejected with
a one-line reason, and nothing ever raises."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline.ingest.sources import (
    MAX_ID_LENGTH,
    IngestedDocument,
    Rejection,
    SourceFile,
    discover,
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
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a truncated PDF"),
        (b"text\x00with\x00nul", "NUL bytes"),
        (b"PK\x03\x04rest-of-a-docx", "a damaged Word .docx file (not a readable ZIP"),
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
    # MB as the README counts them (1024 x 1024 bytes): 50 MB, over the 25 MB limit.
    assert "file is 50.0 MB, over the 25 MB limit" in rejected.reason
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


def test_colliding_ids_are_rejected_naming_the_file_that_keeps_the_id(tmp_path: Path) -> None:
    """No renumbering (`a-b-2` could be another file's own id): the first by name (code
    point order) keeps the id and each other file is a rejection naming it."""
    for name in ("a b.txt", "a-b.txt", "A_B.md", "a-b-2.txt"):
        (tmp_path / name).write_text(PLAN_TEXT, encoding="utf-8")
    found = discover(tmp_path)
    assert [(s.name, s.document_id) for s in found.sources] == [
        ("A_B.md", "a-b"), ("a-b-2.txt", "a-b-2")]
    reasons = {r.source_file: (r.document_id, r.reason) for r in found.rejections}
    assert reasons == {
        name: ("a-b", "document id 'a-b' is already that of A_B.md: rename one of the two "
                      "files, or give one its own document_id in manifest.yaml")
        for name in ("a b.txt", "a-b.txt")
    }


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


def test_a_manifest_id_keeps_its_id_over_a_file_named_like_it(tmp_path: Path) -> None:
    for name in ("bury-plan.txt", "scan.txt", "other.txt"):
        (tmp_path / name).write_text(PLAN_TEXT + name, encoding="utf-8")
    found = discover(tmp_path, {"scan.txt": "bury-plan", "other.txt": "Bury Plan"})
    # Both manifest ids slug to `bury-plan`: the first by name keeps it; the file merely
    # named like it comes after every manifest id.
    assert [(s.name, s.document_id) for s in found.sources] == [("other.txt", "bury-plan")]
    assert {r.source_file: r.reason.split(":")[0] for r in found.rejections} == {
        "bury-plan.txt": "document id 'bury-plan' is already that of other.txt",
        "scan.txt": "document id 'bury-plan' is already that of other.txt",
    }


def test_long_names_and_ids_are_bounded_readable_and_distinct(tmp_path: Path) -> None:
    first, second = "a" * 200 + "-one.txt", "a" * 200 + "-two.txt"
    for name in (first, second, "long-id.txt", "symbols.txt", "★.txt"):
        (tmp_path / name).write_text(PLAN_TEXT + name, encoding="utf-8")
    found = discover(tmp_path, {"long-id.txt": "Stockport " * 500, "symbols.txt": "!!!"})
    ids = {s.name: s.document_id for s in found.sources}
    assert all(len(i) <= MAX_ID_LENGTH for i in ids.values())
    assert ids[first] != ids[second] and ids[first].startswith("a" * 40)
    assert ids["long-id.txt"].startswith("stockport-stockport-")
    assert ids["★.txt"].startswith("document-")  # no letters: still one id per name
    assert [(r.source_file, r.reason) for r in found.rejections] == [(
        "symbols.txt", "the manifest's document_id '!!!' has no letters or digits to make an "
                       "id from")]


def test_only_regular_files_inside_the_folder_are_read(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (sources / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (sources / "inside.txt").symlink_to("plan.txt")
    (sources / "out.txt").symlink_to(tmp_path / "secret.txt")
    (sources / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (sources / "sub").mkdir()
    os.mkfifo(sources / "fifo.txt")
    found = discover(sources, {"out.txt": "secret"})
    assert sorted(s.name for s in found.sources) == ["inside.txt", "plan.txt"]
    reasons = {r.source_file: r.reason for r in found.rejections}
    assert reasons == {
        "out.txt": "a symbolic link that points outside the sources folder: only files "
                   "inside the folder are read",
        "dangling.txt": "a symbolic link that leads nowhere (broken or a loop): not read",
        "sub": "a folder: files in sub-folders are not read",
        "fifo.txt": "not a regular file (a pipe, socket or device): not read",
    }
    # A pipe put in a file's place after discovery is rejected, never waited on.
    rejected = ingest_file(SourceFile(sources / "fifo.txt", "fifo"))
    assert isinstance(rejected, Rejection) and rejected.reason.startswith("not a regular file")


@pytest.mark.parametrize(("codec", "recorded"), [
    ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_text_is_decoded_with_or_without_a_byte_order_mark(
    tmp_path: Path, codec: str, recorded: str
) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(("Total budget £136,941 – YOS\r\n" + PLAN_TEXT).encode(codec))
    doc = _ingest(path)
    assert isinstance(doc, IngestedDocument), doc
    assert doc.encoding == recorded and doc.text.startswith("Total budget £136,941 – YOS\n")
    assert f"decoded from {recorded}" in doc.notes


def test_broken_utf16_is_rejected_naming_utf16(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xff\xfe" + "plan".encode("utf-16-le") + b"\x00\xd8\x41\x00")
    rejected = _ingest(path)
    assert isinstance(rejected, Rejection)
    assert rejected.reason == "looks like UTF-16 text but does not decode as UTF-16"
