"""Enumerated values of the data contract, as constants.

Every slug that appears in a published column is defined here once, so that
extractors, the registry and the expectation suites cannot drift apart.
"""

from __future__ import annotations

from typing import Final

# documents.document_type
YOUTH_JUSTICE_PLAN: Final = "youth_justice_plan"
INSPECTION_REPORT: Final = "inspection_report"
# Added (minor change, 2026-12): documents with youth justice tables that are neither a
# plan nor an inspection report, read without a manifest entry (issue 15).
PARLIAMENTARY_ANSWER: Final = "parliamentary_answer"  # a written question and its answer
WEB_PAGE: Final = "web_page"  # a council's or service's web page
OTHER_PUBLICATION: Final = "other_publication"  # any other text about youth justice
DOCUMENT_TYPES: Final = (YOUTH_JUSTICE_PLAN, INSPECTION_REPORT, PARLIAMENTARY_ANSWER,
                         WEB_PAGE, OTHER_PUBLICATION)

# documents.source_format (what the source file is; PDF and Word are converted to text)
FORMAT_TEXT: Final = "text"
FORMAT_PDF: Final = "pdf"
FORMAT_DOCX: Final = "docx"
SOURCE_FORMATS: Final = (FORMAT_TEXT, FORMAT_PDF, FORMAT_DOCX)

# tables.kind (parser classification of a block)
TABLE_KIND_DATA: Final = "data"
TABLE_KIND_TOC: Final = "toc"
TABLE_KIND_GLOSSARY: Final = "glossary"
TABLE_KIND_LIST: Final = "list"
TABLE_KINDS: Final = (TABLE_KIND_DATA, TABLE_KIND_TOC, TABLE_KIND_GLOSSARY, TABLE_KIND_LIST)

# value_status of fact tables
REPORTED: Final = "reported"
SUPPRESSED: Final = "suppressed"
NOT_AVAILABLE: Final = "not_available"
VALUE_STATUSES: Final = (REPORTED, SUPPRESSED, NOT_AVAILABLE)

# yots.nation
NATIONS: Final = ("england", "wales")

# area types used by the resolver and kpi_observations.subject_type
SUBJECT_YOT: Final = "yot"
SUBJECT_COMPARATOR_GROUP: Final = "comparator_group"
SUBJECT_STATISTICAL_NEIGHBOURS: Final = "statistical_neighbours"
SUBJECT_FAMILY_GROUP: Final = "family_group"
SUBJECT_REGION: Final = "region"
SUBJECT_NATIONAL: Final = "national"
SUBJECT_PCC_AREA: Final = "pcc_area"  # added 2026-11 (minor): a police and crime commissioner
# added 2026-12 (minor): one council inside a service that covers several, keyed by GSS code
SUBJECT_LOCAL_AUTHORITY: Final = "local_authority"
SUBJECT_TYPES: Final = (
    SUBJECT_YOT,
    SUBJECT_COMPARATOR_GROUP,
    SUBJECT_STATISTICAL_NEIGHBOURS,
    SUBJECT_FAMILY_GROUP,
    SUBJECT_REGION,
    SUBJECT_NATIONAL,
    SUBJECT_PCC_AREA,
    SUBJECT_LOCAL_AUTHORITY,
)

# subjects.subject_type: the subject types that name one area
AREA_SUBJECT_TYPES: Final = (
    SUBJECT_YOT,
    SUBJECT_REGION,
    SUBJECT_NATIONAL,
    SUBJECT_PCC_AREA,
    SUBJECT_LOCAL_AUTHORITY,
)

# kpi_observations.subject_type values that name a group average, not one area
GROUP_SUBJECT_TYPES: Final = (
    SUBJECT_COMPARATOR_GROUP,
    SUBJECT_STATISTICAL_NEIGHBOURS,
    SUBJECT_FAMILY_GROUP,
)

# budget_contributions.agency
AGENCIES: Final = (
    "local_authority",
    "police",
    "probation",
    "health",
    "police_and_crime_commissioner",
    "youth_justice_board",
    "welsh_government",
    "other",
    "total",
)

# budget_contributions.contribution_type
CONTRIBUTION_TYPES: Final = (
    "staffing_costs",
    "payments_in_kind",
    "other_delegated_funds",
    "cash",
    "cash_and_kind",
    "revenue",
    "change",
    "total",
)

# kpi_observations.unit
UNIT_PER_100000: Final = "per_100000"
UNIT_PER_1000: Final = "per_1000"
UNIT_PERCENT: Final = "percent"
UNIT_COUNT: Final = "count"
UNIT_RATIO: Final = "ratio"
UNIT_RANK: Final = "rank"
KPI_UNITS: Final = (
    UNIT_PER_100000,
    UNIT_PER_1000,
    UNIT_PERCENT,
    UNIT_COUNT,
    UNIT_RATIO,
    UNIT_RANK,
)

# demographics
POPULATIONS: Final = (
    "children_cautioned_or_sentenced",
    "total_population",
    "youth_population",
    "caseload",
    # minor change (2026-12): the caseload split by stage, as plans print it
    "caseload_post_court",
    "caseload_pre_court",
    "caseload_custody",
)
DEMOGRAPHIC_DIMENSIONS: Final = ("age_band", "ethnicity", "gender", "all")
DEMOGRAPHIC_SUBJECT_TYPES: Final = (SUBJECT_YOT, SUBJECT_NATIONAL)
DEMOGRAPHIC_UNITS: Final = (UNIT_PERCENT, UNIT_COUNT)

# workforce
WORKFORCE_GROUPS: Final = ("staff", "volunteers")
WORKING_PATTERNS: Final = ("part_time", "full_time")
GENDERS: Final = ("male", "female")
WORKFORCE_UNITS: Final = ("headcount", "fte")

# caseloads
CASELOAD_TYPES: Final = (
    "community_sentences",
    "custody",
    "out_of_court_disposals",
    "open_cases",
    "average_per_case_manager",
    # minor change (2026-12): children remanded in custody, per period as plans print them
    "remands",
    # minor change (2026-12): community sentences by order, when a caseload names the order
    "referral_orders",
    "youth_rehabilitation_orders",
)
CASELOAD_UNITS: Final = (UNIT_COUNT, "average")

# inspections
INSPECTION_DOMAINS: Final = (
    "overall",
    "organisational_delivery",
    "court_disposals",
    "out_of_court_disposals",
)
RATINGS: Final = ("outstanding", "good", "requires_improvement", "inadequate")
RATING_SCORES: Final = {"outstanding": 3, "good": 2, "requires_improvement": 1, "inadequate": 0}

# fact tables' quality_flags: a row published as printed, with something to know about it
SOURCE_TOTAL_MISMATCH: Final = "source_total_mismatch"
SOURCE_TOTAL_MISMATCH_REVIEWED: Final = "source_total_mismatch_reviewed"
QUALITY_FLAGS: Final = (SOURCE_TOTAL_MISMATCH, SOURCE_TOTAL_MISMATCH_REVIEWED)

# kpi_observations.period_type (added 2026-12, minor): what kind of period the dates span
FINANCIAL_YEAR: Final = "financial_year"  # 1 April to 31 March
CALENDAR_YEAR: Final = "calendar_year"  # 1 January to 31 December
ROLLING_12_MONTHS: Final = "rolling_12_months"  # twelve months ending in another month
QUARTER: Final = "quarter"  # three months
MONTH: Final = "month"
COHORT: Final = "cohort"  # children cautioned or sentenced in the period, followed up after
SNAPSHOT: Final = "snapshot"  # one day: a count as at a date
OTHER_PERIOD: Final = "other_period"  # any other span of whole months
PERIOD_TYPES: Final = (
    FINANCIAL_YEAR,
    CALENDAR_YEAR,
    ROLLING_12_MONTHS,
    QUARTER,
    MONTH,
    COHORT,
    SNAPSHOT,
    OTHER_PERIOD,
)

# indicators.better
BETTER_VALUES: Final = ("higher", "lower")


def enum_member(value: str, allowed: tuple[str, ...]) -> str:
    """`value`, checked against a contract enum at import time, so a module that names a
    slug can never publish a misspelt or renamed one."""
    if value not in allowed:
        raise ValueError(f"{value!r} is not one of {allowed}")
    return value
