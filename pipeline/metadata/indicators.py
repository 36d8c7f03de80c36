"""The national youth justice indicators: the `indicator` enum and its reference rows.

Kept as data in the metadata registry (not in an extractor) because the
`indicators` table, the KPI expectation bounds and the data dictionary all
read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.metadata import enums


@dataclass(frozen=True)
class Indicator:
    """One row of the `indicators` reference table, plus a plausible upper bound."""

    indicator: str
    label: str
    unit: str
    definition: str
    better: str | None
    upper_bound: float | None = None


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "first_time_entrants_rate",
        "First-time entrants rate",
        enums.UNIT_PER_100000,
        "Children aged 10-17 receiving their first reprimand, warning, caution or conviction, "
        "per 100,000 of the 10-17 population.",
        "lower",
        5000.0,
    ),
    Indicator(
        "first_time_entrants_count",
        "First-time entrants",
        enums.UNIT_COUNT,
        "Number of children aged 10-17 entering the youth justice system for the first time.",
        "lower",
    ),
    Indicator(
        "custody_rate",
        "Use of custody rate",
        enums.UNIT_PER_1000,
        "Custodial sentences given to children aged 10-17, per 1,000 of the 10-17 population.",
        "lower",
        20.0,
    ),
    Indicator(
        "custody_count",
        "Custodial sentences",
        enums.UNIT_COUNT,
        "Number of custodial sentences given to children aged 10-17.",
        "lower",
    ),
    Indicator(
        "reoffending_rate",
        "Binary reoffending rate",
        enums.UNIT_PERCENT,
        "Percentage of the cohort of children cautioned, convicted or released from custody "
        "who commit a proven reoffence within the follow-up period.",
        "lower",
        100.0,
    ),
    Indicator(
        "reoffending_cohort_size",
        "Reoffending cohort size",
        enums.UNIT_COUNT,
        "Number of children in the reoffending cohort.",
        None,
    ),
    Indicator(
        "reoffenders_count",
        "Reoffenders",
        enums.UNIT_COUNT,
        "Number of children in the cohort who committed a proven reoffence.",
        "lower",
    ),
    Indicator(
        "reoffences_count",
        "Reoffences",
        enums.UNIT_COUNT,
        "Number of proven reoffences committed by the cohort.",
        "lower",
    ),
    Indicator(
        "reoffences_per_reoffender",
        "Reoffences per reoffender",
        enums.UNIT_RATIO,
        "Proven reoffences divided by the number of reoffenders (frequency rate).",
        "lower",
        50.0,
    ),
    Indicator(
        "reoffences_per_offender",
        "Reoffences per offender",
        enums.UNIT_RATIO,
        "Proven reoffences divided by the number of children in the cohort.",
        "lower",
        50.0,
    ),
    Indicator(
        "children_in_care_convicted_rate",
        "Children in care convicted or cautioned",
        enums.UNIT_PERCENT,
        "Percentage of looked-after children who were convicted or subject to a final "
        "warning or reprimand during the year.",
        "lower",
        100.0,
    ),
    Indicator(
        "ete_engagement_rate",
        "Engagement in education, training or employment",
        enums.UNIT_PERCENT,
        "Percentage of children ending an order who were in suitable education, training or "
        "employment.",
        "higher",
        100.0,
    ),
    Indicator(
        "suitable_accommodation_rate",
        "Suitable accommodation",
        enums.UNIT_PERCENT,
        "Percentage of children ending an order who were in suitable accommodation.",
        "higher",
        100.0,
    ),
    Indicator(
        "national_rank",
        "National rank",
        enums.UNIT_RANK,
        "The service's rank among all services on an indicator (1 is best), as printed.",
        "lower",
        200.0,
    ),
)

INDICATOR_IDS: tuple[str, ...] = tuple(i.indicator for i in INDICATORS)
INDICATORS_BY_ID: dict[str, Indicator] = {i.indicator: i for i in INDICATORS}
