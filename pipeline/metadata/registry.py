"""The metadata registry: every published table and column, in one place.

The data contract (spec/data-contract.md) is a promise to data users. This
module is its machine-readable form: Parquet schemas, CSV headers, the
Great Expectations suites, Dagster `TableSchema` metadata, `datapackage.json`
and the data dictionary are all generated from these objects, so a column is
named, typed and described exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.metadata import enums
from pipeline.metadata.indicators import INDICATOR_IDS
from pipeline.metadata.indicators import INDICATORS as INDICATOR_ROWS

# Logical column types, mapped to Arrow/Frictionless/GX types in schemas.py.
STRING = "string"
INT32 = "int32"
INT64 = "int64"
FLOAT64 = "float64"
BOOLEAN = "boolean"
DATE = "date"
STRING_LIST = "list<string>"
COLUMN_TYPES = (STRING, INT32, INT64, FLOAT64, BOOLEAN, DATE, STRING_LIST)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
GSS_CODE_PATTERN = r"^[EWSN]\d{8}$"
# A subject is a slug or, for a local authority, its ONS GSS code.
SUBJECT_ID_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|[EWSN]\d{8})$"
FINANCIAL_YEAR_PATTERN = r"^\d{4}-\d{2}$"
TABLE_ID_PATTERN = r"^.+#t\d{2,}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
ROW_ID_PATTERN = r"^[0-9a-f]{16}$"
ROW_ID = "row_id"

# Table roles: reference data ships with the code, facts come from documents.
REFERENCE = "reference"
CATALOGUE = "catalogue"
FACT = "fact"
DERIVED = "derived"  # built from published tables, not read from documents


@dataclass(frozen=True)
class Column:
    """One published column: name, logical type and the rules data users rely on."""

    name: str
    type: str
    description: str
    nullable: bool = True
    enum: tuple[str, ...] | None = None
    unit: str | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False

    def __post_init__(self) -> None:
        if self.type not in COLUMN_TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")


@dataclass(frozen=True)
class TableSpec:
    """One published table: its columns in order, primary key and purpose."""

    name: str
    description: str
    role: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    contract: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Table-level expectations beyond the per-column ones: (GX type, kwargs) pairs.
    expectations: tuple[tuple[str, dict], ...] = field(default_factory=tuple)
    # The column that names a row to a person (Datasette shows it for a foreign key).
    label_column: str | None = None
    # Text columns a full-text index covers in the SQLite file.
    search_columns: tuple[str, ...] = ()
    # Tables whose column of this table's key name is no foreign key to it (PUDL's
    # `foreign_key_rules` exclude): a rejected file's `document_id` names no document.
    not_referenced_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(names) != len(set(names)):
            raise ValueError(f"table {self.name}: duplicate column names")
        missing = [k for k in (*self.primary_key, *self.search_columns,
                               *filter(None, [self.label_column])) if k not in names]
        if missing:
            raise ValueError(f"table {self.name}: key or label columns {missing} not defined")
        nullable = [k for k in self.primary_key if self.column(k).nullable]
        if nullable and ROW_ID not in names:
            raise ValueError(f"table {self.name}: primary key members {nullable} are nullable, "
                             f"so the table needs a `{ROW_ID}` column")

    @property
    def database_key(self) -> tuple[str, ...]:
        """The key a database accepts: `row_id` where the natural key (`primary_key`, unique
        but with optional members) cannot be one, else the natural key itself."""
        return (ROW_ID,) if ROW_ID in self.column_names else self.primary_key

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")


def _where(condition: str, kind: str, **kwargs: object) -> tuple[str, dict]:
    """An expectation that applies to the rows matching a pandas query."""
    return kind, {**kwargs, "row_condition": condition, "condition_parser": "pandas"}


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values are keys of another table."""

    column: str
    table: str
    reference: str


# --- shared column groups -------------------------------------------------------------------

ROW_ID_NOTE = (
    "`row_id` (last column) is an addition to the contract (minor change): the key "
    "databases, `datapackage.json` and Datasette use, the first 16 hex digits of the "
    "SHA-256 of the natural key's values (the unique key the data dictionary lists, whose "
    "optional members no database accepts in a primary key), so the same row has the same "
    "id in every release."
)


def _row_id() -> Column:
    """The surrogate key of a table whose natural key has nullable members."""
    return Column(ROW_ID, STRING, "Row id: a hash of the row's natural key (stable across "
                  "releases).", nullable=False, pattern=ROW_ID_PATTERN, unique=True)


def _provenance() -> tuple[Column, ...]:
    """The columns every fact row carries so a number can be traced to its line."""
    return (
        Column(
            "document_id",
            STRING,
            "Id of the source document (see `documents`).",
            nullable=False,
            pattern=SLUG_PATTERN,
        ),
        Column(
            "yot_id",
            STRING,
            "The service that published the document (see `yots`).",
            nullable=False,
            pattern=SLUG_PATTERN,
        ),
        Column(
            "source_line",
            INT32,
            "1-based line number, in the source file as ingested, of the line the value was "
            "read from; the number appears on that line as printed.",
            nullable=False,
            minimum=1,
        ),
        Column(
            "source_table",
            STRING,
            "Id of the raw table the value came from (`<document_id>#t<NN>`), null for values "
            "read from prose.",
            pattern=TABLE_ID_PATTERN,
        ),
    )


def _value_columns(units: tuple[str, ...]) -> tuple[Column, ...]:
    return (
        Column("value", FLOAT64, "The number as printed (percentages on a 0-100 scale).",
               minimum=0),
        Column("unit", STRING, "Unit of `value`.", nullable=False, enum=units),
    )


def _status_column() -> Column:
    return Column(
        "value_status",
        STRING,
        "`reported` when a number was printed; `suppressed` (`-`, `*`) or `not_available` "
        "(`n/a`, 'Not available ...') when the cell was printed without one (then `value` is "
        "null, never 0).",
        nullable=False,
        enum=enums.VALUE_STATUSES,
    )


QUALITY_FLAGS_NOTE = (
    "`quality_flags` is an addition to the contract: rows of a source table whose printed "
    "total does not equal the sum of its printed parts, every part read, are published as "
    "printed and flagged (they were not published at all before)."
)
SOURCE_PAGE_NOTE = (
    "`source_page` is an addition to the contract (minor change): the page of a PDF or Word "
    "source a row's line is printed on."
)


def _source_page() -> Column:
    """After `quality_flags`: an addition at the end moves no other column of a CSV file."""
    return Column(
        "source_page",
        INT32,
        "1-based page of the original PDF or Word file that `source_line` is printed on "
        "(see `documents.source_format`); null for a text source, which has no pages.",
        minimum=1,
    )


def _quality_flags() -> Column:
    """The last column of every fact table: what to know about a row published as printed."""
    return Column(
        "quality_flags",
        STRING_LIST,
        "Flags on a row published as printed (a JSON array in CSV); null when none. "
        f"`{enums.SOURCE_TOTAL_MISMATCH}`: a printed total in the row's source table is not "
        "the sum of its printed parts although every part was read, so one of the table's "
        "numbers is wrong in the source itself (`report.json` names the total's line); "
        f"`{enums.SOURCE_TOTAL_MISMATCH_REVIEWED}` beside it: a person has checked the "
        "source and confirmed it (`pipeline/reference/data/known_*_inconsistencies.csv`).",
        enum=enums.QUALITY_FLAGS,
    )


# --- reference and catalogue tables -----------------------------------------------------------

YOTS = TableSpec(
    name="yots",
    role=REFERENCE,
    description="One row per youth offending team/service in England and Wales, so that area "
    "names printed anywhere resolve to one id.",
    primary_key=("yot_id",),
    columns=(
        Column("yot_id", STRING, "Service id (slug).", nullable=False, pattern=SLUG_PATTERN,
               unique=True),
        Column("name", STRING, "The service's name.", nullable=False),
        Column("aliases", STRING_LIST, "Other names the service is printed under."),
        Column("nation", STRING, "Nation.", nullable=False, enum=enums.NATIONS),
        Column("region", STRING, "English region slug, or `wales`.", nullable=False,
               pattern=SLUG_PATTERN),
        Column("local_authority_codes", STRING_LIST,
               "ONS GSS codes of the local authorities the service covers."),
        Column("local_authority_names", STRING_LIST,
               "Names of those local authorities, in the same order."),
    ),
    label_column="name",
    search_columns=("name",),
)

INDICATORS = TableSpec(
    name="indicators",
    role=REFERENCE,
    description="One row per `indicator` value used in `kpi_observations`.",
    primary_key=("indicator",),
    columns=(
        Column("indicator", STRING, "Indicator id.", nullable=False, enum=INDICATOR_IDS,
               unique=True),
        Column("label", STRING, "Human-readable name.", nullable=False),
        Column("unit", STRING, "Unit of the indicator's values.", nullable=False,
               enum=enums.KPI_UNITS),
        Column("definition", STRING, "What is measured.", nullable=False),
        Column("better", STRING, "Whether a higher or a lower value is better.",
               enum=enums.BETTER_VALUES),
    ),
    label_column="label",
    search_columns=("label", "definition"),
)

SUBJECTS = TableSpec(
    name="subjects",
    role=REFERENCE,
    description="Every area a KPI value can be about: services, English regions, nations, "
    "police and crime commissioners' areas and the local authorities inside services.",
    primary_key=("subject_id",),
    columns=(
        Column("subject_id", STRING, "Subject id: a `yot_id`, region slug, national id, "
               "PCC area id or a local authority's ONS GSS code.", nullable=False,
               pattern=SUBJECT_ID_PATTERN, unique=True),
        Column("subject_type", STRING, "Kind of area.", nullable=False,
               enum=enums.AREA_SUBJECT_TYPES),
        Column("name", STRING, "The area's name.", nullable=False),
        Column("yot_id", STRING, "The service that covers it (a service: itself; a local "
               "authority: the service it belongs to).", pattern=SLUG_PATTERN),
        Column("region", STRING, "English region slug, or `wales`, for a service or a "
               "local authority.", pattern=SLUG_PATTERN),
    ),
    label_column="name",
    search_columns=("name",),
    notes=("An addition to the contract (2026-12, minor change): `kpi_observations` and "
           "`kpi_series` refer to it by `subject_id`; built from the reviewed "
           "`pipeline/reference/data/` files (`yots.csv`, `areas.csv`, `pcc_areas.csv`).",),
)

DOCUMENTS = TableSpec(
    name="documents",
    role=CATALOGUE,
    description="The source documents: one row per ingested document.",
    primary_key=("document_id",),
    columns=(
        Column("document_id", STRING, "Document id: the manifest's `document_id`, else the "
               "file name without `.txt`, as a slug of at most 64 characters (a longer one "
               "ends in a short hash).", nullable=False, pattern=SLUG_PATTERN, unique=True),
        Column("yot_id", STRING, "The service the document is by or about.", nullable=False,
               pattern=SLUG_PATTERN),
        Column("document_type", STRING, "Kind of document: a youth justice plan, an "
               "inspection report, or (added 2026-12) a parliamentary written answer, a web "
               "page or another publication with youth justice tables.", nullable=False,
               enum=enums.DOCUMENT_TYPES),
        Column("title", STRING, "Title as printed; for a document with no title block and "
               "no manifest entry, its file name without the suffix.", nullable=False),
        Column("period_label", STRING, "Period covered, as printed (e.g. `2018/19`)."),
        Column("period_start", DATE, "First day of the period covered."),
        Column("period_end", DATE, "Last day of the period covered."),
        Column("published", DATE,
               "Publication date; the first of the month when only a month is printed."),
        Column("source_file", STRING, "File name in `datasets/sources`.", nullable=False),
        Column("sha256", STRING, "SHA-256 of the source file's bytes.", nullable=False,
               pattern=SHA256_PATTERN),
        Column("size_bytes", INT64, "Size of the source file.", nullable=False, minimum=1),
        Column("line_count", INT32, "Lines in the text as ingested.", nullable=False,
               minimum=1),
        Column("table_count", INT32, "Tables the parser found (all kinds).", minimum=0),
        Column("licence", STRING, "The licence or re-use terms the document states (from "
               "the reviewed manifest, or detected when the text names the Open Government "
               "Licence); null when it states none: then no licence is implied."),
        Column("publisher", STRING, "Who published the document."),
        Column("inspected_yot_id", STRING, "For an inspection report: the service inspected.",
               pattern=SLUG_PATTERN),
        Column("fieldwork_start", DATE, "For an inspection report: first day of fieldwork, "
               "where printed."),
        Column("fieldwork_end", DATE, "For an inspection report: last day of fieldwork, "
               "where printed."),
        Column("encoding", STRING, "Text encoding the file was decoded from (`utf-8` for "
               "the text rendering of a PDF or .docx).", nullable=False),
        Column("metadata_source", STRING,
               "`manifest` when the manifest described the document, `detected` when the "
               "service, type, title and period were read from the text.",
               nullable=False, enum=("manifest", "detected")),
        Column("numeric_lines", INT32,
               "Lines printing a number that could be data (not only dates, years, "
               "numbering, page references or ages).", minimum=0),
        Column("numeric_lines_outside_tables", INT32,
               "Numeric lines in no data table the parser found.", minimum=0),
        Column("numeric_lines_unread", INT32,
               "Numeric lines no fact row cites: numbers the run did not read (the run's "
               "report lists the first few as `numbers_not_read`).", minimum=0),
        Column("source_format", STRING, "What the source file is: `text`, or a `pdf` or "
               "`docx` file read as its text rendering (the lines `source_line` numbers).",
               enum=enums.SOURCE_FORMATS),
        Column("page_count", INT32, "Pages of a PDF (or of a .docx as Word last laid it "
               "out); null for a text source.", minimum=1),
        Column("rendering_sha256", STRING, "For a PDF or .docx: SHA-256 of its text "
               "rendering (UTF-8); `sha256` is that of the original file.",
               pattern=SHA256_PATTERN),
        Column("source_url", STRING, "Where the publisher put the document online, from the "
               "reviewed manifest; null when no one has recorded it (never guessed).",
               pattern=r"^https?://\S+$"),
    ),
    notes=("`encoding`, `publisher`, `metadata_source`, `inspected_yot_id`, `fieldwork_start` "
           "and `fieldwork_end` are additions to the contract.",
           "`numeric_lines`, `numeric_lines_outside_tables` and `numeric_lines_unread` are "
           "additions to the contract (minor change): how much of a document's numbers the "
           "release holds, so that silent loss shows.",
           "`source_format`, `page_count` and `rendering_sha256` are additions to the "
           "contract (minor change): PDF and Word sources are read as text renderings.",
           "`source_url` is an addition to the contract (2026-12, minor change): the "
           "manifest's `source_url`, null when unknown."),
    label_column="title",
    search_columns=("title",),
    not_referenced_by=("rejections",),
)

TABLES = TableSpec(
    name="tables",
    role=CATALOGUE,
    description="Every table the parser found, whether or not an extractor used it, as cells.",
    primary_key=("source_table", "row_index", "column_index"),
    columns=(
        Column("document_id", STRING, "Source document.", nullable=False, pattern=SLUG_PATTERN),
        Column("source_table", STRING, "Table id `<document_id>#t<NN>`, in document order.",
               nullable=False, pattern=TABLE_ID_PATTERN),
        Column("caption", STRING, "Nearest title text above the table."),
        Column("kind", STRING, "What the block is: a data table, a table of contents, a "
               "glossary or a two-column list.", nullable=False, enum=enums.TABLE_KINDS),
        Column("n_rows", INT32, "Rows in the table's grid.", nullable=False, minimum=1),
        Column("n_columns", INT32, "Columns in the table's grid.", nullable=False, minimum=1),
        Column("row_index", INT32, "0-based row of the cell.", nullable=False, minimum=0),
        Column("column_index", INT32, "0-based column of the cell.", nullable=False,
               minimum=0),
        Column("is_header", BOOLEAN, "Whether the cell is in a header row.", nullable=False),
        Column("text", STRING, "Cell text with markup removed; null for an empty cell."),
        Column("source_line", INT32, "1-based line of the cell in the source.", nullable=False,
               minimum=1),
    ),
    notes=("`kind`, `n_rows` and `n_columns` are additions to the contract.",),
    search_columns=("caption", "text"),
)

REJECTIONS = TableSpec(
    name="rejections",
    role=CATALOGUE,
    description="Files in the sources folder that were not ingested, each with a one-line "
    "reason.",
    primary_key=("source_file",),
    contract=False,
    not_referenced_by=("documents",),  # a document's file is never a rejected one
    columns=(
        Column("source_file", STRING, "File name in the sources folder.", nullable=False,
               unique=True),
        Column("document_id", STRING, "The id the document would have had."),
        Column("reason", STRING, "Why the file was not ingested, in one line.", nullable=False),
        Column("sha256", STRING, "SHA-256 of the file's bytes.", pattern=SHA256_PATTERN),
        Column("size_bytes", INT64, "Size of the file.", minimum=0),
    ),
)

# --- fact tables ------------------------------------------------------------------------------

BUDGET_CONTRIBUTIONS = TableSpec(
    name="budget_contributions",
    role=FACT,
    description="Partner contributions to the youth justice pooled budget.",
    primary_key=("document_id", "source_table", "source_line", "financial_year",
                 "contribution_type"),
    columns=(
        Column("financial_year", STRING, "Financial year of the amount, `YYYY-YY`.",
               nullable=False, pattern=FINANCIAL_YEAR_PATTERN),
        Column("agency", STRING, "Contributing agency (the table's total row is `total`).",
               nullable=False, enum=enums.AGENCIES),
        Column("agency_label", STRING, "Agency as printed.", nullable=False),
        Column("contribution_type", STRING, "Kind of contribution (the row's total column is "
               "`total`; `change` is a printed movement between two years).", nullable=False,
               enum=enums.CONTRIBUTION_TYPES),
        Column("amount_gbp", FLOAT64, "Amount in pounds.", nullable=False, unit="GBP"),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        _row_id(),
    ),
    expectations=(
        _where("contribution_type != 'change'", "expect_column_values_to_be_between",
               column="amount_gbp", min_value=0),
    ),
    notes=(
        ROW_ID_NOTE,
        QUALITY_FLAGS_NOTE,
        SOURCE_PAGE_NOTE,
        "A `-` (also `£ -`, an accounting format's nil) printed in a contributions table "
        "means no contribution and gives no row "
        "(amounts are never null and never an invented 0); a cell that may hide a number "
        "(`*`, `n/a`, `c.£40k`) is left out and listed in the run's report.",
        "A money column without a type word (\"2019/20 (£)\") is the agency's `total`.",
        "A table printed the other way round (agencies across, contribution types or years "
        "down) is read transposed, whatever its label column's heading says. A table that "
        "names no year takes the year of a caption-like line just above it (\"The "
        "partnership contributions for 2018/19 are detailed below.\") or of a short caption "
        "printed right under it (\"Partner contributions 2020/21\"); when the two name "
        "different years its columns are left out, reported; with neither, the first year "
        "of the plan (reported for a plan of several years). Two columns that read as the "
        "same type and year are left out.",
    ),
    search_columns=("agency_label",),
)

GRANT_SPEND = TableSpec(
    name="grant_spend",
    role=FACT,
    description="How the Youth Justice Board grant is spent.",
    primary_key=("document_id", "source_table", "source_line", "financial_year",
                 "item_position"),
    columns=(
        Column("financial_year", STRING, "Financial year, `YYYY-YY`.", nullable=False,
               pattern=FINANCIAL_YEAR_PATTERN),
        Column("priority", STRING, "Priority the spend serves, as printed."),
        Column("item_label", STRING, "Activity, cost or spend area, as printed.",
               nullable=False),
        Column("item_position", INT32, "Position of the amount within its printed cell (1, "
               "2, ...): a cell can hold several amounts for one printed spend-area text.",
               nullable=False, minimum=1),
        Column("amount_gbp", FLOAT64, "Amount in pounds.", nullable=False, unit="GBP",
               minimum=0),
        Column("is_total", BOOLEAN, "Whether the row is the printed total.", nullable=False),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        _row_id(),
    ),
    notes=(ROW_ID_NOTE, "`item_position` is an addition to the contract.", QUALITY_FLAGS_NOTE,
           SOURCE_PAGE_NOTE),
    search_columns=("priority", "item_label"),
)

KPI_OBSERVATIONS = TableSpec(
    name="kpi_observations",
    role=FACT,
    description="Performance indicators for the publishing service and its comparators.",
    primary_key=("document_id", "source_table", "indicator", "subject_label", "period_label",
                 "breakdown"),
    columns=(
        Column("indicator", STRING, "Indicator (see `indicators`).", nullable=False,
               enum=INDICATOR_IDS),
        Column("subject_label", STRING, "The row's area as printed.", nullable=False),
        Column("subject_type", STRING, "What kind of area or group the subject is.",
               nullable=False, enum=enums.SUBJECT_TYPES),
        Column("subject_id", STRING, "The area the value is about (see `subjects`): "
               "`yot_id`, region slug, national id, PCC area id (`pcc-south-yorkshire`) or, "
               "for one council inside a combined service, its GSS code (`E10000034`); "
               "null for a group average.", pattern=SUBJECT_ID_PATTERN),
        Column("period_label", STRING, "Period as printed.", nullable=False),
        Column("period_start", DATE, "First day of the measured period."),
        Column("period_end", DATE, "Last day of the measured period."),
        Column("breakdown", STRING, "Sub-group of the measure, e.g. `school_age`."),
        Column("value", FLOAT64, "The number as printed (percentages on a 0-100 scale); null "
               "when the cell was suppressed or not available.", minimum=0),
        _status_column(),
        Column("unit", STRING, "Unit of `value`.", nullable=False, enum=enums.KPI_UNITS),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        Column("period_type", STRING, "What kind of period `period_start`-`period_end` is; "
               "`cohort` for reoffending measures (children followed up after the period); "
               "null when the document gives no dates and the indicator no kind.",
               enum=enums.PERIOD_TYPES),
        _row_id(),
    ),
    notes=(
        ROW_ID_NOTE,
        QUALITY_FLAGS_NOTE,
        SOURCE_PAGE_NOTE,
        "`breakdown` joins sub-groups with `:` (`unable_due_to_covid:school_age`); a national "
        "rank's breakdown names the ranked indicator and the number of services ranked "
        "(`custody_rate:of_137`).",
        "A council inside a combined service (\"Worcestershire YOT\", printed \"Not available "
        "as a single YOT\") is `subject_type` `local_authority` (added 2026-12, minor "
        "change; before, `yot` with a null `subject_id`) with its ONS GSS code as "
        "`subject_id`: the council's figure, not the service's.",
        "`subject_id` is a foreign key to `subjects` (added 2026-12): `yot_id` on a fact "
        "row is the publishing service, `subject_id` the area the number is about; join "
        "on `subject_id` to label a comparator's value with its own area.",
        "`period_type` (added 2026-12, minor change) types every dated period: "
        "`financial_year`, `calendar_year`, `rolling_12_months`, `quarter`, `month`, "
        "`cohort`, `snapshot`, `other_period`. Dates come from the printed label, the "
        "table's coverage wording (\"3 months ending June\") and, for a bare year with no "
        "coverage, how the indicator is published "
        "(`pipeline/reference/data/indicator_periods.csv`: first-time entrants by calendar "
        "year, custody by year ending March), reported as `kpi_period_by_convention`; "
        "rows left undated are reported as `kpi_undated_period`.",
        "A row naming two services together (\"Bury and Rochdale\" in a YOT family "
        "table) is `subject_type` `yot` with a null `subject_id`: a service, but no one "
        "service (reported).",
        "`subject_type` `pcc_area` (added 2026-11): a police and crime commissioner's area "
        "(\"South Yorkshire PCC\", \"Greater Manchester\"), `subject_id` `pcc-<area>`.",
        "Left out and reported, never published as the indicator: changes between periods "
        "(\"% change compared to ...\"), counts printed in a table of a rate (\"No. of LAC "
        "offending\"), rows beside a row that names the measure but naming none themselves "
        "(\"Unable due to Covid\" beside \"In ETE\"), and sub-columns whose own label "
        "does not say what they measure.",
    ),
    expectations=(
        _where("unit == 'percent'", "expect_column_values_to_be_between", column="value",
               min_value=0, max_value=100),
        _where("value_status == 'reported'", "expect_column_values_to_not_be_null",
               column="value"),
        _where("value_status != 'reported'", "expect_column_values_to_be_null", column="value"),
        *(
            _where(f"indicator == '{i.indicator}'", "expect_column_values_to_be_between",
                   column="value", min_value=0, max_value=i.upper_bound)
            for i in INDICATOR_ROWS
            if i.upper_bound is not None
        ),
    ),
    search_columns=("subject_label", "period_label"),
)

DEMOGRAPHICS = TableSpec(
    name="demographics",
    role=FACT,
    description="Who the service works with and the population it serves.",
    primary_key=("document_id", "source_table", "population", "dimension", "category",
                 "subject_type", "period_label", "unit"),
    columns=(
        Column("population", STRING, "Which population is described.", nullable=False,
               enum=enums.POPULATIONS),
        Column("dimension", STRING, "The breakdown.", nullable=False,
               enum=enums.DEMOGRAPHIC_DIMENSIONS),
        Column("category", STRING, "Category within the dimension, as a slug.",
               nullable=False),
        Column("subject_type", STRING, "The service itself or the national average.",
               nullable=False, enum=enums.DEMOGRAPHIC_SUBJECT_TYPES),
        Column("period_label", STRING, "Period as printed."),
        *_value_columns(enums.DEMOGRAPHIC_UNITS),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        _row_id(),
    ),
    notes=(ROW_ID_NOTE, "`unit` joined the primary key (a minor addition): a table printing "
           "the number and the share of each category publishes both.", QUALITY_FLAGS_NOTE,
           SOURCE_PAGE_NOTE,
           "`population` values `caseload_post_court`, `caseload_pre_court` and "
           "`caseload_custody` (added 2026-12, minor change): the children the service "
           "worked with at one stage, when a distribution prints a column per stage "
           "(\"Post court | Pre court | Custody | Total caseload\")."),
)

WORKFORCE = TableSpec(
    name="workforce",
    role=FACT,
    description="Staff and volunteers.",
    primary_key=("document_id", "source_table", "source_line", "group", "role",
                 "contract_type", "working_pattern", "gender", "ethnicity", "unit"),
    columns=(
        Column("group", STRING, "Staff or volunteers.", nullable=False,
               enum=enums.WORKFORCE_GROUPS),
        Column("role", STRING, "Role slug, e.g. `practitioner`."),
        Column("contract_type", STRING, "Contract type slug, e.g. `seconded_police`."),
        Column("working_pattern", STRING, "Part-time or full-time.",
               enum=enums.WORKING_PATTERNS),
        Column("gender", STRING, "Gender.", enum=enums.GENDERS),
        Column("ethnicity", STRING, "Ethnicity slug."),
        *_value_columns(enums.WORKFORCE_UNITS),
        Column("as_of_label", STRING, "Date the figures refer to, as printed."),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        Column("as_of_date", DATE, "The day `as_of_label` names, when it names one "
               "unambiguously."),
        _row_id(),
    ),
    notes=(
        ROW_ID_NOTE,
        QUALITY_FLAGS_NOTE,
        SOURCE_PAGE_NOTE,
        "A printed Total row has `contract_type` (or `ethnicity`) `total`; a Total column "
        "has `role` `total`; null means not broken down by that column.",
        "Secondments keep what the label distinguishes (2026-11): "
        "`seconded_health_mental_health`, `seconded_health_substance_misuse`, "
        "`seconded_health_physical_health`, `seconded_health_speech_language`, "
        "`seconded_health_other`, `seconded_education`, `seconded_childrens_services`, "
        "`seconded_connexions`; no two rows of a document share every descriptive column.",
        "Posts a partner provides, printed as text in a budget table's Staff column "
        "(\"2.0 FTE Police Officers\"), are rows with the post as `role` (`police_officer`, "
        "`nurse`, ...) and `contract_type` seconded from that agency.",
        "`as_of_date` (added 2026-12, minor change): the day `as_of_label` names, read as "
        "for `caseloads`; null when the label names no single day.",
        "`as_of_label` also comes from a date phrase in the caption or the lines around "
        "the table (\"as at 31 March 2023\", \"four quarters to 31 March 2018\").",
    ),
)

CASELOADS = TableSpec(
    name="caseloads",
    role=FACT,
    description="Caseloads by type and team.",
    primary_key=("document_id", "source_table", "source_line", "caseload_type", "team",
                 "as_of_label"),
    columns=(
        Column("caseload_type", STRING, "Kind of caseload figure.", nullable=False,
               enum=enums.CASELOAD_TYPES),
        Column("team", STRING, "Team as printed."),
        Column("as_of_label", STRING, "Date the figures refer to, as printed."),
        Column("as_of_date", DATE, "That date, when it can be read."),
        *_value_columns(enums.CASELOAD_UNITS),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        _row_id(),
    ),
    notes=(ROW_ID_NOTE, QUALITY_FLAGS_NOTE, SOURCE_PAGE_NOTE,
           "`caseload_type` `remands` (added 2026-12, minor change): children remanded in "
           "custody in a period, with the period as printed in `as_of_label` (\"2018/19\") "
           "and no `as_of_date`.",
           "`caseload_type` `referral_orders` and `youth_rehabilitation_orders` (added "
           "2026-12, minor change): a caseload printed by order type."),
)

INSPECTION_RATINGS = TableSpec(
    name="inspection_ratings",
    role=FACT,
    description="HM Inspectorate of Probation ratings: the overall rating and each standard's.",
    primary_key=("document_id", "standard_code"),
    columns=(
        Column("domain", STRING, "Domain of the standard.", nullable=False,
               enum=enums.INSPECTION_DOMAINS),
        Column("standard_code", STRING, "Standard code (`1.1` ... `3.4`) or `overall`.",
               nullable=False, pattern=r"^(overall|\d+\.\d+)$"),
        Column("standard_name", STRING, "Standard name as in the framework.", nullable=False),
        Column("rating", STRING, "Rating.", nullable=False, enum=enums.RATINGS),
        Column("score", INT32, "0-3 for a standard; the printed total for `overall`.",
               nullable=False, minimum=0),
        Column("max_score", INT32, "Highest possible score.", nullable=False, minimum=1),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        _row_id(),
    ),
    notes=(ROW_ID_NOTE, QUALITY_FLAGS_NOTE, SOURCE_PAGE_NOTE),
    search_columns=("standard_name",),
)

INSPECTION_QUESTIONS = TableSpec(
    name="inspection_questions",
    role=FACT,
    description="Case-sample evidence: how many relevant cases met each key question and "
    "prompt.",
    primary_key=("document_id", "standard_code", "source_line"),
    columns=(
        Column("domain", STRING, "Domain of the standard.", nullable=False,
               enum=enums.INSPECTION_DOMAINS),
        Column("standard_code", STRING, "Standard code.", nullable=False,
               pattern=r"^\d+\.\d+$"),
        Column("question", STRING, "Key question or prompt, footnote markers removed.",
               nullable=False),
        Column("parent_question", STRING, "The key question a prompt sits under."),
        Column("sample_label", STRING, "Sample as printed (e.g. 'Of the 6 cases inspected').",
               nullable=False),
        Column("relevant_cases", INT32, "Cases the question applied to.", nullable=False,
               minimum=0),
        Column("yes_cases", INT32, "Cases that met it.", nullable=False, minimum=0),
        Column("yes_rate", FLOAT64, "yes_cases / relevant_cases x 100 (derived); null when "
               "there were no relevant cases.", unit="percent", minimum=0, maximum=100),
        *_provenance(),
        _quality_flags(),
        _source_page(),
        _row_id(),
    ),
    notes=(ROW_ID_NOTE, QUALITY_FLAGS_NOTE, SOURCE_PAGE_NOTE),
    search_columns=("question", "parent_question", "sample_label"),
)

FACT_SPECS: tuple[TableSpec, ...] = (
    BUDGET_CONTRIBUTIONS,
    GRANT_SPEND,
    KPI_OBSERVATIONS,
    DEMOGRAPHICS,
    WORKFORCE,
    CASELOADS,
    INSPECTION_RATINGS,
    INSPECTION_QUESTIONS,
)
FACT_TABLES: tuple[str, ...] = tuple(s.name for s in FACT_SPECS)

KPI_SERIES = TableSpec(
    name="kpi_series",
    role=DERIVED,
    description="Each KPI observation once: one row per subject, indicator, period and "
    "breakdown, with how many documents and rows print it and, when they disagree, every "
    "value they print.",
    primary_key=("subject_key", "indicator", "period", "breakdown"),
    columns=(
        Column("indicator", STRING, "Indicator (see `indicators`).", nullable=False,
               enum=INDICATOR_IDS),
        Column("subject_key", STRING, "The subject: its `subject_id`, else (a group "
               "average, or an area no one could resolve) "
               "`<publishing yot_id>/<subject_type>/<printed label as a slug>`, because a "
               "\"family average\" means another group in each service's plan.",
               nullable=False),
        Column("subject_id", STRING, "The area (see `subjects`); null for a group average.",
               pattern=SUBJECT_ID_PATTERN),
        Column("subject_type", STRING, "What kind of area or group the subject is.",
               nullable=False, enum=enums.SUBJECT_TYPES),
        Column("subject_name", STRING, "The subject's name in `subjects`, else its printed "
               "label.", nullable=False),
        Column("subject_labels", STRING_LIST, "Every label the subject is printed under.",
               nullable=False),
        Column("period", STRING, "The period as an ISO 8601 interval "
               "(`2017-04-01/2018-03-31`); the printed label when no document gives its "
               "dates.", nullable=False),
        Column("period_start", DATE, "First day of the period."),
        Column("period_end", DATE, "Last day of the period."),
        Column("period_type", STRING, "What kind of period it is (as in "
               "`kpi_observations`).", enum=enums.PERIOD_TYPES),
        Column("period_labels", STRING_LIST, "Every label the period is printed under.",
               nullable=False),
        Column("breakdown", STRING, "Sub-group of the measure (as in `kpi_observations`)."),
        Column("unit", STRING, "Unit of `value`.", nullable=False, enum=enums.KPI_UNITS),
        Column("value", FLOAT64, "The value every row prints; null when they disagree "
               "(`conflict`) or none prints a number.", minimum=0),
        Column("value_status", STRING, "`reported` when any row prints a number, else "
               "`suppressed` or `not_available`.", nullable=False, enum=enums.VALUE_STATUSES),
        Column("conflict", BOOLEAN, "Whether the rows print different values.",
               nullable=False),
        Column("values", STRING_LIST, "Every distinct value printed, in ascending order "
               "(one when they agree); null when none is a number."),
        Column("n_documents", INT32, "Documents that print the observation.", nullable=False,
               minimum=1),
        Column("n_rows", INT32, "`kpi_observations` rows that print it.", nullable=False,
               minimum=1),
        Column("document_ids", STRING_LIST, "Those documents.", nullable=False),
        Column("source_row_ids", STRING_LIST, "`row_id` of each of those "
               "`kpi_observations` rows.", nullable=False),
        _row_id(),
    ),
    search_columns=("subject_name",),
    notes=(
        "An addition to the contract (2026-12, minor change). Built from `kpi_observations` "
        "as published: rows are the same observation when their subject, indicator, period "
        "and breakdown are; periods are compared by their dates, so \"2017/18\" and "
        "\"April 2017 - March 2018\" are one period, and \"2017\" of custody (year ending "
        "March) is not \"2017\" of first-time entrants (calendar year).",
        "No value is picked when documents disagree: `value` is null, `conflict` true and "
        "`values` lists each; `source_row_ids` lead to every row and its source line.",
        ROW_ID_NOTE,
    ),
    expectations=(
        _where("conflict == True", "expect_column_values_to_be_null", column="value"),
    ),
)

KPI_OBSERVATIONS_WIDE = TableSpec(
    name="kpi_observations_wide",
    role=DERIVED,
    description="Convenience view of `kpi_series`: one row per subject, indicator and "
    "breakdown, one column per dated period.",
    primary_key=("subject_key", "indicator", "breakdown"),
    columns=(
        Column("subject_type", STRING, "As in `kpi_series`.", nullable=False,
               enum=enums.SUBJECT_TYPES),
        Column("subject_id", STRING, "As in `kpi_series`.", pattern=SUBJECT_ID_PATTERN),
        Column("subject_label", STRING, "The subject's name (`kpi_series.subject_name`).",
               nullable=False),
        Column("indicator", STRING, "As in `kpi_series`.", nullable=False, enum=INDICATOR_IDS),
        Column("unit", STRING, "As in `kpi_series`.", nullable=False, enum=enums.KPI_UNITS),
        Column("breakdown", STRING, "As in `kpi_series`."),
        Column("subject_key", STRING, "As in `kpi_series`.", nullable=False),
        _row_id(),
    ),
    notes=(
        "Rebuilt on `kpi_series` in 2026-12 (it was not part of the contract before): after "
        "these columns comes one float64 column per dated period, named by its ISO 8601 "
        "interval (`2017-04-01/2018-03-31`) in date order, so one service is one row and a "
        "period one column whatever its printed label. A cell is the series' `value`: "
        "empty where none was printed, or where documents disagree (see "
        "`kpi_series.values`). Periods no document dates are only in `kpi_series`.",
        ROW_ID_NOTE,
    ),
)

WITHHELD = TableSpec(
    name="withheld",
    role=CATALOGUE,
    description="Tables of documents whose rows were not published in a fact table: one row "
    "per document, fact table and source table, with the rule or expectation they failed.",
    primary_key=("document_id", "fact_table", "source_table"),
    columns=(
        Column("document_id", STRING, "Source document (see `documents`).", nullable=False,
               pattern=SLUG_PATTERN),
        Column("fact_table", STRING, "The fact table the rows were withheld from.",
               nullable=False, enum=FACT_TABLES),
        Column("source_table", STRING, "Id of the raw table the rows came from; null for rows "
               "read from prose.", pattern=TABLE_ID_PATTERN),
        Column("rule", STRING, "Code of the first rule (e.g. `kpi_arithmetic_mismatch`) or "
               "Great Expectations expectation (e.g. `expect_column_values_to_be_between`) "
               "the rows failed, by line.", nullable=False),
        Column("message", STRING, "Why, in one line, with the failing line and values.",
               nullable=False),
        Column("first_line", INT32, "First source line of the withheld rows.", nullable=False,
               minimum=1),
        Column("row_count", INT32, "How many rows were withheld.", nullable=False, minimum=1),
        Column("failures", INT32, "How many rule or expectation failures the rows had (the "
               "first is in `rule` and `message`; `report.json` lists every one).",
               nullable=False, minimum=1),
        _row_id(),
    ),
    notes=(
        ROW_ID_NOTE,
        "An addition to the contract (a minor change). A rule or a row-level expectation "
        "that fails for some rows of a document's table withholds every row of that table "
        "of that document; the rest of the document and every other document are published. "
        "The release is not published when more than a set share of the documents "
        "(25% by default) have a table withheld.",
    ),
)

TABLE_SPECS: tuple[TableSpec, ...] = (
    YOTS,
    SUBJECTS,
    INDICATORS,
    DOCUMENTS,
    TABLES,
    *FACT_SPECS,
    KPI_SERIES,
    REJECTIONS,
    WITHHELD,
)
# Published beside the tables, with columns that depend on the data (one per period).
VIEW_SPECS: tuple[TableSpec, ...] = (KPI_OBSERVATIONS_WIDE,)
REGISTRY: dict[str, TableSpec] = {spec.name: spec for spec in (*TABLE_SPECS, *VIEW_SPECS)}


def foreign_keys(spec: TableSpec) -> tuple[ForeignKey, ...]:
    """Foreign keys derived from shared field names (as PUDL does): a column named like
    another table's single-column key refers to that table, unless that table excludes
    this one (`not_referenced_by`)."""
    found = []
    for column in spec.column_names:
        for target in TABLE_SPECS:
            if (column != ROW_ID and target is not spec and target.database_key == (column,)
                    and target.role in (REFERENCE, CATALOGUE)
                    and spec.name not in target.not_referenced_by):
                found.append(ForeignKey(column, target.name, column))
    return tuple(found)


def get_table(name: str) -> TableSpec:
    """The spec of one published table; a KeyError names the unknown table."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in the metadata registry") from None


def iter_tables() -> Iterator[TableSpec]:
    """Every published table, in publication order."""
    yield from TABLE_SPECS
