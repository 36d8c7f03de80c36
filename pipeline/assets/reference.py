"""Reference tables shipped with the code: services (`yots`), `subjects` and `indicators`."""


import dagster as dg
import pandas as pd

from pipeline.assets.metadata import table_metadata
from pipeline.metadata.indicators import INDICATORS as INDICATOR_ROWS
from pipeline.metadata.registry import INDICATORS, SUBJECTS, YOTS
from pipeline.metadata.schemas import conform
from pipeline.reference.areas import load_subjects, load_yots
from pipeline.report import TableOutput


@dg.asset(group_name="reference", description=YOTS.description)
def yots(context: dg.AssetExecutionContext) -> TableOutput:
    frame = conform(load_yots(), YOTS)
    context.add_output_metadata(table_metadata(YOTS, frame, 0))
    return TableOutput(frame)


@dg.asset(group_name="reference", description=SUBJECTS.description)
def subjects(context: dg.AssetExecutionContext) -> TableOutput:
    frame = conform(load_subjects(), SUBJECTS)
    context.add_output_metadata(table_metadata(SUBJECTS, frame, 0))
    return TableOutput(frame)


@dg.asset(group_name="reference", description=INDICATORS.description)
def indicators(context: dg.AssetExecutionContext) -> TableOutput:
    rows = [
        {"indicator": i.indicator, "label": i.label, "unit": i.unit,
         "definition": i.definition, "better": i.better}
        for i in INDICATOR_ROWS
    ]
    frame = conform(pd.DataFrame(rows), INDICATORS)
    context.add_output_metadata(table_metadata(INDICATORS, frame, 0))
    return TableOutput(frame)
