"""Fixtures for the site tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from small_release import write_small_release

from pipeline.site import build_site_for_release


@pytest.fixture
def small_release(tmp_path: Path) -> tuple[Path, dict[str, pd.DataFrame], Path]:
    """A made-up release just before its site is built (see small_release.py)."""
    return write_small_release(tmp_path)


@pytest.fixture(scope="session")
def release_with_site(corpus_build, corpus_dir: Path,
                      tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus release with its site: the release's own when the publisher
    wrote one, else built here from the release's files (the shared build is never
    changed)."""
    outcome, _, _ = corpus_build
    assert outcome.success and outcome.release is not None, outcome.failures
    copy = tmp_path_factory.mktemp("corpus-release") / outcome.release.name
    shutil.copytree(outcome.release, copy)
    if not (copy / "site" / "index.html").is_file():
        build_site_for_release(copy, corpus_dir)
    return copy
