"""Blocking checks of every published table, generated from the registry.

Each table's GX suite (`gx_suite`) fails (severity ERROR) when a critical expectation
fails; the release downstream then does not materialise. Its metadata names the table, the
expectation and the offending rows (document, table, line). A table whose values equal
those an earlier run validated with the same suite and code takes that run's result
(`pipeline.validate.cache`; `result_stored` in its metadata).

A fact table also has its domain's `rules` check. The rules themselves are applied in
`catalogue`, per document and source table (`pipeline.validate.withhold`): a table of a
document that fails one is withheld, a source's own inconsistency is published and
flagged. This check runs the rules again on the table as published (on the documents the
judging changed: see `published_verdict_problems`), and fails only when the judging itself
went wrong. Both checks of a fact table run in one step (one load of the table, one step's
events), each selectable on its own.
"""


import dagster as dg

from pipeline.assets.documents import validation_store
from pipeline.extract.base import Domain
from pipeline.metadata.registry import TableSpec, get_table
from pipeline.report import TableOutput
from pipeline.resources import GreatExpectations, ProjectPaths
from pipeline.validate.cache import validate_stored
from pipeline.validate.withhold import published_verdict_problems

CHECK_NAME = "gx_suite"
RULES_CHECK = "rules"
STORED = "result_stored"


def _suite_description(spec: TableSpec) -> str:
    return f"Great Expectations suite expectations/{spec.name}.json"


def suite_result(spec: TableSpec, table: TableOutput, gx: GreatExpectations,
                 paths: ProjectPaths) -> dg.AssetCheckResult:
    """The table's GX suite as a check result."""
    summary, stored = validate_stored(lambda: gx.validator, spec, table.frame,
                                      validation_store(paths), gx.restore)
    details = summary.as_dict()
    return dg.AssetCheckResult(
        asset_key=spec.name,
        check_name=CHECK_NAME,
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


def rules_result(domain: Domain, name: str, table: TableOutput) -> dg.AssetCheckResult:
    """The domain's rules on the published table as a check result."""
    problems = published_verdict_problems(domain, name, table)
    return dg.AssetCheckResult(
        asset_key=name,
        check_name=RULES_CHECK,
        passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR,
        description="; ".join(problems)[:2000] or None,
        metadata={
            "summary": dg.MetadataValue.json({
                "table": name,
                "success": not problems,
                "failed": problems,
                # The rules' warnings are in the table's issues, reported once.
                "warning_issues": [],
            }),
            "errors": len(problems),
        },
    )


def suite_spec(spec: TableSpec) -> dg.AssetCheckSpec:
    """The blocking GX suite check of a table whose own step runs it (`check_specs`)."""
    return dg.AssetCheckSpec(CHECK_NAME, asset=spec.name, blocking=True,
                             description=_suite_description(spec))


def selected(context: dg.AssetExecutionContext, spec: dg.AssetCheckSpec) -> bool:
    """Whether this run selected the check (an asset's own checks can be left out)."""
    return spec.key in context.selected_asset_check_keys


def table_check(spec: TableSpec) -> dg.AssetChecksDefinition:
    """The blocking expectation-suite check of one table asset."""

    @dg.asset_check(asset=spec.name, name=CHECK_NAME, blocking=True,
                    description=_suite_description(spec))
    def _check(table: TableOutput, gx: GreatExpectations,
               paths: ProjectPaths) -> dg.AssetCheckResult:
        return suite_result(spec, table, gx, paths)

    return _check


def fact_table_checks(domain: Domain, name: str) -> dg.AssetChecksDefinition:
    """A fact table's blocking GX suite and rules checks, in one step."""
    spec = get_table(name)
    specs = [
        dg.AssetCheckSpec(CHECK_NAME, asset=name, blocking=True,
                          description=_suite_description(spec)),
        dg.AssetCheckSpec(RULES_CHECK, asset=name, blocking=True,
                          description=f"Consistency rules of the {domain.name} domain for "
                          f"{name}, on the rows as published (a failing table of a "
                          "document is withheld before publishing)."),
    ]

    @dg.multi_asset_check(name=f"{name}_checks", specs=specs, can_subset=True,
                          ins={"table": dg.AssetIn(key=name)})
    def _checks(context: dg.AssetCheckExecutionContext, table: TableOutput,
                gx: GreatExpectations, paths: ProjectPaths):
        selected = {key.name for key in context.selected_asset_check_keys}
        if CHECK_NAME in selected:
            yield suite_result(spec, table, gx, paths)
        if RULES_CHECK in selected:
            yield rules_result(domain, name, table)

    return _checks


def checks(fact_domains: dict[str, Domain], specs: list[TableSpec],
           in_own_step: set[str] = frozenset()) -> list[dg.AssetChecksDefinition]:
    """Every table's checks: both in one step for a fact table, the suite for the others,
    but none for the tables in `in_own_step`, whose asset runs its suite in its own step
    (`suite_spec`): a separate step would load the table again and add its events."""
    return [fact_table_checks(fact_domains[spec.name], spec.name) if spec.name in fact_domains
            else table_check(spec) for spec in specs if spec.name not in in_own_step]
