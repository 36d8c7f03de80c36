"""What every domain extractor gets and gives, and the checks every fact row must pass.

An extractor is a plain function `DocumentContext -> {table name: TableOutput}`
run once per document. It finds its tables by their structure, headers and
captions, reads cells through `pipeline.parse.read_cell`, and returns rows with
`document_id`, `yot_id`, `source_line` and `source_table`. The framework then
confirms that each published number appears on its source line, and the domain's
rules (sum checks and the like) run as blocking Dagster checks.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from pipeline.ingest.catalogue import SourceDocument
from pipeline.metadata.enums import YOUTH_JUSTICE_PLAN
from pipeline.metadata.registry import get_table
from pipeline.metadata.schemas import conform, empty_frame
from pipeline.parse import Table, parse_tables
from pipeline.parse.markup import clean_text
from pipeline.report import WARNING, Issue, TableOutput

NUMBER_NOT_ON_LINE = "number_not_on_line"
EXTRACTOR_FAILED = "extractor_failed"
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
    """A context for a document given as text (tests and variant documents)."""
    return DocumentContext(
        document_id=document_id,
        yot_id=yot_id,
        document_type=document_type,
        lines=tuple(text.split("\n")),
        tables=tuple(parse_tables(text, document_id)),
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
    extract: Callable[[DocumentContext], dict[str, TableOutput]]
    value_columns: dict[str, tuple[str, ...]]
    rules: dict[str, Callable[[pd.DataFrame], list[Issue]]] = field(default_factory=dict)


def line_numbers(line: str) -> list[float]:
    """Every number printed on a line, read with its sign and any k/m multiplier."""
    text = clean_text(line)
    found = []
    for match in _LINE_NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        multiplier = match.group(2)
        found.append(value)
        if multiplier:
            found.append(value * _MULTIPLIER[multiplier.lower()])
    return found


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


def rows_with_numbers_off_their_lines(
    frame: pd.DataFrame, columns: Iterable[str], context: DocumentContext
) -> pd.Series:
    """A mask of rows with a number in `columns` that is not printed on their source line."""
    off = pd.Series(False, index=frame.index)
    for column in columns:
        if column not in frame:
            continue
        for index, value, line in zip(
            frame.index, frame[column], frame["source_line"], strict=True
        ):
            if value is None or pd.isna(value):
                continue
            if not 1 <= int(line) <= len(context.lines) or not number_on_line(
                float(value), context.line(int(line))
            ):
                off[index] = True
    return off


def run_extractor(domain: Domain, context: DocumentContext) -> dict[str, TableOutput]:
    """Run a domain on one document and return its conformed tables.

    A row whose number is not printed on its source line is left out and reported (the
    contract promises every published number is on its line). A crash becomes a warning
    for this document and never stops the others.
    """
    try:
        produced = domain.extract(context)
    except Exception as exc:  # one document's failure must not stop the run
        issue = Issue("extract", EXTRACTOR_FAILED,
                      f"{domain.name} extractor failed: {type(exc).__name__}: {exc}"[:300],
                      WARNING, context.document_id)
        return {name: TableOutput(empty_frame(get_table(name)), [issue]) for name in domain.tables}
    outputs = {}
    for name in domain.tables:
        spec = get_table(name)
        output = produced.get(name) or TableOutput(empty_frame(spec))
        if output.frame.empty and list(output.frame.columns) == spec.column_names:
            # Most documents fill few of a domain's tables: skip the Arrow round trip and
            # the masks, which cost more than the extraction itself over many documents.
            outputs[name] = TableOutput(empty_frame(spec), list(output.issues))
            continue
        frame = conform(output.frame, spec)
        off = rows_with_numbers_off_their_lines(frame, domain.value_columns.get(name, ()), context)
        if not off.any():
            outputs[name] = TableOutput(frame, list(output.issues))
            continue
        issues = list(output.issues) + [
            Issue("extract", NUMBER_NOT_ON_LINE,
                  f"{name} row left out: its number is not printed on its source line",
                  WARNING, context.document_id, row.source_table, int(row.source_line))
            for row in frame[off].itertuples()
        ]
        outputs[name] = TableOutput(frame[~off].reset_index(drop=True), issues)
    return outputs


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


def combine(outputs: Iterable[TableOutput], table_name: str) -> TableOutput:
    """Documents' parts of one table, in document order, as one conformed table."""
    parts = list(outputs)
    frames = [p.frame for p in parts if not p.frame.empty]
    spec = get_table(table_name)
    frame = conform(pd.concat(frames, ignore_index=True), spec) if frames else empty_frame(spec)
    return TableOutput(frame, [issue for part in parts for issue in part.issues])
