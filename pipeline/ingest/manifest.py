"""The sources manifest: reviewed metadata for documents, overriding detection.

The manifest is checked against a schema (`ManifestEntry`) entry by entry: an entry
that does not fit rejects its document with a one-line reason ("manifest.yaml entry 3
(source_file plan.txt): field published: ..."), and the other documents go on. Only a
file that cannot be read as a manifest at all (not YAML, not a `documents:` list, YAML
aliases that would expand without bound) stops the run, with one line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator

from pipeline.ingest.sources import MANIFEST_NAME
from pipeline.metadata.enums import DOCUMENT_TYPES

# A manifest of a few thousand entries has tens of thousands of YAML nodes; an alias
# "bomb" of a few lines expands to billions.
MAX_YAML_NODES = 1_000_000


@dataclass
class DocumentMetadata:
    """What is known about a document beyond its bytes; every field may be unknown."""

    yot_id: str | None = None
    document_type: str | None = None
    title: str | None = None
    period_label: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    published: dt.date | None = None
    publisher: str | None = None
    licence: str | None = None
    source_url: str | None = None  # where the publisher put the document online

    def overridden_by(self, other: DocumentMetadata) -> DocumentMetadata:
        """This metadata with every field that `other` sets replaced by other's value."""
        merged = {
            f.name: getattr(other, f.name)
            if getattr(other, f.name) is not None
            else getattr(self, f.name)
            for f in fields(self)
        }
        return DocumentMetadata(**merged)

    def missing(self, required: tuple[str, ...]) -> list[str]:
        return [name for name in required if getattr(self, name) is None]


_FIELD_NAMES = tuple(f.name for f in fields(DocumentMetadata))


class ManifestError(ValueError):
    """The manifest cannot be read at all; the message is one line naming the file."""


def _iso_date(value: Any) -> Any:
    """Dates as written (`2021-02-01`); a number is not read as a Unix timestamp."""
    if value is None or isinstance(value, dt.date | str):
        return value
    raise ValueError("expected a date written YYYY-MM-DD")


def _plain_name(value: Any) -> Any:
    if isinstance(value, str) and (not value.strip() or "/" in value or "\x00" in value
                                   or value in (".", "..")):
        raise ValueError("expected the name of a file in the sources folder (no folders)")
    return value


IsoDate = Annotated[dt.date | None, BeforeValidator(_iso_date)]


class ManifestEntry(BaseModel):
    """One reviewed entry of `manifest.yaml` (see the comment at the top of that file)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    source_file: Annotated[str, BeforeValidator(_plain_name)]
    document_id: str | None = None
    yot_id: str | None = None
    document_type: str | None = None
    title: str | None = None
    period_label: str | None = None
    period_start: IsoDate = None
    period_end: IsoDate = None
    published: IsoDate = None
    publisher: str | None = None
    licence: str | None = None
    source_url: str | None = None

    @field_validator("source_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/]+\S*", value):
            raise ValueError("expected an http(s) address")
        return value

    @field_validator("document_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None and value not in DOCUMENT_TYPES:
            raise ValueError(f"expected one of {', '.join(DOCUMENT_TYPES)}")
        return value

    @field_validator("period_end")
    @classmethod
    def _after_start(cls, value: dt.date | None, info: Any) -> dt.date | None:
        start = info.data.get("period_start")
        if value is not None and start is not None and value < start:
            raise ValueError(f"before period_start {start.isoformat()}")
        return value

    def metadata(self) -> DocumentMetadata:
        return DocumentMetadata(**{name: getattr(self, name) for name in _FIELD_NAMES})


@dataclass
class Manifest:
    """Reviewed entries keyed by source file name, and what could not be used.

    `errors` rejects a file: its entry (or entries) did not fit the schema. `problems` are
    entries that name no usable file; they are reported, not applied."""

    metadata: dict[str, DocumentMetadata] = field(default_factory=dict)
    document_ids: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    entries: dict[str, int] = field(default_factory=dict)  # source_file -> entry number


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ManifestLoader(_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """libyaml's safe loader (a back-catalogue's manifest has thousands of entries), with
    dates left as text so that a bad date is one entry's error, not the whole file's."""


_ManifestLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                yaml.constructor.SafeConstructor.construct_yaml_str)


def load_manifest(sources_dir: Path) -> Manifest:
    """The folder's manifest; an absent manifest is empty. Raises `ManifestError` (one
    line) only when the file as a whole cannot be read."""
    path = sources_dir / MANIFEST_NAME
    if not path.is_file():
        return Manifest()
    try:
        text = path.read_text(encoding="utf-8")
        _check_expansion(text)
        raw = yaml.load(text, Loader=_ManifestLoader)
    except UnicodeDecodeError:
        raise ManifestError(f"{MANIFEST_NAME}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise ManifestError(f"{MANIFEST_NAME}: not valid YAML: {_yaml_problem(exc)}") from None
    return parse_manifest(raw)


def parse_manifest(raw: Any) -> Manifest:
    """Check every entry of a loaded manifest against `ManifestEntry`."""
    entries = _entries(raw)
    manifest = Manifest()
    seen: dict[str, int] = {}
    for index, item in enumerate(entries, start=1):
        try:
            entry = ManifestEntry.model_validate(item)
        except ValidationError as exc:
            name = _source_file(item)
            message = _entry_message(index, name, exc)
            if name is None:
                manifest.problems.append(message)
            else:
                manifest.errors.setdefault(name, message)
                manifest.entries.setdefault(name, index)
            continue
        name = entry.source_file
        if name in seen:
            manifest.errors[name] = (f"{MANIFEST_NAME} entries {seen[name]} and {index} both "
                                     f"describe source_file {name}: keep one")
            continue
        seen[name] = index
        manifest.entries[name] = index
        manifest.metadata[name] = entry.metadata()
        if entry.document_id is not None:
            manifest.document_ids[name] = entry.document_id
    for name in manifest.errors:  # a file with a bad entry gets no reviewed metadata
        manifest.metadata.pop(name, None)
        manifest.document_ids.pop(name, None)
    return manifest


def _entries(raw: Any) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise ManifestError(f"{MANIFEST_NAME}: expected a mapping with a `documents:` list, "
                            f"found {_kind(raw)}")
    unknown = sorted(str(key) for key in raw if key != "documents")
    if unknown:
        raise ManifestError(f"{MANIFEST_NAME}: unknown top-level key {unknown[0]!r} "
                            "(expected only `documents:`)")
    documents = raw.get("documents")
    if documents is None:
        return []
    if not isinstance(documents, list):
        raise ManifestError(f"{MANIFEST_NAME}: `documents:` must be a list of entries, "
                            f"found {_kind(documents)}")
    return documents


def _source_file(item: Any) -> str | None:
    name = item.get("source_file") if isinstance(item, dict) else None
    try:
        return _plain_name(name) if isinstance(name, str) else None
    except ValueError:
        return None


def _entry_message(index: int, name: str | None, exc: ValidationError) -> str:
    """`manifest.yaml entry N (source_file X): field Y: reason`, in one line."""
    where = f"{MANIFEST_NAME} entry {index}" + (f" (source_file {name})" if name else "")
    reasons = []
    for error in exc.errors(include_url=False, include_input=False):
        location = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            reason = "not a manifest field"
        elif error["type"] == "model_type":
            reason = "an entry must be a mapping of field: value"
        else:
            reason = error["msg"].removeprefix("Value error, ")
        reasons.append(f"field {location}: {reason}" if location else reason)
    return f"{where}: " + "; ".join(reasons)


def _kind(value: Any) -> str:
    return {list: "a list", dict: "a mapping", str: "text"}.get(type(value), type(value).__name__)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f" (line {mark.line + 1})" if mark is not None else ""
    return " ".join(f"{problem}{where}".split())


def _check_expansion(text: str) -> None:
    """Refuse YAML whose aliases expand past MAX_YAML_NODES nodes, counting from the event
    stream (linear in the file) before anything is built or walked."""
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor, nodes so far] per open collection
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, count = stack.pop()
            if anchor is not None:
                sizes[anchor] = count
        elif isinstance(event, yaml.ScalarEvent):
            count = 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            count = sizes.get(event.anchor, 1)
        else:
            continue
        stack[-1][1] += count
        if stack[-1][1] > MAX_YAML_NODES:
            raise ManifestError(
                f"{MANIFEST_NAME}: YAML aliases expand to over {MAX_YAML_NODES:,} values "
                f"(line {event.start_mark.line + 1}); write the values out instead")
