"""Reference tables shipped with the code: services (`yots`), `subjects` and `indicators`.

The three are made, and their blocking GX suites run, in one step: they are small and
rebuilt by every run (the sources sensor's included), where six steps cost more in
Dagster's per-step events and loads than the tables themselves. Each is still its own
asset and check, and can be materialised alone."""


import dagster as dg
import pandas as pd

from pipeline.assets.checks import selected, suite_result, suite_spec
from pipeline.assets.metadata import table_metadata
from pipeline.metadata.indicators import INDICATORS as INDICATOR_ROWS
from pipeline.metadata.registry import INDICATORS, SUBJECTS, YOTS, TableSpec
from pipeline.metadata.schemas import conform
from pipeline.reference.areas import load_subjects, load_yots
from pipeline.report import TableOutput
from pipeline.resources import GreatExpectations, ProjectPaths

REFERENCE_SPECS: tuple[TableSpec, ...] = (YOTS, SUBJECTS, INDICATORS)
SUITES = {spec.name: suite_spec(spec) for spec in REFERENCE_SPECS}


def indicators_frame() -> pd.DataFrame:
    rows = [
        {"indicator": i.indicator, "label": i.label, "unit": i.unit,
         "definition": i.definition, "better": i.better}
        for i in INDICATOR_ROWS
    ]
    return conform(pd.DataFrame(rows), INDICATORS)


FRAMES = {
    YOTS.name: lambda: conform(load_yots(), YOTS),
    SUBJECTS.name: lambda: conform(load_subjects(), SUBJECTS),
    INDICATORS.name: indicators_frame,
}


@dg.multi_asset(
    outs={spec.name: dg.AssetOut(group_name="reference", description=spec.description,
                                 is_required=False)
          for spec in REFERENCE_SPECS},
    check_specs=list(SUITES.values()),
    can_subset=True,
)
def reference_tables(context: dg.AssetExecutionContext, paths: ProjectPaths,
                     gx: GreatExpectations):
    """Each selected reference table, then each selected suite on it."""
    wanted = set(context.selected_output_names)
    for spec in REFERENCE_SPECS:
        if spec.name not in wanted:
            continue
        output = TableOutput(FRAMES[spec.name]())
        yield dg.Output(output, output_name=spec.name,
                        metadata=table_metadata(spec, output.frame, 0))
        if selected(context, SUITES[spec.name]):
            yield suite_result(spec, output, gx, paths)
