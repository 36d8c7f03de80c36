"""The registry is the contract: same tables, columns and enum values, nothing renamed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from pipeline.metadata import enums
from pipeline.metadata.registry import REGISTRY, TABLE_SPECS, foreign_keys, get_table
from pipeline.metadata.schemas import (
    arrow_schema,
    conform,
    dagster_table_schema,
    empty_frame,
    frictionless_schema,
    to_arrow,
)

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "data-contract.md"
PROVENANCE = ["document_id", "yot_id", "source_line", "source_table"]

# Columns as the contract lists them (docs/data-contract.md, a verbatim copy of the spec).
CONTRACT_COLUMNS = {
    "yots": ["yot_id", "name", "aliases", "nation", "region", "local_authority_codes",
             "local_authority_names"],
    "indicators": ["indicator", "label", "unit", "definition", "better"],
    "documents": ["document_id", "yot_id", "document_type", "title", "period_label",
                  "period_start", "period_end", "published", "source_file", "sha256",
                  "size_bytes", "line_count", "table_count", "licence"],
    "tables": ["document_id", "source_table", "caption", "row_index", "column_index",
               "is_header", "text", "source_line"],
    "budget_contributions": ["financial_year", "agency", "agency_label", "contribution_type",
                             "amount_gbp", *PROVENANCE],
    "grant_spend": ["financial_year", "priority", "item_label", "amount_gbp", "is_total",
                    *PROVENANCE],
    "kpi_observations": ["indicator", "subject_label", "subject_type", "subject_id",
                         "period_label", "period_start", "period_end", "breakdown", "value",
                         "value_status", "unit", *PROVENANCE],
    "demographics": ["population", "dimension", "category", "subject_type", "period_label",
                     "value", "unit", *PROVENANCE],
    "workforce": ["group", "role", "contract_type", "working_pattern", "gender", "ethnicity",
                  "value", "unit", "as_of_label", *PROVENANCE],
    "caseloads": ["caseload_type", "team", "as_of_label", "as_of_date", "value", "unit",
                  *PROVENANCE],
    "inspection_ratings": ["domain", "standard_code", "standard_name", "rating", "score",
                           "max_score", *PROVENANCE],
    "inspection_questions": ["domain", "standard_code", "question", "parent_question",
                             "sample_label", "relevant_cases", "yes_cases", "yes_rate",
                             *PROVENANCE],
}
FACTS = [name for name in CONTRACT_COLUMNS if get_table(name).role == "fact"]
# Additions the issues asked for; adding a column is a minor change under the contract.
ADDITIONS = {
    "documents": {"encoding", "publisher", "metadata_source", "inspected_yot_id",
                  "fieldwork_start", "fieldwork_end", "numeric_lines",
                  "numeric_lines_outside_tables", "numeric_lines_unread", "source_format",
                  "page_count", "rendering_sha256", "source_url"},
    "tables": {"kind", "n_rows", "n_columns"},
    **{name: {"quality_flags", "source_page"} for name in FACTS},
    "grant_spend": {"item_position", "quality_flags", "source_page"},
}
# Issue 17: a surrogate `row_id` where the natural key has optional members.
for _name in FACTS:
    ADDITIONS[_name] = ADDITIONS[_name] | {"row_id"}
ADDITIONS["kpi_observations"] |= {"period_type"}
ADDITIONS["workforce"] |= {"as_of_date"}
# Tables added to the contract since (each with its own section in docs/data-contract.md).
ADDED_TABLES = {
    "withheld": ["document_id", "fact_table", "source_table", "rule", "message", "first_line",
                 "row_count", "failures", "row_id"],
    "subjects": ["subject_id", "subject_type", "name", "yot_id", "region"],
    "kpi_series": ["indicator", "subject_key", "subject_id", "subject_type", "subject_name",
                   "subject_labels", "period", "period_start", "period_end", "period_type",
                   "period_labels", "breakdown", "unit", "value", "value_status", "conflict",
                   "values", "n_documents", "n_rows", "document_ids", "source_row_ids",
                   "row_id"],
}


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_registry_has_exactly_the_contract_columns(table: str) -> None:
    registry_columns = set(get_table(table).column_names)
    assert registry_columns - ADDITIONS.get(table, set()) == set(CONTRACT_COLUMNS[table])


def test_every_contract_table_and_column_is_named_in_the_contract_text() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    for table, columns in {**CONTRACT_COLUMNS, **ADDED_TABLES}.items():
        assert f"`{table}`" in text
        for column in columns:
            assert f"`{column}`" in text, column
    assert "`quality_flags`" in text


@pytest.mark.parametrize("table", sorted(ADDED_TABLES))
def test_added_tables_have_their_columns(table: str) -> None:
    assert get_table(table).column_names == ADDED_TABLES[table]


@pytest.mark.parametrize(
    ("values", "section"),
    [
        (enums.AGENCIES, "budget_contributions"),
        (enums.CONTRIBUTION_TYPES, "budget_contributions"),
        (enums.SUBJECT_TYPES, "kpi_observations"),
        (enums.KPI_UNITS, "kpi_observations"),
        (enums.VALUE_STATUSES, "kpi_observations"),
        (enums.PERIOD_TYPES, "kpi_observations"),
        (enums.POPULATIONS, "demographics"),
        (enums.DEMOGRAPHIC_DIMENSIONS, "demographics"),
        (enums.CASELOAD_TYPES, "caseloads"),
        (enums.INSPECTION_DOMAINS, "inspection_ratings"),
        (enums.RATINGS, "inspection_ratings"),
        (enums.DOCUMENT_TYPES, "documents"),
        (enums.QUALITY_FLAGS, "quality_flags"),
    ],
)
def test_enum_values_are_spelled_as_in_the_contract(values: tuple[str, ...], section: str) -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    body = text[text.index(f"### `{section}`"):]
    for value in values:
        assert re.search(rf"`{re.escape(value)}`", body), f"{value} not in the {section} section"


def test_indicator_enum_matches_the_contract() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `indicator` |"))
    printed = re.findall(r"`([a-z_]+)`", row.split("|")[2])
    assert tuple(printed) == get_table("indicators").column("indicator").enum


def test_every_fact_table_carries_provenance_and_a_primary_key() -> None:
    """Provenance, then `quality_flags` and `source_page`, and `row_id` last (added at the
    end, where a new column moves no other column of a CSV file)."""
    for spec in TABLE_SPECS:
        if spec.role == "fact":
            names = spec.column_names
            start = names.index("document_id")
            assert names[start:start + 6] == [*PROVENANCE, "quality_flags", "source_page"]
            assert names[-1] == "row_id"  # later additions sit between the two
            assert spec.column("source_line").type == "int32"
            assert spec.column("quality_flags").enum == enums.QUALITY_FLAGS
        assert spec.primary_key


@pytest.mark.parametrize("spec", TABLE_SPECS, ids=lambda s: s.name)
def test_generated_schemas_agree(spec) -> None:
    schema = arrow_schema(spec)
    assert schema.names == spec.column_names
    empty = empty_frame(spec)
    assert list(empty.columns) == spec.column_names and empty.empty
    assert to_arrow(empty, spec).schema == schema
    frictionless = frictionless_schema(spec)
    assert [f["name"] for f in frictionless["fields"]] == spec.column_names
    assert [c.name for c in dagster_table_schema(spec).columns] == spec.column_names


def test_conform_orders_casts_and_rejects_unknown_columns() -> None:
    spec = REGISTRY["rejections"]
    frame = conform(pd.DataFrame({"reason": ["empty file"], "source_file": ["a.txt"],
                                  "size_bytes": [0]}), spec)
    assert list(frame.columns) == spec.column_names
    assert to_arrow(frame, spec).schema.field("size_bytes").type == pa.int64()
    with pytest.raises(ValueError, match="not in the registry"):
        conform(pd.DataFrame({"source_file": ["a"], "reason": ["r"], "colour": ["x"]}), spec)
    with pytest.raises(ValueError, match="required column 'reason'"):
        conform(pd.DataFrame({"source_file": ["a"]}), spec)


def test_every_database_key_has_no_optional_member_and_foreign_keys_follow_names() -> None:
    for spec in TABLE_SPECS:
        assert spec.database_key and not [k for k in spec.database_key
                                          if spec.column(k).nullable], spec.name
        for fk in foreign_keys(spec):
            target = get_table(fk.table)
            assert target.database_key == (fk.reference,) and fk.column == fk.reference
    kpi = {(fk.column, fk.table) for fk in foreign_keys(get_table("kpi_observations"))}
    assert kpi == {("indicator", "indicators"), ("subject_id", "subjects"),
                   ("document_id", "documents"), ("yot_id", "yots")}
    assert foreign_keys(get_table("rejections")) == ()  # a rejected file is no document
    schema = frictionless_schema(get_table("kpi_observations"))
    assert schema["primaryKey"] == ["row_id"]
    assert {"fields": ["subject_id"], "reference": {"resource": "subjects-csv",
                                                    "fields": ["subject_id"]}} in schema[
        "foreignKeys"]
    other = dagster_table_schema(get_table("kpi_observations")).constraints.other
    assert "primary key: row_id" in other
    assert "foreign key: subject_id -> subjects.subject_id" in other


def test_row_ids_hash_the_natural_key_whatever_the_column_types() -> None:
    spec = get_table("caseloads")
    row = {"caseload_type": "custody", "team": None, "as_of_label": "31 March 2021",
           "as_of_date": dt.date(2021, 3, 31), "value": 4.0, "unit": "count",
           "document_id": "doc", "yot_id": "kent", "source_line": 12,
           "source_table": "doc#t01"}
    first = conform(pd.DataFrame([row]), spec)
    again = conform(pd.DataFrame([{**row, "value": 5.0}]).astype({"source_line": "int64"}),
                    spec)
    moved = conform(pd.DataFrame([{**row, "source_line": 13}]), spec)
    assert first["row_id"].iloc[0] == again["row_id"].iloc[0]  # not a key member: same id
    assert first["row_id"].iloc[0] != moved["row_id"].iloc[0]
    assert re.fullmatch(r"[0-9a-f]{16}", first["row_id"].iloc[0])
