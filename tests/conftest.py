"""Shared fixtures: the vendored corpus and small helpers for variant documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "true")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT / "datasets" / "sources"
CORPUS_FILES = sorted(p for p in CORPUS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    """Each corpus document's text keyed by file stem, with line endings as ingested."""
    return {p.stem: p.read_text(encoding="utf-8").replace("\r\n", "\n") for p in CORPUS_FILES}
