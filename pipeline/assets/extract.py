"""The `rules` checks, generated for each domain in `pipeline.extract.DOMAINS`.

Each fact table a domain fills (an output of the `catalogue` asset) gets a blocking
`rules` check that runs the domain's consistency rules (sum checks and the like) over
every document's rows.
"""

from dataclasses import asdict

import dagster as dg

from pipeline.extract.base import Domain
from pipeline.report import ERROR, TableOutput

RULES_CHECK = "rules"


def _rules_check(domain: Domain, name: str) -> dg.AssetChecksDefinition:
    rule = domain.rules.get(name)

    @dg.asset_check(
        asset=name,
        name=RULES_CHECK,
        blocking=True,
        description=f"Consistency rules of the {domain.name} domain for {name}.",
    )
    def _rules(table: TableOutput) -> dg.AssetCheckResult:
        issues = rule(table.frame) if rule else []
        errors = [i for i in issues if i.severity == ERROR]
        warnings = [i for i in issues if i.severity != ERROR]
        return dg.AssetCheckResult(
            passed=not errors,
            severity=dg.AssetCheckSeverity.ERROR,
            description="; ".join(i.one_line() for i in errors)[:2000] or None,
            metadata={
                "summary": dg.MetadataValue.json({
                    "table": name,
                    "success": not errors,
                    "failed": [i.one_line() for i in errors],
                    "warnings": [i.one_line() for i in warnings],
                    "warning_issues": [asdict(i) for i in warnings],
                }),
                "errors": len(errors),
                "warnings": len(warnings),
            },
        )

    return _rules


def domain_checks(domain: Domain) -> list[dg.AssetChecksDefinition]:
    return [_rules_check(domain, name) for name in domain.tables]
