"""Detect a document's service, type, title and period from its own text and file name.

Used for documents dropped into the sources folder with no manifest entry. Detection
reads the title block (the first lines of the document) the way a reader does; where a
document has no title block it reads the file name its publisher gave it ("Oldham YJ
plan 1920 Final draft.txt") and then the first pages. It returns None for a field it
cannot read rather than guessing, and says in `Detection.notes` what it read from where.

Order, field by field (the first that answers wins):

- type and title: the title block; then the file name (its stem is the title);
- service: names printed near the title or in the file name (ties go to the one the
  whole text names most); then names in the first lines, then in the first pages' prose
  (the one the whole text names most); then one misspelt name in the file name, when a
  single service is that close (reported as a warning);
- period: printed in or just under the title; then in the file name; then just after a
  plan's name in the first pages ("Welcome to the Rotherham Youth Justice Plan 2019/21").
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from pipeline.ingest.manifest import DocumentMetadata
from pipeline.ingest.sources import SOURCE_SUFFIXES
from pipeline.metadata import enums
from pipeline.periods import PrintedPeriod, find_month_year, find_period
from pipeline.reference.areas import AreaResolver
from pipeline.report import INFO, WARNING

HEAD_LINES = 60
FIRST_PAGES_LINES = 200  # non-empty lines read for a plan's name when there is no title
TITLE_MAX_CHARS = 100
TITLE_MAX_WORDS = 15
INSPECTORATE = "HM Inspectorate of Probation"
FROM_FILE_NAME = "detected_from_file_name"
FROM_FIRST_PAGES = "detected_from_first_pages"
SERVICE_SPELLING = "service_name_misspelt"
FILE_NAME = "file name"
FIRST_PAGES = "first pages"

_TAG = re.compile(r"<[^>]+>")
_MARKDOWN = re.compile(r"^\s*#+\s*|[*_`]+")
_INSPECTION = re.compile(
    r"\b(?:an\s+)?inspection\s+of\s+youth\s+(?:offending|justice)\s+(?:services?|teams?)\b",
    re.IGNORECASE,
)
# What a youth justice service calls its plan: "Youth Justice Plan", "Youth Offending
# Service Plan", "Youth Justice and Crime Prevention Plan", "Youth Justice Service
# Partnership Annual Business Plan", "YOUTH JUSTICE TEAM Strategic Plan", "YJ plan", "YJP".
_YJ = r"(?:youth\s+(?:justice|offending)|yj|yjb|yot|yos|yjs|yjt)"
_PLAN_WORDS = (r"(?:services?|teams?|partnership|strategic|business|annual|delivery|and|crime|"
               r"prevention|early|intervention)")
_PLAN = re.compile(rf"\b{_YJ}(?:\s+{_PLAN_WORDS}){{0,4}}\s+plan\b|\byjp\b", re.IGNORECASE)
# File names also say "YJS Buisness Plan", "YJB Plan - final", "Service Plan ... by YJB".
_YJ_WORD = re.compile(rf"\b(?:{_YJ}|yjp|yjeis)\b", re.IGNORECASE)
_PLAN_WORD = re.compile(r"\bplan\b", re.IGNORECASE)
_YJP = re.compile(r"\byjp\b", re.IGNORECASE)
_GENERIC_PLAN = re.compile(r"\b(?:business|strategic|service|partnership|delivery)\s+plan\b",
                           re.IGNORECASE)
_YOUTH_JUSTICE_TEXT = re.compile(r"\byouth\s+(?:justice|offending)\b", re.IGNORECASE)
# A plan's name followed by its period in prose: "Youth Justice Plan for 2019 - 2021".
_PLAN_THEN_PERIOD = re.compile(rf"(?:{_PLAN.pattern})(?:\s+(?:for|covering|of))?\s+(?=\d)",
                               re.IGNORECASE)
# A written parliamentary question and its answer, as Hansard and the written questions
# service print it ("To ask the Secretary of State for Justice, ...", "Answered on").
_ANSWER = re.compile(
    r"\bto\s+ask\s+(?:the|his\s+majesty's|her\s+majesty's)\s|"
    r"\bwritten\s+(?:parliamentary\s+)?(?:question|answer)s?\b|\bparliamentary\s+questions?\b|"
    r"\bquestion\s+for\s+(?:the\s+)?ministry\s+of\s+justice\b|\buin\s*:?\s*\d|\bhansard\b",
    re.IGNORECASE)
_ANSWER_NAME = re.compile(r"\b(?:pq|written\s+(?:question|answer)|parliamentary\s+question)s?\b",
                          re.IGNORECASE)
_ANSWERED = re.compile(r"\banswered\s+(?:on\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\s+\d{4})",
                       re.IGNORECASE)
# A web page saved as text: its markup, or the site's furniture around the content.
_WEB_MARKUP = re.compile(r"<(?:html|body|div|table|p|h[1-6])\b", re.IGNORECASE)
_WEB_FURNITURE = re.compile(
    r"^(?:skip\s+to\s+(?:main\s+)?content|(?:accept|reject)\s+(?:all\s+)?(?:additional\s+)?"
    r"cookies|share\s+this\s+page|print\s+this\s+page|back\s+to\s+top|"
    r"(?:page\s+)?last\s+(?:updated|reviewed)\b.*|home\s*(?:>|›|/)\s*\S.*)$", re.IGNORECASE)
WEB_SUFFIXES = (".html", ".htm")
# What a text about youth justice says, beyond the service's name.
_YOUTH_JUSTICE_TOPIC = re.compile(
    r"\byouth\s+(?:justice|offending|custody)\b|\bfirst[\s-]+time\s+entrants?\b|"
    r"\byoung\s+offenders?\b|\bre-?offend(?:ing|ers?)\b|\b(?:yot|yos|yjs|yjb)\b",
    re.IGNORECASE)
PARLIAMENT = "UK Parliament"
OTHER_TYPES = (enums.PARLIAMENTARY_ANSWER, enums.WEB_PAGE, enums.OTHER_PUBLICATION)
_CONTENTS_HEADING = re.compile(r"^(?:table\s+of\s+)?contents?\b[\s:]*(?:page)?$", re.IGNORECASE)
_EARLIER_PLAN = re.compile(r"\b(?:review\s+of|last\s+year'?s?|previous)(?:\s+the)?\s*$",
                           re.IGNORECASE)
_OPEN_ENDED = re.compile(r"\b(?:in|of|for|and)\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[•·\-–*>o]\s|\(?\d+(?:\.\d+)*[.)]?\s|\(?[a-z][.)]\s)",
                        re.IGNORECASE)
_CONTENTS_ENTRY = re.compile(r"(?:\t\s*|\.{3,}\s*|\bpage\s+)\d+(?:\s*-\s*\d+)?\s*$",
                             re.IGNORECASE)


@dataclass(frozen=True)
class HeadLine:
    """A non-empty line of the title block, with markup removed."""

    number: int
    text: str
    raw: str = ""


@dataclass(frozen=True)
class DetectionNote:
    """What detection read from somewhere other than the title block, for the run report."""

    code: str
    message: str
    severity: str = INFO


@dataclass
class Detection:
    """Detected metadata and how it was read."""

    metadata: DocumentMetadata
    notes: list[DetectionNote] = field(default_factory=list)


def clean_line(line: str) -> str:
    """A line as a reader sees it: no HTML tags, markdown emphasis or heading marks."""
    text = html.unescape(_TAG.sub(" ", line))
    text = _MARKDOWN.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def head_lines(text: str, limit: int = HEAD_LINES, max_chars: int | None = 160
               ) -> list[HeadLine]:
    """The first `limit` non-empty lines (only lines up to `max_chars`: prose is not a
    title; None keeps every line)."""
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        cleaned = clean_line(raw)
        if cleaned and (max_chars is None or len(cleaned) <= max_chars):
            lines.append(HeadLine(number, cleaned, raw))
        if len(lines) >= limit:
            break
    return lines


def file_name_text(file_name: str) -> str:
    """A file name as words: no suffix, underscores as spaces, single spaces."""
    stem = file_name
    for suffix in SOURCE_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return re.sub(r"\s+", " ", stem.replace("_", " ")).strip()


def detect_metadata(text: str, resolver: AreaResolver | None = None,
                    file_name: str | None = None) -> DocumentMetadata:
    """Everything detection can read from the text (and file name); unknown fields None."""
    return detect(text, file_name, resolver).metadata


def detect(text: str, file_name: str | None = None,
           resolver: AreaResolver | None = None) -> Detection:
    """Detected metadata with notes on what came from the file name or the first pages."""
    resolver = resolver or AreaResolver.default()
    name = file_name_text(file_name) if file_name else ""
    head = head_lines(text)
    read_from: dict[str | None, list[str]] = {FILE_NAME: [], FIRST_PAGES: [], None: []}
    notes: list[DetectionNote] = []
    document_type, title_at = _detect_type(head)
    title = _title(head, title_at) if title_at is not None else None
    if document_type is None:
        document_type, source = _type_without_title(name, text)
        read_from[source].append("document type")
    if document_type is None:
        document_type, source = _other_type(file_name or "", name, text)
        read_from[source].append("document type")
    if title is None and document_type in OTHER_TYPES:
        title = _first_heading(head)
    if title is None and document_type is not None and name:
        title = name
        read_from[FILE_NAME].append("title")
    meta = DocumentMetadata(document_type=document_type, title=title)
    meta.yot_id, source = _detect_service(head, text, title_at, name, resolver, notes)
    read_from[source].append("service")
    if document_type == enums.INSPECTION_REPORT:
        _add_inspection_dates(meta, head, title_at)
        meta.publisher = INSPECTORATE
    elif document_type in (enums.YOUTH_JUSTICE_PLAN, enums.WEB_PAGE, enums.OTHER_PUBLICATION):
        read_from[_add_plan_period(meta, head, title_at, name, text)].append("period")
    elif document_type == enums.PARLIAMENTARY_ANSWER:
        meta.publisher = PARLIAMENT
        meta.published = _answered_on(text)
    lowered = text.lower()
    if "open government licence" in lowered:
        meta.licence = "Open Government Licence v3.0"
    elif "open parliament licence" in lowered:
        meta.licence = "Open Parliament Licence v3.0"
    if read_from[FILE_NAME]:
        notes.append(DetectionNote(FROM_FILE_NAME, f"{', '.join(read_from[FILE_NAME])} read "
                                   f"from the file name {name!r} (no title block says it)"))
    if read_from[FIRST_PAGES]:
        notes.append(DetectionNote(FROM_FIRST_PAGES, f"{', '.join(read_from[FIRST_PAGES])} "
                                   "read from the first pages' prose (no title block says it)"))
    return Detection(meta, notes)


def _detect_type(head: list[HeadLine]) -> tuple[str | None, int | None]:
    """The document type and the index (in `head`) of the line where its title starts.

    A title is printed before the table of contents: headings after it ("Youth Justice
    Plan Key Priorities") are sections, not the title."""
    for index in range(len(head)):
        if _CONTENTS_HEADING.match(head[index].text):
            break
        window = " ".join(h.text for h in head[index : index + 3])
        first = head[index].text
        if _INSPECTION.search(first) or (
            _INSPECTION.search(window) and _INSPECTION.search(window).start() < len(first)
        ):
            return enums.INSPECTION_REPORT, index
        match = _PLAN.search(window)
        if match and match.start() < len(first) and _title_like(head[index]):
            return enums.YOUTH_JUSTICE_PLAN, index
    return None, None


def _title_like(line: HeadLine) -> bool:
    """Whether a line could start a title: short, not a sentence, a list item or an entry
    of a contents page ("3. Review of Youth Justice Plan 2018-19", "... Plan<TAB>5")."""
    text = line.text
    return (len(text) <= TITLE_MAX_CHARS and len(text.split()) <= TITLE_MAX_WORDS
            and not text.endswith((".", ",", ";", ":"))
            and not _LIST_ITEM.match(text) and not _CONTENTS_ENTRY.search(line.raw or text))


def _type_without_title(name: str, text: str) -> tuple[str | None, str | None]:
    """The type of a document with no title block, and where it was read: a file name
    with a youth justice word and "plan" ("Oldham YJ plan 1920", "Northumberland YJP"),
    or "Business/Strategic/Service/Partnership Plan" when the text is about youth justice;
    else a plan's name in the first pages' prose ("Welcome to the ... Youth Justice Plan")."""
    pages = _first_pages(text)
    if _YJ_WORD.search(name) and (_PLAN_WORD.search(name) or _YJP.search(name)):
        return enums.YOUTH_JUSTICE_PLAN, FILE_NAME
    if _GENERIC_PLAN.search(name) and _YOUTH_JUSTICE_TEXT.search(pages):
        return enums.YOUTH_JUSTICE_PLAN, FILE_NAME
    if _PLAN.search(pages):
        return enums.YOUTH_JUSTICE_PLAN, FIRST_PAGES
    return None, None


def _other_type(file_name: str, name: str, text: str) -> tuple[str | None, str | None]:
    """The type of a text about youth justice that is neither a plan nor an inspection
    report, and where it was read: a written question and its answer, a web page (its
    suffix, markup or the site's furniture), else another publication. A text that
    never names youth justice stays undetected (rejected, unless the manifest says)."""
    pages = _first_pages(text)
    if not _YOUTH_JUSTICE_TOPIC.search(f"{name}\n{pages}"):
        return None, None
    if _ANSWER_NAME.search(name):
        return enums.PARLIAMENTARY_ANSWER, FILE_NAME
    if _ANSWER.search(pages):
        return enums.PARLIAMENTARY_ANSWER, FIRST_PAGES
    if file_name.lower().endswith(WEB_SUFFIXES):
        return enums.WEB_PAGE, FILE_NAME
    head = text[:20_000]
    if _WEB_MARKUP.search(head) or any(_WEB_FURNITURE.match(clean_line(line))
                                       for line in head.split("\n")):
        return enums.WEB_PAGE, FIRST_PAGES
    return enums.OTHER_PUBLICATION, FIRST_PAGES


def _first_heading(head: list[HeadLine]) -> str | None:
    """An answer's or a page's title: its first line that could be one (not the site's
    furniture: "Skip to main content", "Home > ...")."""
    return next((line.text for line in head
                 if _title_like(line) and not _WEB_FURNITURE.match(line.text)), None)


def _answered_on(text: str) -> dt.date | None:
    """The day a written question was answered ("Answered on 12 March 2019"), if printed."""
    match = _ANSWERED.search(_first_pages(text))
    found = find_month_year(match.group(2)) if match else None
    if found is None:
        return None
    try:
        return found[0].replace(day=int(match.group(1)))
    except ValueError:  # "31 February": no such day
        return None


def _first_pages(text: str) -> str:
    return "\n".join(h.text for h in head_lines(text, FIRST_PAGES_LINES, max_chars=None))


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
    head: list[HeadLine], text: str, title_at: int | None, name: str,
    resolver: AreaResolver, notes: list[DetectionNote],
) -> tuple[str | None, str | None]:
    """The service and where it was read: names near the title or in the file name (ties
    go to the one the whole text names most), else in the first lines, else in the first
    pages' prose, else one misspelt name in the file name."""
    near_title: list[str] = []
    anywhere: list[str] = []
    for index, line in enumerate(head):
        for area_id in _services(line.text, resolver):
            anywhere.append(area_id)
            if title_at is not None and abs(index - title_at) <= 3:
                near_title.append(area_id)
    in_name = _services_in_file_name(name, text, resolver)
    strong = near_title + in_name
    candidates = strong or anywhere
    if candidates:
        chosen = _most_mentioned(candidates, text, resolver)
        if strong:
            return chosen, FILE_NAME if chosen not in near_title else None
        return chosen, FIRST_PAGES if title_at is None else None
    in_prose = [area_id for line in head_lines(text, FIRST_PAGES_LINES, max_chars=None)
                for area_id in _services(line.text, resolver)]
    if in_prose:
        return _most_mentioned(in_prose, text, resolver), FIRST_PAGES
    for words in _word_runs(name):
        found = resolver.spelled_like(words)
        if found is not None and found.area.area_type == enums.SUBJECT_YOT:
            notes.append(DetectionNote(
                SERVICE_SPELLING, f"the file name's {words!r} read as {found.area.name} "
                f"({found.area.area_id}): the only service name that close", WARNING))
            return found.area.area_id, FILE_NAME
    return None, None


def _services(text: str, resolver: AreaResolver) -> list[str]:
    return [area.area_id for area, _start, _end in resolver.find_mentions(text)
            if area.area_type == enums.SUBJECT_YOT]


def _services_in_file_name(name: str, text: str, resolver: AreaResolver) -> list[str]:
    """Services a file name names. File names are often lower case ("sandwell Youth
    Justice Plan"): a name found only once capitalised must also be printed in the text."""
    if not name:
        return []
    found = _services(name, resolver)
    capitalised = re.sub(r"\b[a-z]", lambda m: m.group().upper(), name)
    extra = [a for a in _services(capitalised, resolver) if a not in found]
    if extra:
        printed = resolver.mentioned(text.split("\n"), extra)
        found += [a for a in extra if a in printed]
    return found


def _word_runs(name: str, longest: int = 3) -> list[str]:
    """Runs of one to `longest` consecutive words of letters in a file name, shortest
    first (the misspelt word itself, before the words around it)."""
    words = re.findall(r"[^\W\d_]+", name)
    return [" ".join(words[i : i + n]) for n in range(1, longest + 1)
            for i in range(len(words) - n + 1)]


def _most_mentioned(candidates: list[str], text: str, resolver: AreaResolver) -> str:
    """The one candidate, or the one the whole text names most (first listed on a tie)."""
    if len(set(candidates)) == 1:  # no tie to break: skip counting over the whole text
        return candidates[0]
    in_text = resolver.count_mentions(text.split("\n"), candidates)
    order = {area_id: position for position, area_id in reversed(list(enumerate(candidates)))}
    return max(set(candidates), key=lambda a: (in_text[a], -order[a]))


def _add_plan_period(meta: DocumentMetadata, head: list[HeadLine], title_at: int | None,
                     name: str, text: str) -> str | None:
    """A plan's period and where it was read: printed in or just after its title, else in
    the file name, else right after the plan's name in the first pages."""
    found, source = None, None
    if title_at is not None:
        found = next(filter(None, (find_period(line.text, allow_short=True)
                                   for line in head[title_at : title_at + 6])), None)
    if found is None and name:
        found, source = find_period(name, allow_short=True, compact=True), FILE_NAME
    if found is None:
        found, source = _period_after_plan_name(text), FIRST_PAGES
    if found is None:
        return None
    meta.period_label = found.label
    meta.period_start, meta.period_end = found.start, found.end
    if meta.title and found.label not in meta.title and source is None:
        meta.title = f"{meta.title} {found.label}"
    return source


def _period_after_plan_name(text: str) -> PrintedPeriod | None:
    """"... Youth Justice Plan 2019/21", "... plan for 2019 - 2021" in the first pages."""
    for line in head_lines(text, FIRST_PAGES_LINES, max_chars=None):
        if _LIST_ITEM.match(line.text) or _CONTENTS_ENTRY.search(line.raw):
            continue  # "3. Review of Youth Justice Plan 2018-2019": a section, not this plan
        for match in _PLAN_THEN_PERIOD.finditer(line.text):
            if _EARLIER_PLAN.search(line.text[: match.start()]):
                continue
            found = find_period(line.text[match.end():][:30])
            if found is not None and found.position == 0:
                return found
    return None


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
