"""Cleaning of printed cell text: markup, OCR noise and confusable letters.

PDF-to-text conversion leaves HTML tags, markdown emphasis, HTML entities, LaTeX
fragments for icons (``$\\nearrow$``), pictographs, and letters from other scripts
that look Latin ("үот" for "YOT"). Extractors must match on words and read
numbers, so every cell goes through :func:`clean_text` once; the raw text is kept
alongside for provenance.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Cyrillic and Greek letters that OCR emits for Latin ones, by Unicode name so
# that the source stays plain ASCII. Lowercase letters printed as small capitals
# (Cyrillic "te" looks like a small capital T) map to the capital.
_SMALL_CAP_NAMES = {
    "CYRILLIC SMALL LETTER TE": "T", "CYRILLIC SMALL LETTER EN": "H",
    "CYRILLIC SMALL LETTER VE": "B", "CYRILLIC SMALL LETTER KA": "K",
    "CYRILLIC SMALL LETTER EM": "M", "LATIN LETTER SMALL CAPITAL Y": "Y",
    "LATIN LETTER SMALL CAPITAL I": "I",
}  # fmt: skip
_LOOKALIKE_NAMES = {
    "CYRILLIC CAPITAL LETTER": {
        "A": "A", "VE": "B", "IE": "E", "KA": "K", "EM": "M", "EN": "H", "O": "O",
        "ER": "P", "ES": "C", "TE": "T", "HA": "X", "U": "Y", "JE": "J", "DZE": "S",
        "BYELORUSSIAN-UKRAINIAN I": "I", "STRAIGHT U": "Y",
    },
    "CYRILLIC SMALL LETTER": {
        "A": "a", "IE": "e", "O": "o", "ER": "p", "ES": "c", "U": "y", "HA": "x",
        "JE": "j", "DZE": "s", "SHHA": "h", "KOMI DE": "d", "STRAIGHT U": "y",
        "QA": "q", "WE": "w", "BYELORUSSIAN-UKRAINIAN I": "i",
    },
    "GREEK CAPITAL LETTER": {
        "ALPHA": "A", "BETA": "B", "EPSILON": "E", "ZETA": "Z", "ETA": "H", "IOTA": "I",
        "KAPPA": "K", "MU": "M", "NU": "N", "OMICRON": "O", "RHO": "P", "TAU": "T",
        "UPSILON": "Y", "CHI": "X",
    },
    "GREEK SMALL LETTER": {
        "OMICRON": "o", "NU": "v", "IOTA": "i", "KAPPA": "k", "RHO": "p", "TAU": "t",
        "UPSILON": "u", "CHI": "x",
    },
}  # fmt: skip
_SMALL_CAPS = {unicodedata.lookup(name): latin for name, latin in _SMALL_CAP_NAMES.items()}
_CONFUSABLES = {
    unicodedata.lookup(f"{script} {letter}"): latin
    for script, letters in _LOOKALIKE_NAMES.items()
    for letter, latin in letters.items()
} | _SMALL_CAPS
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES)
_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")

_LATEX = re.compile(r"\$([^$\n]{1,200})\$")
_LATEX_COMMAND = re.compile(r"\\([a-zA-Z]+)")
_LATEX_TEXT_COMMANDS = frozenset(
    {"mbox", "text", "textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "operatorname"}
)
_LATEX_BARE_COMMAND = re.compile(r"\\[a-zA-Z]+\b\s*")
_LATEX_SCRIPT = re.compile(r"[\^_]\{([^{}]*)\}|[\^_](\w)")
_SUP = re.compile(r"<sup\b[^>]*>(.*?)</sup>", re.IGNORECASE | re.DOTALL)
_BREAK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|tr|td|th|h\d)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\s]*\)")
_MD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_BOLD_SPAN = re.compile(
    r"<(b|strong)\b[^>]*>.*?</\1\s*>|\*\*(?=\S).+?(?<=\S)\*\*|__(?=\S).+?(?<=\S)__",
    re.IGNORECASE | re.DOTALL,
)
_UNDERSCORES_ONLY = re.compile(r"^[_\s]+$")
_WHITESPACE = re.compile(r"\s+")
_PICTOGRAPH = re.compile("[\U0001F000-\U0010FFFF\uE000-\uF8FF]")  # emoji, private use
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u00ad"))
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003"), " ")
_FAST_SAFE = re.compile(r"^[A-Za-z0-9 .,;:%£'\"()/+=?!@-]*$")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text of a printed fragment and whether it was printed in bold."""

    text: str
    bold: bool


def clean_text(raw: str) -> str:
    """Return the readable text of a printed fragment (markup and noise removed)."""
    return _clean_cached(raw)


def clean_cell(raw: str) -> CleanText:
    """Clean a cell and tell whether all its visible text was bold."""
    text = _clean_cached(raw)
    return CleanText(text, bool(text) and _is_all_bold(raw))


@lru_cache(maxsize=65536)
def _clean_cached(raw: str) -> str:
    if _FAST_SAFE.match(raw):
        return _WHITESPACE.sub(" ", raw).strip()
    text = raw.translate(_ZERO_WIDTH).translate(_SPACES)
    text = _LATEX.sub(_latex_fragment, text)
    text = _strip_bare_latex(text)
    text = _SUP.sub(_superscript, text)
    text = _BREAK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _strip_markdown(text)
    text = _strip_pictographs(text)
    text = fold_confusables(text)
    if _UNDERSCORES_ONLY.match(text):
        return ""
    return _WHITESPACE.sub(" ", text).strip()


def _is_all_bold(raw: str) -> bool:
    lowered = raw.lower()
    if not any(mark in lowered for mark in ("<b", "<strong", "**", "__")):
        return False
    rest = _clean_cached(_BOLD_SPAN.sub(" ", raw))
    return not any(ch.isalnum() for ch in rest)


def _latex_fragment(match: re.Match[str]) -> str:
    """Drop LaTeX icons (arrows, fractions); keep text wrapped in \\mbox and the like."""
    inner = match.group(1)
    if not any(ch in inner for ch in "\\^_{}"):
        return match.group(0)  # a dollar amount pair, not LaTeX
    if set(_LATEX_COMMAND.findall(inner)) - _LATEX_TEXT_COMMANDS:
        return " "
    inner = _LATEX_SCRIPT.sub(_script, inner)
    inner = re.sub(r"\\(?:" + "|".join(_LATEX_TEXT_COMMANDS) + r")\s*", "", inner)
    inner = re.sub(r"\\([%&$#_])", r"\1", inner)
    return inner.replace("{", "").replace("}", "")


def _script(match: re.Match[str]) -> str:
    """Superscripts that are letters (ordinals) stay; digits are footnote marks."""
    content = match.group(1) if match.group(1) is not None else match.group(2)
    return content if content.isalpha() else ""


def _strip_bare_latex(text: str) -> str:
    if "\\" in text:
        text = _LATEX_BARE_COMMAND.sub("", text)
    if "^" in text:
        text = _LATEX_SCRIPT.sub(_script, text)
    return text


def _superscript(match: re.Match[str]) -> str:
    content = _TAG.sub("", match.group(1)).strip()
    return content if content.isalpha() else " "


def _strip_markdown(text: str) -> str:
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _MD_STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    if "*" in text:
        text = _MD_EMPHASIS.sub(r"\1", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    return text


def _strip_pictographs(text: str) -> str:
    """Remove emoji and private-use glyphs that OCR makes of icons; keep arrows."""
    return _PICTOGRAPH.sub("", text) if _PICTOGRAPH.search(text) else text


def fold_confusables(text: str) -> str:
    """Map Cyrillic/Greek look-alike letters to Latin.

    A word made only of look-alikes that contains a small-capital form (Cyrillic
    "т" is printed like a small capital T) was a capitalised Latin word: "үот" ->
    "YOT".
    """
    if text.isascii():
        return text
    return _NON_ASCII_WORD.sub(_fold_word, text)


def _fold_word(match: re.Match[str]) -> str:
    word = match.group(0)
    folded = word.translate(_CONFUSABLE_TABLE)
    if folded == word:
        return word
    all_lookalike = all(ch in _CONFUSABLES for ch in word)
    if all_lookalike and any(ch in _SMALL_CAPS for ch in word):
        return folded.upper()
    return folded


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to one space."""
    return _WHITESPACE.sub(" ", text).strip()
