"""Data model of a parsed table: cells with provenance, and the table that holds them.

Every cell keeps the text as printed (``raw``) next to the cleaned text, and the
1-based line it was printed on, so that any value published later can be traced
back to, and re-checked against, its source line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table grid.

    Spans: a cell that spans columns or rows sits at its top-left position with
    ``colspan``/``rowspan`` > 1; the positions it covers hold no cell of their own
    (``None`` in :meth:`Table.grid`) for HTML, or an empty printed cell for text
    formats. Spans are never repeated into the covered positions, so no value can
    be counted twice; :meth:`Table.column_headers` carries spanning header text
    across the columns it covers.
    """

    row: int  # 0-based row in the grid (header rows first)
    column: int  # 0-based
    text: str  # cleaned: markup removed, whitespace collapsed, confusables normalised
    raw: str  # as printed
    is_header: bool
    source_line: int  # 1-based line of the source text the cell starts on
    bold: bool = False
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    """A table found in a document, with its grid, header structure and context."""

    document_id: str
    index: int  # 1-based, document order
    kind: str  # TABLE_KIND_* from pipeline.metadata.enums
    format: str  # "tsv" | "markdown" | "html" | "spaced" | "cells"
    caption: str | None
    title: str | None
    notes: list[tuple[int, str]]  # (line, text): notes rows and source lines after the grid
    header_rows: int
    cells: list[Cell]
    first_line: int
    last_line: int
    caption_line: int | None = None
    title_line: int | None = None
    # (line, why) rows printed in the table that could not be put in its columns (a row
    # off the rhythm of a cell stream): left out of the grid, never guessed
    left_out: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    # (line, headings): a header line of words whose capitals part more headings than the
    # rows have columns ("Period Town North East Country" over a label and three values).
    # Where the words part is not the parser's to say ("North East" one heading, or
    # "Town North"?): the header row holds no heading over the values until a reader that
    # knows the names parts it (`pipeline.extract.base.part_run_together`).
    run_together: tuple[int, tuple[str, ...]] | None = None

    @property
    def table_id(self) -> str:
        """Stable id, ``<document_id>#tNN``, used as the key of the tables dataset."""
        return f"{self.document_id}#t{self.index:02d}"

    @property
    def n_rows(self) -> int:
        """Number of grid rows, header rows included."""
        return 1 + max((c.row + c.rowspan - 1 for c in self.cells), default=-1)

    @property
    def n_columns(self) -> int:
        """Number of grid columns."""
        return 1 + max((c.column + c.colspan - 1 for c in self.cells), default=-1)

    def grid(self) -> list[list[Cell | None]]:
        """Rows of cells by position; ``None`` where nothing was printed or a span covers."""
        n_columns = self.n_columns  # once: each is a pass over every cell
        grid: list[list[Cell | None]] = [[None] * n_columns for _ in range(self.n_rows)]
        for cell in self.cells:
            grid[cell.row][cell.column] = cell
        return grid

    def body(self) -> list[list[Cell | None]]:
        """Grid rows below the header rows: the rows extractors read values from."""
        return self.grid()[self.header_rows :]

    def column_headers(self) -> list[list[str]]:
        """Per column, the header texts top-down (one per header row).

        A header cell spanning columns is carried across every column it spans, so an
        upper header ("2019", "Managers") combines with each lower one below it.
        """
        n_columns = self.n_columns  # once, not per cell: it is a pass over every cell
        headers = [[""] * self.header_rows for _ in range(n_columns)]
        for cell in self.cells:
            if cell.row >= self.header_rows:
                continue
            for column in range(cell.column, cell.column + cell.colspan):
                if column < n_columns and cell.text:
                    headers[column][cell.row] = cell.text
        return headers

    def transposed(self) -> Table:
        """The same cells with rows and columns swapped, the row labels becoming the
        header: how an extractor reads a table printed the other way round (agencies
        across, contribution types down). Only for a table with one header row."""
        cells = [
            Cell(row=cell.column, column=cell.row, text=cell.text, raw=cell.raw,
                 is_header=cell.column == 0, source_line=cell.source_line, bold=cell.bold,
                 colspan=cell.rowspan, rowspan=cell.colspan)
            for cell in self.cells
        ]
        return dataclasses.replace(self, cells=cells, header_rows=1)

    def to_markdown(self, max_rows: int | None = None) -> str:
        """Render the grid as a markdown table, for previews in Dagster metadata."""
        grid = self.grid()
        if not grid:
            return ""
        shown = grid if max_rows is None else grid[: max(max_rows, 1)]
        lines = [_markdown_row(row) for row in shown[:1]]
        lines.append("|" + "|".join(" --- " for _ in range(self.n_columns)) + "|")
        lines.extend(_markdown_row(row) for row in shown[1:])
        if len(shown) < len(grid):
            lines.append(f"… {len(grid) - len(shown)} more rows")
        return "\n".join(lines)


def _markdown_row(row: list[Cell | None]) -> str:
    texts = [(cell.text if cell else "").replace("|", "\\|") for cell in row]
    return "| " + " | ".join(texts) + " |"
