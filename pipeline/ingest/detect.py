"""Detect a document's service, type, title and period from its own text.

Used for documents dropped into the sources folder with no manifest entry.
Detection reads the title block (the first lines of the document) the way a
reader does; it never looks at the file name, and it returns None for a field
it cannot read rather than guessing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from pipeline.ingest.manifest import DocumentMetadata
from pipeline.metadata import enums
from pipeline.periods import (
    financial_year_bounds,
    find_financial_year,
    find_month_year,
)
from pipeline.reference.areas import AreaResolver

HEAD_LINES = 60
INSPECTORATE = "HM Inspectorate of Probation"

_TAG = re.compile(r"<[^>]+>")
_MARKDOWN = re.compile(r"^\s*#+\s*|[*_`]+")
_INSPECTION = re.compile(
    r"\b(?:an\s+)?inspection\s+of\s+youth\s+(?:offending|justice)\s+(?:services?|teams?)\b",
    re.IGNORECASE,
)
_PLAN = re.compile(
    r"\byouth\s+(?:justice|offending)(?:\s+(?:service|team|strategic))?\s+(?:strategic\s+)?plan\b",
    re.IGNORECASE,
)
_OPEN_ENDED = re.compile(r"\b(?:in|of|for|and)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class HeadLine:
    """A non-empty line of the title block, with markup removed."""

    number: int
    text: str


def clean_line(line: str) -> str:
    """A line as a reader sees it: no HTML tags, markdown emphasis or heading marks."""
    text = html.unescape(_TAG.sub(" ", line))
    text = _MARKDOWN.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def head_lines(text: str, limit: int = HEAD_LINES) -> list[HeadLine]:
    """The first `limit` non-empty lines (short lines only: prose is not a title)."""
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        cleaned = clean_line(raw)
        if cleaned and len(cleaned) <= 160:
            lines.append(HeadLine(number, cleaned))
        if len(lines) >= limit:
            break
    return lines


def detect_metadata(text: str, resolver: AreaResolver | None = None) -> DocumentMetadata:
    """Everything detection can read from the text; unknown fields stay None."""
    resolver = resolver or AreaResolver.default()
    head = head_lines(text)
    document_type, title_at = _detect_type(head)
    title = _title(head, title_at) if title_at is not None else None
    meta = DocumentMetadata(
        document_type=document_type,
        yot_id=_detect_service(head, text, title_at, resolver),
        title=title,
    )
    if document_type == enums.INSPECTION_REPORT:
        _add_inspection_dates(meta, head, title_at)
        meta.publisher = INSPECTORATE
    elif document_type == enums.YOUTH_JUSTICE_PLAN:
        _add_plan_period(meta, head, title_at)
    if "open government licence" in text.lower():
        meta.licence = "Open Government Licence v3.0"
    return meta


def _detect_type(head: list[HeadLine]) -> tuple[str | None, int | None]:
    """The document type and the index (in `head`) of the line where its title starts."""
    for index in range(len(head)):
        window = " ".join(h.text for h in head[index : index + 3])
        first = head[index].text
        if _INSPECTION.search(first) or (
            _INSPECTION.search(window) and _INSPECTION.search(window).start() < len(first)
        ):
            return enums.INSPECTION_REPORT, index
        match = _PLAN.search(window)
        if match and match.start() < len(first):
            return enums.YOUTH_JUSTICE_PLAN, index
    return None, None


def _title(head: list[HeadLine], start: int) -> str:
    """The title line, joined with the lines it runs on to (a title split over lines)."""
    parts = [head[start].text]
    for line in head[start + 1 : start + 4]:
        joined = " ".join(parts)
        if _OPEN_ENDED.search(joined) or not (_INSPECTION.search(joined) or _PLAN.search(joined)):
            parts.append(line.text)
        else:
            break
    return " ".join(parts)


def _detect_service(
    head: list[HeadLine], text: str, title_at: int | None, resolver: AreaResolver
) -> str | None:
    """The service the title block names; ties go to the one the whole text names most."""
    near_title: list[str] = []
    anywhere: list[str] = []
    for index, line in enumerate(head):
        for area, _start, _end in resolver.find_mentions(line.text):
            if area.area_type != enums.SUBJECT_YOT:
                continue
            anywhere.append(area.area_id)
            if title_at is not None and abs(index - title_at) <= 3:
                near_title.append(area.area_id)
    candidates = near_title or anywhere
    if len(set(candidates)) <= 1:  # no tie to break: skip counting over the whole text
        return candidates[0] if candidates else None
    in_text = resolver.count_mentions(text.split("\n"), candidates)
    order = {area_id: position for position, area_id in reversed(list(enumerate(candidates)))}
    return max(set(candidates), key=lambda a: (in_text[a], -order[a]))


def _add_plan_period(meta: DocumentMetadata, head: list[HeadLine], title_at: int | None) -> None:
    """A plan's period: the first financial year printed in or just after its title."""
    start = title_at or 0
    window = head[start : start + 6] if title_at is not None else head
    for line in window:
        found = find_financial_year(line.text, allow_short=True)
        if found:
            year, label = found
            meta.period_label = label.strip()
            meta.period_start, meta.period_end = financial_year_bounds(year)
            if meta.title and label.strip() not in meta.title:
                meta.title = f"{meta.title} {label.strip()}"
            return


def _add_inspection_dates(
    meta: DocumentMetadata, head: list[HeadLine], title_at: int | None
) -> None:
    """An inspection's publication month, printed under its title ("..., February 2021")."""
    start = title_at or 0
    for line in head[start : start + 8]:
        found = find_month_year(line.text)
        if found:
            meta.published, meta.period_label = found
            return
