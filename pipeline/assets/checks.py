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
went wrong. A table's checks run in the step that makes it (`check_specs`: no second load of
the table, no step of their own), each selectable on its own.
"""


from collections.abc import Collection, Iterator
from pathlib import Path

import dagster as dg

from pipeline.extract.base import Domain
from pipeline.metadata.registry import TableSpec, get_table
from pipeline.report import TableOutput
from pipeline.resources import GreatExpectations, ProjectPaths
from pipeline.validate.cache import ResultStore, validate_stored, validation_version
from pipeline.validate.withhold import published_verdict_problems

CHECK_NAME = "gx_suite"
RULES_CHECK = "rules"
STORED = "result_stored"


def validation_store(paths: ProjectPaths) -> ResultStore:
    """Where this run's validation results are kept between runs (`pipeline.validate.cache`)."""
    root = Path(paths.validation_cache_dir) if paths.validation_cache_dir else None
    return ResultStore(root, validation_version(paths.expectations))


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
    """The blocking expectation-suite check of one table asset whose own step does not
    run it (a placeholder fact table)."""

    @dg.asset_check(asset=spec.name, name=CHECK_NAME, blocking=True,
                    description=_suite_description(spec))
    def _check(table: TableOutput, gx: GreatExpectations,
               paths: ProjectPaths) -> dg.AssetCheckResult:
        return suite_result(spec, table, gx, paths)

    return _check


def rules_spec(domain: Domain, name: str) -> dg.AssetCheckSpec:
    """The blocking rules check of a fact table, run in the step that makes the table."""
    return dg.AssetCheckSpec(
        RULES_CHECK, asset=name, blocking=True,
        description=f"Consistency rules of the {domain.name} domain for {name}, on the "
        "rows as published (a failing table of a document is withheld before publishing).")


def table_check_specs(name: str, domain: Domain | None) -> list[dg.AssetCheckSpec]:
    """A table's checks: its GX suite and, for a fact table (`domain`), its rules."""
    specs = [suite_spec(get_table(name))]
    return [*specs, rules_spec(domain, name)] if domain is not None else specs


def table_check_results(context: dg.AssetExecutionContext, name: str, table: TableOutput,
                        domain: Domain | None, gx: GreatExpectations,
                        paths: ProjectPaths) -> Iterator[dg.AssetCheckResult]:
    """The results of the checks of table `name` that this run selected."""
    for spec in table_check_specs(name, domain):
        if not selected(context, spec):
            continue
        if spec.name == CHECK_NAME:
            yield suite_result(get_table(name), table, gx, paths)
        elif domain is not None:
            yield rules_result(domain, name, table)


def checks(specs: list[TableSpec], in_own_step: Collection[str] = frozenset()
           ) -> list[dg.AssetChecksDefinition]:
    """The GX suite check, in a step of its own, of every table not in `in_own_step`: the
    others' assets run their checks in their own step (`check_specs`), where a separate
    step would load the table again and add its events to every run."""
    return [table_check(spec) for spec in specs if spec.name not in in_own_step]
