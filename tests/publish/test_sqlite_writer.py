"""The release's SQLite writer inserts rows as plain tuples in one transaction; these tests
read the database back and hold it to the frames it was written from, and hold a derived
view to what sqlite-utils' own `insert_all` makes of the same rows (column types are
inferred from the first batch, as before)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
import sqlite_utils

from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import conform
from pipeline.publish.sqlite import write_sqlite


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    spec = get_table(name)
    return conform(pd.DataFrame(rows, columns=spec.column_names), spec)


def _tables() -> dict[str, pd.DataFrame]:
    yots = _frame("yots", [
        {"yot_id": "alpha", "name": "Alpha", "aliases": ["A", "Ålpha"], "nation": "england",
         "region": "north-west", "local_authority_codes": None, "local_authority_names": []},
        {"yot_id": "beta", "name": "Beta", "aliases": None, "nation": "wales",
         "region": "wales", "local_authority_codes": ["W06000001"],
         "local_authority_names": ["Anglesey"]},
    ])
    documents = _frame("documents", [
        {"document_id": f"doc-{i}", "yot_id": "alpha" if i % 2 else "beta",
         "document_type": "youth_justice_plan", "title": f"Plan {i}",
         "period_start": dt.date(2020, 4, 1) if i % 3 else None, "source_file": f"{i}.txt",
         "sha256": "0" * 64, "size_bytes": 10 ** 9 + i, "line_count": i,
         "table_count": None if i % 4 else i, "encoding": "utf-8", "metadata_source": "manifest"}
        for i in range(2500)  # more than one of the old writer's batches
    ])
    cells = _frame("tables", [
        {"document_id": "doc-1", "source_table": "T01", "kind": "pipe", "n_rows": 1,
         "n_columns": 2, "row_index": 0, "column_index": c, "is_header": c == 0,
         "text": None if c else "=cell", "source_line": 3}
        for c in range(2)
    ])
    return {"yots": yots, "documents": documents, "tables": cells}


def _expected(frame: pd.DataFrame, name: str) -> list[tuple]:
    """The rows as a data user should read them: lists as JSON, dates as ISO text,
    booleans as 0/1, nulls as NULL."""
    import json

    spec = get_table(name)
    rows = []
    for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        row = []
        for column in spec.columns:
            value = record[column.name]
            if value is not None and column.type == "list<string>":
                value = json.dumps(list(value), ensure_ascii=False)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, bool):
                value = int(value)
            row.append(value)
        rows.append(tuple(row))
    return rows


def _view() -> pd.DataFrame:
    """A wide view with a period column empty in sqlite-utils' whole first batch (typed
    TEXT) and one empty in only part of it (REAL)."""
    return pd.DataFrame({
        "subject_id": [f"s{i}" for i in range(300)],
        "indicator": ["fte"] * 300,
        "2018": [None] * 100 + [float(i) for i in range(200)],
        "2019": [None] * 260 + [float(i) for i in range(40)],
        "2020": [float(i) / 3 for i in range(300)],
    })


def test_every_row_reads_back_as_written(tmp_path: Path) -> None:
    tables = _tables()
    path = tmp_path / "out.sqlite"
    write_sqlite(tables, path)
    with sqlite3.connect(path) as connection:
        for name, frame in tables.items():
            columns = ", ".join(f"[{c}]" for c in get_table(name).column_names)
            stored = connection.execute(f"select {columns} from [{name}] order by rowid")
            assert stored.fetchall() == _expected(frame, name), name
        # the keys and full-text search are still sqlite-utils' (foreign key checked)
        assert connection.execute("pragma foreign_key_check").fetchall() == []
        assert connection.execute(
            "select count(*) from [yots_fts] where [yots_fts] match 'Alpha'").fetchone()[0] == 1


def test_a_view_is_typed_and_filled_as_sqlite_utils_insert_all_does(tmp_path: Path) -> None:
    view = _view()
    write_sqlite({}, tmp_path / "new.sqlite", {"wide": (view, ("subject_id", "indicator"))})
    reference = sqlite_utils.Database(tmp_path / "reference.sqlite")
    records = view.astype(object).where(view.notna(), None).to_dict("records")
    reference["wide"].insert_all(records, pk=["subject_id", "indicator"], batch_size=2000)
    reference.close()
    dumps = [list(sqlite3.connect(tmp_path / f"{n}.sqlite").iterdump())
             for n in ("new", "reference")]
    assert dumps[0] == dumps[1]


def test_rows_inserted_in_parts_make_the_same_file(tmp_path: Path, monkeypatch) -> None:
    """Inserting a table's rows a part at a time (to bound memory) writes the same bytes
    as inserting them all at once, whatever the part's size."""
    import pipeline.publish.sqlite as writer

    tables = _tables()
    views = {"wide": (_view(), ("subject_id", "indicator"))}
    files = []
    for rows in (10 ** 9, 7, 1000):
        monkeypatch.setattr(writer, "INSERT_ROWS", rows)
        path = tmp_path / f"{rows}.sqlite"
        write_sqlite(tables, path, views)
        files.append(path.read_bytes())
    assert files[0] == files[1] == files[2]
    with sqlite3.connect(tmp_path / "7.sqlite") as connection:
        assert connection.execute("select count(*) from documents").fetchone()[0] == 2500
