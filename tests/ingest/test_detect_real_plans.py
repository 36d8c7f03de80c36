"""Every real plan in ../shared/real-plans is catalogued with no manifest, as its service.

The expected service of each file was read by eye from the plan's cover, file name and
first pages. Skipped when the folder is absent (the plans are never committed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest.catalogue import SourceDocument, ingest_source
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, discover_sources
from pipeline.metadata.enums import YOUTH_JUSTICE_PLAN
from pipeline.reference.areas import AreaResolver

SERVICE_BY_FILE = {
    "Lambeth Youth Justice Plan 2019-21v10a.txt": "lambeth",
    "Lancashire YOT - Youth Justice Plan 2019-20.txt": "lancashire",
    "Leicester City Youth Justice Plan 2019-20 290719.txt": "leicester",
    "Lewisham Youth Justice Plan 2018-21 v3.txt": "lewisham",
    "Liverpool YOUTH JUSTICE PLAN 2019 update with signature.txt": "liverpool",
    "Medway YOT Plan 2017 to 2020 Final signed.txt": "medway",
    "Merton Youth Justice and Crime Prevention Plan 2019-2024 YCPEB chair signed off.txt":
        "merton",
    "N Somerset Youth Justice Partnership Plan 19-22 Draft (003) (002).txt": "north-somerset",
    "NE Lincs Service Plan 18 - 20 refresh (09-08-2018) authorised DHA (19-20 refresh agreed "
    "by YJB).txt": "north-east-lincolnshire",
    "NPT YJEIS Youth Justice Plan 2019-2020.txt": "neath-port-talbot",
    "Newham  Youth Justice Plan 2019-20 v4.txt": "newham",
    "Norfolk- Youth Justice Strategic Plan 2019-20 Refresh.txt": "norfolk",
    "North Lincolnshire Youth Justice Plan 2019 - 2021.txt": "north-lincolnshire",
    "North Tyneside YJ Plan 2019 to 2021 V3.txt": "north-tyneside",
    "North Yorkshire  Strategic Youth Justice Plan 2018-19 Review (Amended Final).txt":
        "north-yorkshire",
    "Northamptonshire Youth Justice Plan 2019-20.txt": "northamptonshire",
    "Northumberland  YJP (Full)_v3.txt": "northumberland",
    "Nottinghamshire 74629  Youth Justice Plan v4.txt": "nottinghamshire",
    "Oldham YJ plan 1920 Final  draft.txt": "oldham",
    "Powys YOT Plan 2019-20 Version 3 with signatures. doc.txt": "powys",
    "Rotherham Youth Justice Plan 2019 v6.txt": "rotherham",
    "SOMERSET YOUTH JUSTICE PLAN 2019-20 FINAL.txt": "somerset",
    "Salford YJS Buisness  Plan 2019-2020.txt": "salford",
    "Sefton Youth Justice Plan 2019 - 20 FINAL.txt": "sefton",
    "Sheffield Youth Justice Plan 2019-21.txt": "sheffield",
    "Signature added - Pembrokeshire YJ Business Plan 2019-20.txt": "pembrokeshire",
    "South Gloucestershire YJP 2019-20 Final.txt": "south-gloucestershire",
    "South Tees Youth Offending Service Youth Justice Plan 2019 Final v1.txt": "south-tees",
    "Southampton 2019-20 SYOS YJ Strategic Plan Review.txt": "southampton",
    "Southend YJ Plan.txt": "southend-on-sea",
    "Stockport Youth Justice Plan 2019-20 (draft).txt": "stockport",
    "Stockton on Tees YJ Plan 19-20.txt": "stockton-on-tees",
    "Stoke Youth Justice Plan 2019- 20 signed copy.txt": "stoke-on-trent",
    "Sunderand Youth Justice Plan - 2018-20 - signed 28.10.19.txt": "sunderland",
    "Surrey Youth Justice Plan 2019-2020 final 1.0.txt": "surrey",
    "Swansea YJB Plan 2019-20 14.09.2019 Dave Howes signed off version.txt": "swansea",
    "Swindon YJ Plan 2019-20 - Final.txt": "swindon",
    "lincolnshire YJB Plan - final Word Doc v2 Draft (3).txt": "lincolnshire",
    "sandwell Youth Justice Plan 19 20.txt": "sandwell",
    "staffordsire YJ Plan - updated V6 (002).txt": "staffordshire",
}


@pytest.fixture(scope="module")
def catalogued(real_plans_dir: Path) -> dict[str, object]:
    """Each plan ingested and described with no manifest entry."""
    resolver = AreaResolver.default()
    return {
        source.name: ingest_source(source, None, resolver, DEFAULT_MAX_BYTES)
        for source in discover_sources(real_plans_dir)
        if source.name in SERVICE_BY_FILE
    }


def test_every_real_plan_is_in_the_expectations(real_plans_dir: Path) -> None:
    plans = {p.name for p in real_plans_dir.glob("*.txt")}
    assert plans == set(SERVICE_BY_FILE)


@pytest.mark.parametrize("file_name", sorted(SERVICE_BY_FILE))
def test_real_plan_is_catalogued_as_its_service(catalogued: dict, file_name: str) -> None:
    result = catalogued[file_name]
    assert isinstance(result, SourceDocument), getattr(result, "reason", result)
    assert result.metadata.yot_id == SERVICE_BY_FILE[file_name]
    assert result.metadata.document_type == YOUTH_JUSTICE_PLAN
    assert result.metadata_source == "detected"
