"""Tests for the yots/areas reference data and the area-name resolver.

The data file is hand-reviewed, so these tests guard its shape (ids, GSS codes, enum
values) and pin the resolver's behaviour on every area label the corpus prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.metadata.enums import (
    NATIONS,
    SUBJECT_NATIONAL,
    SUBJECT_REGION,
    SUBJECT_YOT,
)
from pipeline.reference.areas import (
    VIA_LOCAL_AUTHORITY,
    YOTS_COLUMNS,
    Area,
    AreaResolver,
    load_areas,
    load_yots,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = ROOT / "datasets" / "sources"

ENGLISH_REGIONS = {
    "north-east",
    "north-west",
    "yorkshire-and-the-humber",
    "east-midlands",
    "west-midlands",
    "east-of-england",
    "london",
    "south-east",
    "south-west",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Upper-tier GSS codes: E06 unitary, E08 metropolitan district, E09 London borough,
# E10 county, W06 Welsh unitary. (The brief's ``^[EW]0[6-9]\d{6}$`` cannot match E10.)
GSS_RE = re.compile(r"^(?:E06|E08|E09|E10|W06)\d{6}$")


@pytest.fixture(scope="module")
def yots() -> pd.DataFrame:
    return load_yots()


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return load_areas()


@pytest.fixture(scope="module")
def resolver() -> AreaResolver:
    return AreaResolver.default()


def _fixture_lines(name: str) -> list[str]:
    """Non-empty lines of a fixture file, kept exactly as printed (no stripping)."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


# --------------------------------------------------------------------------- data shape


def test_yots_columns_and_order(yots: pd.DataFrame) -> None:
    assert tuple(yots.columns) == YOTS_COLUMNS
    assert list(yots["yot_id"]) == sorted(yots["yot_id"])


def test_at_least_150_services(yots: pd.DataFrame) -> None:
    assert len(yots) >= 150


def test_ids_are_unique_slugs(yots: pd.DataFrame, areas: pd.DataFrame) -> None:
    assert yots["yot_id"].is_unique
    assert all(SLUG_RE.match(i) for i in yots["yot_id"])
    assert areas["area_id"].is_unique
    assert all(SLUG_RE.match(i) for i in areas["area_id"])
    assert not set(yots["yot_id"]) & set(areas["area_id"])


def test_gss_codes_valid_and_unique(yots: pd.DataFrame) -> None:
    codes = [c for row in yots["local_authority_codes"] for c in row]
    bad = [c for c in codes if not GSS_RE.match(c)]
    assert not bad
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    assert not duplicates
    assert all(len(row) >= 1 for row in yots["local_authority_codes"])


def test_nation_matches_codes_and_region(yots: pd.DataFrame) -> None:
    for row in yots.itertuples(index=False):
        assert row.nation in NATIONS, row.yot_id
        prefix = "W" if row.nation == "wales" else "E"
        assert all(c.startswith(prefix) for c in row.local_authority_codes), row.yot_id
        if row.nation == "wales":
            assert row.region == "wales", row.yot_id
        else:
            assert row.region in ENGLISH_REGIONS, row.yot_id


def test_every_region_has_services(yots: pd.DataFrame) -> None:
    assert set(yots["region"]) == ENGLISH_REGIONS | {"wales"}


def test_names_and_lists_are_consistent(yots: pd.DataFrame) -> None:
    for row in yots.itertuples(index=False):
        assert row.name.strip() == row.name and row.name, row.yot_id
        assert len(row.local_authority_codes) == len(row.local_authority_names), row.yot_id
        assert all(n.strip() for n in row.local_authority_names), row.yot_id
        assert all(a.strip() == a and a for a in row.aliases), row.yot_id


def test_areas_file(areas: pd.DataFrame) -> None:
    regions = set(areas.loc[areas["area_type"] == SUBJECT_REGION, "area_id"])
    nationals = set(areas.loc[areas["area_type"] == SUBJECT_NATIONAL, "area_id"])
    assert regions == ENGLISH_REGIONS
    assert nationals == {"england", "wales", "england-and-wales"}
    assert len(areas) == len(regions) + len(nationals)


def test_no_ambiguous_keys(resolver: AreaResolver) -> None:
    """Two areas must never share a matching key: the resolver would return None."""
    assert resolver.ambiguous_keys == {}


# --------------------------------------------------------------------------- resolving


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Herefordshire", "west-mercia"),
        ("Shropshire", "west-mercia"),
        ("Telford and Wrekin", "west-mercia"),
        ("Telford & Wrekin", "west-mercia"),
        ("Telford", "west-mercia"),
        ("Worcestershire", "west-mercia"),
        ("West Mercia YOS", "west-mercia"),
        ("Dorset", "dorset-combined"),
        ("Bournemouth, Christchurch and Poole", "dorset-combined"),
        ("Dorset Combined YOS", "dorset-combined"),
        ("DORSET COMBINED YOUTH OFFENDING SERVICE", "dorset-combined"),
        ("Dorset Combined Youth Offending Service", "dorset-combined"),
        ("North Northamptonshire", "northamptonshire"),
        ("West Northamptonshire", "northamptonshire"),
        ("Northamptonshire Youth Offending Service", "northamptonshire"),
        ("Cheshire West & Chester", "cheshire"),
        ("Cheshire West and Chester", "cheshire"),
        ("Halton", "cheshire"),
        ("Notts", "nottinghamshire"),
        ("Nottinghamshire YOS", "nottinghamshire"),
        ("Nottinghamshire Youth Justice Service", "nottinghamshire"),
        ("Nottingham City YOT", "nottingham"),
        ("<b>Darlington</b>", "darlington"),
        ("**Darlington**", "darlington"),
        ("Darlington*", "darlington"),
        ("Darlington (1)", "darlington"),
        ("Darlington<sup>3</sup>", "darlington"),
        ("Darlington:", "darlington"),
        ("darlington youth offending service", "darlington"),
        ("Darlington\u00a0YOS", "darlington"),
        ("Darlington үот", "darlington"),
        ("Darlington ΥΟΤ", "darlington"),
        ("Dаrlington", "darlington"),
        ("Darlington Borough Council", "darlington"),
        ("North amptonshire", "northamptonshire"),
        ("Not tinghamshire", "nottinghamshire"),
        ("B&NES", "bath-and-north-east-somerset"),
        ("Bath & North East Somerset", "bath-and-north-east-somerset"),
        ("Stockton on Tees", "stockton-on-tees"),
        ("St Helens", "st-helens"),
        ("St. Helens", "st-helens"),
        ("Kingston upon Hull, City of", "kingston-upon-hull"),
        ("Hull", "kingston-upon-hull"),
        ("Bristol, City of", "bristol"),
        ("City of Bristol", "bristol"),
        ("Herefordshire, County of", "west-mercia"),
        ("London Borough of Hackney", "hackney"),
        ("Royal Borough of Kensington and Chelsea", "kensington-and-chelsea"),
        ("City of London", "tower-hamlets"),
        ("Isles of Scilly", "cornwall"),
        ("Rutland", "leicestershire"),
        ("Ynys Môn", "gwynedd-and-ynys-mon"),
        ("The Vale of Glamorgan", "vale-of-glamorgan"),
        ("Monmouthshire & Torfaen YOS", "monmouthshire-and-torfaen"),
    ],
)
def test_resolves_services(resolver: AreaResolver, label: str, expected: str) -> None:
    area = resolver.resolve(label)
    assert area is not None, label
    assert (area.area_type, area.area_id) == (SUBJECT_YOT, expected)


@pytest.mark.parametrize(
    ("label", "area_type", "expected"),
    [
        ("England", SUBJECT_NATIONAL, "england"),
        ("ENGLAND", SUBJECT_NATIONAL, "england"),
        ("National average", SUBJECT_NATIONAL, "england"),
        ("National Avg (England Only)", SUBJECT_NATIONAL, "england"),
        ("Wales", SUBJECT_NATIONAL, "wales"),
        ("England & Wales", SUBJECT_NATIONAL, "england-and-wales"),
        ("England and Wales", SUBJECT_NATIONAL, "england-and-wales"),
        ("E&W", SUBJECT_NATIONAL, "england-and-wales"),
        ("East Midlands", SUBJECT_REGION, "east-midlands"),
        ("East-Midlands average", SUBJECT_REGION, "east-midlands"),
        ("Yorkshire & Humber", SUBJECT_REGION, "yorkshire-and-the-humber"),
        ("North East", SUBJECT_REGION, "north-east"),
        ("London", SUBJECT_REGION, "london"),
        ("South West", SUBJECT_REGION, "south-west"),
    ],
)
def test_resolves_regions_and_nations(
    resolver: AreaResolver, label: str, area_type: str, expected: str
) -> None:
    assert resolver.resolve(label) == Area(
        expected, area_type, resolver.areas[(area_type, expected)].name
    )


@pytest.mark.parametrize(
    "label",
    [
        "Statistical neighbour average",
        "Comparator group average",
        "YOT family average",
        "Family Average",
        "YOT Comparator Group",
        "SN Comparator Group*",
        "Regional",
        "Atlantis",
        "Springfield YOT",
        "Darlir gton",
        "Darlir",
        "YOT",
        "үот",
        "Council",
        "Total",
        "",
        "   ",
        "<b></b>",
    ],
)
def test_unknown_or_group_labels_return_none(resolver: AreaResolver, label: str) -> None:
    assert resolver.resolve(label) is None


def test_match_reports_local_authority(resolver: AreaResolver) -> None:
    found = resolver.match("Worcestershire YOT")
    assert found is not None
    assert found.area.area_id == "west-mercia"
    assert found.via == VIA_LOCAL_AUTHORITY


def test_every_la_name_and_service_name_resolves_to_itself(
    resolver: AreaResolver, yots: pd.DataFrame
) -> None:
    for row in yots.itertuples(index=False):
        for label in [row.name, row.yot_id, *row.aliases, *row.local_authority_names]:
            area = resolver.resolve(label)
            assert area is not None and area.area_id == row.yot_id, (label, area)


def test_every_area_name_resolves_to_itself(resolver: AreaResolver, areas: pd.DataFrame) -> None:
    for row in areas.itertuples(index=False):
        for label in [row.name, *row.aliases]:
            area = resolver.resolve(label)
            assert area is not None and area.area_id == row.area_id, (label, area)


def test_default_is_cached() -> None:
    assert AreaResolver.default() is AreaResolver.default()


# --------------------------------------------------------------------------- corpus

CORPUS_EXPECTED = {
    "<b>Derbyshire</b>": "derbyshire",
    "<b>Derbyshire YOT</b>": "derbyshire",
    "Cheshire West and Chester YOT": "cheshire",
    "Worcestershire YOT": "west-mercia",
    "Monmouthshire and Torfaen": "monmouthshire-and-torfaen",
    "West Mercia": "west-mercia",
    "Darlington YOS": "darlington",
    "England": "england",
    "National average": "england",
    "National Avg (England Only)": "england",
    "East Midlands": "east-midlands",
}


def test_every_corpus_area_label_resolves(resolver: AreaResolver) -> None:
    labels = _fixture_lines("corpus_area_labels.txt")
    assert len(labels) >= 20
    unresolved = [label for label in labels if resolver.resolve(label) is None]
    assert not unresolved
    for label in labels:
        if label in CORPUS_EXPECTED:
            area = resolver.resolve(label)
            assert area is not None and area.area_id == CORPUS_EXPECTED[label], label


def test_corpus_group_labels_resolve_to_none(resolver: AreaResolver) -> None:
    """Group averages, and "Regional" (whose region depends on the publishing service)."""
    labels = _fixture_lines("corpus_group_labels.txt")
    assert labels
    assert [label for label in labels if resolver.resolve(label) is not None] == []


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("darlington-hmip-inspection-2021.txt", "darlington"),
        ("darlington-youth-justice-plan-2018-19.txt", "darlington"),
        ("derbyshire-youth-justice-plan-2019-20.txt", "derbyshire"),
        ("dorset-youth-justice-plan-2017-18.txt", "dorset-combined"),
        ("northamptonshire-youth-justice-plan-2021-22.txt", "northamptonshire"),
    ],
)
def test_find_mentions_identifies_document_service(
    resolver: AreaResolver, document: str, expected: str
) -> None:
    path = SOURCES / document
    if not path.exists():
        pytest.skip(f"corpus document {document} not present")
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    found = [
        area.area_id
        for line in lines[:6]
        for area, _start, _end in resolver.find_mentions(line)
        if area.area_type == SUBJECT_YOT
    ]
    assert found and found[0] == expected, found


def test_find_mentions_spans(resolver: AreaResolver) -> None:
    line = "Derbyshire Youth Offending Service works with Durham YOS and NHS England."
    found = [(a.area_id, line[s:e]) for a, s, e in resolver.find_mentions(line)]
    assert found == [
        ("derbyshire", "Derbyshire Youth Offending Service"),
        ("county-durham", "Durham YOS"),
        ("england", "England"),
    ]


def test_find_mentions_prefers_longest(resolver: AreaResolver) -> None:
    line = "Board for England and Wales; North East Lincolnshire; North East region"
    found = [a.area_id for a, _s, _e in resolver.find_mentions(line)]
    assert found == ["england-and-wales", "north-east-lincolnshire", "north-east"]


def test_find_mentions_ignores_lower_case_words(resolver: AreaResolver) -> None:
    line = "reading the report, staff in bury and the national average"
    assert resolver.find_mentions(line) == []


def test_find_mentions_in_inspection_title(resolver: AreaResolver) -> None:
    line = "An inspection of youth offending services in Darlington"
    found = [(a.area_id, line[s:e]) for a, s, e in resolver.find_mentions(line)]
    assert found == [("darlington", "Darlington")]


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_resolve_never_raises(label: str) -> None:
    resolver = AreaResolver.default()
    area = resolver.resolve(label)
    assert area is None or isinstance(area, Area)
    assert isinstance(resolver.normalise(label), str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_find_mentions_never_raises_and_spans_are_ordered(text: str) -> None:
    mentions = AreaResolver.default().find_mentions(text)
    last_end = 0
    for area, start, end in mentions:
        assert isinstance(area, Area)
        assert last_end <= start < end <= len(text)
        last_end = end


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Darlington", "West Mercia", "Northamptonshire", "Notts", "England"]),
    st.sampled_from(["", " YOT", " YOS", " Youth Offending Service", "*", " (2)", "."]),
    st.sampled_from(["", "<b>", "**"]),
)
def test_decoration_does_not_change_resolution(base: str, suffix: str, markup: str) -> None:
    resolver = AreaResolver.default()
    close = markup.replace("<", "</")
    decorated = f"{markup}{base}{suffix}{close}"
    assert resolver.resolve(decorated) == resolver.resolve(base)


def test_police_and_crime_commissioner_areas_need_a_marker_unless_their_name_is_unique():
    from pipeline.metadata.enums import SUBJECT_PCC_AREA

    resolver = AreaResolver.default()
    for label, area_id in [("South Yorkshire PCC", "pcc-south-yorkshire"),
                           ("PCC Avon & Somerset", "pcc-avon-and-somerset"),
                           ("London PCC Area", "pcc-london"),
                           ("Surrey Police", "pcc-surrey"),
                           ("Greater Manchester", "pcc-greater-manchester"),
                           ("Thames Valley", "pcc-thames-valley")]:
        area = resolver.pcc_area(label)
        assert area is not None and (area.area_type, area.area_id) == (SUBJECT_PCC_AREA,
                                                                       area_id), label
    assert resolver.pcc_area("Surrey") is None  # the service, not the force area
    assert resolver.pcc_area("West Midlands") is None  # the region
    assert resolver.pcc_area("PCC area") is None


def test_subjects_hold_every_area_once_with_councils_by_gss_code() -> None:
    from pipeline.metadata.registry import SUBJECTS
    from pipeline.metadata.schemas import conform
    from pipeline.reference.areas import load_areas, load_pcc_areas, load_subjects

    subjects = conform(load_subjects(), SUBJECTS)
    assert subjects["subject_id"].is_unique
    yots = load_yots()
    by_type = subjects.groupby("subject_type")["subject_id"].apply(set).to_dict()
    assert by_type["yot"] == set(yots["yot_id"])
    assert by_type["pcc_area"] == set(load_pcc_areas()["area_id"])
    assert by_type["region"] | by_type["national"] == set(load_areas()["area_id"])
    councils = subjects[subjects["subject_type"] == "local_authority"]
    assert len(councils) == sum(len(c) for c in yots["local_authority_codes"])
    assert councils["subject_id"].str.fullmatch(r"[EW]\d{8}").all()
    assert set(councils["yot_id"]) <= set(yots["yot_id"])
