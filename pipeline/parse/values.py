"""Reading a cell's text into numbers and a status, without ever guessing.

Every extractor reads values through :func:`read_cell`, so the project has one
definition of what counts as a number ("£27.3K", "(1,200)", "48 (of 137 YOTs)"),
what is a marker rather than a zero ("-", "*", "n/a"), and what is plain text
("2019/20", "10-14", a sentence with a number in it). A cell that could be read
two ways is reported as ``ambiguous`` rather than given a value.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.metadata.enums import NOT_AVAILABLE, REPORTED, SUPPRESSED
from pipeline.parse.markup import clean_text

# Statuses used inside the parser only; the published ones come from enums.py.
EMPTY = "empty"
TEXT = "text"
AMBIGUOUS = "ambiguous"

GBP = "gbp"
PERCENT = "percent"
_CURRENCY_UNITS = {"£": GBP, "$": "usd", "€": "eur"}
_CURRENCIES = frozenset(_CURRENCY_UNITS.values())
# The signs themselves, as layouts print them apart from an amount ("£   512,300").
CURRENCY_SIGNS = frozenset(_CURRENCY_UNITS)
_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "million": 1e6,
    "bn": 1e9, "billion": 1e9,
}  # fmt: skip

_DASHES = "-\u2013\u2014\u2212"  # hyphen-minus, en dash, em dash, minus sign
_SUPPRESSED_MARKERS = frozenset({*_DASHES, "*", "**", "x", "[x]", "[c]", "supp", "suppressed"})
# A unit alone, as a heading's second line prints it: "(£000)", "£000", "(£'000s)".
_UNIT_ONLY = re.compile(r"^\(?[£$€]\s*'?000s?\)?$")
# A dash after a currency sign: the nil of an accounting number format ("£ -", "£-").
_CURRENCY_DASH = re.compile(rf"^[£$€]\s*[{_DASHES}]+$")
_NOT_AVAILABLE_MARKERS = frozenset(
    {"n/a", "na", "n.a.", "n.a", "..", "…", "[z]", "not available", "unavailable",
     "no data", "not applicable", "not known", "not yet available", "not published"}
)  # fmt: skip
_NOT_AVAILABLE_PREFIX = re.compile(
    r"^(?:n/a\b|not (?:yet )?available\b|data (?:is |are )?not available\b|no data\b)",
    re.IGNORECASE,
)

_NUMBER = re.compile(
    r"""
    (?P<open>\(\s*)?
    (?P<approx>(?:c\.?|ca\.|circa|approx\.?|approximately|around|about|~|≈)\s?)?
    (?P<cmp>[<>≤≥]=?\s?)?
    (?P<neg>[-\u2212\u2013])?
    (?P<cur>[£$€]\s?)?
    (?P<neg2>[-\u2212\u2013])?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?:\s?(?P<mult>[kKmM]|mn|bn|million|billion|thousand)(?![A-Za-z]))?
    (?P<pct>\s?%)?
    (?P<plus>\+)?
    (?P<close>\s*\))?
    (?P<foot>[*†‡]+)?
    """,
    re.VERBOSE,
)
_NUMERIC_DEBRIS = re.compile(r"^[-\u2212\u2013(]?[£$€]?[\d.,]+[%)]?$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_RANK = re.compile(r"^(?:of|out of)\s+(\d[\d,]*)\b", re.IGNORECASE)
_RANGE_DASHES = frozenset({*_DASHES, "to"})
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A whole number as character recognition misreads it: an "l" for a "1" or an "O" for a
# "0" among its digits ("l2", "1O"), a word of digits only once undone. A lone "l" or "O"
# is not (a "1", a letter or a border?), nor a token with any other letter.
_OCR_NUMBER = re.compile(r"(?<!\S)(?=[\dlO]*\d)(?=[\dlO]*[lO])[\dlO]{2,}(?!\S)")


# A number a scan damaged beyond undoing: a letter among its digit groups ("1O,5OO",
# "£l5,000") or a space inside one ("12 ,000"). Which digits were printed is not certain,
# so it is no value; but it stands where a value stands (see `damaged_number`).
_DAMAGED_NUMBER = re.compile(r"[£$€]?[\dOlI]+(?: ?, ?[\dOlI]{3})*(?:\.[\dOlI]+)?")
_DAMAGE = re.compile(r"[OlI]| ,|, ")


def damaged_number(text: str) -> bool:
    """Whether the text is a number a scan damaged: two digits or more, grouped as an
    amount, with a letter for a digit or a space inside a group. It never reads as a
    value (`read_cell` leaves it text); layout code may still count it as a cell in a
    value's place, so that its row and column stay whole."""
    stripped = text.strip()
    return (bool(_DAMAGED_NUMBER.fullmatch(stripped)) and bool(_DAMAGE.search(stripped))
            and sum(char.isdigit() for char in stripped) >= 2)


@dataclass(frozen=True, slots=True)
class CellValue:
    """What a cell says: its number(s), or why it has none.

    ``status`` is ``reported`` / ``suppressed`` / ``not_available`` (published
    statuses) or ``empty`` / ``text`` / ``ambiguous`` (parser-internal: the cell
    holds no value an extractor may publish).
    """

    text: str
    status: str
    numbers: tuple[float, ...] = ()
    printed: tuple[str, ...] = ()  # digits as printed, thousands separators removed
    approximate: bool = False
    unit_hint: str | None = None  # "gbp", "percent", ...
    year: int | None = None  # "0.18 (2019)"
    rank_of: int | None = None  # "48 (of 137 YOTs)"
    qualifier: str | None = None  # other annotations: "SN", "*", "<"

    @property
    def value(self) -> float | None:
        """The single number of the cell, or None when it has none or several."""
        return self.numbers[0] if len(self.numbers) == 1 else None

    @property
    def is_number(self) -> bool:
        """True when the cell reports at least one number."""
        return self.status == REPORTED


@dataclass(frozen=True, slots=True)
class _Token:
    number: float
    printed: str
    unit: str | None
    approximate: bool
    qualifier: str | None


def read_cell(text: str) -> CellValue:
    """Read a cell (raw or cleaned text) into numbers and a status."""
    return _read_cached(text)


@lru_cache(maxsize=65536)
def _read_cached(text: str) -> CellValue:
    cleaned = clean_text(text)
    if not cleaned:
        return CellValue(cleaned, EMPTY)
    marker = _marker_status(cleaned)
    if marker is not None:
        return CellValue(cleaned, marker, qualifier=cleaned)
    if _UNIT_ONLY.match(cleaned):
        return CellValue(cleaned, TEXT)  # "(£000)": a heading's unit, no amount of nothing
    if _OCR_NUMBER.fullmatch(cleaned):
        read = _read_single(undo_ocr_digits(cleaned))
        return dataclasses.replace(read, text=cleaned) if read else _unreadable(cleaned)
    return _read_single(cleaned) or _read_several(cleaned) or _unreadable(cleaned)


def undo_ocr_digits(text: str) -> str:
    """The text with each number misread by character recognition ("l2", "1O") printed
    in digits; every other word as it is."""
    if "l" not in text and "O" not in text:
        return text
    return _OCR_NUMBER.sub(lambda m: m.group().replace("l", "1").replace("O", "0"), text)


# A "£" character recognition printed as "E" or "f" before an amount grouped in thousands
# ("E41,289"): no word or code looks like that.
_OCR_POUND = re.compile(r"(?<![^\s(])[Ef](?=\d{1,3}(?:,\d{3})+(?:\.\d\d)?(?![\w,.]))")
_THOUSANDS_AS_POINT = re.compile(r"\d{1,3}\.\d{3}")


def undo_ocr_pound(text: str) -> str:
    """The text with each "E" or "f" glued before an amount grouped in thousands read as
    the "£" a scan misread. Callers use it where the column or row prints "£" elsewhere,
    or to find the amount on its line."""
    return _OCR_POUND.sub("£", text) if "E" in text or "f" in text else text


_OCR_IN_WORD = re.compile(r"(?<=[A-Za-z])[01](?=[a-z])")
_OCR_O_OPENING = re.compile(r"(?<![^\s(])0(?=[a-z]{2})")  # "0perational": no number
# A "|" a scan printed for an "l" between letters ("Po|ice") or for an "I" opening a word
# ("|n kind"): a grid's rule stands apart from words, or glued to a word's end.
_OCR_BAR_IN_WORD = re.compile(r"(?<=[A-Za-z])\|(?=[a-z])")
_OCR_BAR_OPENING = re.compile(r"(?<![^\s(])\|(?=[a-z])")


def undo_ocr_letters(text: str) -> str:
    """The text with a "0" or "1" between letters (a scan's "Pr0bation", "Vo1unteer")
    read as the "o" or "l" it stands for, a "0" opening a word ("0perational") as the
    "O", and a "|" between letters or opening a word
    ("Po|ice", "|n kind") as the "l" or "I": inside a word no digit or rule has another
    reading."""
    if "0" not in text and "1" not in text and "|" not in text:
        return text  # (the common case: nothing to read otherwise)
    text = _OCR_IN_WORD.sub(lambda m: "o" if m.group() == "0" else "l", text)
    if "0" in text:
        text = _OCR_O_OPENING.sub("O", text)
    if "|" in text:
        text = _OCR_BAR_OPENING.sub("I", _OCR_BAR_IN_WORD.sub("l", text))
    return text


_BEFORE_POUND = re.compile(r"(?<=[\dA-Za-z])(?=£\d)")  # "38,211£29,728": two cells
_WORDS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def unglued(text: str) -> list[str]:
    """The text parted where a scan left out the space before a pound amount: after an
    amount ("38,211£29,728") or after words ("Health£3,103"), a pound sign opens an
    amount. Any other text as one piece."""
    pieces = _BEFORE_POUND.split(text) if "£" in text else [text]
    if len(pieces) == 1 or not all(_one_amount(piece) for piece in pieces[1:]) or not (
            _one_amount(pieces[0]) or _WORDS.fullmatch(pieces[0])):
        return [text]
    return pieces


def _one_amount(text: str) -> bool:
    value = read_cell(undo_ocr_pound(text))  # "E34,300£56,486": a "£" misread, then one
    return value.status == REPORTED and len(value.numbers) == 1


def bars_as_letters(text: str) -> str:
    """The text with each "|" between two letters of a word read as the "l" a scan
    printed so ("Po|ice"); every other "|" as it is."""
    return _OCR_BAR_IN_WORD.sub("l", text) if "|" in text else text


def ocr_letter_readings(text: str) -> tuple[str, ...]:
    """The text as `undo_ocr_letters` reads it, then, when a "|" stands between letters,
    with it read as an "i" ("Adm|nistrative"): a dotless "i" looks like a rule too. For
    labels looked up among known names, where only one reading can match."""
    first = undo_ocr_letters(text)
    if "|" not in text or not _OCR_BAR_IN_WORD.search(text):
        return (first,)
    return first, undo_ocr_letters(_OCR_BAR_IN_WORD.sub("i", text))


def _marker_status(text: str) -> str | None:
    folded = text.casefold().rstrip(".") if text not in ("..", "…") else text
    if folded in _SUPPRESSED_MARKERS or _CURRENCY_DASH.match(text):
        return SUPPRESSED
    if folded in _NOT_AVAILABLE_MARKERS or _NOT_AVAILABLE_PREFIX.match(text):
        return NOT_AVAILABLE
    return None


def _read_single(text: str) -> CellValue | None:
    """One number, optionally followed by parenthesised annotations."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    if rest == ".":  # "1." numbering or a sentence full stop
        rest = ""
    annotations: list[str] = []
    while rest.startswith("("):
        close = rest.find(")")
        if close < 0:
            return None
        annotations.append(rest[1:close].strip())
        rest = rest[close + 1 :].strip()
        rest = rest.lstrip("*†‡").strip()
    if rest:
        return None
    token = _token(match)
    if token is None:
        return None
    return _with_annotations(text, token, annotations)


def _with_annotations(text: str, token: _Token, annotations: list[str]) -> CellValue:
    year = None
    rank_of = None
    qualifiers = [token.qualifier] if token.qualifier else []
    others = [other for note in annotations if (other := _second_value(note, token))]
    if others:
        return _two_values(text, [token, *others])
    for note in annotations:
        rank = _RANK.match(note)
        if _YEAR.match(note) and year is None:
            year = int(note)
            continue
        if rank and rank_of is None:
            rank_of = int(rank.group(1).replace(",", ""))
        if note:
            qualifiers.append(note)
    return CellValue(
        text,
        REPORTED,
        numbers=(token.number,),
        printed=(token.printed,),
        approximate=token.approximate,
        unit_hint=token.unit,
        year=year,
        rank_of=rank_of,
        qualifier="; ".join(qualifiers) or None,
    )


def _second_value(note: str, token: _Token) -> _Token | None:
    """A bracket holding a number of the cell's own unit ("83% (86%)", "194 (164)"): a
    second value (last year's, a target), not a note on the first. A year, or a share
    beside a count ("74 (60%)"), is a note."""
    match = _NUMBER.fullmatch(note)
    other = _token(match) if match and not _YEAR.match(note) else None
    return other if other is not None and other.unit == token.unit else None


def _two_values(text: str, tokens: list[_Token]) -> CellValue:
    """A cell printing several values: no single value, so that no reader takes the
    first for the cell's; which is which only a heading or a note can say."""
    return CellValue(text, REPORTED, numbers=tuple(token.number for token in tokens),
                     printed=tuple(token.printed for token in tokens),
                     approximate=any(token.approximate for token in tokens),
                     unit_hint=tokens[0].unit)


def _token(match: re.Match[str]) -> _Token | None:
    """Turn one matched number into a signed, scaled value; None if malformed."""
    opened, closed = bool(match.group("open")), bool(match.group("close"))
    if opened != closed:
        return None
    digits = match.group("num")
    number = float(digits.replace(",", ""))
    if match.group("mult"):
        number *= _MULTIPLIERS[match.group("mult").lower()]
    if not math.isfinite(number):  # hundreds of digits: too large for a float, never "inf"
        return None
    negative = bool(match.group("neg") or match.group("neg2")) != opened
    if match.group("neg") and match.group("neg2"):
        return None
    currency = (match.group("cur") or "").strip()
    if currency and not match.group("mult") and _THOUSANDS_AS_POINT.fullmatch(digits):
        return None  # "£41.289": pence print two digits; a scan's "." for a ","? unread
    unit = PERCENT if match.group("pct") else _CURRENCY_UNITS.get(currency)
    if match.group("pct") and currency:
        return None
    qualifier = "".join(
        part for part in (match.group("cmp"), match.group("plus"), match.group("foot")) if part
    ).strip()
    return _Token(
        number=-number if negative else number,
        printed=digits.replace(",", ""),
        unit=unit,
        approximate=bool(match.group("approx") or match.group("cmp")),
        qualifier=qualifier or None,
    )


def _read_several(text: str) -> CellValue | None:
    """Several numbers in one cell, separated by spaces: "90,000 76,000 30,000"."""
    parts = text.split()
    if len(parts) < 2:
        return None
    tokens: list[_Token] = []
    for part in parts:
        match = _NUMBER.fullmatch(part)
        token = _token(match) if match else None
        if token is None:
            return None
        tokens.append(token)
    if _looks_space_grouped(parts):
        return CellValue(text, AMBIGUOUS)
    if len(tokens) == 2 and tokens[0].unit == PERCENT and tokens[1].unit in _CURRENCIES:
        # a share then its amount ("38% £389,876"): the amount, the share as its note,
        # as "£389,876 (38%)" reads
        share, amount = tokens
        return CellValue(text, REPORTED, numbers=(amount.number,), printed=(amount.printed,),
                         approximate=amount.approximate, unit_hint=amount.unit,
                         qualifier=f"{share.printed}%")
    units = {token.unit for token in tokens}
    return CellValue(
        text,
        REPORTED,
        numbers=tuple(token.number for token in tokens),
        printed=tuple(token.printed for token in tokens),
        approximate=any(token.approximate for token in tokens),
        unit_hint=units.pop() if len(units) == 1 else None,
        qualifier="; ".join(token.qualifier for token in tokens if token.qualifier) or None,
    )


def _looks_space_grouped(parts: list[str]) -> bool:
    """'12 345' may be one number with a space as thousands separator: never guess."""
    return any(
        re.fullmatch(r"\d{1,3}", left) and re.fullmatch(r"\d{3}", right)
        for left, right in itertools.pairwise(parts)
    )


def _unreadable(text: str) -> CellValue:
    """Text that is not a value: plain text, or numeric debris that must not be guessed."""
    if _NUMERIC_DEBRIS.match(text) and any(ch.isdigit() for ch in text):
        return CellValue(text, AMBIGUOUS)
    parts = text.split()
    numbers = separators = 0
    for part in parts:  # a word that is neither ends the look (a paragraph: at once)
        if part in _RANGE_DASHES or part == "/":
            separators += 1
        elif _NUMBER.fullmatch(part):
            numbers += 1
        else:
            return CellValue(text, TEXT)
    if not numbers:
        return CellValue(text, TEXT)
    if numbers == 2 and separators == 1 and parts[1] in _RANGE_DASHES:
        return CellValue(text, TEXT)  # a range such as "10 - 14"
    return CellValue(text, AMBIGUOUS)


def printed_numbers(text: str) -> tuple[str, ...]:
    """The digit strings of a cell's numbers as printed: "£136,941" -> ("136941",)."""
    return read_cell(text).printed


def normalise_for_number_search(line: str) -> str:
    """A source line with markup, currency signs and thousands separators removed."""
    cleaned = clean_text(line)
    cleaned = _DIGIT_GROUP.sub("", cleaned)
    return re.sub(r"[£$€]", "", cleaned)


def number_appears_in(printed: str, line: str) -> bool:
    """True when the printed digits stand on the line as a whole number.

    Used to confirm that a published value really appears on its source line:
    "0.2" is not found in "10.25", "136941" is found in "£136,941".
    """
    if not printed:
        return False
    pattern = rf"(?<![\d.]){re.escape(printed)}(?![\d]|\.\d)"
    return re.search(pattern, normalise_for_number_search(line)) is not None
