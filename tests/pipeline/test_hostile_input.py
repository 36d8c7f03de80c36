"""Hostile and unlucky input (issue 16): one full build of the corpus plus every odd file at
once, so each assertion also shows that the odd file stopped none of the others.

The folder holds the five corpus documents and their manifest, with: file names that
slug to one id, a 255-byte file name and a 5,000-character manifest `document_id`,
symbolic links out of the folder, a sub-folder and a pipe, a 400-digit amount, a stray
copy of a reviewed plan that sorts first, spreadsheet formulas in KPI labels, bad
manifest entries, HTML in manifest values, UTF-16 files, a file over the size limit,
and a file of 50,000 tiny tables that overruns the per-document time budget.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from release_files import csv_text, sqlite_file

from pipeline.automation import BUILD_JOB
from pipeline.ingest.sources import MAX_ID_LENGTH
from pipeline.runner import RunOutcome, run_job

REVIEWED = "darlington-youth-justice-plan-2018-19.txt"
SECRET = "SECRET-7f3a9c-not-for-publication"
BUDGET_SECONDS = 5.0  # the corpus documents take well under a second each
LONG_NAME = "trafford youth justice plan " + "x" * (255 - 28 - 4) + ".txt"
LONG_ID = "stockport-" + "y" * 4990
HTML = "<img src=x onerror=alert(1)>"
HUGE_DIGITS = "9" * 400


def _plan(service: str, body: str = "Our priorities for the year.\n") -> str:
    return f"{service} Youth Justice Plan 2020/21\n\n{body}"


HOSTILE_PLAN = f"""\
Wigan Youth Justice Plan 2021/22

## Performance against national indicators

**First time entrants (rate per 100,000 of 10-17 population, 12 months ending December)**

| Area | 2018 | 2017 |
|---|---:|---:|
| Wigan | 180 | 201 |
| =England*1 | 238 | 296 |
| @Staffordshire | 212 | 244 |

Source: YJB.

Table 2: Budget 2021/22

| Agency | Staffing costs | Other delegated funds | Total |
|---|---:|---:|---:|
| Local authority | 100,000 | 5,000 | 105,000 |
| Police | {HUGE_DIGITS} | - | |
"""

MANIFEST_ADDITIONS = f"""
  - source_file: hostile-plan.txt
    yot_id: wigan
    document_type: youth_justice_plan
    title: "Wigan plan {HTML}"
    period_label: "2021/22 {HTML}"
    period_start: 2021-04-01
    period_end: 2022-03-31
    publisher: "{HTML}"
  - source_file: renamed.txt
    document_id: bury-plan
  - source_file: long-id.txt
    document_id: {LONG_ID}
  - source_file: passwd.txt
    yot_id: wigan
    document_type: youth_justice_plan
    title: Passwords
  - source_file: bad-date.txt
    published: 2021-13-01
  - source_file: bad-title.txt
    title: [a, b]
  - [not, an, entry]
  - source_file: twice.txt
    title: First
  - source_file: twice.txt
    title: Second
  - source_file: nowhere-to-be-found.txt
    title: Missing
"""


def _tiny_tables(count: int) -> str:
    parts = ["Rochdale Youth Justice Plan 2020/21\n\n"]
    parts += [f"Staff\nRole\tFTE\nYOT officer\t{i % 97}\n\n" for i in range(count)]
    return "".join(parts)


def _hostile_folder(root: Path, corpus_dir: Path) -> Path:
    sources = root / "sources"
    sources.mkdir()
    for path in corpus_dir.iterdir():
        shutil.copy(path, sources / path.name)
    with (sources / "manifest.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(MANIFEST_ADDITIONS)
    texts = {
        "plan .txt": _plan("Oldham"), "plan-2.txt": _plan("Salford"), "plan.txt": _plan("Sefton"),
        "renamed.txt": _plan("Bury"), "bury-plan.txt": _plan("Tameside"),
        LONG_NAME: _plan("Trafford"), "long-id.txt": _plan("Stockport"),
        "hostile-plan.txt": HOSTILE_PLAN,
        "bad-date.txt": _plan("Knowsley"), "bad-title.txt": _plan("Knowsley", "Other.\n"),
        "twice.txt": _plan("Knowsley", "Twice.\n"),
        "tables-50000.txt": _tiny_tables(50_000),
    }
    for name, text in texts.items():
        (sources / name).write_text(text, encoding="utf-8")
    (sources / "utf16-bom.txt").write_bytes(_plan("Bolton").encode("utf-16"))
    (sources / "utf16-le.txt").write_bytes(_plan("Wakefield", "Budget £12,000\n")
                                           .encode("utf-16-le"))
    shutil.copy(corpus_dir / REVIEWED, sources / "aaa-copy.txt")
    os.utime(sources / "aaa-copy.txt", ns=(0, 10**9))  # older than the reviewed file
    (root / "secret.txt").write_text(_plan("Sefton", f"Key\tValue\n{SECRET}\t1\n"),
                                     encoding="utf-8")
    (sources / "link.txt").symlink_to(Path("..") / "secret.txt")
    (sources / "passwd.txt").symlink_to("/etc/passwd")
    (sources / "archive").mkdir()
    (sources / "archive" / "old.txt").write_text(_plan("Wigan"), encoding="utf-8")
    os.mkfifo(sources / "pipe.txt")
    with (sources / "huge.txt").open("wb") as handle:
        handle.truncate(26 * 1024 * 1024)  # sparse
    return sources


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path):
    """(outcome, sources folder, seconds the build took)."""
    root = tmp_path_factory.mktemp("hostile")
    sources = _hostile_folder(root, corpus_dir)
    (root / "home").mkdir()
    started = time.monotonic()
    with dg.DagsterInstance.local_temp(tempdir=str(root / "home")) as instance:
        outcome = run_job(BUILD_JOB, instance, sources, root / "storage",
                          releases_dir=root / "releases", max_document_seconds=BUDGET_SECONDS)
    return outcome, sources, time.monotonic() - started


def _table(outcome: RunOutcome, name: str) -> pd.DataFrame:
    assert outcome.release is not None, outcome.failures
    return pd.read_parquet(outcome.release / "parquet" / f"{name}.parquet")


def _reasons(outcome: RunOutcome) -> dict[str, str]:
    return _table(outcome, "rejections").set_index("source_file")["reason"].to_dict()


def _documents(outcome: RunOutcome) -> pd.DataFrame:
    return _table(outcome, "documents").set_index("document_id")


def test_the_build_publishes_every_good_document_despite_the_rest(
    hostile, corpus_dir: Path
) -> None:
    outcome, sources, _ = hostile
    assert outcome.success, outcome.failures
    documents = _documents(outcome)
    assert {p.stem for p in corpus_dir.glob("*.txt")} <= set(documents.index)
    # Every entry of the folder is a document or a rejection: nothing is lost unreported.
    listed = {p.name for p in sources.iterdir() if p.name != "manifest.yaml"}
    assert set(documents["source_file"]) | set(_reasons(outcome)) == listed


def test_ids_are_unique_and_a_clash_is_a_rejection_naming_both_files(hostile) -> None:
    outcome, _, _ = hostile
    documents = _documents(outcome)
    assert documents.loc["plan", "source_file"] == "plan .txt"
    assert documents.loc["plan-2", "source_file"] == "plan-2.txt"
    reasons = _reasons(outcome)
    assert reasons["plan.txt"].startswith("document id 'plan' is already that of plan .txt")
    # A manifest document_id is reviewed: it keeps its id, the file named like it does not.
    assert documents.loc["bury-plan", "source_file"] == "renamed.txt"
    assert reasons["bury-plan.txt"].startswith(
        "document id 'bury-plan' is already that of renamed.txt")


def test_long_names_and_ids_are_bounded_readable_and_published(hostile) -> None:
    outcome, _, _ = hostile
    documents = _documents(outcome).reset_index()
    by_file = documents.set_index("source_file")["document_id"]
    for name, prefix in ((LONG_NAME, "trafford-youth-justice-plan-xxx"),
                         ("long-id.txt", "stockport-yyy")):
        doc_id = by_file[name]
        assert len(doc_id) <= MAX_ID_LENGTH and doc_id.startswith(prefix)
        assert (outcome.release / "site" / "documents" / f"{doc_id}.html").is_file()


def test_symlinks_and_other_non_files_are_rejected_and_nothing_outside_is_read(
    hostile,
) -> None:
    outcome, _, _ = hostile
    reasons = _reasons(outcome)
    for name in ("link.txt", "passwd.txt"):
        assert reasons[name].startswith("a symbolic link that points outside the sources folder")
        assert "/etc" not in reasons[name] and "secret" not in reasons[name]
    assert reasons["archive"].startswith("a folder")
    assert reasons["pipe.txt"].startswith("not a regular file")
    release = outcome.release
    leaked = [p for p in release.rglob("*") if p.is_file() and p.suffix != ".zip"
              and (SECRET.encode() in p.read_bytes() or b"root:x:0:0" in p.read_bytes())]
    assert leaked == []


def test_a_number_too_large_for_a_float_is_left_out_and_reported(hostile, tmp_path) -> None:
    outcome, _, _ = hostile
    budgets = _table(outcome, "budget_contributions")
    assert budgets["amount_gbp"].map(lambda v: abs(v) < float("inf")).all()
    hostile_rows = budgets[budgets["document_id"] == "hostile-plan"]
    assert sorted(hostile_rows["amount_gbp"]) == [5000.0, 100000.0, 105000.0]
    with sqlite3.connect(sqlite_file(outcome.release, tmp_path)) as db:
        for table, column in (("budget_contributions", "amount_gbp"),
                              ("kpi_observations", "value")):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE abs({column}) > 1e308"
                              ).fetchone() == (0,)
    report = json.loads((outcome.release / "report.json").read_text("utf-8"))
    assert any(i["document_id"] == "hostile-plan" and "ambiguous cell" in i["message"]
               for i in report["issues"])


def test_the_reviewed_file_wins_over_an_older_stray_copy(hostile) -> None:
    outcome, _, _ = hostile
    documents = _documents(outcome)
    reviewed = documents.loc[REVIEWED.removesuffix(".txt")]
    assert reviewed["source_file"] == REVIEWED
    assert reviewed["metadata_source"] == "manifest" and reviewed["licence"]
    assert _reasons(outcome)["aaa-copy.txt"] == (
        f"identical content to {REVIEWED} (document {REVIEWED.removesuffix('.txt')}), "
        "which is kept because manifest.yaml describes it")


def test_no_csv_file_of_the_release_holds_a_formula(hostile) -> None:
    outcome, _, _ = hostile
    package = json.loads((outcome.release / "datapackage.json").read_text("utf-8"))
    texts = {
        r["title"]: [f["name"] for f in r["schema"]["fields"] if f["type"] == "string"]
        for r in package["resources"] if r["format"] == "csv"
    }
    assert "kpi_observations_wide" in texts
    found = []
    for table, columns in texts.items():
        with io.StringIO(csv_text(outcome.release, table), newline="") as handle:
            for row in csv.DictReader(handle):
                found += [(table, row[c]) for c in columns
                          if row[c].startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert found == []
    # The labels as printed are guarded; the wide view names each resolved subject by its
    # reference name (kpi_series keeps every printed label, inside a JSON array).
    kpis = csv_text(outcome.release, "kpi_observations")
    assert "'=England*1" in kpis and "'@Staffordshire" in kpis
    assert "=England*1" in csv_text(outcome.release, "kpi_series")


def test_bad_manifest_entries_reject_their_document_in_one_line(hostile) -> None:
    outcome, _, _ = hostile
    reasons = _reasons(outcome)
    assert reasons["bad-date.txt"].startswith(
        "manifest.yaml entry 10 (source_file bad-date.txt): field published: ")
    assert "month" in reasons["bad-date.txt"]
    assert reasons["bad-title.txt"] == ("manifest.yaml entry 11 (source_file bad-title.txt): "
                                        "field title: Input should be a valid string")
    assert reasons["twice.txt"] == ("manifest.yaml entries 13 and 14 both describe "
                                    "source_file twice.txt: keep one")
    report = json.loads((outcome.release / "report.json").read_text("utf-8"))
    noted = {i["message"] for i in report["issues"] if i["code"] == "manifest_entry"}
    assert noted == {
        "manifest.yaml entry 12: an entry must be a mapping of field: value",
        "manifest.yaml entry 15 (source_file nowhere-to-be-found.txt): no such file in the "
        "sources folder",
    }
    assert all("\n" not in reason for reason in reasons.values())


def test_a_document_over_its_time_budget_is_rejected_and_the_others_go_on(hostile) -> None:
    outcome, _, seconds = hostile
    assert _reasons(outcome)["tables-50000.txt"] == (
        f"not processed within the time budget of {BUDGET_SECONDS:g} s for one document "
        "(raise max_document_seconds if it is genuine)")
    assert "hostile-plan" in _documents(outcome).index
    assert seconds < 300  # before: over 590 s and no release at all


def test_utf16_files_are_decoded_and_small_messages_are_right(hostile) -> None:
    outcome, _, _ = hostile
    documents = _documents(outcome)
    assert documents.loc["utf16-bom", "encoding"] == "utf-16"
    assert documents.loc["utf16-le", "encoding"] == "utf-16-le"
    assert documents.loc["utf16-le", "yot_id"] == "wakefield"
    assert _reasons(outcome)["huge.txt"] == (
        "file is 26.0 MB, over the 25 MB limit for one document (raise max_source_bytes if "
        "it is genuine)")
    readme = (outcome.release / "README.md").read_text("utf-8")
    assert "2021/22 &lt;img src=x onerror=alert(1)&gt;" in readme
    assert "<img" not in readme
