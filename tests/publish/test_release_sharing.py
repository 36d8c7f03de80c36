"""Releases whose files did not change share them on disk (hard links), and publishing a
new release never changes a byte, a name or a mode of an earlier one."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from test_publish_safety import _publish

from pipeline.publish.share import read_sums, share_unchanged


def _state(release: Path) -> dict[str, tuple[str, int]]:
    """Every file of a release: its SHA-256 and mode."""
    return {p.relative_to(release).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                                p.stat().st_mode)
            for p in sorted(release.rglob("*")) if p.is_file()}


def test_a_new_release_links_unchanged_files_and_leaves_the_old_one_intact(tmp_path: Path):
    releases = tmp_path / "releases"
    first = _publish(releases, {"Police": 1.0})
    before = _state(first.path)
    second = _publish(releases, {"Police": 2.0})  # one table changes
    assert not second.up_to_date and second.path != first.path
    assert _state(first.path) == before  # not a byte, name or mode changed
    old, new = first.path, second.path

    def same_inode(name: str) -> bool:
        return os.stat(old / name).st_ino == os.stat(new / name).st_ino

    assert same_inode("parquet/documents.parquet")  # unchanged table: one file, two names
    assert same_inode("csv/yots.csv.gz")
    assert not same_inode("parquet/budget_contributions.parquet")  # changed: its own file
    assert not same_inode("release.json")
    shared = [n for n in read_sums(new) if (old / n).is_file() and same_inode(n)]
    assert len(shared) > len(read_sums(new)) / 3
    for release in (old, new):  # both still verify, file by file
        result = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=release,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_file_whose_checksum_line_lies_is_not_shared(tmp_path: Path):
    """The previous release's SHA256SUMS is checked against the bytes on disk."""
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, text in ((old, "old bytes"), (new, "new bytes")):
        folder.mkdir()
        (folder / "a.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(b"new bytes").hexdigest()
    for folder in (old, new):  # the old release claims the new bytes
        (folder / "SHA256SUMS").write_text(f"{digest}  a.txt\n", encoding="utf-8")
    assert share_unchanged(new, old).files == 0
    assert (old / "a.txt").read_text(encoding="utf-8") == "old bytes"
    assert os.stat(old / "a.txt").st_ino != os.stat(new / "a.txt").st_ino
    assert share_unchanged(new, None).files == 0
