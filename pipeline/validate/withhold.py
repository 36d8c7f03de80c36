"""Judge each fact table per document and source table: publish, flag or withhold.

One misread table must not stop the release of every other document, and a number that
is wrong in the source itself is still what the document says. So the unit of failure
is one table of one document (its `document_id` and `source_table`; null for prose):

- a domain rule that fails with an ERROR, or a row failing a per-row expectation
  (`pipeline.validate.suites.judged_per_row`), withholds every row of that table of that
  document from the fact table; the `withheld` table and the report say which and why;
- a rule the domain names a source inconsistency (a printed total that is not the sum of
  its printed parts) is published and flagged instead when every part of the table was
  read (no extraction issue of an unread code on it): `source_total_mismatch`, with
  `source_total_mismatch_reviewed` beside it when a person has confirmed the source is
  wrong (the table is in `known_*_inconsistencies.csv`, so the rule gave a WARNING);
- rule warnings are reported as before.

Expectations over a whole table (columns, types, enums, keys, required values) are not
judged here: they stay blocking checks, because they say the pipeline is broken.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline.extract.base import UNREAD, Domain
from pipeline.metadata.enums import SOURCE_TOTAL_MISMATCH, SOURCE_TOTAL_MISMATCH_REVIEWED
from pipeline.metadata.registry import WITHHELD, get_table
from pipeline.metadata.schemas import conform, empty_frame
from pipeline.report import ERROR, WARNING, Issue, TableOutput
from pipeline.validate.gx_runner import RowFailure, TableValidator

if TYPE_CHECKING:
    from pipeline.validate.cache import StoredVerdicts

QUALITY_FLAGS = "quality_flags"
STAGE = "withhold"
TABLE_WITHHELD = "table_withheld"
DEFAULT_MAX_WITHHELD_SHARE = 0.25

Key = tuple[str, str | None]


@dataclass(frozen=True)
class Finding:
    """One reason to withhold a document's table: a rule or expectation and where it failed."""

    document_id: str
    source_table: str | None
    rule: str
    message: str
    line: int | None

    @property
    def key(self) -> Key:
        return self.document_id, self.source_table


@dataclass
class Verdict:
    """What the rules and per-row expectations say of each (document, source table)."""

    withhold: dict[Key, list[Finding]] = field(default_factory=dict)
    flags: dict[Key, list[str]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)  # as the report should show them
    unattributed: list[Issue] = field(default_factory=list)  # errors with no document

    def add(self, finding: Finding) -> None:
        self.withhold.setdefault(finding.key, []).append(finding)

    def flag(self, key: Key, codes: Iterable[str]) -> None:
        present = self.flags.setdefault(key, [])
        present.extend(code for code in codes if code not in present)


@dataclass
class Judgement:
    """A fact table judged: the rows published (flags set), and what was withheld."""

    kept: pd.DataFrame
    withheld: pd.DataFrame  # rows of the `withheld` table
    issues: list[Issue]
    unattributed: list[Issue]
    # The verdicts of the documents judged in this pass, by id (the others were known).
    fresh: dict[str, Verdict] = field(default_factory=dict)
    # Whether the pass raised an issue naming no document (its verdicts are then not kept).
    documentless: bool = False

    @property
    def flagged_rows(self) -> int:
        return flagged_rows(self.kept)


def _none(value: object) -> object:
    return None if value is None or value is pd.NA or value != value else value


def _flag_list(value: object) -> list[str]:
    """A row's flags as a list (a missing value is none)."""
    if value is None or isinstance(value, float):
        return []
    return [str(v) for v in value]


def _keys(frame: pd.DataFrame) -> list[Key]:
    return list(zip(frame["document_id"].tolist(),
                    map(_none, frame["source_table"].tolist()), strict=True))


def rule_verdict(domain: Domain, name: str, frame: pd.DataFrame,
                 extraction_issues: Sequence[Issue], verdict: Verdict | None = None) -> Verdict:
    """The domain's rules for table `name` over `frame`, as withholds, flags and issues
    (added to `verdict` when given)."""
    verdict = verdict if verdict is not None else Verdict()
    rule = domain.rules.get(name)
    if rule is None or frame.empty:
        return verdict
    unread_codes = UNREAD | domain.unread
    unread = {(i.document_id, i.source_table) for i in extraction_issues
              if i.code in unread_codes}
    for issue in rule(frame):
        key = (issue.document_id, issue.source_table)
        if issue.code in domain.source_inconsistencies and issue.document_id is not None:
            reviewed = issue.severity != ERROR
            if reviewed or key not in unread:
                codes = [SOURCE_TOTAL_MISMATCH, *([SOURCE_TOTAL_MISMATCH_REVIEWED] * reviewed)]
                verdict.flag(key, codes)
                verdict.issues.append(_restated(
                    issue, f"published as printed, flagged {' and '.join(codes)}"))
                continue
        if issue.severity != ERROR:
            verdict.issues.append(issue)
        elif issue.document_id is None:
            verdict.unattributed.append(issue)
        else:
            verdict.add(Finding(issue.document_id, issue.source_table, issue.code,
                                issue.message, issue.source_line))
            verdict.issues.append(_restated(issue, f"{name} rows of this table withheld"))
    return verdict


def _restated(issue: Issue, outcome: str) -> Issue:
    """A rule's error as the report gives it once it has been dealt with: a warning."""
    return Issue(issue.stage, issue.code, f"{issue.message} ({outcome})", WARNING,
                 issue.document_id, issue.source_table, issue.source_line)


def expectation_findings(frame: pd.DataFrame, failures: Iterable[RowFailure]) -> list[Finding]:
    """Each failing row of a per-row expectation as a finding on its document's table."""
    findings = []
    documents, lines = frame["document_id"].tolist(), frame["source_line"].tolist()
    tables = frame["source_table"].tolist()
    for failure in failures:
        values = frame[failure.column].tolist() if failure.column in frame else None
        for position in failure.positions:
            shown = "" if values is None else f"{failure.column} {values[position]} "
            findings.append(Finding(
                documents[position], _none(tables[position]), failure.expectation,
                f"{shown}fails {failure.describe()}", int(lines[position])))
    return findings


def judge(name: str, output: TableOutput, domain: Domain | None,
          validator: TableValidator | None = None,
          known: Mapping[str, Verdict] | None = None) -> Judgement:
    """Table `name` (every document's rows joined) judged by its domain's rules and its
    per-row expectations (when a validator is given).

    Both judge a document's rows on their own, so a table is judged document by document:
    the rows of the documents in `known` (document id -> its verdict from an earlier run,
    see `pipeline.validate.cache`) are not judged again; the others are judged together in
    one pass, whose verdict is split by document (`Judgement.fresh`, to be kept). Merging
    per document whatever the split keeps a cold build and an incremental one equal. The
    domain's warnings across documents (`Domain.table_warnings`) are found on the
    published rows of every document, each time."""
    frame = output.frame
    known = known or {}
    order = list(dict.fromkeys(frame["document_id"].tolist())) if len(frame) else []
    todo = [document for document in order if document not in known]
    if len(todo) < len(order):
        frame_todo = frame[frame["document_id"].isin(todo)].reset_index(drop=True)
        issues_todo = [i for i in output.issues if i.document_id not in known]
    else:
        frame_todo, issues_todo = frame, list(output.issues)
    verdict = _verdict(name, frame_todo, issues_todo, domain, validator)
    fresh = split_by_document(verdict, todo)
    merged = Verdict(unattributed=list(verdict.unattributed))
    for document in order:
        merge_into(merged, known[document] if document in known else fresh[document])
    merged.issues += [i for i in verdict.issues if i.document_id is None]
    judgement = _apply(name, frame, merged)
    table_warnings = domain.table_warnings.get(name) if domain is not None else None
    if table_warnings is not None and len(judgement.kept):
        judgement.issues += table_warnings(judgement.kept)
    judgement.fresh = fresh
    judgement.documentless = bool(merged.unattributed) or any(
        i.document_id is None for i in verdict.issues)
    return judgement


def _verdict(name: str, frame: pd.DataFrame, extraction_issues: Sequence[Issue],
             domain: Domain | None, validator: TableValidator | None) -> Verdict:
    """What the per-row expectations and the domain's rules say of `frame`'s documents."""
    verdict = Verdict()
    if validator is not None:
        spec_failures = validator.row_failures(get_table(name), frame)
        for finding in expectation_findings(frame, spec_failures):
            verdict.add(finding)
            verdict.issues.append(Issue("validate", finding.rule, finding.message, WARNING,
                                        finding.document_id, finding.source_table,
                                        finding.line))
    if domain is not None:
        rule_verdict(domain, name, frame, extraction_issues, verdict)
        _settle(domain, name, frame, extraction_issues, verdict)
    return verdict


def split_by_document(verdict: Verdict, documents: Iterable[str]) -> dict[str, Verdict]:
    """Each document's part of a verdict (an empty one for a document found clean); the
    parts naming no document stay out (see `Judgement.documentless`)."""
    parts = {document: Verdict() for document in documents}
    for key, findings in verdict.withhold.items():
        parts[key[0]].withhold[key] = list(findings)
    for key, codes in verdict.flags.items():
        parts[key[0]].flags[key] = list(codes)
    for issue in verdict.issues:
        if issue.document_id is not None:
            parts[issue.document_id].issues.append(issue)
    return parts


def merge_into(verdict: Verdict, part: Verdict) -> None:
    """Add one document's verdict to a table's."""
    verdict.withhold.update(part.withhold)
    verdict.flags.update(part.flags)
    verdict.issues += part.issues


def _settle(domain: Domain, name: str, frame: pd.DataFrame, extraction_issues: Sequence[Issue],
            verdict: Verdict) -> None:
    """Run the rules again on what is left of each document with a withheld table, until
    nothing more is withheld: a rule may join two tables of a document (an inspection's
    overall score is the sum of its standards' scores, printed elsewhere)."""
    changed = set(verdict.withhold)
    while changed:
        documents = {document for document, _ in changed}
        keys = _keys(frame)
        rest = frame[[k[0] in documents and k not in verdict.withhold for k in keys]]
        again = rule_verdict(domain, name, rest.reset_index(drop=True), extraction_issues)
        changed = set(again.withhold) - set(verdict.withhold)
        for key in changed:
            for finding in again.withhold[key]:
                verdict.add(finding)
        verdict.issues += [i for i in again.issues
                           if (i.document_id, i.source_table) in changed]
        verdict.unattributed += again.unattributed


def _apply(name: str, frame: pd.DataFrame, verdict: Verdict) -> Judgement:
    """Split the frame by the verdict, and set the flags of the rows kept."""
    if not verdict.withhold and not verdict.flags:
        return Judgement(frame, empty_withheld(), verdict.issues, verdict.unattributed)
    keys = _keys(frame)
    out = [key in verdict.withhold for key in keys]
    kept = frame[[not o for o in out]].copy()
    if verdict.flags:
        current = kept[QUALITY_FLAGS].tolist()
        kept_keys = [k for k, o in zip(keys, out, strict=True) if not o]
        kept[QUALITY_FLAGS] = [
            sorted({*_flag_list(c), *verdict.flags[key]}) if key in verdict.flags else c
            for key, c in zip(kept_keys, current, strict=True)
        ]
    lines: dict[Key, list[int]] = defaultdict(list)
    for key, line, o in zip(keys, frame["source_line"].tolist(), out, strict=True):
        if o:
            lines[key].append(int(line))
    rows, issues = [], list(verdict.issues)
    for key, findings in verdict.withhold.items():
        first = min(findings, key=lambda f: (f.line is None, f.line or 0, f.rule))
        row = {"document_id": key[0], "fact_table": name, "source_table": key[1],
               "rule": first.rule, "message": first.message,
               "first_line": min(lines[key]) if lines[key] else None,
               "row_count": len(lines[key]), "failures": len(findings)}
        rows.append(row)
        issues.append(Issue(STAGE, TABLE_WITHHELD,
                            f"{row['row_count']} rows of {name} withheld "
                            f"({first.rule}: {first.message})",
                            WARNING, key[0], key[1], row["first_line"]))
    withheld = conform(pd.DataFrame(rows), WITHHELD).sort_values(
        ["document_id", "first_line"], kind="stable", ignore_index=True) if rows \
        else empty_withheld()
    return Judgement(kept.reset_index(drop=True), withheld, issues, verdict.unattributed)


def empty_withheld() -> pd.DataFrame:
    return empty_frame(WITHHELD)


def judged_output(name: str, output: TableOutput, domain: Domain | None,
                  validator: TableValidator | None = None,
                  stored: StoredVerdicts | None = None) -> TableOutput:
    """`judge` as the fact table's asset value: published rows, their issues and what was
    withheld (for the `withheld` table). With `stored`, the documents whose rows were
    judged before are not judged again, and the new verdicts are kept."""
    known = stored.known() if stored is not None else {}
    judgement = judge(name, output, domain, validator, known)
    if stored is not None:
        stored.keep(judgement, known)
    return TableOutput(judgement.kept, output.issues + judgement.issues + judgement.unattributed,
                       withheld=judgement.withheld)


# --- the whole release -----------------------------------------------------------------------

def withheld_table(outputs: Mapping[str, TableOutput]) -> pd.DataFrame:
    """Every fact table's withheld rows, as the published `withheld` table."""
    parts = [o.withheld for o in outputs.values() if o.withheld is not None and len(o.withheld)]
    if not parts:
        return empty_withheld()
    frame = pd.concat(parts, ignore_index=True)
    return conform(frame, WITHHELD).sort_values(
        ["document_id", "fact_table", "first_line"], kind="stable", ignore_index=True)


def flagged_rows(frame: pd.DataFrame) -> int:
    """Rows carrying a quality flag."""
    if QUALITY_FLAGS not in frame or frame.empty:
        return 0
    return int(frame[QUALITY_FLAGS].notna().sum())


def withheld_report(withheld: pd.DataFrame, facts: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """The report's account of what was withheld and flagged (see `report_dict`)."""
    records = withheld.astype(object).where(withheld.notna(), None).to_dict(orient="records")
    flagged = {name: flagged_rows(frame) for name, frame in facts.items()}
    return {
        "summary": {
            "documents": int(withheld["document_id"].nunique()),
            "tables": len(withheld),
            "rows": int(withheld["row_count"].sum()) if len(withheld) else 0,
            "by_rule": dict(sorted(Counter(withheld["rule"].tolist()).items())),
            "flagged_rows": sum(flagged.values()),
            "flagged_by_table": {k: v for k, v in flagged.items() if v},
        },
        "tables": records,
    }


def share_problem(withheld: pd.DataFrame, documents: int, limit: float) -> str | None:
    """Why the release must not be published, in one line: no documents, or more of them
    with a table withheld than `limit` allows; None when it may."""
    if documents <= 0:
        return "no documents were ingested: there is nothing to publish"
    affected = int(withheld["document_id"].nunique())
    if affected / documents > limit:
        return (f"{affected} of {documents} documents ({affected / documents:.0%}) have tables "
                f"withheld, more than the {limit:.0%} allowed: the extraction itself is likely "
                "broken (see the withheld table)")
    return None


def by_document(withheld: pd.DataFrame, facts: Mapping[str, pd.DataFrame]
                ) -> dict[str, dict[str, Any]]:
    """For each document with a table withheld or rows flagged: which and why (the
    metadata of its partition in the Dagster UI)."""
    found: dict[str, dict[str, Any]] = defaultdict(lambda: {"withheld": [], "flagged": {}})
    for row in withheld.itertuples(index=False):
        found[row.document_id]["withheld"].append(
            f"{row.fact_table} {row.source_table or '(prose)'} from line {row.first_line}: "
            f"{row.row_count} rows, {row.rule}: {row.message}")
    for name, frame in facts.items():
        if QUALITY_FLAGS not in frame or frame.empty:
            continue
        flagged = frame[frame[QUALITY_FLAGS].notna()]
        for document, count in flagged["document_id"].value_counts().items():
            found[str(document)]["flagged"][name] = int(count)
    return dict(found)


def published_verdict_problems(domain: Domain, name: str, table: TableOutput) -> list[str]:
    """What is wrong with a fact table as published, by its domain's rules: rows a rule
    would withhold, rule errors naming no document, and flags the rules do not give (or
    missing ones). Empty when the judging held.

    A judged table (`withheld` set) is checked again on the documents the judging changed
    (a table withheld, or flagged: in the frame or by the judge's issues): the domains'
    errors are found in a document's own rows, so every other document's rows are exactly
    those the rules already passed. A table that was not judged is checked whole."""
    frame = table.frame
    problems = [f"a rule error names no document: {i.one_line()}"
                for i in table.issues if i.severity == ERROR]
    if table.withheld is not None:
        changed = {*table.withheld["document_id"],
                   *(frame.loc[frame[QUALITY_FLAGS].notna(), "document_id"] if len(frame)
                     else ()),
                   *(i.document_id for i in table.issues
                     if i.code in domain.source_inconsistencies)}  # the flags the judge gave
        frame = frame[frame["document_id"].isin(changed)].reset_index(drop=True)
    verdict = rule_verdict(domain, name, frame, table.issues)
    problems += [f"published rows fail a rule: {findings[0].rule}: {findings[0].message}"
                 for findings in verdict.withhold.values()]
    problems += [f"a rule error names no document: {i.one_line()}"
                 for i in verdict.unattributed]
    published: dict[Key, set[str]] = defaultdict(set)
    if len(frame):
        for key, flags in zip(_keys(frame), frame[QUALITY_FLAGS].tolist(), strict=True):
            published[key].update(_flag_list(flags))
    expected = {key: set(codes) for key, codes in verdict.flags.items()}
    for key in sorted({k for k, codes in published.items() if codes} | set(expected), key=str):
        if published.get(key, set()) != expected.get(key, set()):
            problems.append(f"{key[0]} {key[1]}: rows flagged {sorted(published.get(key, []))} "
                            f"but the rules give {sorted(expected.get(key, []))}")
    return problems
