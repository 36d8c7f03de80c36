"""Great Expectations Data Docs for a release, rendered as a static site inside the
release folder.

Data Docs are rendered from the validation results of the run's own checks when the
caller hands them over (`checked_results`: the `gx` resource's context holds every result
its checks stored): validating every table a second time only to draw its page was a
large part of the release step. Without them (a release published outside a run) each
table is validated here once more."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.metadata.registry import get_table
from pipeline.validate.gx_runner import ephemeral_context, gx_ready_frame
from pipeline.validate.suites import load_suite_dict

SITE = "release"

# table -> (the result's key in a validation results store, the validation result)
StoredResults = Mapping[str, tuple[Any, Any]]


def checked_results(context: Any, tables: Iterable[str]) -> dict[str, tuple[Any, Any]]:
    """The latest validation result of each table's whole suite stored in a GX context
    (its suite is named after the table; per-row suites and other names are left out)."""
    wanted, found = set(tables), {}
    store = context.validation_results_store
    for key in store.list_keys():
        name = key.expectation_suite_identifier.name
        if name in wanted and (name not in found or _run_time(key) >= _run_time(found[name])):
            found[name] = key
    return {name: (key, store.get(key)) for name, key in found.items()}


def _run_time(key: Any) -> Any:
    return key.run_id.run_time


def build_data_docs(tables: Mapping[str, pd.DataFrame], site_dir: Path,
                    expectations_dir: Path, results: StoredResults | None = None,
                    ) -> dict[str, bool]:
    """Render Data Docs of every table into `site_dir`, from `results` when they cover
    every table, else by validating each table through a Checkpoint; returns each
    table's success (GX is imported here, not with the module: see `gx_runner`)."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = ephemeral_context()
    context.add_data_docs_site(site_name=SITE, site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(site_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    suites = {}
    for name in tables:
        stored = load_suite_dict(expectations_dir, get_table(name))
        suites[name] = context.suites.add(gx.ExpectationSuite(
            name=name, expectations=stored["expectations"]))
    if results is not None and all(name in results for name in tables):
        outcome = {}
        for name in tables:
            key, result = results[name]
            context.validation_results_store.set(key, result)
            outcome[name] = bool(result.success)
    else:
        outcome = _validate(context, tables, suites)
    context.build_data_docs(site_names=[SITE])
    return outcome


def _validate(context: Any, tables: Mapping[str, pd.DataFrame],
              suites: Mapping[str, Any]) -> dict[str, bool]:
    """Each table validated through a Checkpoint (results stored for the pages)."""
    import great_expectations as gx

    source = context.data_sources.add_pandas("release")
    results = {}
    for name, frame in tables.items():
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suites[name]))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"release-{name}", validation_definitions=[definition],
            actions=[], result_format={"result_format": "SUMMARY"},
        ))
        ready = gx_ready_frame(get_table(name), frame)
        outcome = checkpoint.run(batch_parameters={"dataframe": ready})
        results[name] = bool(outcome.success)
    return results
