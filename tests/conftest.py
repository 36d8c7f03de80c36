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


DATASETS_DIR = PROJECT_ROOT / "datasets"
# Real plans of other services, outside the repository (third-party text, never committed).
REAL_PLANS_DIR = PROJECT_ROOT.parent / "shared" / "real-plans"


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="session", autouse=True)
def project_datasets_untouched():
    """No test may write to the project's own sources or releases."""
    before = _snapshot(DATASETS_DIR)
    yield
    after = _snapshot(DATASETS_DIR)
    assert after == before, f"tests changed datasets/: {set(after) ^ set(before)}"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS_DIR


@pytest.fixture(scope="session")
def real_plans_dir() -> Path:
    """../shared/real-plans; tests that read it skip when it is absent."""
    if not REAL_PLANS_DIR.is_dir():
        pytest.skip(f"the real plans are not here ({REAL_PLANS_DIR}): they are third-party "
                    "text kept outside the repository")
    return REAL_PLANS_DIR


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    """Each corpus document's text keyed by file stem, with line endings as ingested."""
    return {p.stem: p.read_text(encoding="utf-8").replace("\r\n", "\n") for p in CORPUS_FILES}


@pytest.fixture(scope="session")
def corpus_context():
    """`corpus_context(document_id)`: a corpus document as an extractor sees it, built
    through the real ingest (manifest, decoding) and parser."""
    from pipeline.extract.base import document_context
    from pipeline.ingest.catalogue import SourceDocument, ingest_source
    from pipeline.ingest.manifest import load_manifest
    from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources
    from pipeline.parse import parse_tables
    from pipeline.reference.areas import AreaResolver

    manifest = load_manifest(CORPUS_DIR)
    sources = {s.document_id: s for s in discover_sources(CORPUS_DIR, manifest.document_ids)}
    built = {}

    def build(document_id: str):
        if document_id not in built:
            source = sources[document_id]
            item = ingest_source(source, manifest.metadata.get(source.name),
                                 AreaResolver.default(), DEFAULT_MAX_BYTES)
            assert isinstance(item, SourceDocument), item
            built[document_id] = document_context(item, parse_tables(item.document.text,
                                                                     document_id))
        return built[document_id]

    return build


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory):
    """One full build of the corpus through the real Dagster graph into a temporary folder:
    (outcome, releases folder, digest of the sources before the build)."""
    import hashlib

    import dagster as dg

    from pipeline.automation import BUILD_JOB
    from pipeline.runner import run_job

    tmp = tmp_path_factory.mktemp("corpus-build")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in CORPUS_DIR.iterdir()}
    (tmp / "home").mkdir()
    with dg.DagsterInstance.local_temp(tempdir=str(tmp / "home")) as instance:
        outcome = run_job(BUILD_JOB, instance, CORPUS_DIR, tmp / "storage",
                          releases_dir=tmp / "releases")
    return outcome, tmp / "releases", before
