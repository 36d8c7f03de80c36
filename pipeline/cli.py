"""`yjdata`: build a release or extract tables, through the same in-process Dagster graph."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg
import sqlalchemy.exc

from pipeline.automation import BUILD_JOB, EXTRACT_JOB
from pipeline.budget import DEFAULT_DOCUMENT_SECONDS
from pipeline.ingest.manifest import ManifestError
from pipeline.metadata.registry import TABLE_SPECS
from pipeline.resources import PROJECT_ROOT
from pipeline.runner import RunOutcome, run_job
from pipeline.site import resolve_site_dir, serve
from pipeline.validate.suites import write_suites
from pipeline.validate.withhold import DEFAULT_MAX_WITHHELD_SHARE

DEFAULT_SOURCES = PROJECT_ROOT / "datasets" / "sources"
# What SQLite says of a truncated or overwritten database file.
_DAMAGED_SQLITE = ("database disk image is malformed", "file is not a database")
DEFAULT_RELEASES = PROJECT_ROOT / "datasets" / "releases"
# The local instance's dagster.yaml, also what `make` copies (see the Makefile).
LOCAL_INSTANCE_CONFIG = PROJECT_ROOT / "deploy" / "dagster.local.yaml"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yjdata", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="show Dagster's log")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="run the whole graph and publish a release")
    build.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    build.add_argument("--releases", type=Path, default=DEFAULT_RELEASES)
    extract = commands.add_parser("extract", help="write every table to a folder; no release")
    extract.add_argument("--sources", type=Path, required=True)
    extract.add_argument("--out", type=Path, required=True)
    for command in (build, extract):
        command.add_argument("--max-document-seconds", type=float, default=None,
                             help="reject a document still being processed after this many "
                             f"seconds (default {DEFAULT_DOCUMENT_SECONDS:g}; 0: no limit)")
        command.add_argument(
            "--max-withheld-share", type=float, default=DEFAULT_MAX_WITHHELD_SHARE,
            metavar="SHARE", help="publish nothing when more than this share of the documents "
            f"have a table withheld (default {DEFAULT_MAX_WITHHELD_SHARE})")
    commands.add_parser("expectations", help="regenerate expectations/*.json from the registry")
    serve = commands.add_parser("serve", help="serve a release's web pages on 127.0.0.1")
    serve.add_argument("--release", help="version to serve (default: latest)")
    serve.add_argument("--releases", type=Path, default=DEFAULT_RELEASES)
    serve.add_argument("--port", type=int, default=8000)
    return parser


def _dagster_home() -> Path:
    """The project-local instance (DAGSTER_HOME), created when missing with the same
    configuration `make` writes (SQLite storage in this folder, a run queue)."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(LOCAL_INSTANCE_CONFIG, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _report(outcome: RunOutcome, seconds: float, what: str) -> int:
    """The run's outcome: on failure a first line that says why, then the details."""
    if not outcome.success:
        reason = outcome.failures[0] if outcome.failures else "see the run's log"
        print(f"yjdata: {what} failed: {reason}", file=sys.stderr)
        for failure in outcome.failures[1:]:
            print(f"  also: {failure}", file=sys.stderr)
        if outcome.run_id:
            print(f"  ({seconds:.1f}s, Dagster run {outcome.run_id})", file=sys.stderr)
        return 1
    print(f"yjdata: {what} finished in {seconds:.1f}s: {outcome.summary()}")
    return 0


def _build(args: argparse.Namespace, log_level: str) -> int:
    home = _dagster_home()
    print(f"yjdata: building a release from {args.sources} (Dagster instance {home})")
    started = time.monotonic()
    try:
        with dg.DagsterInstance.get() as instance:
            outcome = run_job(BUILD_JOB, instance, args.sources.resolve(), home / "storage",
                              releases_dir=args.releases.resolve(), log_level=log_level,
                              progress=True, max_document_seconds=args.max_document_seconds,
                              max_withheld_share=args.max_withheld_share)
    except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as exc:
        sign = next((s for s in _DAMAGED_SQLITE if s in str(exc)), None)
        if sign is None:
            raise
        print(f"yjdata: the Dagster instance in {home} is damaged ({sign}); that folder "
              "holds only run history and cached intermediate values: delete it and build "
              "again", file=sys.stderr)
        return 1
    except ManifestError as exc:
        print(f"yjdata: {exc}", file=sys.stderr)
        return 1
    status = _report(outcome, time.monotonic() - started, "build")
    if outcome.release and outcome.up_to_date:
        print(f"yjdata: release {outcome.release.name} is up to date: nothing published")
    elif outcome.release:
        print(f"yjdata: release {outcome.release.name} at {outcome.release}")
    return status


def _extract(args: argparse.Namespace, log_level: str) -> int:
    print(f"yjdata: extracting tables from {args.sources} into {args.out}")
    started = time.monotonic()
    # A throwaway instance: `extract` writes plain tables and keeps no run history, so its
    # event log lives in an in-memory SQLite database instead of files it would delete.
    with (
        tempfile.TemporaryDirectory(prefix="yjdata-") as scratch,
        dg.DagsterInstance.ephemeral(tempdir=scratch) as instance,
    ):
        try:
            outcome = run_job(EXTRACT_JOB, instance, args.sources.resolve(),
                              Path(scratch) / "storage", extract_dir=args.out.resolve(),
                              log_level=log_level, progress=True,
                              max_document_seconds=args.max_document_seconds,
                              max_withheld_share=args.max_withheld_share)
        except ManifestError as exc:
            print(f"yjdata: {exc}", file=sys.stderr)
            return 1
    return _report(outcome, time.monotonic() - started, "extract")


def _serve(args: argparse.Namespace) -> int:
    try:
        site_dir = resolve_site_dir(args.releases, args.release)
    except FileNotFoundError as exc:
        print(f"yjdata: {exc}", file=sys.stderr)
        return 1
    serve(site_dir, args.port)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    log_level = "INFO" if args.verbose else "WARNING"
    if args.command == "build":
        return _build(args, log_level)
    if args.command == "extract":
        return _extract(args, log_level)
    if args.command == "serve":
        return _serve(args)
    written = write_suites(PROJECT_ROOT / "expectations", list(TABLE_SPECS))
    print(f"yjdata: wrote {len(written)} expectation suites")
    return 0


if __name__ == "__main__":
    sys.exit(main())
