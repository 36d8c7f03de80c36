"""Benchmark of PDF conversion: pages per second on a generated 1,000-page set (not a test).

Usage: python benchmarks/pdf_conversion.py [--pages 1000] [--pages-per-document 50]

Writes PDFs with fpdf2 (each page: a heading, prose and a ruled table of 12 rows; every
few pages a table runs onto the next page with its header repeated), then converts each
with `pipeline.ingest.pdf.pdf_rendering`, as ingest does, timing the conversion alone.
The result goes into its own section of benchmarks/results.md (between markers; the
other sections are left as they are) and into benchmarks/results/pdf_conversion.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.budget import DEFAULT_DOCUMENT_SECONDS  # noqa: E402
from pipeline.ingest.pdf import pdf_rendering  # noqa: E402

RESULTS_MD = ROOT / "benchmarks" / "results.md"
RESULTS_JSON = ROOT / "benchmarks" / "results" / "pdf_conversion.json"
BEGIN, END = "<!-- pdf-conversion:begin -->", "<!-- pdf-conversion:end -->"
AGENCIES = ("Local Authority", "Police", "Health", "Probation", "Education", "Housing")


def make_pdf(pages: int, seed: int) -> bytes:
    """A plan-like PDF of `pages` pages: prose and ruled tables with numbers."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_font("Helvetica", size=10)
    while pdf.page_no() < pages:
        page = pdf.page_no()
        pdf.add_page()
        pdf.set_font("Helvetica", style="B", size=12)
        pdf.cell(0, 8, f"Section {page + 1}: resources and performance", new_x="LMARGIN",
                 new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5, "The partnership reviewed its budget and its performance "
                       "against the national indicators this quarter. " * 3,
                       new_x="LMARGIN", new_y="NEXT")
        # Every fifth page a table that runs onto the next page (when one is left).
        rows = 40 if page % 5 == 4 and pdf.page_no() < pages else 12
        with pdf.table(line_height=6, text_align="LEFT") as table:
            header = table.row()
            for label in ("Agency", "Staffing costs", "Other funds", "Total"):
                header.cell(label)
            for r in range(rows):
                staff, other = 1000 * (seed + page + r + 7), 100 * (seed + r + 3)
                row = table.row()
                for text in (AGENCIES[r % len(AGENCIES)], f"{staff:,}", f"{other:,}",
                             f"{staff + other:,}"):
                    row.cell(text)
    return bytes(pdf.output())


def run(total_pages: int, per_document: int) -> dict:
    sizes = [per_document] * (total_pages // per_document)
    if total_pages % per_document:
        sizes.append(total_pages % per_document)
    started = time.perf_counter()
    documents = [make_pdf(size, seed) for seed, size in enumerate(sizes)]
    generated = time.perf_counter() - started
    seconds, pages = [], 0
    for data in documents:
        start = time.perf_counter()
        rendering = pdf_rendering(data)
        seconds.append(time.perf_counter() - start)
        pages += rendering.page_count
    total = sum(seconds)
    per_page = total / pages
    return {
        "measured": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "documents": len(documents),
        "pages": pages,
        "megabytes": round(sum(len(d) for d in documents) / 2**20, 1),
        "generate_seconds": round(generated, 1),
        "convert_seconds": round(total, 2),
        "pages_per_second": round(pages / total, 1),
        "seconds_per_document": {"median": round(statistics.median(seconds), 2),
                                 "max": round(max(seconds), 2)},
        "pages_within_document_budget": int(DEFAULT_DOCUMENT_SECONDS / per_page),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def section(result: dict) -> str:
    return "\n".join([
        BEGIN,
        "## PDF conversion",
        "",
        f"Measured {result['measured']} by `benchmarks/pdf_conversion.py`, Python "
        f"{result['python']}, {result['cpus']} CPUs, load average {result['load_average']} "
        "(a shared machine). Generated set: "
        f"{result['documents']} PDFs, {result['pages']:,} pages, {result['megabytes']} MB "
        "(fpdf2; per page a heading, prose and a ruled table; every fifth page a table "
        "that runs over a page break with its header repeated). Conversion only "
        "(`pipeline.ingest.pdf.pdf_rendering`: pdfplumber words and ruling lines to the "
        "text rendering), one process.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| pages per second | {result['pages_per_second']} |",
        f"| seconds for the set | {result['convert_seconds']} |",
        f"| seconds per document (median / max) | "
        f"{result['seconds_per_document']['median']} / {result['seconds_per_document']['max']} |",
        f"| pages one document can have within the {DEFAULT_DOCUMENT_SECONDS:g} s budget | "
        f"~{result['pages_within_document_budget']:,} |",
        f"| peak RSS (MiB, with generation) | {result['peak_rss_mib']} |",
        "",
        "A converted file's rendering is stored (`renderings/<sha256>.txt`), so later runs "
        "and the site read it instead of converting again.",
        END,
    ])


def write_section(text: str) -> None:
    """Replace this benchmark's section of results.md, or append it; nothing else changes."""
    current = RESULTS_MD.read_text("utf-8") if RESULTS_MD.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS_MD.write_text(updated, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--pages-per-document", type=int, default=50)
    args = parser.parse_args()
    result = run(args.pages, args.pages_per_document)
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    write_section(section(result))
    print(f"{result['pages']} pages in {result['convert_seconds']} s: "
          f"{result['pages_per_second']} pages/s")


if __name__ == "__main__":
    main()
