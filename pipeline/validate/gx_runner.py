"""Run a table's GX suite on a frame and summarise what failed, row by row.

One `TableValidator` (one ephemeral GX context) serves a whole run: creating
contexts and data sources is the slow part of GX, validating a frame is not. GX itself
is imported only when a validator is made: importing it takes seconds, and every process
that loads the pipeline (a build, the sensor's run, the code server) imports this module
while most runs, or a run whose checks all come from the validation store, never need it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline.metadata.registry import STRING_LIST, TableSpec
from pipeline.records import shared_values
from pipeline.validate.suites import CRITICAL, judged_per_row, load_suite_dict

# Before GX is first imported, wherever that happens (see `ephemeral_context`).
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

if TYPE_CHECKING:
    from great_expectations.data_context import AbstractDataContext

_EXAMPLE_ROWS = 5
_LOCATION_COLUMNS = ("document_id", "source_table", "source_line")


@dataclass
class ExpectationOutcome:
    """One expectation's result, with a few offending rows located in their sources."""

    expectation: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def one_line(self, table: str) -> str:
        where = f"{table}.{self.column}" if self.column else table
        rows = "; ".join(
            ", ".join(f"{k}={v}" for k, v in example.items()) for example in self.examples
        )
        detail = f" ({self.unexpected_count} rows, e.g. {rows})" if rows else ""
        reason = f": {self.error}" if self.error else ""
        return f"{where}: {self.expectation} failed{detail}{reason}"


@dataclass
class ValidationSummary:
    """A table's validation: passes only when no critical expectation failed."""

    table: str
    rows: int
    outcomes: list[ExpectationOutcome]

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == CRITICAL]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity != CRITICAL]

    @property
    def success(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "rows": self.rows,
            "success": self.success,
            "evaluated": len(self.outcomes),
            "failed": [o.one_line(self.table) for o in self.failures],
            "warnings": [o.one_line(self.table) for o in self.warnings],
        }


@dataclass(frozen=True)
class RowFailure:
    """A per-row expectation (see `judged_per_row`) and the positions of the rows failing it."""

    expectation: str
    column: str | None
    kwargs: dict[str, Any]
    positions: tuple[int, ...]

    def describe(self) -> str:
        """The expectation in one line: its type, column, bounds and row condition."""
        shown = {k: v for k, v in self.kwargs.items()
                 if k not in ("column", "row_condition", "condition_parser") and v is not None}
        bounds = ", ".join(f"{k}={v}" for k, v in shown.items())
        where = f" where {self.kwargs['row_condition']}" if self.kwargs.get("row_condition") else ""
        return f"{self.expectation}({bounds}){where}"


class TableValidator:
    """Validates frames against the stored suites through one GX context, made when a
    frame is first validated: a run whose verdicts and results all come from the
    validation store (nothing changed) then never imports GX nor builds a context."""

    def __init__(self, expectations_dir: Path) -> None:
        self.expectations_dir = expectations_dir
        self._context: AbstractDataContext | None = None
        self._source: Any = None
        self._definitions: dict[str, Any] = {}

    @property
    def started(self) -> bool:
        """Whether the GX context exists (anything was validated through it)."""
        return self._context is not None

    @property
    def context(self) -> AbstractDataContext:
        if self._context is None:
            logging.getLogger("great_expectations").setLevel(logging.ERROR)
            self._context = ephemeral_context()
            self._source = self._context.data_sources.add_pandas("tables")
        return self._context

    def _validation_definition(self, spec: TableSpec) -> Any:
        if spec.name in self._definitions:
            return self._definitions[spec.name]
        stored = load_suite_dict(self.expectations_dir, spec)
        return self._define(spec.name, stored["expectations"])

    def row_failures(self, spec: TableSpec, frame: pd.DataFrame) -> list[RowFailure]:
        """The failing rows of the table's per-row expectations, by position in `frame`;
        GX runs only when the suite has such expectations and the frame has rows."""
        expectations = [e for e in load_suite_dict(self.expectations_dir, spec)["expectations"]
                        if judged_per_row(e)]
        if not expectations or frame.empty:
            return []
        name = f"{spec.name}.per_row"
        definition = self._definitions.get(name) or self._define(name, expectations)
        result = definition.run(
            batch_parameters={"dataframe": gx_ready_frame(spec, frame)},
            result_format={"result_format": "COMPLETE"},
        )
        self._forget_batches()
        failures = []
        for outcome in result.results:
            if outcome.success:
                continue
            config = outcome.expectation_config
            indexes = (outcome.result or {}).get("unexpected_index_list") or []
            failures.append(RowFailure(config.type, config.kwargs.get("column"),
                                       dict(config.kwargs), tuple(int(i) for i in indexes)))
        return failures

    def _forget_batches(self) -> None:
        """Drop what GX's pandas engine keeps after a run: the datasource keeps one engine
        for the context's life, and it keeps every batch it was given (a plain copy of
        each table validated, `gx_ready_frame`) and its computed metrics (a row mask per
        expectation), so a run's validations of every table stayed in memory together
        until the run ended. The results a run returns and stores are not touched."""
        engine = self._source.get_execution_engine()
        engine.batch_manager.batch_data_cache.clear()
        engine.batch_manager.reset_batch_cache()
        metrics = getattr(engine, "_metric_cache", None)  # GX's own; no public way to clear
        if isinstance(metrics, dict):
            metrics.clear()

    def _define(self, name: str, expectations: list[dict[str, Any]]) -> Any:
        """A validation definition of `expectations` over a whole-dataframe batch."""
        import great_expectations as gx

        suite = self.context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        batch = self._source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite))
        self._definitions[name] = definition
        return definition

    def validate(self, spec: TableSpec, frame: pd.DataFrame) -> ValidationSummary:
        """Run the table's suite; list columns are not value-checked by GX."""
        definition = self._validation_definition(spec)
        result = definition.run(
            batch_parameters={"dataframe": gx_ready_frame(spec, frame)},
            result_format={"result_format": "COMPLETE"},
        )
        self._forget_batches()
        outcomes = [_outcome(r, frame) for r in result.results]
        return ValidationSummary(table=spec.name, rows=len(frame), outcomes=outcomes)

    def validate_split(self, spec: TableSpec, frame: pd.DataFrame, positions: Any,
                       expectations: list[dict[str, Any]], row_wise: list[bool],
                       ) -> tuple[ValidationSummary, Any] | None:
        """The whole suite judged in two runs: the expectations flagged `row_wise` on the
        rows at `positions`, the others on the whole frame (`pipeline.validate.incremental`
        says when that equals one run); its summary, and GX's results of both runs merged
        in the suite's order as the table's (key, result). None when a row-wise
        expectation raised on the part (the caller validates the whole table)."""
        part = frame.iloc[positions]
        by_index: dict[int, Any] = {}
        for flagged, frame_judged in ((False, frame), (True, part)):
            indexes = [i for i, r in enumerate(row_wise) if r == flagged]
            name = f"{spec.name}.{'row_wise' if flagged else 'table_wide'}"
            chosen = [expectations[i] for i in indexes]
            results = self._run(name, chosen, spec, frame_judged).results
            for i, result in zip([indexes[j] for j in gx_order(chosen)], results, strict=True):
                if result.expectation_config.type != expectations[i]["type"] or (
                        flagged and result.exception_info
                        and result.exception_info.get("raised_exception")):
                    return None
                by_index[i] = result
        ordered = [(by_index[i], row_wise[i]) for i in gx_order(expectations)]
        merged, outcomes = _merge(ordered, frame, part)
        summary = ValidationSummary(table=spec.name, rows=len(frame), outcomes=outcomes)
        return summary, self._merged_result(spec.name, merged, len(part), len(frame))

    def _run(self, name: str, expectations: list[dict[str, Any]], spec: TableSpec,
             frame: pd.DataFrame) -> Any:
        """GX's result of `expectations` (a suite `name`) on `frame`."""
        definition = self._definitions.get(name) or self._define(name, expectations)
        result = definition.run(batch_parameters={"dataframe": gx_ready_frame(spec, frame)},
                                result_format={"result_format": "COMPLETE"})
        self._forget_batches()
        return result

    def _merged_result(self, table: str, merged: list[Any], judged: int,
                       rows: int) -> tuple[Any, Any]:
        """The table's (key, result) for the Data Docs from the two runs' results: the
        table-wide run's key and batch, renamed to the table's suite."""
        from great_expectations.core import ExpectationSuiteValidationResult
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        from pipeline.validate.docs import checked_results
        from pipeline.validate.incremental import META

        wide = f"{table}.table_wide"
        key, whole = checked_results(self.context, [wide])[wide]
        passed = sum(bool(r.success) for r in merged)
        statistics = {"evaluated_expectations": len(merged), "successful_expectations": passed,
                      "unsuccessful_expectations": len(merged) - passed,
                      "success_percent": 100.0 * passed / len(merged) if merged else None}
        meta = {**(whole.meta or {}), META: {"table_rows": rows, "row_wise_rows": judged}}
        result = ExpectationSuiteValidationResult(
            success=passed == len(merged), results=merged, suite_name=table,
            statistics=statistics, meta=meta, batch_id=whole.batch_id)
        return ValidationResultIdentifier(ExpectationSuiteIdentifier(name=table),
                                          key.run_id, key.batch_identifier), result

    def latest_result(self, table: str) -> tuple[Any, Any] | None:
        """The (key, result) of the table's whole suite last run in this context, as the
        release's Data Docs render it."""
        from pipeline.validate.docs import checked_results

        return checked_results(self.context, [table]).get(table)


def ephemeral_context() -> AbstractDataContext:
    """A new in-memory GX context without progress bars, importing GX on first use.

    GX still makes a (disabled) tqdm bar per validation, and tqdm starts a monitor
    thread for the first bar unless `monitor_interval` is 0: that thread would outlive
    the validation and stop the release from forking its page workers
    (`pipeline.site.parallel`)."""
    import great_expectations as gx
    import tqdm

    tqdm.tqdm.monitor_interval = 0
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    return context


def gx_ready_frame(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as GX's pandas engine wants it: plain object/float columns rather than
    extension dtypes, and list columns joined into text (they are not value-checked)."""
    plain = frame.copy()
    for column in spec.columns:
        if column.type == STRING_LIST and column.name in plain:
            plain[column.name] = plain[column.name].map(
                lambda v: None if v is None else "|".join(v))
    for name, dtype in plain.dtypes.items():
        if isinstance(dtype, (pd.StringDtype, pd.BooleanDtype)):
            plain[name] = shared_objects(plain[name])
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iuf":
            plain[name] = plain[name].astype("float64")
    return plain.reset_index(drop=True)


def gx_order(expectations: list[dict[str, Any]]) -> list[int]:
    """The positions of `expectations` in the order GX returns their results: grouped by
    column, in the order each column (or none) first appears."""
    groups: dict[Any, list[int]] = {}
    for i, expectation in enumerate(expectations):
        column = (expectation.get("kwargs") or {}).get("column")
        groups.setdefault(column if isinstance(column, str) else None, []).append(i)
    return [i for members in groups.values() for i in members]


def _merge(ordered: list[tuple[Any, bool]], frame: pd.DataFrame, part: pd.DataFrame,
           ) -> tuple[list[Any], list[ExpectationOutcome]]:
    """Two runs' (result, row-wise) in GX's order, each outcome located in the frame it
    judged, each result's `meta` saying which rows it judged."""
    from pipeline.validate.incremental import rows_meta

    merged, outcomes = [], []
    for result, flagged in ordered:
        outcomes.append(_outcome(result, part if flagged else frame))
        result.meta = {**(result.meta or {}), **rows_meta(len(part), len(frame), flagged)}
        merged.append(result)
    return merged, outcomes


def shared_objects(series: pd.Series) -> pd.Series:
    """`series.astype(object)` with missing values as None, one object per distinct
    value (`pipeline.records.shared_values`)."""
    return pd.Series(shared_values(series), index=series.index, name=series.name,
                     dtype=object)


def _outcome(result: Any, frame: pd.DataFrame) -> ExpectationOutcome:
    config = result.expectation_config
    details = result.result or {}
    indexes = details.get("unexpected_index_list") or []
    examples = [_locate(frame, i) for i in indexes[:_EXAMPLE_ROWS]]
    error = None
    if result.exception_info and result.exception_info.get("raised_exception"):
        error = str(result.exception_info.get("exception_message"))
    return ExpectationOutcome(
        expectation=config.type,
        column=config.kwargs.get("column"),
        severity=str(getattr(config, "severity", CRITICAL) or CRITICAL).lower().split(".")[-1],
        success=bool(result.success),
        unexpected_count=int(details.get("unexpected_count") or len(indexes)),
        examples=examples,
        error=error,
    )


def _locate(frame: pd.DataFrame, index: Any) -> dict[str, Any]:
    """Where an offending row came from: document, table and line when the table has them."""
    if isinstance(index, dict):
        index = index.get("index", next(iter(index.values()), None))
    try:
        row = frame.iloc[int(index)]
    except (TypeError, ValueError, IndexError):
        return {"row": index}
    located = {c: row[c] for c in _LOCATION_COLUMNS if c in frame.columns}
    located = {k: (None if pd.isna(v) else v) for k, v in located.items()}
    return located or {"row": int(index)}
