"""Stored asset values carry a header (format version, length, SHA-256): a stale, cut or
altered file is never loaded as if sound; tables round-trip exactly through Arrow."""

import datetime as dt
import hashlib
import pickle
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.io_manager import (
    ARROW_TABLE,
    PICKLE,
    DocumentPartitionIOManager,
    StaleValue,
    StoredPartitions,
    read_header,
    read_value,
    write_value,
)
from pipeline.metadata.registry import KPI_SERIES, TABLES
from pipeline.metadata.schemas import arrow_exact, frame_from_columns
from pipeline.report import Issue, TableOutput

KEYS = ["a-plan", "b-plan", "c-plan"]
PARTS = dg.StaticPartitionsDefinition(KEYS)
VALUES = {key: {"rows": [key, 1, 2.5], "text": key * 3} for key in KEYS}
ASSET = dg.AssetKey("values")


@dg.asset(partitions_def=PARTS, backfill_policy=dg.BackfillPolicy.single_run())
def values(context: dg.AssetExecutionContext) -> dict:
    return {key: VALUES[key] for key in context.partition_keys}


SEEN: list[tuple[dict, dict]] = []


@dg.asset(ins={"values": dg.AssetIn()})
def joined(values: StoredPartitions) -> int:
    SEEN.append(({key: values[key] for key in values}, dict(values.digests)))
    return len(values)


def _build(storage: Path) -> DocumentPartitionIOManager:
    manager = DocumentPartitionIOManager(base_dir=str(storage))
    with dg.instance_for_test() as instance:
        result = dg.materialize([values], partition_key=None, instance=instance,
                                resources={"io_manager": manager},
                                tags={"dagster/asset_partition_range_start": KEYS[0],
                                      "dagster/asset_partition_range_end": KEYS[-1]})
        assert result.success
    return manager


def _join(manager: DocumentPartitionIOManager) -> tuple[dict, dict]:
    SEEN.clear()
    with dg.instance_for_test() as instance:
        result = dg.materialize([values.to_source_asset(), joined], instance=instance,
                                resources={"io_manager": manager}, selection=[joined])
        assert result.success
    return SEEN[-1]


def _path(storage: Path, key: str) -> Path:
    return storage / "values" / f"{key}.pkl"


def test_stored_partitions_load_with_their_digests(tmp_path: Path) -> None:
    manager = _build(tmp_path)
    loaded, digests = _join(manager)
    assert loaded == VALUES
    assert set(digests) == set(KEYS) and len(set(digests.values())) == 3
    assert all(manager.has_partition(ASSET, key) for key in KEYS)
    assert digests["a-plan"] == read_header(_path(tmp_path, "a-plan")).digest


def test_a_file_of_the_old_format_is_not_trusted(tmp_path: Path) -> None:
    manager = _build(tmp_path)
    _path(tmp_path, "b-plan").write_bytes(pickle.dumps(VALUES["b-plan"]))  # no header
    assert not manager.has_partition(ASSET, "b-plan")  # a build reads the document again
    loaded, _ = _join(manager)
    assert set(loaded) == {"a-plan", "c-plan"}  # skipped with a warning, never unpickled


def test_a_file_cut_short_is_not_trusted(tmp_path: Path) -> None:
    manager = _build(tmp_path)
    path = _path(tmp_path, "c-plan")
    path.write_bytes(path.read_bytes()[:-5])
    assert not manager.has_partition(ASSET, "c-plan")
    with pytest.raises(StaleValue, match="cut short"):
        read_value(path)
    assert set(_join(manager)[0]) == {"a-plan", "b-plan"}


def test_altered_content_fails_its_digest(tmp_path: Path) -> None:
    _build(tmp_path)
    path = _path(tmp_path, "a-plan")
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))
    header = read_header(path)  # length still right: found when the value is read
    with pytest.raises(StaleValue, match="digest"):
        read_value(path)
    stored = StoredPartitions({"a-plan": path}, {"a-plan": header.digest})
    with pytest.raises(StaleValue):
        stored["a-plan"]


def test_another_format_version_is_stale(tmp_path: Path) -> None:
    path = tmp_path / "value.pkl"
    write_value(path, [1, 2, 3])
    path.write_bytes(path.read_bytes().replace(b"yjdata-value 2 ", b"yjdata-value 1 ", 1))
    with pytest.raises(StaleValue, match="format version"):
        read_header(path)


def _kpi_frame() -> pd.DataFrame:
    """Two rows of `kpi_series` with every kind of column: text, dates (one missing),
    lists, a float, a boolean and counts."""
    columns = {
        "indicator": ["reoffending_rate", "fte_rate"], "subject_key": ["E06000001", "x/y"],
        "subject_id": ["E06000001", None], "subject_type": ["yot", "yot"],
        "subject_name": ["One", "Two"], "subject_labels": [["One"], ["Two", "2"]],
        "period": ["2019-04-01/2020-03-31", "2019"],
        "period_start": [dt.date(2019, 4, 1), None], "period_end": [dt.date(2020, 3, 31), None],
        "period_type": ["financial_year", None], "period_labels": [["2019/20"], ["2019"]],
        "breakdown": [None, "all"], "unit": ["percent", "rate"], "value": [35.2, None],
        "value_status": ["reported", "not_available"], "conflict": [False, True],
        "values": [["35.2"], None], "n_documents": [2, 1], "n_rows": [2, 1],
        "document_ids": [["plan-a", "plan-b"], ["plan-c"]],
        "source_row_ids": [["r1", "r2"], ["r3"]],
    }
    return frame_from_columns(columns, 2, KPI_SERIES)


def test_a_conformed_table_is_stored_as_arrow_and_comes_back_exactly(tmp_path: Path) -> None:
    frame = _kpi_frame()
    assert arrow_exact(frame, KPI_SERIES)
    issue = Issue("derive", "note", "a note", document_id="plan-a")
    path = tmp_path / "kpi_series.pkl"
    write_value(path, TableOutput(frame, [issue]), KPI_SERIES)
    assert read_header(path).kind == ARROW_TABLE
    back = read_value(path)
    pd.testing.assert_frame_equal(back.frame, frame, check_exact=True)
    assert [type(v) for v in back.frame["document_ids"]] == \
        [type(v) for v in frame["document_ids"]]
    assert back.issues == [issue] and back.withheld is None


def test_a_table_arrow_would_change_is_pickled(tmp_path: Path) -> None:
    frame = _kpi_frame()
    frame.loc[0, "document_ids"] = ["plan-a"]  # a list cell: Arrow would give an array
    reordered = frame[list(reversed(frame.columns))]
    for odd in (frame, reordered, frame.iloc[[1, 0]], frame.astype(object)):
        assert not arrow_exact(odd, KPI_SERIES)
        path = tmp_path / "value.pkl"
        write_value(path, TableOutput(odd), KPI_SERIES)
        assert read_header(path).kind == PICKLE
        pd.testing.assert_frame_equal(read_value(path).frame, odd, check_exact=True)
    assert not arrow_exact(frame, TABLES)



def test_a_table_streamed_to_its_file_is_the_one_pickle_of_its_arrow_stream(
        tmp_path: Path) -> None:
    """A table is pickled into its hash and then its file, never held as one payload
    (issue 19): the file is still the header and `pickle.dumps` of (Arrow stream,
    issues and withheld), so values stored before read back and keep their digests."""
    frame = pd.concat([_kpi_frame()] * 400, ignore_index=True)  # a stream of many KB
    issue = Issue("derive", "note", "a note", document_id="plan-a")
    path = tmp_path / "kpi_series.pkl"
    digest = write_value(path, TableOutput(frame, [issue]), KPI_SERIES)
    header = read_header(path)
    payload = path.read_bytes()[header.size:]
    data, rest = pickle.loads(payload)
    assert len(data) > 100_000 and rest == {"issues": [issue], "withheld": None}
    assert pickle.dumps((data, rest), protocol=pickle.HIGHEST_PROTOCOL) == payload
    assert header.digest == digest == hashlib.sha256(payload).hexdigest()
    pd.testing.assert_frame_equal(read_value(path).frame, frame, check_exact=True)
