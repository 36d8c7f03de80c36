"""Extract assets, generated for each domain in `pipeline.extract.DOMAINS`.

Per domain: one partitioned asset runs the extractor on each document (so a new
document re-extracts only itself), then one unpartitioned asset per published
table gathers the documents' rows. Each table gets a blocking `rules` check that
runs the domain's consistency rules (sum checks and the like).
"""

from dataclasses import asdict

import dagster as dg

from pipeline.assets.metadata import table_metadata
from pipeline.assets.partitions import DOCUMENT_PARTITIONS
from pipeline.extract.base import Domain, combine, document_context, run_extractor
from pipeline.ingest.catalogue import SourceDocument
from pipeline.metadata.registry import get_table
from pipeline.report import ERROR, TableOutput

RULES_CHECK = "rules"


def _extracts_asset(domain: Domain) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"{domain.name}_extracts",
        partitions_def=DOCUMENT_PARTITIONS,
        backfill_policy=dg.BackfillPolicy.single_run(),
        group_name="extract",
        description=f"The {domain.name} extractor's rows for each document "
        f"({', '.join(domain.tables)}).",
    )
    def _extracts(
        context: dg.AssetExecutionContext, source_documents: dict, document_tables: dict
    ) -> dict:
        """Partition key -> {table name: TableOutput}."""
        results = {}
        for key in context.partition_keys:
            item = source_documents.get(key)
            if isinstance(item, SourceDocument):
                ctx = document_context(item, document_tables.get(key, []))
                results[key] = run_extractor(domain, ctx)
            else:
                results[key] = {}
        rows = {
            name: sum(len(r[name].frame) for r in results.values() if name in r)
            for name in domain.tables
        }
        context.add_output_metadata({"rows": rows})
        return results

    return _extracts


def _table_asset(domain: Domain, name: str) -> dg.AssetsDefinition:
    spec = get_table(name)

    @dg.asset(
        name=name,
        group_name="facts",
        description=spec.description,
        ins={
            "extracts": dg.AssetIn(key=f"{domain.name}_extracts"),
            "documents": dg.AssetIn(key="documents"),
        },
    )
    def _table(context: dg.AssetExecutionContext, extracts: dict,
               documents: TableOutput) -> TableOutput:
        catalogued = list(documents.frame["document_id"])
        output = combine(
            (extracts[key][name] for key in catalogued if name in extracts.get(key, {})), name
        )
        context.add_output_metadata(table_metadata(spec, output.frame, len(output.issues)))
        return output

    return _table


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


def domain_assets(domain: Domain) -> list[dg.AssetsDefinition]:
    return [_extracts_asset(domain), *(_table_asset(domain, n) for n in domain.tables)]


def domain_checks(domain: Domain) -> list[dg.AssetChecksDefinition]:
    return [_rules_check(domain, name) for name in domain.tables]
