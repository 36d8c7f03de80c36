"""A document of thousands of small tables: the people extractor reads it in linear time
(it once rescanned every table for each table: 8,000 tables took a minute)."""

from __future__ import annotations

import time

from pipeline.extract.base import context_from_text
from pipeline.extract.people import extract_people


def _tiny_tables(count: int) -> str:
    return "Rochdale Youth Justice Plan 2020/21\n\n" + "".join(
        f"Staffing (FTE)\nRole\tFTE\nYOT officer\t{i % 97 + 1}\n\n" for i in range(count))


def test_thousands_of_tables_take_seconds_not_minutes() -> None:
    context = context_from_text(_tiny_tables(6_000), document_id="many", yot_id="rochdale")
    assert len(context.tables) == 6_000
    started = time.monotonic()
    extract_people(context)
    assert time.monotonic() - started < 10  # quadratic: 20 s and more


def test_headings_above_are_unchanged_by_the_index(corpus_context, corpus_dir) -> None:
    """The same headings as the direct definition (lines after the nearest table ending
    above, at most AS_OF_WINDOW up), on every table of the corpus."""
    from pipeline.extract import people
    from pipeline.parse import clean_text

    def direct(ctx, table) -> str:
        previous_end = max((t.last_line for t in ctx.tables if t.last_line < table.first_line),
                           default=0)
        start = max(previous_end + 1, table.first_line - people.AS_OF_WINDOW, 1)
        lines = [clean_text(ctx.line(n)) for n in range(start, table.first_line)]
        short = [t for t in lines if t and len(t.split()) <= people._HEADING_WORDS]
        return " ".join([people._context_text(table), *short])

    for path in sorted(corpus_dir.glob("*.txt")):
        ctx = corpus_context(path.stem)
        ends = sorted(t.last_line for t in ctx.tables)
        for table in ctx.tables:
            assert people._headings_above(ctx, table, ends) == direct(ctx, table)
