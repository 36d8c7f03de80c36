"""Property tests: the parser never raises, and grids survive every format round trip."""

from __future__ import annotations

import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parse import parse_tables, read_cell

# Printable text without the characters that structure a table (tab, pipe, newline)
# or that are markup by design (<, &, *, _, $, \, #), which cleaning would rewrite.
CELL_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:%£()/+'?!-"
NOISE_ALPHABET = "aZ9 \t\t|\n\n-*#$\\{}^_<>/&;:.,%£()tdrhablep"

cell_text = st.text(alphabet=CELL_ALPHABET, min_size=1, max_size=10).filter(
    lambda text: any(ch.isalnum() for ch in text)
)


@st.composite
def grids(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.integers(min_value=2, max_value=6))
    columns = draw(st.integers(min_value=2, max_value=5))
    texts = draw(st.lists(cell_text, min_size=rows * columns, max_size=rows * columns, unique=True))
    return [texts[r * columns : (r + 1) * columns] for r in range(rows)]


def expected(grid: list[list[str]]) -> list[list[str]]:
    return [[" ".join(text.split()) for text in row] for row in grid]


def parsed(text: str) -> list[list[str]]:
    tables = parse_tables(text, "prop")
    assert len(tables) == 1
    return [[cell.text if cell else "" for cell in row] for row in tables[0].grid()]


def as_tsv(grid: list[list[str]]) -> str:
    return "\n".join("\t".join(row) for row in grid) + "\n"


def as_markdown(grid: list[list[str]]) -> str:
    lines = ["| " + " | ".join(row) + " |" for row in grid]
    lines.insert(1, "|" + "|".join("---" for _ in grid[0]) + "|")
    return "\n".join(lines) + "\n"


def as_html(grid: list[list[str]], one_line: bool) -> str:
    rows = [
        "<tr>" + "".join(f"<td>{html.escape(text)}</td>" for text in row) + "</tr>" for row in grid
    ]
    joiner = "" if one_line else "\n"
    return f"Before.\n<table>{joiner}{joiner.join(rows)}{joiner}</table>\nAfter.\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=NOISE_ALPHABET, max_size=400) | st.text(max_size=300))
def test_parser_never_raises(text: str) -> None:
    for table in parse_tables(text, "noise"):
        assert table.n_rows >= 2 and table.n_columns >= 2
        assert all(1 <= cell.source_line <= len(text.split("\n")) for cell in table.cells)
        table.grid()
        table.column_headers()
        table.to_markdown(max_rows=3)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_read_cell_never_raises(text: str) -> None:
    cell = read_cell(text)
    assert (cell.value is None) == (len(cell.numbers) != 1)


@settings(max_examples=150, deadline=None)
@given(grids())
def test_tsv_round_trip(grid: list[list[str]]) -> None:
    assert parsed(as_tsv(grid)) == expected(grid)


@settings(max_examples=150, deadline=None)
@given(grids())
def test_markdown_round_trip(grid: list[list[str]]) -> None:
    assert parsed(as_markdown(grid)) == expected(grid)


@settings(max_examples=150, deadline=None)
@given(grids(), st.booleans())
def test_html_round_trip(grid: list[list[str]], one_line: bool) -> None:
    text = as_html(grid, one_line)
    assert parsed(text) == expected(grid)
    lines = {cell.source_line for cell in parse_tables(text, "prop")[0].cells}
    assert lines == ({2} if one_line else set(range(3, 3 + len(grid))))
