"""The `tables` dataset: every parsed table as cells, with its kind and shape."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from pipeline.metadata.registry import TABLES
from pipeline.metadata.schemas import conform


def tables_frame(tables: Iterable) -> pd.DataFrame:
    """One row per cell of every table, in document, table, row and column order."""
    rows = [
        {
            "document_id": table.document_id,
            "source_table": table.table_id,
            "caption": table.caption,
            "kind": table.kind,
            "n_rows": table.n_rows,
            "n_columns": table.n_columns,
            "row_index": cell.row,
            "column_index": cell.column,
            "is_header": cell.is_header,
            "text": cell.text or None,
            "source_line": cell.source_line,
        }
        for table in tables
        for cell in sorted(table.cells, key=lambda c: (c.row, c.column))
    ]
    return conform(pd.DataFrame(rows, columns=TABLES.column_names), TABLES)
