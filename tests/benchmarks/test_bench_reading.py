"""How `make bench` reads a run's progress lines into seconds per stage."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.run_bench import (
    DOCUMENT_OVERHEAD,
    DOCUMENT_WALL,
    by_stage,
    document_stage_seconds,
    step_seconds,
)

STDERR = """\
     4.0s          document_extracts: processed 200/1000 documents
    20.0s          document_extracts: stage_seconds: {"ingest": 3.0, "parse": 5.0, \
"extract_kpi": 4.0}
    23.0s  done    document_extracts
    23.5s  done    yots
    30.0s  done    catalogue
    31.0s  done    kpi_observations_gx_suite
    33.0s  done    kpi_observations_rules
    36.0s  done    table_files
"""


def test_steps_take_the_time_since_the_previous_step_finished() -> None:
    assert step_seconds(STDERR) == {"document_extracts": 23.0, "yots": 0.5, "catalogue": 6.5,
                                    "kpi_observations_gx_suite": 1.0,
                                    "kpi_observations_rules": 2.0, "table_files": 3.0}


def test_the_document_step_is_split_into_its_stages_and_its_storage() -> None:
    stages = by_stage(step_seconds(STDERR), document_stage_seconds(STDERR))
    assert stages == {"ingest": 3.0, "parse": 5.0, "extract_kpi": 4.0,
                      DOCUMENT_OVERHEAD: 11.0, "catalogue": 7.0, "validate_gx": 1.0,
                      "validate_rules": 2.0, "write": 3.0}
    assert sum(stages.values()) == 36.0


def test_a_run_without_the_stage_line_keeps_the_whole_document_step() -> None:
    stderr = "    23.0s  done    document_extracts\n"
    assert by_stage(step_seconds(stderr), document_stage_seconds(stderr)) == {
        DOCUMENT_OVERHEAD: 23.0}


def test_stages_summed_over_pool_workers_give_the_step_wall_not_a_negative_rest() -> None:
    stderr = ("    10.0s          document_extracts: stage_seconds: {\"ingest\": 6.0, "
              "\"parse\": 9.0}\n    12.0s  done    document_extracts\n")
    assert by_stage(step_seconds(stderr), document_stage_seconds(stderr)) == {
        "ingest": 6.0, "parse": 9.0, DOCUMENT_WALL: 12.0}
