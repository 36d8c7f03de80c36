"""One table printed in every rendering published text comes in, for the rendering
matrix (tests/extract/test_rendering_matrix.py).

A table is its caption, header rows and body rows (lists of cell texts, "" for an empty
cell, ``MERGED`` for a header cell merged into the one on its left) and where the caption
stands. Each renderer prints it with a line of prose before
and after, the way that rendering prints tables: tab-separated lines, markdown (with and
without the ``|---|`` line and the leading pipe; pandoc's grid tables), an HTML fragment,
columns aligned by spaces (``pdftotext -layout``), one cell per line (plain LF text, no
cell ends) and a Word "text only" export (a lone CR after each cell).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from word_export import word_cells

BEFORE = "The partnership reviewed the figures below."
AFTER = "The board will review these figures again next year."
_NUMBER = re.compile(r"^(?=.*\d)[£(-]{0,2}[\dOl][\dOl ,.]*[%)]?$")  # OCR-damaged amounts too
MERGED = None  # a header cell merged into the cell on its left (an upper heading's span)


@dataclass(frozen=True)
class TableText:
    """What a person reads: caption, header rows and body rows of cell texts."""

    caption: str
    header: tuple[tuple[str | None, ...], ...]
    body: tuple[tuple[str, ...], ...]
    caption_below: bool = False

    @property
    def rows(self) -> tuple[tuple[str, ...], ...]:
        """Every row with a merged cell printed as an empty one (as grids print it)."""
        return tuple(tuple(text or "" for text in row) for row in self.header + self.body)

    def printed_cells(self) -> list[str]:
        """The cells a renderer without spans prints once each (Word, one per line)."""
        return [text for row in self.header + self.body for text in row if text is not MERGED]


def _document(table: TableText, lines: list[str], end: str = "\n") -> str:
    """Prose, the caption above or below the table's lines, prose; blank lines between."""
    parts = [lines, [table.caption]] if table.caption_below else [[table.caption], lines]
    body = [line for part in parts for line in (*part, "")]
    return end.join([BEFORE, "", *body, AFTER]) + end


def tsv(table: TableText) -> str:
    """Tab-separated lines, an empty cell as an empty field."""
    return _document(table, ["\t".join(row) for row in table.rows])


def markdown(table: TableText, separator: bool = True, leading_pipe: bool = True) -> str:
    """Pipe rows as pandoc or markitdown print them, or loose ones (no pipe at the ends,
    no ``|---|`` line: "Gateshead FTEs | 2015/16 | 2016/17")."""
    def line(row: tuple[str, ...]) -> str:
        inner = " | ".join(row)
        return f"| {inner} |" if leading_pipe else inner
    header = table.rows[:len(table.header)]
    lines = [line(row) for row in header]
    if separator:
        lines.append(line(tuple("---" for _ in header[0])))
    return _document(table, lines + [line(row) for row in table.body])


def grid_markdown(table: TableText) -> str:
    """A pandoc grid table: ``+---+`` borders between rows, ``+===+`` under the header."""
    width = [max(len(row[c]) for row in table.rows) + 2 for c in range(len(table.rows[0]))]
    def border(fill: str) -> str:
        return "+" + "+".join(fill * w for w in width) + "+"
    def line(row: tuple[str, ...]) -> str:
        return "|" + "|".join(f" {text}".ljust(w) for text, w in zip(row, width, strict=True)) + "|"
    header = table.rows[:len(table.header)]  # a band per header row, merged cells blank
    lines = [border("-")]
    for number, row in enumerate(header, start=1):
        lines += [line(row), border("=" if number == len(header) else "-")]
    for row in table.body:
        lines += [line(row), border("-")]
    return _document(table, lines)


def html_fragment(table: TableText, caption_element: bool = True, nbsp: bool = True) -> str:
    """A council web page's table: ``<th>`` header cells (``colspan`` over merged ones),
    the caption as ``<caption>`` or a heading above, empty cells as ``<td></td>`` or
    ``&nbsp;``, total rows in bold."""
    def cell(tag: str, text: str, strong: bool = False, span: int = 1) -> str:
        inner = html.escape(text) if text else ("&nbsp;" if nbsp else "")
        attributes = f' colspan="{span}"' if span > 1 else ""
        bold = f"<strong>{inner}</strong>" if strong and text else inner
        return f"<{tag}{attributes}>{bold}</{tag}>"
    lines = ["<table>"]
    if caption_element:
        lines.append(f"<caption>{html.escape(table.caption)}</caption>")
    lines += ["<tr>" + "".join(cell("th", text, span=1 + len(list(_merged_after(row, column))))
                               for column, text in enumerate(row) if text is not MERGED)
              + "</tr>" for row in table.header]
    for row in table.body:
        total = row[0].lower().startswith("total")
        lines.append("<tr>" + "".join(cell("td", text, total) for text in row) + "</tr>")
    lines.append("</table>")
    if caption_element:
        return "\n".join([f"<p>{BEFORE}</p>", *lines, f"<p>{AFTER}</p>"]) + "\n"
    caption = [f"<h3>{html.escape(table.caption)}</h3>"]
    parts = [lines, caption] if table.caption_below else [caption, lines]
    return "\n".join([f"<p>{BEFORE}</p>", *parts[0], *parts[1], f"<p>{AFTER}</p>"]) + "\n"


def _merged_after(row: tuple[str | None, ...], column: int):
    """The merged cells right of `column` (its span's continuation)."""
    for text in row[column + 1:]:
        if text is not MERGED:
            return
        yield text


def spaced(table: TableText) -> str:
    """Columns aligned by runs of spaces, numbers right-aligned, headings left-aligned over
    their columns (a merged heading at the start of its span), empty cells printed as
    nothing (``pdftotext -layout``)."""
    grid = table.header + table.body
    spanning = {(r, c) for r, row in enumerate(grid) for c in range(len(row))
                if c + 1 < len(row) and row[c + 1] is MERGED}
    width = [max(len(row[c] or "") for r, row in enumerate(grid) if (r, c) not in spanning)
             for c in range(len(grid[0]))]
    for r, c in sorted(spanning):  # a merged heading widens its span's columns evenly
        last = c + sum(1 for _ in _merged_after(grid[r], c))
        missing = len(grid[r][c] or "") - sum(width[c:last + 1]) - 3 * (last - c)
        for column in range(c, last + 1):
            width[column] += max(0, -(-missing // (last - c + 1)))
    def line(r: int, row: tuple[str | None, ...]) -> str:
        out = ""
        for column, text in enumerate(row):
            start = sum(width[:column]) + 3 * column
            if text and _NUMBER.match(text) and (r, column) not in spanning:
                text = text.rjust(width[column])
            out = out.ljust(start) + text if text else out
        return out.rstrip()
    return _document(table, [line(r, row) for r, row in enumerate(grid)])


def one_cell_per_line(table: TableText) -> str:
    """Plain text of a web page or written answer: each cell on a line of its own, an
    empty cell as an empty line, no cell ends."""
    return _document(table, table.printed_cells())


def word_text_export(table: TableText) -> str:
    """A Word "text only" export: CRLF paragraphs, a lone CR after each cell."""
    cells = word_cells(*table.printed_cells())
    parts = [cells, table.caption + "\r\n"]
    if not table.caption_below:
        parts.reverse()
    return f"{BEFORE}\r\n\r\n" + "".join(parts) + f"{AFTER}\r\n"


RENDERINGS: dict[str, Callable[[TableText], str]] = {
    "tsv": tsv,
    "markdown": markdown,
    "markdown_no_separator": lambda table: markdown(table, separator=False),
    "pipes_loose": lambda table: markdown(table, separator=False, leading_pipe=False),
    "markdown_grid": grid_markdown,
    "html": html_fragment,
    "html_heading_empty_td": lambda table: html_fragment(table, False, nbsp=False),
    "spaced": spaced,
    "one_cell_per_line": one_cell_per_line,
    "word_export": word_text_export,
}
