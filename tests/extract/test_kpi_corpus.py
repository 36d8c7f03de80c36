"""Every KPI number in the corpus tables, transcribed from the documents.

The blocks below are the tables as printed (line number, row label, values), with the
subject each row names and the coverage each table's title states. The extractor's
output must equal them exactly: nothing missing, nothing extra, each value on its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract.base import NUMBER_NOT_ON_LINE, run_extractor
from pipeline.extract.kpi import (
    DOMAIN,
    LOCAL_AUTHORITY_SUBJECT,
    NOT_A_BREAKDOWN,
    UNDATED_PERIOD,
    check_kpi_consistency,
    kpi_wide,
)
from pipeline.metadata.registry import KPI_OBSERVATIONS
from pipeline.validate.gx_runner import TableValidator

DERBYSHIRE = "derbyshire-youth-justice-plan-2019-20"
NORTHAMPTONSHIRE = "northamptonshire-youth-justice-plan-2021-22"
WITHOUT_KPI_TABLES = (
    "darlington-youth-justice-plan-2018-19",  # performance given in prose only
    "dorset-youth-justice-plan-2017-18",  # its KPI charts did not survive conversion
    "darlington-hmip-inspection-2021",  # inspection: caseload and demographics tables only
)
EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
D = dt.date
Row = tuple[object, ...]

# Printed row label (without a " YOT" suffix) -> (subject_type, subject_id).
SUBJECTS: dict[str, tuple[str, str | None]] = {
    "Nottinghamshire": ("yot", "nottinghamshire"),
    "Staffordshire": ("yot", "staffordshire"),
    "Monmouthshire and Torfaen": ("yot", "monmouthshire-and-torfaen"),
    "Cumbria": ("yot", "cumbria"),
    "Flintshire": ("yot", "flintshire"),
    "Lancashire": ("yot", "lancashire"),
    "Lincolnshire": ("yot", "lincolnshire"),
    "West Mercia": ("yot", "west-mercia"),
    "Essex": ("yot", "essex"),
    "Northamptonshire": ("yot", "northamptonshire"),
    "Derbyshire": ("yot", "derbyshire"),
    "Kent": ("yot", "kent"),
    # single local authorities inside combined services: their own figures, by GSS code
    "Cheshire West and Chester": ("local_authority", "E06000050"),
    "Worcestershire": ("local_authority", "E10000034"),
    "England": ("national", "england"),
    "YOT Comparator Group": ("comparator_group", None),
    "SN Comparator Group*": ("statistical_neighbours", None),
    "Statistical Neighbours": ("statistical_neighbours", None),
}


def ending_march(year: int) -> tuple[dt.date, dt.date]:
    return D(year - 1, 4, 1), D(year, 3, 31)


def calendar_year(year: int) -> tuple[dt.date, dt.date]:
    return D(year, 1, 1), D(year, 12, 31)


def three_months_ending_june(year: int) -> tuple[dt.date, dt.date]:
    return D(year, 4, 1), D(year, 6, 30)


def printed(token: str) -> tuple[float | None, str] | None:
    """A printed cell: a number, '-' (suppressed), 'NA' (not available), '.' (empty)."""
    if token == ".":
        return None
    if token == "-":
        return None, "suppressed"
    if token == "NA":
        return None, "not_available"
    return float(token), "reported"


def comparator_rows(indicator: str, years: list[int],
                    dates: Callable[[int], tuple[dt.date, dt.date]], block: str) -> set[Row]:
    """Expected rows of an areas-by-years table: 'line | label | values'."""
    rows = set()
    for entry in block.strip().splitlines():
        line, label, values = (part.strip() for part in entry.split("|"))
        subject_type, subject_id = SUBJECTS[label.removesuffix(" YOT")]
        tokens = values.split()
        if tokens == ["NA"]:  # "Not available as a single YOT", printed once for the row
            tokens = ["NA"] * len(years)
        assert len(tokens) == len(years), entry
        for year, token in zip(years, tokens, strict=True):
            cell = printed(token)
            if cell is None:
                continue
            value, status = cell
            start, end = dates(year)
            rows.add((int(line), indicator, label, subject_type, subject_id, str(year), start,
                      end, None, value, status))
    return rows


def actual_rows(frame: pd.DataFrame, table: str) -> set[Row]:
    part = frame[frame["source_table"] == table]
    return {
        (int(r.source_line), r.indicator, r.subject_label, r.subject_type,
         None if pd.isna(r.subject_id) else r.subject_id, r.period_label, r.period_start,
         r.period_end, None if pd.isna(r.breakdown) else r.breakdown,
         None if pd.isna(r.value) else float(r.value), r.value_status)
        for r in part.itertuples()
    }


@pytest.fixture(scope="module")
def outputs(corpus_context):
    documents = (DERBYSHIRE, NORTHAMPTONSHIRE, *WITHOUT_KPI_TABLES)
    return {d: run_extractor(DOMAIN, corpus_context(d))["kpi_observations"] for d in documents}


@pytest.fixture(scope="module")
def derbyshire(outputs) -> pd.DataFrame:
    return outputs[DERBYSHIRE].frame


@pytest.fixture(scope="module")
def northamptonshire(outputs) -> pd.DataFrame:
    return outputs[NORTHAMPTONSHIRE].frame


DERBYSHIRE_CUSTODY = """
342 | Nottinghamshire | 0.23 0.30 0.23 0.28 0.24
343 | Staffordshire | 0.13 0.37 0.27 0.35 0.33
344 | Monmouthshire and Torfaen | 0.23 0.36 0.24 0.24 0.18
345 | Cumbria | 0.76 0.36 0.31 0.05 0.14
346 | Flintshire | 0.07 0.14 0.50 0.21 0.07
347 | Lancashire | 0.56 0.54 0.40 0.21 0.16
348 | Lincolnshire | 0.29 0.14 0.37 0.21 0.26
349 | West Mercia | 0.22 0.21 0.27 0.11 0.09
350 | Essex | 0.31 0.21 0.18 0.27 0.28
351 | Northamptonshire | 0.27 0.16 0.16 0.23 0.17
352 | Derbyshire | 0.22 0.10 0.18 0.15 0.18
353 | YOT Comparator Group | 0.32 0.29 0.27 0.22 0.21
354 | England | 0.44 0.41 0.44 0.38 0.31
"""
DERBYSHIRE_FTE = """
363 | Nottinghamshire | 382 366 331 315 298
364 | Staffordshire | 209 214 232 170 219
365 | Monmouthshire and Torfaen | 250 250 311 356 175
366 | Cumbria | 445 411 415 331 286
367 | Flintshire | 401 256 200 235 206
368 | Lancashire | 361 310 229 179 191
369 | Lincolnshire | 409 442 429 335 104
370 | West Mercia | 425 511 409 358 297
371 | Essex | 469 377 282 136 141
372 | Northamptonshire | 604 362 257 221 213
373 | Derbyshire | 276 185 169 132 153
374 | YOT Comparator Group | 408 370 312 244 212
375 | England | 413 374 332 296 238
"""
DERBYSHIRE_REOFFENDING = """
383 | Nottinghamshire | . 30.8 35.2 41.0 38.1
384 | Staffordshire | . 40.0 49.3 42.7 52.6
385 | Monmouthshire and Torfaen | . 50.0 63.3 48.0 34.3
386 | Cumbria | . 44.1 35.6 36.9 40.8
387 | Flintshire | . 25.0 50.0 33.3 23.5
388 | Lancashire | . 49.1 47.5 39.6 43.0
389 | Lincolnshire | . 40.1 43.0 30.7 34.4
390 | West Mercia | . 44.0 37.1 37.2 25.4
391 | Essex | . 33.0 32.2 37.5 38.4
392 | Northamptonshire | . 33.2 32.6 36.1 29.6
393 | Derbyshire | . 40.8 36.5 45.5 29.4
394 | YOT Comparator Group | . 39.4 39.1 37.6 35.3
395 | England | . 42.5 42.5 41.4 38.1
"""
DERBYSHIRE_SN_CUSTODY = """
417 | Cheshire West and Chester YOT | NA
418 | Cumbria YOT | 0.76 0.36 0.31 0.05 0.14
419 | Derbyshire YOT | 0.22 0.10 0.18 0.15 0.18
420 | Essex YOT | 0.31 0.21 0.18 0.27 0.28
421 | Kent YOT | 0.36 0.26 0.26 0.17 0.18
422 | Lancashire YOT | 0.56 0.54 0.40 0.21 0.16
423 | Lincolnshire YOT | 0.29 0.14 0.37 0.21 0.26
424 | Northamptonshire YOT | 0.27 0.16 0.16 0.23 0.17
425 | Nottinghamshire YOT | 0.23 0.30 0.23 0.28 0.24
426 | Staffordshire YOT | 0.13 0.37 0.27 0.35 0.33
427 | Worcestershire YOT | NA
428 | SN Comparator Group* | 0.36 0.29 0.27 0.22 0.22
429 | England | 0.44 0.41 0.44 0.38 0.31
"""
DERBYSHIRE_SN_FTE = """
437 | Cheshire West and Chester YOT | NA
438 | Cumbria YOT | 445 411 415 331 286
439 | Derbyshire YOT | 276 185 169 132 153
440 | Essex YOT | 469 377 282 136 141
441 | Kent YOT | 454 305 216 189 144
442 | Lancashire YOT | 361 310 229 179 191
443 | Lincolnshire YOT | 409 442 429 335 104
444 | Northamptonshire YOT | 604 362 257 221 213
445 | Nottinghamshire YOT | 382 366 331 315 298
446 | Staffordshire YOT | 209 214 232 170 219
447 | Worcestershire YOT | NA
448 | SN Comparator Group* | 417 348 299 235 200
449 | England | 413 374 332 296 238
"""
DERBYSHIRE_SN_REOFFENDING = """
458 | Cheshire West and Chester YOT | NA
459 | Cumbria YOT | . 44.1 35.6 36.9 40.8
460 | Derbyshire YOT | . 40.8 36.5 45.5 29.4
461 | Essex YOT | . 33.0 32.2 37.5 38.4
462 | Kent YOT | . 38.3 35.5 37.2 30.5
463 | Lancashire YOT | . 49.1 47.5 39.6 43.0
464 | Lincolnshire YOT | . 40.1 43.0 30.7 34.4
465 | Northamptonshire YOT | . 33.2 32.6 36.1 29.6
466 | Nottinghamshire YOT | . 30.8 35.2 41.0 38.1
467 | Staffordshire YOT | . 40.0 49.3 42.7 52.6
468 | Worcestershire YOT | NA
469 | SN Comparator Group* | . 38.6 38.9 37.7 38.4
470 | England | . 42.5 42.5 41.4 38.1
"""
DERBYSHIRE_SN_CHILDREN_IN_CARE = """
480 | Cheshire West and Chester | - - - - -
481 | Cumbria | 3.4 6.0 3.0 3.0 3.0
482 | Derbyshire | 5.1 5.0 0.4 2.0 3.0
483 | Essex | 4.1 4.0 0 3.0 3.0
484 | Kent | 7.1 7.0 5.0 3.0 3.0
485 | Lancashire | 5.2 4.0 - - 4.0
486 | Lincolnshire | - 4.0 - 2.0 -
487 | Northamptonshire | 8.9 8.0 6.0 5.0 6.0
488 | Nottinghamshire | 3.9 - 0 0 0
489 | Staffordshire | 2.5 2.0 3.0 2.0 3.0
490 | Worcestershire | 6.6 5.0 7.0 3.0 5.0
491 | Statistical Neighbours | 5.21 5.0 3.43 2.63 3.38
492 | England | 5.6 5.0 5.0 4.0 4.0
"""
COMPARATOR_TABLES = [
    (2, "custody_rate", range(2015, 2020), ending_march, DERBYSHIRE_CUSTODY),
    (3, "first_time_entrants_rate", range(2014, 2019), calendar_year, DERBYSHIRE_FTE),
    (4, "reoffending_rate", range(2013, 2018), three_months_ending_june, DERBYSHIRE_REOFFENDING),
    (5, "custody_rate", range(2015, 2020), ending_march, DERBYSHIRE_SN_CUSTODY),
    (6, "first_time_entrants_rate", range(2014, 2019), calendar_year, DERBYSHIRE_SN_FTE),
    (7, "reoffending_rate", range(2013, 2018), three_months_ending_june,
     DERBYSHIRE_SN_REOFFENDING),
    (8, "children_in_care_convicted_rate", range(2014, 2019), ending_march,
     DERBYSHIRE_SN_CHILDREN_IN_CARE),
]


@pytest.mark.parametrize(("number", "indicator", "years", "dates", "block"), COMPARATOR_TABLES,
                         ids=[f"t0{t[0]}-{t[1]}" for t in COMPARATOR_TABLES])
def test_comparator_and_statistical_neighbour_tables(derbyshire, number, indicator, years,
                                                     dates, block) -> None:
    expected = comparator_rows(indicator, list(years), dates, block)
    assert actual_rows(derbyshire, f"{DERBYSHIRE}#t0{number}") == expected


def test_summary_table_latest_values_averages_and_ranks(derbyshire) -> None:
    service = "Derbyshire Youth Offending Service"
    rows = set()
    summary = [
        # line, indicator, year, dates, latest, national, comparator group, SN, region, rank
        (327, "custody_rate", 2019, ending_march(2019), "0.18", "0.31", "0.21", "0.22", "0.28",
         ("48", 137)),
        (328, "first_time_entrants_rate", 2018, calendar_year(2018), "153", "238", "212", "200",
         "237", ("20", 137)),
        (329, "reoffending_rate", 2017, three_months_ending_june(2017), "29.4", "38.1", "35.3",
         "38.4", "35.9", ("30", 137)),
        # "during the year": no coverage printed, so the year is not dated
        (330, "children_in_care_convicted_rate", 2018, (None, None), "3.0", "4.0", "NA", "3.38",
         "4.0", ("20", 115)),
    ]
    for line, indicator, year, (start, end), *averages, (rank, field) in summary:
        subjects = [
            (service, "yot", "derbyshire"),
            ("National Avg (England Only)", "national", "england"),
            ("YOT Comparator Group Avg", "comparator_group", None),
            ("Statistical Neighbour Avg", "statistical_neighbours", None),
            ("East Midlands", "region", "east-midlands"),
        ]
        for (label, subject_type, subject_id), token in zip(subjects, averages, strict=True):
            value, status = printed(token)  # type: ignore[misc]
            rows.add((line, indicator, label, subject_type, subject_id, str(year), start, end,
                      None, value, status))
        rows.add((line, "national_rank", service, "yot", "derbyshire", str(year), start, end,
                  f"{indicator}:of_{field}", float(rank), "reported"))
    assert actual_rows(derbyshire, f"{DERBYSHIRE}#t01") == rows


def test_reoffending_cohort_table(northamptonshire) -> None:
    period = ("April 2017 - March 2018", D(2017, 4, 1), D(2018, 3, 31))
    measures = ("reoffending_cohort_size", "reoffenders_count", "reoffences_count",
                "reoffences_per_reoffender", "reoffences_per_offender", "reoffending_rate")
    printed_rows = [
        (543, "Northamptonshire", "yot", "northamptonshire", "265 84 258 3.07 0.97 31.7"),
        (544, "Family Average", "family_group", None, "321.4 116.6 458.6 3.93 1.43 36.3"),
        (545, "Regional", "region", "east-midlands", "2064 761 3066 4.03 1.49 36.9"),
        (546, "England", "national", "england", "26992 10315 41851 4.06 1.55 38.2"),
    ]
    expected = {
        (line, measure, label, subject_type, subject_id, *period, None, float(value), "reported")
        for line, label, subject_type, subject_id, values in printed_rows
        for measure, value in zip(measures, values.split(), strict=True)
    }
    assert actual_rows(northamptonshire, f"{NORTHAMPTONSHIRE}#t08") == expected


def test_ete_engagement_by_age_group(northamptonshire) -> None:
    service = ("Northamptonshire Youth Offending Service", "yot", "northamptonshire")
    period = ("2020/21", D(2020, 4, 1), D(2021, 3, 31))
    # "Unable due to Covid" and "No Covid assumption" are other measures (a share who
    # could not take part, a rate under an assumption), not breakdowns of the engagement
    # rate the "In ETE" row names: left out and reported (issue 20.4).
    printed_rows = [(576, "", "31.7 41.8 36.1")]
    expected = {
        (line, "ete_engagement_rate", *service, *period, f"{category}{age}", float(value),
         "reported")
        for line, category, values in printed_rows
        for age, value in zip(("school_age", "above_school_age", "all"), values.split(),
                              strict=True)
    }
    assert actual_rows(northamptonshire, f"{NORTHAMPTONSHIRE}#t09") == expected


def test_accommodation_outturn_below_a_chart_axis(northamptonshire) -> None:
    service = ("Northamptonshire Youth Offending Service", "yot", "northamptonshire")
    expected = {
        (608, "suitable_accommodation_rate", *service, label, D(start, 4, 1), D(start + 1, 3, 31),
         None, value, "reported")
        for label, start, value in (("17/18", 2017, 98.9), ("18/19", 2018, 99.0),
                                    ("20/21", 2020, 99.1))
    }
    assert actual_rows(northamptonshire, f"{NORTHAMPTONSHIRE}#t10") == expected


def test_only_kpi_tables_give_rows(outputs) -> None:
    assert set(outputs[DERBYSHIRE].frame["source_table"]) == {
        f"{DERBYSHIRE}#t0{n}" for n in range(1, 9)}
    assert set(outputs[NORTHAMPTONSHIRE].frame["source_table"]) == {
        f"{NORTHAMPTONSHIRE}#t{n:02d}" for n in (8, 9, 10)}
    for document in WITHOUT_KPI_TABLES:
        assert outputs[document].frame.empty, document
        assert outputs[document].issues == [], document


def test_corpus_issues_are_the_expected_notes(outputs) -> None:
    issues = [i for output in outputs.values() for i in output.issues]
    assert not [i for i in issues if i.code == NUMBER_NOT_ON_LINE]
    undated = {(i.source_line, i.message.split()[0]) for i in issues if i.code == UNDATED_PERIOD}
    assert undated == {(330, "children_in_care_convicted_rate"), (330, "national_rank")}
    local = {(i.source_table, i.source_line) for i in issues
             if i.code == LOCAL_AUTHORITY_SUBJECT}
    assert local == {(f"{DERBYSHIRE}#t0{t}", line) for t, line in (
        (5, 417), (5, 427), (6, 437), (6, 447), (7, 458), (7, 468), (8, 480), (8, 490))}
    not_breakdowns = {i.source_line for i in issues if i.code == NOT_A_BREAKDOWN}
    assert not_breakdowns == {577, 578}
    assert {i.code for i in issues} == {UNDATED_PERIOD, LOCAL_AUTHORITY_SUBJECT, NOT_A_BREAKDOWN}


def test_rules_and_expectations_pass_on_the_corpus(outputs) -> None:
    frame = pd.concat([o.frame for o in outputs.values() if not o.frame.empty],
                      ignore_index=True)
    assert check_kpi_consistency(frame) == []
    summary = TableValidator(EXPECTATIONS).validate(KPI_OBSERVATIONS, frame)
    assert summary.failures == []


def test_wide_view_lines_up_a_services_series(derbyshire) -> None:
    wide = kpi_wide(derbyshire)
    kent = wide[(wide["subject_id"] == "kent") & (wide["indicator"] == "first_time_entrants_rate")]
    assert len(kent) == 1
    assert [kent.iloc[0][str(year)] for year in range(2014, 2019)] == [454, 305, 216, 189, 144]
    periods = [c for c in wide.columns if c not in ("subject_type", "subject_id", "subject_label",
                                                    "indicator", "unit", "breakdown")]
    assert periods == sorted(periods)  # the corpus's year labels sort as their dates do
