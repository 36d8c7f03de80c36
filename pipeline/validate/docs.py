"""Great Expectations Data Docs for a release: the published tables validated once more,
rendered as a static site inside the release folder."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import great_expectations as gx
import pandas as pd

from pipeline.metadata.registry import get_table
from pipeline.validate.gx_runner import gx_ready_frame
from pipeline.validate.suites import load_suite_dict

SITE = "release"


def build_data_docs(tables: Mapping[str, pd.DataFrame], site_dir: Path,
                    expectations_dir: Path) -> dict[str, bool]:
    """Validate each table through a Checkpoint that renders Data Docs into `site_dir`;
    returns each table's success."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    context.add_data_docs_site(site_name=SITE, site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(site_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    source = context.data_sources.add_pandas("release")
    definitions, frames = [], {}
    for name, frame in tables.items():
        spec = get_table(name)
        stored = load_suite_dict(expectations_dir, spec)
        suite = context.suites.add(gx.ExpectationSuite(name=name,
                                                       expectations=stored["expectations"]))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        definitions.append(context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)))
        frames[name] = gx_ready_frame(spec, frame)
    results = {}
    for definition in definitions:  # results stored; the pages are rendered once, below
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"release-{definition.name}", validation_definitions=[definition],
            actions=[], result_format={"result_format": "SUMMARY"},
        ))
        outcome = checkpoint.run(batch_parameters={"dataframe": frames[definition.name]})
        results[definition.name] = bool(outcome.success)
    context.build_data_docs(site_names=[SITE])
    return results
