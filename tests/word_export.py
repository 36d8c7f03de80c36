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
