"""PDF and Word sources: the same content as text, as a PDF and as a .docx gives the same
fact rows, each with the page it is printed on; bad files are rejected in one line.

Every file is written by the test (fpdf2, python-docx) from the blocks in
`paged_samples`, so the expected rows are those of the text rendering of the same blocks,
read by the same pipeline, and the expected pages come from where the blocks were put.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from paged import PAGE, Grid, as_docx, as_pdf, as_text, text_pages
from paged_samples import INSPECTION, PLAN

from pipeline.extract.document import DocumentResult, combine_documents, process_document
from pipeline.ingest.convert import RENDERINGS_DIR, load_rendering
from pipeline.ingest.sources import (
    IngestedDocument,
    Rejection,
    SourceFile,
    discover_sources,
    ingest_file,
)
from pipeline.metadata.enums import FORMAT_DOCX, FORMAT_PDF, FORMAT_TEXT
from pipeline.metadata.registry import FACT_TABLES
from pipeline.parse import parse_tables
from pipeline.reference.areas import AreaResolver

# row_id hashes the natural key, which holds the document, line and table: provenance too.
PROVENANCE = ("document_id", "source_line", "source_page", "source_table", "row_id")
WRITERS = {"txt": lambda blocks: as_text(blocks).encode(), "pdf": as_pdf, "docx": as_docx}
# Variants of a document: (file suffix, writer); a borderless PDF table has no ruling lines.
VARIANTS = {**{suffix: (suffix, write) for suffix, write in WRITERS.items()},
            "borderless": ("pdf", lambda blocks: as_pdf(blocks, ruled=False))}
FORMATS = {"txt": FORMAT_TEXT, "pdf": FORMAT_PDF, "docx": FORMAT_DOCX, "borderless": FORMAT_PDF}


def _sources(folder: Path, blocks, stem: str, variants=tuple(WRITERS)) -> Path:
    """The blocks written as `<stem>-<variant>.<suffix>` for every variant."""
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for variant in variants:
        suffix, write = VARIANTS[variant]
        (sources / f"{stem}-{variant}.{suffix}").write_bytes(write(blocks))
    return sources


def _results(sources: Path) -> dict[str, DocumentResult]:
    """Each document's result, by its variant (the end of its id)."""
    resolver = AreaResolver.default()
    return {s.document_id.rsplit("-", 1)[1]: process_document(s.document_id, s, None,
                                                              resolver, 10_000_000)
            for s in discover_sources(sources)}


def _facts(result: DocumentResult) -> dict[str, pd.DataFrame]:
    return {name: rows.to_output(name).frame for name, rows in result.extracts.items()
            if rows.length}


def _keyed(frame: pd.DataFrame) -> dict[tuple, dict]:
    """Rows by everything but their provenance (values, labels, periods, flags)."""
    rest = [c for c in frame.columns if c not in PROVENANCE]
    keyed = {}
    for record in frame.to_dict("records"):
        key = tuple(str(record[c]) for c in rest)
        assert key not in keyed, f"two rows say the same: {key}"
        keyed[key] = record
    return keyed


# A borderless PDF table is read from its spacing, which the parser reads for tables of
# numbers; a ratings table of words alone needs its ruling lines.
@pytest.mark.parametrize(("blocks", "stem", "tables", "variants"), [
    (PLAN, "wigan-plan", {"budget_contributions", "kpi_observations", "workforce"},
     ("txt", "pdf", "docx", "borderless")),
    (INSPECTION, "wirral-inspection", {"inspection_ratings"}, ("txt", "pdf", "docx")),
], ids=["plan", "inspection"])
def test_pdf_docx_and_text_give_the_same_fact_rows_on_the_right_pages(
    tmp_path: Path, blocks, stem: str, tables: set[str], variants: tuple[str, ...]
) -> None:
    results = _results(_sources(tmp_path, blocks, stem, variants))
    assert set(results) == set(variants) and not any(r.rejected for r in results.values())
    pages = text_pages(blocks)
    text = _facts(results["txt"])
    assert set(text) == tables
    for suffix in variants[1:]:
        result = results[suffix]
        assert result.row["source_format"] == FORMATS[suffix]
        assert result.row["page_count"] == pages[-1]
        assert len(result.row["rendering_sha256"]) == 64
        facts = _facts(result)
        assert set(facts) == tables, suffix
        for name, frame in facts.items():
            expected, got = _keyed(text[name]), _keyed(frame)
            assert got.keys() == expected.keys(), (suffix, name)
            for key, row in got.items():
                printed_on = pages[expected[key]["source_line"] - 1]
                assert row["source_page"] == printed_on, (suffix, name, key)
    assert results["txt"].row["page_count"] is None
    assert all(text[name]["source_page"].isna().all() for name in text)


def test_the_rendering_is_stored_beside_the_sources_and_is_what_lines_point_into(
    tmp_path: Path
) -> None:
    sources = _sources(tmp_path, PLAN, "wigan-plan")
    for suffix in ("pdf", "docx"):
        path = sources / f"wigan-plan-{suffix}.{suffix}"
        document = ingest_file(SourceFile(path, "wigan-plan"))
        assert isinstance(document, IngestedDocument)
        stored = (tmp_path / RENDERINGS_DIR / f"{document.sha256}.txt").read_text("utf-8")
        assert stored == document.text
        rendering = load_rendering(tmp_path / RENDERINGS_DIR, document.sha256)
        assert rendering is not None and rendering.page_starts == document.page_starts
        # A damaged stored copy is not trusted: the file is converted again.
        (tmp_path / RENDERINGS_DIR / f"{document.sha256}.txt").write_text("edited", "utf-8")
        assert load_rendering(tmp_path / RENDERINGS_DIR, document.sha256) is None
        again = ingest_file(SourceFile(path, "wigan-plan"))
        assert isinstance(again, IngestedDocument) and again.text == document.text
    assert sorted(p.name for p in sources.iterdir()) == sorted(
        f"wigan-plan-{suffix}.{suffix}" for suffix in WRITERS)  # sources never written to


LONG = [
    "Caseload by team",
    Grid([["Team", "Open cases", "Closed cases"],
          *([f"Team {n}", str(10 + n), str(50 + n)] for n in range(1, 121))]),
    "End of the caseload table.",
]


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_table_over_several_pages_with_its_header_repeated_is_one_table(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / "sources" / f"long.{suffix}"
    path.parent.mkdir()
    path.write_bytes(WRITERS[suffix](LONG))
    document = ingest_file(SourceFile(path, "long"))
    assert isinstance(document, IngestedDocument)
    tables = parse_tables(document.text, "long")
    (table,) = [t for t in tables if t.n_rows > 2]
    texts = [c.text for c in table.cells if c.column == 0]
    assert texts == ["Team", *(f"Team {n}" for n in range(1, 121))]  # the header once
    if suffix == "pdf":
        assert document.page_count is not None and document.page_count >= 3
        rows_pages = {document.page_of(c.source_line) for c in table.cells}
        assert rows_pages == set(range(1, document.page_count + 1))


STAFF_BY_CONTRACT = [
    "Staff by contract type",
    Grid([["", "Permanent", "", "Fixed-term", ""],
          ["Role", "Full-time", "Part-time", "Full-time", "Part-time"],
          ["Managers", "3", "1", "0", "0"],
          ["Practitioners", "10", "4", "2", "1"]],
         spans={(0, 1): 2, (0, 3): 2}, heading_rows=2),
]


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_merged_header_cells_parse_as_in_the_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "sources" / f"staff.{suffix}"
    path.parent.mkdir()
    path.write_bytes(WRITERS[suffix](STAFF_BY_CONTRACT))
    document = ingest_file(SourceFile(path, "staff"))
    assert isinstance(document, IngestedDocument)

    def cells(text: str) -> list[tuple]:
        (table,) = parse_tables(text, "staff")
        return [(c.row, c.column, c.text, c.colspan, c.is_header) for c in table.cells]

    assert cells(document.text) == cells(as_text(STAFF_BY_CONTRACT))
    spread = [c for c in cells(document.text) if c[2] in ("Permanent", "Fixed-term")]
    assert [c[3] for c in spread] == [2, 2]


def _scan_pdf() -> bytes:
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    class _Scanned(FPDF):
        def footer(self) -> None:  # a page number stamped as text on each scanned page
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill=0)
    pdf = _Scanned()
    for _ in range(2):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=180)
    return bytes(pdf.output())


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica")
    pdf.cell(0, 10, "Wigan Youth Justice Plan 2020/21")
    return bytes(pdf.output())


def _zero_page_pdf() -> bytes:
    import pypdfium2

    out = io.BytesIO()
    pypdfium2.PdfDocument.new().save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def _docx_with_broken_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(as_docx(PLAN))) as package:
        members = {name: package.read(name) for name in package.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:400]
    return _zip(members)


BAD_FILES = {
    "scan.pdf": (_scan_pdf, "a PDF with no text layer (2 page(s) of images only"),
    "locked.pdf": (_encrypted_pdf, "an encrypted PDF that needs a password"),
    "truncated.pdf": (lambda: as_pdf(PLAN)[:3000], "a truncated PDF"),
    "empty.pdf": (_zero_page_pdf, "a PDF with no pages"),
    "truncated-word.docx": (lambda: as_docx(PLAN)[:5000], "a damaged Word .docx file"),
    "broken.docx": (_docx_with_broken_xml, "a damaged Word .docx file that cannot be read"),
    "sheet.docx": (lambda: _zip({"xl/workbook.xml": b"<workbook/>"}),
                   "a ZIP file that is not a Word .docx document"),
    "old.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
                "an old Office file (.doc)"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_rejected_with_a_one_line_reason(tmp_path: Path, name: str) -> None:
    make, reason = BAD_FILES[name]
    path = tmp_path / "sources" / name
    path.parent.mkdir()
    path.write_bytes(make())
    rejected = ingest_file(SourceFile(path, "bad"))
    assert isinstance(rejected, Rejection), rejected
    assert rejected.reason.startswith(reason), rejected.reason
    assert "\n" not in rejected.reason and len(rejected.reason) < 300
    assert rejected.sha256 is not None


def test_bad_files_never_stop_the_good_documents(tmp_path: Path) -> None:
    sources = _sources(tmp_path, PLAN, "wigan-plan")
    for name, (make, _) in BAD_FILES.items():
        (sources / name).write_bytes(make())
    resolver = AreaResolver.default()
    results = {s.document_id: process_document(s.document_id, s, None, resolver, 10_000_000)
               for s in discover_sources(sources)}
    tables = combine_documents(results, FACT_TABLES)
    documents = tables["documents"].frame
    assert sorted(documents["source_file"]) == sorted(f"wigan-plan-{s}.{s}" for s in WRITERS)
    rejected = tables["rejections"].frame
    assert sorted(rejected["source_file"]) == sorted(BAD_FILES)
    budget = tables["budget_contributions"].frame
    assert set(budget["document_id"]) == {f"wigan-plan-{s}" for s in WRITERS}


def test_the_graph_publishes_pages_and_formats_and_checks_pass(tmp_path: Path) -> None:
    """A real Dagster run (GX suites and rules as blocking checks) over PDF, Word and text
    sources, with a manifest entry for the PDF as for any text file."""
    import dagster as dg

    from pipeline.automation import EXTRACT_JOB
    from pipeline.runner import run_job

    sources = _sources(tmp_path, PLAN, "wigan-plan")
    (sources / "wirral-report.pdf").write_bytes(as_pdf(INSPECTION))
    (sources / "manifest.yaml").write_text(
        "documents:\n  - source_file: wigan-plan-pdf.pdf\n    document_id: wigan-2020-pdf\n"
        "    licence: Open Government Licence v3.0\n", "utf-8")
    (tmp_path / "home").mkdir()
    out = tmp_path / "out"
    with dg.DagsterInstance.local_temp(tempdir=str(tmp_path / "home")) as instance:
        outcome = run_job(EXTRACT_JOB, instance, sources, tmp_path / "storage", extract_dir=out)
    assert outcome.success, outcome.failures
    documents = pd.read_csv(out / "documents.csv").set_index("document_id")
    assert documents["source_format"].to_dict() == {
        "wigan-2020-pdf": "pdf", "wigan-plan-docx": "docx", "wigan-plan-txt": "text",
        "wirral-report": "pdf"}
    assert documents.loc["wigan-2020-pdf", "licence"] == "Open Government Licence v3.0"
    assert documents.loc["wigan-2020-pdf", "metadata_source"] == "manifest"
    assert documents.loc["wirral-report", "page_count"] == 2
    budget = pd.read_csv(out / "budget_contributions.csv")
    pages = budget.groupby("document_id")["source_page"].unique().to_dict()
    assert {doc: list(p) for doc, p in pages.items() if doc != "wigan-plan-txt"} == {
        "wigan-2020-pdf": [1], "wigan-plan-docx": [1]}
    assert budget.loc[budget["document_id"] == "wigan-plan-txt", "source_page"].isna().all()
    ratings = pd.read_csv(out / "inspection_ratings.csv")
    assert set(ratings["source_page"]) == {2}


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_damaged_bytes_anywhere_give_a_document_or_a_rejection_never_a_crash(
    tmp_path: Path, suffix: str
) -> None:
    import random

    original = WRITERS[suffix](PLAN[:6])
    path = tmp_path / "sources" / f"damaged.{suffix}"
    path.parent.mkdir()
    generator = random.Random(18)
    for _ in range(12):
        data = bytearray(original)
        for position in generator.sample(range(len(data)), 40):
            data[position] = generator.randrange(256)
        data[:5] = original[:5]  # still recognised as a PDF / ZIP
        path.write_bytes(bytes(data))
        result = ingest_file(SourceFile(path, "damaged"))
        assert isinstance(result, IngestedDocument | Rejection)
        if isinstance(result, Rejection):
            assert "\n" not in result.reason and result.reason


def test_docx_pages_are_those_word_recorded_when_it_last_laid_the_file_out(
    tmp_path: Path
) -> None:
    """Word marks where each page began (`w:lastRenderedPageBreak`); a table row split over
    two pages carries one mark per cell but starts one page, not one per cell."""
    import docx
    from docx.oxml import OxmlElement

    def page_begins_at(run) -> None:
        run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))

    document = docx.Document()
    document.add_paragraph("Wigan Youth Justice Plan 2020/21")
    table = document.add_table(rows=3, cols=2)
    for r, (label, value) in enumerate([("Agency", "Total"), ("Police", "60,000"),
                                        ("Health", "25,000")]):
        table.cell(r, 0).text, table.cell(r, 1).text = label, value
    for cell in table.rows[2].cells:
        page_begins_at(cell.paragraphs[0].runs[0])
    document.add_paragraph("After the table.")
    page_begins_at(document.add_paragraph("Page three.").runs[0])
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "sources" / "laid-out.docx"
    path.parent.mkdir()
    path.write_bytes(out.getvalue())
    rendering = ingest_file(SourceFile(path, "laid-out"))
    assert isinstance(rendering, IngestedDocument)
    pages = {line: rendering.page_of(n) for n, line in enumerate(rendering.lines, start=1)}
    assert pages["Police\t60,000"] == 1
    assert pages["Health\t25,000"] == 2 and pages["After the table."] == 2
    assert pages["Page three."] == 3 and rendering.page_count == 3


def test_the_site_quotes_a_pdf_by_its_rendering_the_lines_rows_cite(tmp_path: Path) -> None:
    from pipeline.site.data import SiteData

    sources = _sources(tmp_path, PLAN, "wigan-plan", ("pdf",))
    result = _results(sources)["pdf"]
    documents = combine_documents({"wigan-plan-pdf": result}, FACT_TABLES)["documents"].frame
    site = SiteData({"documents": documents}, {}, "2026.12.01", sources)
    lines = site.source_lines("wigan-plan-pdf")
    assert lines is not None
    budget = result.extracts["budget_contributions"].columns
    for line, amount in zip(budget["source_line"], budget["amount_gbp"], strict=True):
        assert f"{amount:,.0f}" in lines[line - 1]


def test_a_table_continued_under_a_caption_on_the_next_page_is_one_table(
    tmp_path: Path
) -> None:
    header = ["Team", "Open cases", "Closed cases"]
    rows = [[f"Team {n}", str(10 + n), str(50 + n)] for n in range(1, 31)]
    blocks = ["Caseload by team", Grid([header, *rows[:15]]), PAGE,
              "Caseload by team (continued)", Grid([header, *rows[15:]]), "Notes follow."]
    path = tmp_path / "sources" / "continued.pdf"
    path.parent.mkdir()
    path.write_bytes(as_pdf(blocks))
    document = ingest_file(SourceFile(path, "continued"))
    assert isinstance(document, IngestedDocument)
    (table,) = [t for t in parse_tables(document.text, "continued") if t.n_rows > 2]
    assert [c.text for c in table.cells if c.column == 0] == ["Team", *(r[0] for r in rows)]
    assert {document.page_of(c.source_line) for c in table.cells} == {1, 2}
