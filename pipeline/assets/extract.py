"""The `rules` checks, generated for each domain in `pipeline.extract.DOMAINS`.

The rules themselves are applied in `catalogue`, per document and source table
(`pipeline.validate.withhold`): a table of a document that fails one is withheld, a
source's own inconsistency is published and flagged. This blocking check runs the
domain's rules again on the table as published (on the documents the judging changed:
see `published_verdict_problems`), and fails only when the judging itself went wrong: a
published row a rule would withhold, a rule error naming no document, or flags that do
not match what the rules say. Its warnings are in the table's issues.
"""

import dagster as dg

from pipeline.extract.base import Domain
from pipeline.report import TableOutput
from pipeline.validate.withhold import published_verdict_problems

RULES_CHECK = "rules"


def _rules_check(domain: Domain, name: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=name,
        name=RULES_CHECK,
        blocking=True,
        description=f"Consistency rules of the {domain.name} domain for {name}, on the rows "
        "as published (a failing table of a document is withheld before publishing).",
    )
    def _rules(table: TableOutput) -> dg.AssetCheckResult:
        problems = published_verdict_problems(domain, name, table)
        return dg.AssetCheckResult(
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

    return _rules


def domain_checks(domain: Domain) -> list[dg.AssetChecksDefinition]:
    return [_rules_check(domain, name) for name in domain.tables]
