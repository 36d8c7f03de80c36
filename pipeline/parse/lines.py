"""What a single line of document text is: heading, footnote, note, page furniture.

Used by the block finder (may a table continue past this line?), by the caption
search (is this line a title?) and by notes collection (is this a source line?).
All tests are structural (markup, length, punctuation), never about a document.
"""

from __future__ import annotations

import re

from pipeline.parse.markup import clean_text

_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_TABLE_LABEL = re.compile(r"^(?:table|chart|figure)\s+[A-Z]?\d+[a-z]?\b", re.IGNORECASE)
_WHOLLY_BOLD = re.compile(r"^\s*(?:\*\*(.+)\*\*|__(.+)__|<(b|strong)>(.+)</\3>)\s*$", re.I)
_FOOTNOTE = re.compile(r"^\s*(?:\$\s*)?(?:<sup\b|\^\{|\[\^?\d+\]|\^\d)", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪●◦]\s|\d{1,2}[.)]\s+[a-z])")
_NOTE = re.compile(
    r"^(?:(?:data\s+)?sources?\b\s*[:\-\u2013]|notes?\s*[:\-\u2013]|notes?$|"
    r"n\.?b\.?\s*[:\-\u2013]?\s|\*[^\s*\x22\x27\u201c]|†|‡|base\s*[:\-\u2013])",
    re.IGNORECASE,
)
_SENTENCE_END = (".", ",", ";")
# A sentence ends inside the line ("... performs well. The most recent"): prose.
_INNER_SENTENCE_END = re.compile(r"(?:[a-z]{3}|\))[.!?]\s+[A-Z]")
# A title ending with its bracketed period and a full stop ("Latest cohort (Jan - Mar 2017).")
_BRACKETED_TITLE = re.compile(r"^(?:\S+\s+){0,9}\S*\([^()]{2,40}\)\.$")
_ENUMERATOR = re.compile(r"^\((?:[ivx]{1,4}|[a-z]|\d{1,2})\)\s*", re.IGNORECASE)


def is_blank(line: str) -> bool:
    """A line with nothing but whitespace."""
    return not line.strip()


def markdown_heading(line: str) -> str | None:
    """The text of a ``#`` heading line, cleaned; None for other lines."""
    match = _MARKDOWN_HEADING.match(line)
    if match is None:
        return None
    return clean_text(match.group(1)) or None


def is_footnote(line: str) -> bool:
    """A footnote body (``<sup>3</sup> Office for ...``), page furniture between rows."""
    return bool(_FOOTNOTE.match(line))


def is_wholly_bold(line: str) -> bool:
    """A line printed entirely in bold, as short titles are."""
    return bool(_WHOLLY_BOLD.match(line))


def is_table_label(text: str) -> bool:
    """A 'Table 3: ...' style label."""
    return bool(_TABLE_LABEL.match(text))


def is_note(text: str) -> bool:
    """A notes or data-source line that belongs under a table ('Source: ...')."""
    return bool(_NOTE.match(text.strip()))


def is_plain_heading(line: str) -> bool:
    """A short title-like line in a document that marks headings only by layout."""
    if "\t" in line or _LIST_ITEM.match(line):
        return False
    text = clean_text(line)
    if not text or len(text) > 100 or _INNER_SENTENCE_END.search(text) or (
            text.endswith(_SENTENCE_END) and not _BRACKETED_TITLE.match(text)):
        return False
    words = text.split()
    if len(words) > 14 or (text.endswith(":") and len(words) > 6):
        return False
    first = _ENUMERATOR.sub("", text)[:1]  # "(ii) NI43: ..." is headed by its letters
    return first.isupper() or first.isdigit()


def is_running_header(line: str) -> bool:
    """Page furniture (running header/footer, page number) that can split a table."""
    if "\t" in line or markdown_heading(line) is not None or _LIST_ITEM.match(line):
        return False
    text = clean_text(line)
    if not text or len(text) > 90 or text.endswith((".", ":", ";", ",")):
        return False
    return not is_table_label(text) and not is_wholly_bold(line)


def has_markdown_headings(lines: list[str]) -> bool:
    """Whether a document marks headings with ``#`` (then plain lines are not headings)."""
    count = 0
    for line in lines:
        if line.lstrip().startswith("#") and _MARKDOWN_HEADING.match(line):
            count += 1
            if count >= 2:
                return True
    return False
