"""A page's rows of a table are sliced where they lie together and taken where they do
not: either way exactly the rows a filter on the column gives, in the table's order."""

from __future__ import annotations

import pandas as pd
from small_release import small_tables

from pipeline.site.data import SiteData


def test_rows_of_a_document_or_service_equal_a_filter(tmp_path) -> None:
    tables = small_tables(tmp_path)
    budget = tables["budget_contributions"]
    # interleave a second copy so that one document's rows are no longer consecutive
    mixed = pd.concat([budget, budget.iloc[::-1]], ignore_index=True)
    site = SiteData(tables={**tables, "budget_contributions": mixed}, report={},
                    version="2024.05.01", sources_dir=None)
    for column in ("document_id", "yot_id"):
        for value in set(mixed[column].dropna()):
            expected = mixed[mixed[column] == value]
            pd.testing.assert_frame_equal(site.rows_where("budget_contributions", column, value),
                                          expected)
    cells = tables["tables"]
    for document_id in set(cells["document_id"]):
        pd.testing.assert_frame_equal(site.rows_for_document("tables", document_id),
                                      cells[cells["document_id"] == document_id])
        for source_table in set(cells["source_table"]):
            assert site.count_for_source_table("tables", source_table) == int(
                (cells["source_table"] == source_table).sum())
    assert site.rows_for_document("tables", "no-such-document").empty
