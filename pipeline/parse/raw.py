"""Raw material of tables: printed cells and rows with their source lines.

Finders of each format produce these; :mod:`pipeline.parse.structure` turns them
into tables. Cells are mutable because structure fixes (wrapped rows, split
header words) edit them before the frozen :class:`~pipeline.parse.model.Cell`
is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.parse.markup import clean_cell

TSV = "tsv"
MARKDOWN = "markdown"
HTML = "html"


@dataclass(slots=True)
class RawCell:
    """A printed cell: its raw text, cleaned text and position."""

    raw: str
    column: int
    line: int
    text: str = ""
    bold: bool = False
    colspan: int = 1
    rowspan: int = 1
    th: bool = False  # explicitly marked as a header cell (<th>)

    @classmethod
    def make(
        cls,
        raw: str,
        column: int,
        line: int,
        colspan: int = 1,
        rowspan: int = 1,
        th: bool = False,
    ) -> RawCell:
        """Build a cell and clean its text once."""
        cleaned = clean_cell(raw)
        return cls(raw, column, line, cleaned.text, cleaned.bold, colspan, rowspan, th)


@dataclass(slots=True)
class RawRow:
    """A printed row: cells by column (gaps where a span covers or a row is short)."""

    line: int
    cells: list[RawCell]


@dataclass(slots=True)
class RawBlock:
    """Rows found together in one format, in document order."""

    format: str
    rows: list[RawRow]
    explicit_header_rows: int | None = None  # from a markdown separator or <th>/<thead>
    caption: tuple[int, str] | None = None  # an HTML <caption>
    extent: tuple[int, int] | None = None  # lines the block occupies beyond its rows (HTML)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # (line, why) rows not placed
    # (line, headings) of a header whose words name more headings than the rows have
    # columns ("Period Town North East Country" over three values): see Table.run_together
    run_together: tuple[int, tuple[str, ...]] | None = None

    @property
    def first_line(self) -> int:
        """First source line of the block (its opening tag for HTML)."""
        first = min(row.line for row in self.rows)
        return min(first, self.extent[0]) if self.extent else first

    @property
    def last_line(self) -> int:
        """Last source line of the block."""
        return max(max((c.line for c in row.cells), default=row.line) for row in self.rows)
