"""The `withheld` table, its release-blocking suite and share checks (run in its own step),
and each withheld document's account on its own partition in the Dagster UI.

The fact tables are judged in `catalogue` (`pipeline.validate.withhold`); this asset joins
what each of them left out. One observation per document with a table withheld or rows
flagged tells the analyst looking at that document's partition which tables and why (the
documents' own materialisations happen before the tables are judged)."""

import dagster as dg

from pipeline.assets.checks import selected, suite_result, suite_spec
from pipeline.assets.documents import EXTRACTED_TABLES
from pipeline.assets.metadata import table_metadata
from pipeline.assets.partitions import DOCUMENT_EXTRACTS
from pipeline.metadata.registry import WITHHELD
from pipeline.report import TableOutput
from pipeline.resources import GreatExpectations, ProjectPaths, ReleasePolicy
from pipeline.validate.withhold import (
    by_document,
    flagged_rows,
    share_problem,
    withheld_table,
)

SHARE_CHECK = "withheld_share"
DOCUMENTS_WITHHELD = "documents_withheld"
TABLES_WITHHELD = "tables_withheld"
ROWS_FLAGGED = "rows_flagged"


SUITE = suite_spec(WITHHELD)
SHARE = dg.AssetCheckSpec(
    SHARE_CHECK, asset=WITHHELD.name, blocking=True,
    description="Blocks the release when no document was ingested, or when more than the "
    "allowed share of the documents have a table withheld.")


@dg.asset(
    name=WITHHELD.name,
    group_name="catalogue",
    ins={**{name: dg.AssetIn(key=name) for name in EXTRACTED_TABLES},
         "documents": dg.AssetIn("documents")},
    description=WITHHELD.description,
    check_specs=[SUITE, SHARE],
)
def withheld(context: dg.AssetExecutionContext, documents: TableOutput, paths: ProjectPaths,
             gx: GreatExpectations, policy: ReleasePolicy, **tables: TableOutput):
    """The joined table, then its two blocking checks in the same step (a step of their
    own would load the table again and add its events to every run)."""
    frame = withheld_table(tables)
    facts = {name: table.frame for name, table in tables.items()}
    for document, found in sorted(by_document(frame, facts).items()):
        context.log_event(dg.AssetObservation(
            asset_key=DOCUMENT_EXTRACTS, partition=document,
            description="tables withheld from the release, or rows flagged",
            metadata={"withheld": dg.MetadataValue.md(
                          "\n".join(f"- {line}" for line in found["withheld"]) or "_none_"),
                      "withheld_tables": len(found["withheld"]),
                      "flagged_rows": found["flagged"]}))
    output = TableOutput(frame)
    yield dg.Output(output, metadata={
        **table_metadata(WITHHELD, frame, 0),
        DOCUMENTS_WITHHELD: int(frame["document_id"].nunique()),
        TABLES_WITHHELD: len(frame),
        "rows_withheld": int(frame["row_count"].sum()) if len(frame) else 0,
        ROWS_FLAGGED: sum(flagged_rows(f) for f in facts.values()),
    })
    if selected(context, SUITE):
        yield suite_result(WITHHELD, output, gx, paths)
    if selected(context, SHARE):
        yield withheld_share(output, documents, policy)


def withheld_share(withheld: TableOutput, documents: TableOutput,
                   policy: ReleasePolicy) -> dg.AssetCheckResult:
    """The share check's result: too few documents, or too many with a table withheld."""
    accepted = len(documents.frame)
    problem = share_problem(withheld.frame, accepted, policy.max_withheld_share)
    affected = int(withheld.frame["document_id"].nunique())
    return dg.AssetCheckResult(
        asset_key=WITHHELD.name,
        check_name=SHARE_CHECK,
        passed=problem is None,
        severity=dg.AssetCheckSeverity.ERROR,
        description=problem,
        metadata={
            "summary": dg.MetadataValue.json({
                "table": WITHHELD.name, "success": problem is None,
                "failed": [problem] if problem else [], "warning_issues": [],
                "documents": accepted, "documents_withheld": affected,
                "max_withheld_share": policy.max_withheld_share,
            }),
            "documents": accepted,
            DOCUMENTS_WITHHELD: affected,
        },
    )
