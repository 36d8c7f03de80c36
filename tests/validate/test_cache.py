"""Validation results kept between runs (`pipeline.validate.cache`): what makes a key new,
and that a damaged or outdated store only costs the work again."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.metadata.registry import get_table
from pipeline.validate.cache import ResultStore, frame_digest, validate_stored
from pipeline.validate.gx_runner import TableValidator

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"document_id": ["a", "b"], "value": [1.5, None],
                         "flags": [["x"], None]})


def test_a_frame_digest_follows_values_and_types_not_the_index() -> None:
    frame = _frame()
    assert frame_digest(frame) == frame_digest(_frame().set_axis([7, 9]))
    changed = _frame()
    changed.loc[1, "value"] = 2.0
    assert frame_digest(changed) != frame_digest(frame)
    listed = _frame()
    listed.at[0, "flags"] = ["y"]
    assert frame_digest(listed) != frame_digest(frame)
    assert frame_digest(frame.astype({"value": "Float64"})) != frame_digest(frame)


def test_a_damaged_or_outdated_store_is_ignored(tmp_path: Path) -> None:
    store = ResultStore(tmp_path, "v1")
    store.save("table", {"key": 1})
    assert store.load("table") == {"key": 1}
    assert ResultStore(tmp_path, "v2").load("table") == {}
    (tmp_path / "table.pkl").write_bytes(b"not a pickle")
    assert store.load("table") == {}
    assert ResultStore(None, "v1").load("table") == {}


def test_a_suite_result_is_reused_only_for_the_same_values(tmp_path: Path) -> None:
    spec = get_table("indicators")
    frame = pd.DataFrame({"indicator": ["fte"], "label": ["First time entrants"],
                          "unit": ["count"], "definition": ["d"], "better": ["lower"]})
    made: list[int] = []

    def validator() -> TableValidator:
        made.append(1)
        return TableValidator(EXPECTATIONS)

    store = ResultStore(tmp_path, "v1")
    first, stored = validate_stored(validator, spec, frame, store)
    assert not stored and len(made) == 1
    again, stored = validate_stored(validator, spec, frame.copy(), store)
    assert stored and len(made) == 1 and again.as_dict() == first.as_dict()
    _, stored = validate_stored(validator, spec, frame.assign(unit=["percent"]), store)
    assert not stored and len(made) == 2
