"""What every process that loads the pipeline imports (issue 19): `yjdata build`, the
sensor's run and the Dagster code server all import the code location, and Great
Expectations took most of that time while many runs use none of it (matplotlib did too,
until the Dagster UI's charts became the site's hand-built SVG)."""

from __future__ import annotations

import subprocess
import sys

import pytest

DEFERRED = ("great_expectations", "sqlite_utils")


@pytest.mark.parametrize("module", ["pipeline.definitions", "pipeline.cli"])
def test_loading_the_pipeline_imports_no_library_only_some_steps_use(module: str) -> None:
    code = (f"import sys, {module}\n"
            f"print(' '.join(m for m in {DEFERRED!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == []
