"""The `tables` dataset: every parsed table as cells, with its kind and shape."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.metadata.registry import TABLES


def table_columns(tables: Iterable) -> dict[str, list]:
    """The `tables` dataset as one list per column (cells in document, table, row and
    column order): a national corpus has millions of cells, and a dict per cell was the
    peak of the run's memory."""
    columns: dict[str, list] = {name: [] for name in TABLES.column_names}
    for table in tables:
        cells = sorted(table.cells, key=lambda c: (c.row, c.column))
        # per table, not per cell: n_rows and n_columns are each a pass over the cells
        for name, value in (("document_id", table.document_id),
                            ("source_table", table.table_id), ("caption", table.caption),
                            ("kind", table.kind), ("n_rows", table.n_rows),
                            ("n_columns", table.n_columns)):
            columns[name].extend([value] * len(cells))
        columns["row_index"].extend(cell.row for cell in cells)
        columns["column_index"].extend(cell.column for cell in cells)
        columns["is_header"].extend(cell.is_header for cell in cells)
        columns["text"].extend(cell.text or None for cell in cells)
        columns["source_line"].extend(cell.source_line for cell in cells)
    return columns
