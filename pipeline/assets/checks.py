"""Blocking GX checks: one per published table, generated from the registry.

A table whose values equal those an earlier run validated with the same suite and code
takes that run's result (`pipeline.validate.cache`; `result_stored` in its metadata).

A check fails (severity ERROR) when a critical expectation fails; the release
downstream then does not materialise. Its metadata names the table, the
expectation and the offending rows (document, table, line).
"""


import dagster as dg

from pipeline.assets.documents import validation_store
from pipeline.metadata.registry import TableSpec
from pipeline.report import TableOutput
from pipeline.resources import GreatExpectations, ProjectPaths
from pipeline.validate.cache import validate_stored

CHECK_NAME = "gx_suite"
STORED = "result_stored"


def table_check(spec: TableSpec) -> dg.AssetChecksDefinition:
    """The blocking expectation-suite check of one table asset."""

    @dg.asset_check(
        asset=spec.name,
        name=CHECK_NAME,
        blocking=True,
        description=f"Great Expectations suite expectations/{spec.name}.json",
    )
    def _check(table: TableOutput, gx: GreatExpectations,
               paths: ProjectPaths) -> dg.AssetCheckResult:
        summary, stored = validate_stored(lambda: gx.validator, spec, table.frame,
                                          validation_store(paths))
        details = summary.as_dict()
        return dg.AssetCheckResult(
            passed=summary.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description="; ".join(details["failed"])[:2000] or None,
            metadata={
                "summary": dg.MetadataValue.json(details),
                "rows": summary.rows,
                "expectations": len(summary.outcomes),
                "failed": len(summary.failures),
                "warnings": len(summary.warnings),
                # The same values were validated by an earlier run with the same suite.
                STORED: stored,
            },
        )

    return _check
