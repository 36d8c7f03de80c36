"""Reference areas (youth justice services, English regions, nations) and a label resolver.

Documents print the same area in many ways: "Darlington YOS", "<b>Darlington</b>",
"Darlington*", "Darlington үот" (Cyrillic look-alikes from OCR), or the name of one of
the local authorities a combined service covers ("Herefordshire" for West Mercia). The
data contract wants the printed label kept as is and a canonical id beside it, so every
extractor resolves labels through :class:`AreaResolver` instead of inventing its own rules.

The resolver is deliberately conservative: it normalises decoration away (markup,
footnote markers, service suffixes, OCR spacing inside a word) but never guesses between
two different areas. A label it cannot place exactly returns ``None``.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.metadata.enums import (
    SUBJECT_LOCAL_AUTHORITY,
    SUBJECT_NATIONAL,
    SUBJECT_PCC_AREA,
    SUBJECT_REGION,
    SUBJECT_YOT,
)

DATA_DIR = Path(__file__).parent / "data"
YOTS_CSV = DATA_DIR / "yots.csv"
AREAS_CSV = DATA_DIR / "areas.csv"

YOTS_COLUMNS = (
    "yot_id",
    "name",
    "aliases",
    "nation",
    "region",
    "local_authority_codes",
    "local_authority_names",
)
AREAS_COLUMNS = ("area_id", "area_type", "name", "aliases")
_LIST_COLUMNS_YOTS = ("aliases", "local_authority_codes", "local_authority_names")

# Misspelt names ("Sunderand") are read only from this many letters, with one edit (two
# from SPELLING_TWO_EDITS_LETTERS letters): shorter names are too close to each other.
SPELLING_MIN_LETTERS = 7
SPELLING_TWO_EDITS_LETTERS = 10

# How a key was registered; lower number wins when one area is reachable several ways.
VIA_NAME = "name"
VIA_ALIAS = "alias"
VIA_LOCAL_AUTHORITY = "local_authority"
_VIA_RANK = {VIA_NAME: 0, VIA_ALIAS: 1, VIA_LOCAL_AUTHORITY: 2}


@dataclass(frozen=True)
class Area:
    """A resolvable area: a service (``yot``), an English region or a nation."""

    area_id: str
    area_type: str  # SUBJECT_YOT, SUBJECT_REGION or SUBJECT_NATIONAL
    name: str


@dataclass(frozen=True)
class AreaMatch:
    """A resolved label plus how it matched, so callers can tell an LA name from a service."""

    area: Area
    via: str  # VIA_NAME, VIA_ALIAS or VIA_LOCAL_AUTHORITY
    key: str


# --------------------------------------------------------------------------- loading


def _split_list(value: object) -> list[str]:
    """Split a ``;``-separated cell into stripped, non-empty strings."""
    if not isinstance(value, str) or not value.strip():
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def _read_csv(path: Path) -> pd.DataFrame:
    """Read a reference CSV keeping every cell a string ("NA" is not missing here)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_yots(path: Path | None = None) -> pd.DataFrame:
    """Load the ``yots`` reference table in contract column order, list cells as lists."""
    frame = _read_csv(path or YOTS_CSV)
    missing = set(YOTS_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"yots file lacks columns: {sorted(missing)}")
    frame = frame.loc[:, list(YOTS_COLUMNS)].copy()
    for column in _LIST_COLUMNS_YOTS:
        frame[column] = frame[column].map(_split_list)
    return frame.sort_values("yot_id", kind="stable").reset_index(drop=True)


def load_pcc_areas(path: Path | None = None) -> pd.DataFrame:
    """Police and crime commissioners' areas (the police force areas of England and
    Wales), as YJB data summaries compare a service with its "PCC area"."""
    frame = _read_csv(path or DATA_DIR / "pcc_areas.csv")
    return frame.fillna("")


def load_areas(path: Path | None = None) -> pd.DataFrame:
    """Load the non-service areas (regions and national rows), aliases as lists."""
    frame = _read_csv(path or AREAS_CSV)
    missing = set(AREAS_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"areas file lacks columns: {sorted(missing)}")
    frame = frame.loc[:, list(AREAS_COLUMNS)].copy()
    frame["aliases"] = frame["aliases"].map(_split_list)
    return frame.sort_values("area_id", kind="stable").reset_index(drop=True)


def load_subjects() -> pd.DataFrame:
    """Every area a value can be about, one row each (the `subjects` reference table):
    services, regions and nations, PCC areas, and each service's local authorities."""
    yots, areas, pccs = load_yots(), load_areas(), load_pcc_areas()
    rows = [{"subject_id": r.yot_id, "subject_type": SUBJECT_YOT, "name": r.name,
             "yot_id": r.yot_id, "region": r.region} for r in yots.itertuples()]
    rows += [{"subject_id": r.area_id, "subject_type": r.area_type, "name": r.name,
              "yot_id": None, "region": r.area_id if r.area_type == SUBJECT_REGION else None}
             for r in areas.itertuples()]
    rows += [{"subject_id": r.area_id, "subject_type": SUBJECT_PCC_AREA, "name": r.name,
              "yot_id": None, "region": None} for r in pccs.itertuples()]
    rows += [{"subject_id": code, "subject_type": SUBJECT_LOCAL_AUTHORITY, "name": name,
              "yot_id": r.yot_id, "region": r.region}
             for r in yots.itertuples()
             for code, name in zip(r.local_authority_codes, r.local_authority_names,
                                   strict=True)]
    frame = pd.DataFrame(rows)
    duplicated = frame.loc[frame["subject_id"].duplicated(), "subject_id"].tolist()
    if duplicated:
        raise ValueError(f"subject ids used twice in the reference data: {duplicated}")
    return frame.sort_values(["subject_type", "subject_id"], kind="stable", ignore_index=True)


# --------------------------------------------------------------------------- normalising

# Cyrillic and Greek letters that OCR returns for Latin ones ("үот" for "YOT").
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K",
    "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y",
    "Ԁ": "D", "Ԍ": "G", "Ԛ": "Q", "Ԝ": "W", "Ғ": "F",
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j",
    "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y",
    "ү": "y", "х": "x", "ԛ": "q", "ԝ": "w", "ѡ": "w", "ɡ": "g", "ӏ": "l", "Ӏ": "l",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u",
    "χ": "x", "ε": "e",
}  # fmt: skip

_APOSTROPHES = "'’‘`´ʼ"
_SUP_RE = re.compile(r"<sup\b[^>]*>.*?</sup>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]{0,200}>")
_LATEX_SUP_RE = re.compile(r"\^\{[^}]{0,10}\}|\$\^\{?[^}$]{0,10}\}?\$")
_FOOTNOTE_PAREN_RE = re.compile(r"[\(\[]\s*(?:\d{1,4}|[a-z]|[ivx]{1,4}|\*+|note\s*\d+)\s*[\)\]]")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_TRAILING_DIGITS_RE = re.compile(r"^([a-z]{2,})\d{1,3}$")

# Decorations removed from the ends of a label, longest first (token sequences).
_SUFFIX_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "youth justice and early intervention service",
                "youth justice and prevention service",
                "youth offending services",
                "youth offending service",
                "youth offending teams",
                "youth offending team",
                "youth offending partnership",
                "youth justice services",
                "youth justice service",
                "youth justice partnership",
                "youth offending",
                "youth justice",
                "yot", "yots", "yos", "yjs", "yot s",
                "team", "service", "services", "partnership", "combined",
                "council", "borough", "metropolitan", "county", "city",
                "local authority", "authority", "la",
                "average", "avg", "area",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_PREFIX_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "london borough of", "royal borough of", "metropolitan borough of",
                "county borough of", "borough of", "the", "yot", "yos", "yjs",
                "youth offending service", "youth offending team", "youth justice service",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
# Prefixes tried only as a fallback, and only towards services ("City of London" stays).
_SERVICE_FALLBACK_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("city", "and", "county", "of"),
    ("city", "of"),
    ("county", "of"),
)
# Words that may be lower-case inside a name when spotting names in prose.
_CONNECTIVES = frozenset({"and", "of", "upon", "on", "the", "with", "in", "a", "under"})
# Suffix phrases a prose mention may run on into ("Dorset Combined Youth Offending Service").
_MENTION_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "combined",
                "youth offending service", "youth offending services", "youth offending team",
                "youth justice service", "youth justice and early intervention service",
                "yot", "yos", "yjs",
                "council", "county council", "borough council", "city council",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
# Words that mark a label as a police and crime commissioner's area.
_PCC_MARKERS = frozenset({"pcc", "opcc", "pfcc", "police", "force", "area", "constabulary"})
# Alias keys that are too generic to spot in prose (they are fine as table labels).
_PROSE_STOP_WORDS = frozenset({"national", "average", "avg", "nat"})
# Places whose names begin with a service's name but lie elsewhere; skipped in prose.
_NOT_AREAS: tuple[tuple[str, ...], ...] = (
    ("bury", "st", "edmunds"),
    ("sutton", "coldfield"),
    ("newport", "pagnell"),
)


@functools.cache  # a few hundred distinct characters; folding each is slow (unicodedata)
def _fold_char(char: str) -> str:
    """Map one character to one lower-case ASCII-ish character (or a space)."""
    char = _CONFUSABLES.get(char, char)
    if char.isspace() or unicodedata.category(char) in {"Zs", "Cc", "Cf"}:
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not base:
        return " "
    lowered = base.casefold()
    return lowered[0] if len(lowered) == 1 else lowered


class _FirstFoldTable(dict):
    """A `str.translate` table mapping each character to the first character of its fold
    (or a space), filled on first use: one C-level pass per line instead of a Python call
    per character, which dominated detection over whole documents."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))[:1] or " "
        self[codepoint] = folded
        return folded


_FIRST_FOLD = _FirstFoldTable()
_NOT_AREA_FIRST_WORDS = frozenset(phrase[0] for phrase in _NOT_AREAS)


def _strip_phrases(tokens: list[str]) -> list[str]:
    """Strip service suffixes/prefixes and trailing footnote numbers until stable."""
    changed = True
    while changed and tokens:
        changed = False
        while tokens and tokens[-1].isdigit():
            tokens = tokens[:-1]
            changed = True
        if tokens:
            match = _TRAILING_DIGITS_RE.match(tokens[-1])
            if match:
                tokens = [*tokens[:-1], match.group(1)]
                changed = True
        for phrase in _SUFFIX_PHRASES:
            n = len(phrase)
            if len(tokens) > n and tuple(tokens[-n:]) == phrase:
                tokens = tokens[:-n]
                changed = True
                break
            if len(tokens) == n and tuple(tokens) == phrase:
                return []
        for phrase in _PREFIX_PHRASES:
            n = len(phrase)
            if len(tokens) > n and tuple(tokens[:n]) == phrase:
                tokens = tokens[n:]
                changed = True
                break
    return tokens


def _clean_tokens(label: str) -> list[str]:
    """Turn a printed label into lower-case word tokens with markup and markers removed."""
    text = html.unescape(label)
    text = _SUP_RE.sub(" ", text)
    text = _TAG_RE.sub(" ", text)
    text = _LATEX_SUP_RE.sub(" ", text)
    text = "".join(_fold_char(c) for c in text)
    text = text.replace("&", " and ")
    text = _FOOTNOTE_PAREN_RE.sub(" ", text)
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "")
    text = _NON_WORD_RE.sub(" ", text)
    return text.split()


def normalise_label(label: str) -> str:
    """Return the matching key of a printed label ("" when nothing is left)."""
    if not isinstance(label, str):
        return ""
    return _label_key(label)


@functools.lru_cache(maxsize=1 << 16)  # extractors resolve the same labels in every document
def _label_key(label: str) -> str:
    return " ".join(_strip_phrases(_clean_tokens(label)))


# --------------------------------------------------------------------------- resolver


def _la_name_variants(name: str) -> list[str]:
    """ONS writes "Bristol, City of": also register "Bristol" and "City of Bristol"."""
    variants = [name]
    head, sep, tail = name.partition(",")
    if sep and tail.strip().lower() in {"city of", "county of"}:
        variants += [head.strip(), f"{tail.strip()} {head.strip()}"]
    return variants


class AreaResolver:
    """Resolve printed area labels to :class:`Area` ids, exactly or not at all."""

    def __init__(self, yots: pd.DataFrame, areas: pd.DataFrame,
                 pcc_areas: pd.DataFrame | None = None) -> None:
        self._by_key: dict[str, dict[Area, str]] = {}
        self._councils: dict[str, Area] = {}  # local authority name key -> council
        self.areas: dict[tuple[str, str], Area] = {}
        for row in yots.itertuples(index=False):
            area = Area(row.yot_id, SUBJECT_YOT, row.name)
            self.areas[(area.area_type, area.area_id)] = area
            self._register(area, [row.name, row.yot_id.replace("-", " ")], VIA_NAME)
            self._register(area, list(row.aliases), VIA_ALIAS)
            la_names = [v for n in row.local_authority_names for v in _la_name_variants(n)]
            self._register(area, la_names, VIA_LOCAL_AUTHORITY)
            for code, name in zip(row.local_authority_codes, row.local_authority_names,
                                  strict=True):
                council = Area(code, SUBJECT_LOCAL_AUTHORITY, name)
                for variant in _la_name_variants(name):
                    self._councils[normalise_label(variant)] = council
        for row in areas.itertuples(index=False):
            if row.area_type not in {SUBJECT_REGION, SUBJECT_NATIONAL}:
                raise ValueError(f"unknown area_type {row.area_type!r} for {row.area_id}")
            area = Area(row.area_id, row.area_type, row.name)
            self.areas[(area.area_type, area.area_id)] = area
            self._register(area, [row.name, row.area_id.replace("-", " ")], VIA_NAME)
            self._register(area, list(row.aliases), VIA_ALIAS)

        self._pcc_names: dict[str, Area] = {}  # kept apart: many share a service's name
        for row in (pcc_areas if pcc_areas is not None else load_pcc_areas()).itertuples(
                index=False):
            area = Area(row.area_id, SUBJECT_PCC_AREA, row.name)
            self.areas[(area.area_type, area.area_id)] = area
            for label in [row.name, *_split_list(row.aliases)]:
                key = normalise_label(label)
                if key:
                    self._pcc_names[key] = area

        self._exact: dict[str, tuple[Area, str]] = {}
        self.ambiguous_keys: dict[str, frozenset[Area]] = {}
        for key, found in self._by_key.items():
            if len(found) == 1:
                ((area, via),) = found.items()
                self._exact[key] = (area, via)
            else:
                self.ambiguous_keys[key] = frozenset(found)

        # OCR splits words ("North amptonshire"): index keys with spaces removed, but only
        # where that spelling belongs to a single area.
        joined: dict[str, set[str]] = {}
        for key in self._exact:
            joined.setdefault(key.replace(" ", ""), set()).add(key)
        self._joined = {j: next(iter(ks)) for j, ks in joined.items() if len(ks) == 1}

        self._mention_keys: dict[tuple[str, ...], str] = {}
        for key, (area, _via) in self._exact.items():
            tokens = tuple(key.split())
            if area.area_type != SUBJECT_YOT and _PROSE_STOP_WORDS.intersection(tokens):
                continue
            self._mention_keys[tokens] = key
        self._max_mention_len = max((len(k) for k in self._mention_keys), default=1)

    def _register(self, area: Area, labels: Iterable[str], via: str) -> None:
        """Index each label's key; keep the strongest ``via`` per area."""
        for label in labels:
            key = normalise_label(label)
            if not key:
                continue
            found = self._by_key.setdefault(key, {})
            current = found.get(area)
            if current is None or _VIA_RANK[via] < _VIA_RANK[current]:
                found[area] = via

    @classmethod
    def default(cls) -> AreaResolver:
        """The resolver built from the package's reviewed data files (cached)."""
        return _default_resolver()

    @classmethod
    def from_files(
        cls, yots_path: Path | None = None, areas_path: Path | None = None
    ) -> AreaResolver:
        """Build a resolver from other copies of the two data files (tests, reviews)."""
        return cls(load_yots(yots_path), load_areas(areas_path))

    def yot(self, yot_id: str | None) -> Area | None:
        """The service with this id, or None when the id is not in the reference."""
        return self.areas.get((SUBJECT_YOT, yot_id)) if yot_id else None

    def council(self, key: str) -> Area | None:
        """The local authority (`local_authority`, id its GSS code) a matched key names."""
        return self._councils.get(key)

    def normalise(self, label: str) -> str:
        """The matching key for ``label``; equal keys mean the same printed area."""
        return normalise_label(label)

    def match(self, label: str) -> AreaMatch | None:
        """Resolve ``label`` and say how it matched; ``None`` if unknown or ambiguous."""
        key = self.normalise(label)
        if not key:
            return None
        if key in self.ambiguous_keys:
            return None
        hit = self._exact.get(key)
        if hit is None:
            joined_key = self._joined.get(key.replace(" ", ""))
            if joined_key is not None:
                hit = self._exact[joined_key]
                key = joined_key
        if hit is None:
            hit, key = self._service_fallback(key)
        if hit is None:
            return None
        area, via = hit
        return AreaMatch(area=area, via=via, key=key)

    def _service_fallback(self, key: str) -> tuple[tuple[Area, str] | None, str]:
        """Try "City of X" as "X", but only when X is a service (never a region)."""
        tokens = key.split()
        for prefix in _SERVICE_FALLBACK_PREFIXES:
            n = len(prefix)
            if len(tokens) > n and tuple(tokens[:n]) == prefix:
                rest = " ".join(_strip_phrases(tokens[n:]))
                hit = self._exact.get(rest)
                if hit is not None and hit[0].area_type == SUBJECT_YOT:
                    return hit, rest
        return None, key

    def spelled_like(self, label: str) -> AreaMatch | None:
        """The one area whose name `label` misspells ("Sunderand", "staffordsire"), else None.

        For labels nothing else resolves (file names are typed by hand). Conservative: the
        label must have at least SPELLING_MIN_LETTERS letters, be within one edit of a name
        (two from SPELLING_TWO_EDITS_LETTERS letters on) and that name's area must be the
        only one so close. Callers report the guess."""
        key = self.normalise(label)
        if len(key.replace(" ", "")) < SPELLING_MIN_LETTERS or self.match(label) is not None:
            return None
        limit = 1 if len(key) < SPELLING_TWO_EDITS_LETTERS else 2
        close: dict[Area, tuple[str, str]] = {}
        for candidate, (area, via) in self._exact.items():
            if abs(len(candidate) - len(key)) <= limit and _edits(key, candidate, limit) <= limit:
                close.setdefault(area, (via, candidate))
        if any(abs(len(k) - len(key)) <= limit and _edits(key, k, limit) <= limit
               for k in self.ambiguous_keys):
            return None
        if len(close) != 1:
            return None
        ((area, (via, candidate)),) = close.items()
        return AreaMatch(area=area, via=via, key=candidate)

    def pcc_area(self, label: str) -> Area | None:
        """The police and crime commissioner's area a label names, or None.

        "South Yorkshire PCC", "PCC Avon & Somerset", "London PCC Area": with a marker
        word (PCC, police, force area) the rest is looked up among the force areas; without
        one, only a name that names no service, region or nation ("Greater Manchester",
        "Thames Valley") is a force area, so "Surrey" stays the service."""
        tokens = self.normalise(label).split()
        rest = [t for t in tokens if t not in _PCC_MARKERS]
        key = " ".join(rest)
        area = self._pcc_names.get(key)
        if area is None:
            return None
        if len(rest) < len(tokens):
            return area
        return area if self.match(label) is None and key not in self.ambiguous_keys else None

    def resolve(self, label: str) -> Area | None:
        """The area a printed label names, or ``None`` (unknown, ambiguous, a group)."""
        found = self.match(label)
        return found.area if found is not None else None

    def count_mentions(self, lines: Iterable[str], area_ids: Collection[str]) -> Counter[str]:
        """How many of `find_mentions`' results over `lines` name each of `area_ids`.

        A line is read only when its folded text contains the first word of one of those
        areas' names (a mention needs that word), so counting mentions of one service over a
        whole document skips almost every line instead of tokenising it."""
        return Counter(self._mentions_of(lines, set(area_ids)))

    def mentioned(self, lines: Iterable[str], area_ids: Collection[str]) -> set[str]:
        """Which of `area_ids` `find_mentions` finds at least once over `lines`: reads on
        only until each is found."""
        wanted, found = set(area_ids), set()
        for area_id in self._mentions_of(lines, wanted):
            found.add(area_id)
            if found == wanted:
                break
        return found

    def _mentions_of(self, lines: Iterable[str], wanted: set[str]) -> Iterator[str]:
        """The area id of each mention of `wanted` areas, line by line (see
        `count_mentions` for the first-word filter)."""
        firsts = {tokens[0] for tokens, key in self._mention_keys.items()
                  if self._exact[key][0].area_id in wanted}
        if "and" in firsts:
            firsts.add("&")  # "&" is read as the word "and"
        for line in lines:
            if not isinstance(line, str) or not line:
                continue
            folded = line.translate(_FIRST_FOLD)
            if not any(word in folded for word in firsts):
                continue
            yield from (area.area_id for area, _start, _end in self.find_mentions(line)
                        if area.area_id in wanted)

    def find_mentions(self, text: str) -> list[tuple[Area, int, int]]:
        """Longest non-overlapping area names in a line of prose, with ``[start, end)`` spans.

        Meant for title lines ("Derbyshire Youth Offending Service", "An inspection of
        youth offending services in Darlington"). A name must start (and end) with a
        capital letter as printed, which keeps "reading" or "bury" in running text out;
        a capitalised common word at the start of a sentence can still match.
        """
        if not isinstance(text, str) or not text:
            return []
        folded = text.translate(_FIRST_FOLD)
        tokens: list[tuple[str, int, int]] = []
        for m in re.finditer(r"[a-z0-9]+|&", folded):
            word = "and" if m.group() == "&" else m.group()
            tokens.append((word, m.start(), m.end()))
        words = [t[0] for t in tokens]

        def capitalised(index: int) -> bool:
            first = text[tokens[index][1]]
            return _CONFUSABLES.get(first, first).isupper() or first.isdigit()

        results: list[tuple[Area, int, int]] = []
        i = 0
        while i < len(tokens):
            blocked = next((len(p) for p in _NOT_AREAS if tuple(words[i : i + len(p)]) == p),
                           0) if words[i] in _NOT_AREA_FIRST_WORDS else 0
            if blocked:
                i += blocked
                continue
            if not capitalised(i):  # a name starts with a capital: skip the lookups
                i += 1
                continue
            hit = None
            for n in range(min(self._max_mention_len, len(tokens) - i), 0, -1):
                key = self._mention_keys.get(tuple(words[i : i + n]))
                if key is None:
                    continue
                last = i + n - 1
                if words[last] not in _CONNECTIVES and not capitalised(last):
                    continue
                hit = (key, n)
                break
            if hit is None:
                i += 1
                continue
            key, n = hit
            end_index = i + n
            extended = True
            while extended:
                extended = False
                for phrase in _MENTION_SUFFIXES:
                    m = len(phrase)
                    if tuple(words[end_index : end_index + m]) == phrase:
                        end_index += m
                        extended = True
                        break
            area, _via = self._exact[key]
            results.append((area, tokens[i][1], tokens[end_index - 1][2]))
            i = end_index
        return results


def _edits(first: str, second: str, limit: int) -> int:
    """Levenshtein distance between two keys, stopping early once it exceeds `limit`."""
    previous = list(range(len(second) + 1))
    for i, char in enumerate(first, start=1):
        current = [i]
        for j, other in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@functools.cache
def _default_resolver() -> AreaResolver:
    """Build the package resolver once per process."""
    return AreaResolver(load_yots(), load_areas())
