"""What every domain extractor gets and gives, and the checks every fact row must pass.

An extractor is a plain function `DocumentContext -> {table name: Rows}` run once
per document. It finds its tables by their structure, headers and
captions, reads cells through `pipeline.parse.read_cell`, and returns rows with
`document_id`, `yot_id`, `source_line` and `source_table`. The framework then
confirms that each published number appears on its source line, and the domain's
rules (sum checks and the like) run as blocking Dagster checks.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from pipeline.ingest.catalogue import SourceDocument
from pipeline.ingest.sources import cell_break_lines, normalise_text
from pipeline.metadata.enums import YOUTH_JUSTICE_PLAN
from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import empty_frame, frame_from_columns
from pipeline.parse import Cell, Table, parse_tables, read_cell
from pipeline.parse.markup import clean_text
from pipeline.parse.values import undo_ocr_digits, undo_ocr_pound
from pipeline.report import WARNING, Issue, TableOutput

NUMBER_NOT_ON_LINE = "number_not_on_line"
TEXT_STATUS = "text"
EXTRACTOR_FAILED = "extractor_failed"
# Codes every domain's tables share for a number not read (with each domain's `unread`).
UNREAD: frozenset[str] = frozenset({NUMBER_NOT_ON_LINE, EXTRACTOR_FAILED})
_SCALES = (1.0, 1e3, 1e6)
_LINE_NUMBER = re.compile(
    r"(?<![\w.])[-\u2212\u2013]?\(?\s*[£$€]?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(k|m|bn|million|thousand)?(?![a-z])",
    re.IGNORECASE,
)
_MULTIPLIER = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}


@dataclass(frozen=True)
class DocumentContext:
    """One catalogued document as an extractor sees it: its metadata, lines and tables."""

    document_id: str
    yot_id: str
    document_type: str
    lines: tuple[str, ...]
    tables: tuple[Table, ...]
    title: str | None = None
    period_label: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    def line(self, number: int) -> str:
        """The text of 1-based line `number`."""
        return self.lines[number - 1]

    @functools.cached_property
    def _table_ends(self) -> tuple[list[int], list[int]]:
        """First lines of the tables in document order, and the furthest line any table
        up to each one reaches (for `text_above`: one sort per document, then a bisect)."""
        ordered = sorted(self.tables, key=lambda t: t.first_line)
        return ([t.first_line for t in ordered],
                list(itertools.accumulate((t.last_line for t in ordered), max)))

    def text_above(self, table: Table, max_lines: int = 80, paragraphs: int = 4) -> list[str]:
        """The text lines just above a table, nearest first, after the previous table:
        where a plan often says what a table holds and for when ("The partnership
        contributions for 2018/19 are detailed below."). Blank lines and lines that are
        only a number (chart axis values) are skipped."""
        firsts, reach = self._table_ends
        before = bisect.bisect_left(firsts, table.first_line)
        previous_end = reach[before - 1] if before else 0
        first = max(previous_end + 1, table.first_line - max_lines, 1)
        found = []
        for number in range(table.first_line - 1, first - 1, -1):
            text = clean_text(self.line(number))
            if text and read_cell(text).status == TEXT_STATUS:
                found.append(text)
                if len(found) == paragraphs:
                    break
        return found

    def text_below(self, table: Table, max_blank: int = 4) -> list[str]:
        """The first text line just under a table, before any other table: a unit or
        source printed beneath it ("Rate per 1,000 of 10-17 population."). Up to
        `max_blank` empty lines may part them (a Word export ends a table with an empty
        paragraph, a converter puts an empty line around it)."""
        firsts, _ = self._table_ends
        after = bisect.bisect_right(firsts, table.first_line)
        limit = min(firsts[after] - 1 if after < len(firsts) else len(self.lines),
                    table.last_line + max_blank + 1, len(self.lines))
        for number in range(table.last_line + 1, limit + 1):
            text = clean_text(self.line(number))
            if text:
                return [text] if read_cell(text).status == TEXT_STATUS else []
        return []

    def data_tables(self) -> list[Table]:
        """Tables the parser classed as data (not contents, glossaries or lists)."""
        return [t for t in self.tables if t.kind == "data"]

    def provenance(self, table: Table | None, line: int) -> dict[str, object]:
        """The four columns every fact row carries."""
        return {
            "document_id": self.document_id,
            "yot_id": self.yot_id,
            "source_line": line,
            "source_table": table.table_id if table is not None else None,
        }


def document_context(item: SourceDocument, tables: list[Table]) -> DocumentContext:
    """The extractor's view of a catalogued document."""
    meta = item.metadata
    return DocumentContext(
        document_id=item.document_id,
        yot_id=meta.yot_id,
        document_type=meta.document_type,
        lines=tuple(item.document.lines),
        tables=tuple(tables),
        title=meta.title,
        period_label=meta.period_label,
        period_start=meta.period_start,
        period_end=meta.period_end,
    )


def context_from_text(
    text: str,
    document_id: str = "test-document",
    yot_id: str = "darlington",
    document_type: str = YOUTH_JUSTICE_PLAN,
    period_label: str | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    title: str | None = None,
) -> DocumentContext:
    """A context for a document given as text (tests and variant documents); a text
    with CR line endings is normalised as ingest does, keeping its cell breaks."""
    breaks = cell_break_lines(text)
    text, _ = normalise_text(text)
    return DocumentContext(
        document_id=document_id,
        yot_id=yot_id,
        document_type=document_type,
        lines=tuple(text.split("\n")),
        tables=tuple(parse_tables(text, document_id, breaks)),
        title=title,
        period_label=period_label,
        period_start=period_start,
        period_end=period_end,
    )


@dataclass(frozen=True)
class Domain:
    """A domain extractor and the published tables it fills."""

    name: str
    tables: tuple[str, ...]
    extract: Callable[[DocumentContext], dict[str, Rows]]
    value_columns: dict[str, tuple[str, ...]]
    rules: dict[str, Callable[[pd.DataFrame], list[Issue]]] = field(default_factory=dict)
    # Rule codes that mean the source's own numbers disagree (a printed total that is not
    # the sum of its printed parts): published and flagged when every part was read.
    source_inconsistencies: frozenset[str] = frozenset()
    # Extraction issue codes that mean a printed number of a table was not read, so a
    # total that disagrees with its parts may be the reader's fault (see UNREAD).
    unread: frozenset[str] = frozenset()
    # Rules over every document's published rows together that only warn (one figure
    # printed differently by two documents): never withhold or flag, so a document's
    # verdict stays its own and can be kept between runs (pipeline.validate.cache).
    table_warnings: dict[str, Callable[[pd.DataFrame], list[Issue]]] = field(
        default_factory=dict)


@functools.lru_cache(maxsize=8192)  # a line holding several published numbers is read once
def line_numbers(line: str) -> tuple[float, ...]:
    """Every number printed on a line, read with its sign and any k/m multiplier."""
    text = undo_ocr_pound(undo_ocr_digits(clean_text(line)))
    found = []
    for match in _LINE_NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        multiplier = match.group(2)
        found.append(value)
        if multiplier:
            found.append(value * _MULTIPLIER[multiplier.lower()])
    return tuple(found)


def number_on_line(value: float, line: str) -> bool:
    """Whether `value` (or value / 1,000 or / 1,000,000 for tables printed in £000s or
    £m) is printed on the line, ignoring sign, separators, currency and markup."""
    target = abs(value)
    printed = line_numbers(line)
    for scale in _SCALES:
        scaled = target / scale
        for number in printed:
            if math.isclose(number, scaled, rel_tol=1e-9, abs_tol=0.005):
                return True
    return False


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def rows_off_their_lines(
    columns: dict[str, list], value_columns: Iterable[str], context: DocumentContext
) -> list[bool]:
    """Per row: whether a number in `value_columns` is not printed on its source line."""
    lines = columns.get("source_line", [])
    off = [False] * len(lines)
    for column in value_columns:
        if column not in columns:
            continue
        for position, (value, line) in enumerate(zip(columns[column], lines, strict=True)):
            if off[position] or _missing(value):
                continue
            if not 1 <= int(line) <= len(context.lines) or not number_on_line(
                float(value), context.line(int(line))
            ):
                off[position] = True
    return off


@dataclass
class Rows:
    """One document's rows of one table as plain column lists, with the issues raised.

    Cheap to pickle and to join: the rows are cast to the registry's types once, when
    every document's rows are combined, not once per document."""

    columns: dict[str, list] = field(default_factory=dict)
    length: int = 0
    issues: list[Issue] = field(default_factory=list)

    @classmethod
    def from_records(cls, records: list[dict[str, object]], table_name: str,
                     issues: Iterable[Issue] = ()) -> Rows:
        """Rows given as one dict per row (a column a row lacks is null), in the
        registry's column order."""
        if not records:
            return cls(issues=list(issues))
        names = [c for c in get_table(table_name).column_names
                 if any(c in record for record in records)]
        names += [c for c in dict.fromkeys(k for r in records for k in r) if c not in names]
        columns = {name: [record.get(name) for record in records] for name in names}
        return cls(columns, len(records), list(issues))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, issues: Iterable[Issue] = ()) -> Rows:
        columns = {str(name): frame[name].tolist() for name in frame.columns}
        return cls(columns if len(frame) else {}, len(frame), list(issues))

    def to_output(self, table_name: str) -> TableOutput:
        """The rows as a conformed table."""
        spec = get_table(table_name)
        frame = (frame_from_columns(self.columns, self.length, spec) if self.length
                 else empty_frame(spec))
        return TableOutput(frame, list(self.issues))


def extract_rows(domain: Domain, context: DocumentContext) -> dict[str, Rows]:
    """Run a domain on one document: its rows per table, as produced, checked.

    A row whose number is not printed on its source line is left out and reported (the
    contract promises every published number is on its line). A crash, or a column the
    registry does not know, becomes a warning for this document and never stops the
    others.
    """
    try:
        produced = domain.extract(context)
        rows = {name: _checked_rows(domain, name, produced.get(name), context)
                for name in domain.tables}
    except Exception as exc:  # one document's failure must not stop the run
        issue = Issue("extract", EXTRACTOR_FAILED,
                      f"{domain.name} extractor failed: {type(exc).__name__}: {exc}"[:300],
                      WARNING, context.document_id)
        return {name: Rows(issues=[issue]) for name in domain.tables}
    return rows


def _checked_rows(domain: Domain, name: str, output: Rows | TableOutput | None,
                  context: DocumentContext) -> Rows:
    if output is None:
        return Rows()
    rows = output if isinstance(output, Rows) else Rows.from_frame(output.frame, output.issues)
    unknown = [c for c in rows.columns if c not in get_table(name).column_names]
    if unknown:
        raise ValueError(f"{name}: columns not in the registry: {unknown}")
    if not rows.length:
        return rows
    off = rows_off_their_lines(rows.columns, domain.value_columns.get(name, ()), context)
    if not any(off):
        return rows
    lines = rows.columns["source_line"]
    tables = rows.columns.get("source_table", [None] * rows.length)
    issues = rows.issues + [
        Issue("extract", NUMBER_NOT_ON_LINE,
              f"{name} row left out: its number is not printed on its source line",
              WARNING, context.document_id, tables[i], int(lines[i]))
        for i in range(rows.length) if off[i]
    ]
    kept = [i for i in range(rows.length) if not off[i]]
    columns = {c: [values[i] for i in kept] for c, values in rows.columns.items()}
    return Rows(columns if kept else {}, len(kept), issues)


def run_extractor(domain: Domain, context: DocumentContext) -> dict[str, TableOutput]:
    """`extract_rows` with each table conformed: one document's tables as published."""
    return {name: rows.to_output(name) for name, rows in extract_rows(domain, context).items()}


def _na_to_none(value: object) -> object:
    """A grouping key part: every kind of missing value is one key, as in pandas groupby."""
    return None if value is None or value is pd.NA or value != value else value


def row_groups(frame: pd.DataFrame, columns: list[str]) -> dict[tuple, list[int]]:
    """Row positions per distinct key, keys in order of first appearance (what
    `groupby(columns, dropna=False, sort=False)` gives), in one pass over the columns.

    The rules run over every document's rows at once; iterating pandas groups costs a
    fixed time per group, which made them the slowest step of a national corpus."""
    groups: dict[tuple, list[int]] = {}
    keys = zip(*(frame[c].tolist() for c in columns), strict=True)
    for position, key in enumerate(keys):
        groups.setdefault(tuple(map(_na_to_none, key)), []).append(position)
    return groups


def combine(parts: Iterable[Rows | TableOutput], table_name: str) -> TableOutput:
    """Documents' parts of one table, in document order, as one conformed table."""
    return concat_rows(
        p if isinstance(p, Rows) else Rows.from_frame(p.frame, p.issues) for p in parts
    ).to_output(table_name)


def concat_rows(parts: Iterable[Rows]) -> Rows:
    """Parts of one table one after another; a column some parts lack is missing in
    their rows."""
    rows = list(parts)
    issues = [issue for part in rows for issue in part.issues]
    filled = [part for part in rows if part.length]
    names = dict.fromkeys(name for part in filled for name in part.columns)
    columns = {
        name: list(itertools.chain.from_iterable(
            part.columns.get(name) or [None] * part.length for part in filled))
        for name in names
    }
    length = sum(part.length for part in filled)
    return Rows(columns, length, issues)


def label_of_row(row: list[Cell | None], names: Callable[[str], object | None]) -> str:
    """The text a row's label is read by: its whole text, or its first printed line when
    the values are printed on that line, the whole names nothing (`names` gives what a
    text names, or None) and each line under it names something else. A text rendering
    prints a row without values under a row ("YOT family" under a PCC area, "Not known"
    under "Any other") just as it prints the rest of a label wrapped in its cell; when the
    lines name different things and together nothing, they were two rows, and the values
    printed on the first line are that line's."""
    label = row[0] if row else None
    if label is None or "\n" not in label.raw:
        return label.text if label is not None else ""
    lines = [clean_text(line) for line in label.raw.split("\n") if line.strip()]
    values = [cell for cell in row[1:] if cell is not None and cell.text]
    if len(lines) < 2 or not values or any(cell.source_line != label.source_line
                                           for cell in values) or names(label.text) is not None:
        return label.text
    first = names(lines[0])
    below = [names(line) for line in lines[1:]]
    if first is None or any(name is None or name == first for name in below):
        return label.text
    return lines[0]


def part_run_together(table: Table, names: Callable[[str], bool]) -> Table:
    """The table with its header parted where the parser could not part it: words run
    together over more headings than columns ("Period Town North East Country" over a
    label and three values; see `Table.run_together`). A reader that knows the names
    (`names`: whether a text is one whole heading it reads, "North East" a region, "Town
    North" nothing) parts them into one heading per value column, the first heading over
    the labels or none. Read only when exactly one parting makes every value heading a
    name; else the table stays without headings over its values."""
    if table.run_together is None or table.header_rows != 1:
        return table
    line, headings = table.run_together
    columns = table.n_columns - 1
    found = [(headings[0], parts) for parts in _partings(headings[1:], columns)
             if all(names(part) for part in parts)]
    found += [("", parts) for parts in _partings(headings, columns)
              if all(names(part) for part in parts)]
    if len(found) != 1:
        return table
    stub, parts = found[0]
    texts = [stub, *parts]
    header = [Cell(row=0, column=column, text=text, raw=text, is_header=True,
                   source_line=line) for column, text in enumerate(texts) if text]
    body = [cell for cell in table.cells if cell.row != 0]
    return dataclasses.replace(table, cells=header + body, run_together=None)


def _partings(words: tuple[str, ...], count: int) -> list[list[str]]:
    """Every way to part a run of headings into `count` consecutive groups."""
    if count < 1 or count > len(words):
        return []
    return [[" ".join(words[a:b]) for a, b in itertools.pairwise((0, *cuts, len(words)))]
            for cuts in itertools.combinations(range(1, len(words)), count - 1)]
