"""Word "text only" exports written for tests: CRLF after paragraphs, a lone CR after
each table cell (never copied from a real plan)."""

from __future__ import annotations


def word_cells(*cells: str) -> str:
    """One table: a lone CR after each cell, then the paragraph end."""
    return "".join(f"{cell}\r" for cell in cells) + "\r\n"


def word_export(paragraphs: list[str | list[str]]) -> str:
    """Paragraphs and tables (a table is a list of cells) in document order."""
    return "".join(word_cells(*item) if isinstance(item, list) else f"{item}\r\n"
                   for item in paragraphs)


LEFT = "\x00left"  # a cell merged into the one on its left: Word prints the span once
UP = "\x00up"  # a cell merged into the one above: Word prints it empty, text in the top


def word_grid(rows: list[list[str]]) -> str:
    """One table given as its grid, with merged cells marked: a horizontal merge (`LEFT`
    for each covered cell) prints one cell for the whole span, so its row has fewer cells
    than the header; a vertical merge (`UP` under the first row) prints its text in the
    first row and an empty cell in each row below, as Word's text export does."""
    printed = [("" if cell == UP else cell) for row in rows for cell in row if cell != LEFT]
    return word_cells(*printed)


def short_last_row(rows: list[list[str]], dropped: int) -> list[list[str]]:
    """The grid with its last row printed `dropped` cells short: its trailing cells, all
    empty, left out as some exports do (the reader must place the row or report it)."""
    last = rows[-1]
    assert all(not cell.strip() for cell in last[len(last) - dropped:]), last
    return [*rows[:-1], last[:len(last) - dropped]]
