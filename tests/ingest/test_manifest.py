"""The manifest is checked against its schema entry by entry: a bad entry rejects its
document with one line naming the entry, the field and the reason; only a file that is no
manifest at all (not YAML, alias bombs) stops the run, also in one line."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from pipeline.ingest.catalogue import folder_issues, read_folder
from pipeline.ingest.manifest import MAX_YAML_NODES, ManifestError, load_manifest

PLAN = "Darlington Youth Justice Plan 2018/19\n\nText.\n"


def _manifest(folder: Path, entries: str) -> Path:
    (folder / "manifest.yaml").write_text("documents:\n" + entries, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("entry", "reason"), [
    ("    published: 2021-13-01\n",
     "field published: Input should be a valid date or datetime, month value is outside "
     "expected range of 1-12"),
    ("    published: 2021\n", "field published: expected a date written YYYY-MM-DD"),
    ("    title: [a, b]\n", "field title: Input should be a valid string"),
    ("    document_type: leaflet\n",
     "field document_type: expected one of youth_justice_plan, inspection_report, "
     "parliamentary_answer, web_page, other_publication"),
    ("    licence: OGL\n    colour: red\n", "field colour: not a manifest field"),
    ("    period_start: 2021-04-01\n    period_end: 2020-03-31\n",
     "field period_end: before period_start 2021-04-01"),
    ("    source_url: www.example.org/plan.pdf\n",
     "field source_url: expected an http(s) address"),
])
def test_a_bad_entry_rejects_its_document_in_one_line(
    tmp_path: Path, entry: str, reason: str
) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "other.txt").write_text(PLAN + "other", encoding="utf-8")
    _manifest(tmp_path, "  - source_file: other.txt\n    title: Fine\n"
                        "  - source_file: plan.txt\n" + entry)
    manifest, folder = read_folder(tmp_path)
    assert [s.name for s in folder.sources] == ["other.txt"]
    assert manifest.metadata["other.txt"].title == "Fine"
    assert [(r.source_file, r.reason) for r in folder.rejections] == [
        ("plan.txt", f"manifest.yaml entry 2 (source_file plan.txt): {reason}")]


def test_dates_are_read_per_entry_and_numbers_stay_text(tmp_path: Path) -> None:
    manifest = load_manifest(_manifest(tmp_path, (
        "  - source_file: plan.txt\n    published: 2021-02-01\n    period_label: 2019\n")))
    entry = manifest.metadata["plan.txt"]
    assert entry.published == dt.date(2021, 2, 1) and entry.period_label == "2019"


def test_licence_and_source_url_are_taken_as_reviewed_and_never_filled_in(
        tmp_path: Path) -> None:
    manifest = load_manifest(_manifest(tmp_path, (
        "  - source_file: plan.txt\n    source_url: https://example.org/plan.pdf\n"
        "  - source_file: other.txt\n")))
    assert manifest.metadata["plan.txt"].source_url == "https://example.org/plan.pdf"
    assert manifest.metadata["plan.txt"].licence is None  # it states none: none is given
    assert manifest.metadata["other.txt"].source_url is None


def test_duplicate_entries_and_entries_without_a_file_are_reported(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    _manifest(tmp_path, "  - source_file: plan.txt\n    title: A\n"
                        "  - [plan.txt]\n"
                        "  - source_file: plan.txt\n    title: B\n"
                        "  - source_file: gone.txt\n"
                        "  - source_file: ../etc/passwd\n")
    manifest, folder = read_folder(tmp_path)
    assert folder.sources == []
    assert [r.reason for r in folder.rejections] == [
        "manifest.yaml entries 1 and 3 both describe source_file plan.txt: keep one"]
    assert [i.message for i in folder_issues(manifest, folder)] == [
        "manifest.yaml entry 2: an entry must be a mapping of field: value",
        "manifest.yaml entry 5: field source_file: expected the name of a file in the "
        "sources folder (no folders)",
        "manifest.yaml entry 4 (source_file gone.txt): no such file in the sources folder",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("documents: [\n  - x: : :\n",
     "manifest.yaml: not valid YAML: did not find expected node content (line 2)"),
    ("just some text\n", "manifest.yaml: expected a mapping with a `documents:` list, "
                         "found text"),
    ("documents:\n  source_file: plan.txt\n",
     "manifest.yaml: `documents:` must be a list of entries, found a mapping"),
    ("document:\n  - source_file: plan.txt\n",
     "manifest.yaml: unknown top-level key 'document' (expected only `documents:`)"),
])
def test_a_file_that_is_no_manifest_is_one_line(tmp_path: Path, text: str,
                                                message: str) -> None:
    (tmp_path / "manifest.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        load_manifest(tmp_path)
    assert str(raised.value) == message


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of nine aliases inside one value: 9**9 strings once expanded."""
    levels = ["&l0 [" + ", ".join(["lol"] * 9) + "]"]
    levels += [f"&l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    _manifest(tmp_path, f"  - source_file: plan.txt\n    title: [{', '.join(levels)}]\n")
    started = time.monotonic()
    with pytest.raises(ManifestError, match=f"expand to over {MAX_YAML_NODES:,} values"):
        load_manifest(tmp_path)
    assert time.monotonic() - started < 5
