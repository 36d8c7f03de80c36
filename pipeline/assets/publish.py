"""Publish assets: the versioned release, and plain table files for `yjdata extract`.

Both sit downstream of every table's blocking check, so neither runs on unvalidated
data (a fact table's failing documents were withheld before: see
`pipeline.validate.withhold`; the `withheld_share` check blocks when too many were). The
release also refuses to publish unless every table's check passed in this very run (an
analyst materialising `release` alone gets a clear failure rather than an unvalidated
release).
"""


import json
from pathlib import Path
from typing import Any

import dagster as dg

from pipeline.assets.checks import CHECK_NAME
from pipeline.metadata.registry import FACT_TABLES, TABLE_SPECS, WITHHELD
from pipeline.publish.release import publish_release, write_tables
from pipeline.report import WARNING, Issue, TableOutput, report_dict
from pipeline.resources import GreatExpectations, ProjectPaths
from pipeline.site import release_site_metadata
from pipeline.validate.withhold import withheld_report

PUBLISHED_TABLES: tuple[str, ...] = tuple(spec.name for spec in TABLE_SPECS)
_TABLE_INS = {name: dg.AssetIn(key=name) for name in PUBLISHED_TABLES}


def _check_results(context: dg.AssetExecutionContext) -> list[dict[str, Any]]:
    """This run's check evaluations on table assets, with their summaries."""
    records = context.instance.all_logs(
        context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    )
    results = []
    for record in records:
        evaluation = record.dagster_event.event_specific_data
        summary = evaluation.metadata.get("summary")
        results.append({
            **(summary.value if summary is not None else {}),
            "check": evaluation.check_name,
            "asset": evaluation.asset_key.to_user_string(),
            "success": evaluation.passed,
        })
    return sorted(results, key=lambda r: (r["asset"], r["check"]))


def _validated_checks(context: dg.AssetExecutionContext) -> list[dict[str, Any]]:
    """Every check of this run, refusing to go on unless each table's GX suite ran and all
    checks passed."""
    results = _check_results(context)
    suites = {r["asset"] for r in results if r["check"] == CHECK_NAME}
    missing = [n for n in PUBLISHED_TABLES if n not in suites]
    failed = [f"{r['asset']}.{r['check']}" for r in results if not r["success"]]
    if missing or failed:
        raise dg.Failure(
            "release not published: "
            + (f"checks not run in this run: {', '.join(missing)}; " if missing else "")
            + (f"checks failed: {', '.join(failed)}" if failed else ""),
        )
    return results


def _warning_issues(checks: list[dict[str, Any]]) -> list[Issue]:
    """Warnings raised by checks: structured when the check gave them, else as lines."""
    issues = []
    for check in checks:
        structured = check.get("warning_issues")
        if structured is not None:
            issues += [Issue(**fields) for fields in structured]
        else:
            issues += [
                Issue("validate", "expectation_warning", line, WARNING)
                for line in check.get("warnings", [])
            ]
    return issues


def _withheld_report(frames: dict[str, Any]) -> dict[str, Any]:
    return withheld_report(frames[WITHHELD.name], {name: frames[name] for name in FACT_TABLES})


@dg.asset(
    group_name="publish",
    ins=_TABLE_INS,
    description="A versioned release in the releases folder: Parquet, CSV and SQLite of "
    "every table, datapackage.json, README (data dictionary), CHANGELOG, report, Data Docs, "
    "checksums and a zip; nothing new when the data equal the latest release.",
)
def release(context: dg.AssetExecutionContext, paths: ProjectPaths, gx: GreatExpectations,
            **tables: TableOutput) -> dg.MaterializeResult:
    checks = _validated_checks(context)
    issues = [i for name in PUBLISHED_TABLES for i in tables[name].issues]
    issues += _warning_issues(checks)
    frames = {name: tables[name].frame for name in PUBLISHED_TABLES}
    withheld = _withheld_report(frames)
    report = report_dict(issues, checks, withheld)
    # the checks of this run stored their results in the run's GX context, or took them
    # from the validation store: Data Docs are rendered from them (validated again only
    # when a check ran in another process)
    result = publish_release(frames, paths.releases, report, paths.expectations,
                             sources_dir=paths.sources,
                             validation_results=gx.results(PUBLISHED_TABLES))
    if result.up_to_date:
        context.log.info(f"release {result.version} is up to date: nothing published")
    else:
        context.log.info(f"published release {result.version} to {result.path}")
    return dg.MaterializeResult(
        metadata={
            "version": result.version,
            "up_to_date": result.up_to_date,
            "path": dg.MetadataValue.path(str(result.path)),
            "rows": {name: len(frame) for name, frame in frames.items()},
            "issues": len(issues),
            "tables_withheld": withheld["summary"]["tables"],
            "rows_flagged": withheld["summary"]["flagged_rows"],
            **release_site_metadata(result.path),
        }
    )


@dg.asset(
    group_name="publish",
    ins=_TABLE_INS,
    description="Every table as <table>.parquet and <table>.csv in the extract folder "
    "(`yjdata extract`); no release.",
)
def table_files(context: dg.AssetExecutionContext, paths: ProjectPaths,
                **tables: TableOutput) -> dg.MaterializeResult:
    if not paths.extract_dir:
        raise dg.Failure("table_files needs the extract_dir of the paths resource")
    out = Path(paths.extract_dir)
    frames = {name: tables[name].frame for name in PUBLISHED_TABLES}
    written = write_tables(frames, out)
    issues = [i for name in PUBLISHED_TABLES for i in tables[name].issues]
    checks = _check_results(context)
    report = report_dict(issues, checks, _withheld_report(frames))
    (out / "report.json").write_text(
        json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(out)),
                                          "files": len(written)})
