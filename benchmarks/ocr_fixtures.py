"""Real OCR renderings of invented YJB-template tables, as committed test fixtures (issue 15).

Scanned plans reach the pipeline as OCR text. This script draws invented template tables
(partner contributions, staff by contract type, staff by gender and ethnicity, the YJB
data summary, caseload counts) as page images with Pillow, with a caption, prose before and
after, a running header and a page number, ruled or unruled grids, a few fonts and sizes,
and a little rotation, blur, noise and a coarser scan; then reads each page with tesseract
(its default page segmentation, ``--psm 4``, ``--psm 6`` with and without the runs of
spaces between words, and its PDF text layer through ``pdftotext -layout``) and writes
what it read to ``tests/fixtures/ocr/<page>.<reading>.txt`` beside ``<page>.truth.json``:
every value a person reads in the table, with its row and column labels and the key the
pipeline's row carries.

Every text and number is invented here (never a plan's). Seeded and reproducible with the
same tesseract; CI does not need tesseract, the tests read the committed text.

    .venv/bin/python benchmarks/ocr_fixtures.py [--out tests/fixtures/ocr] [--pages 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
FONTS = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansCondensed.ttf"]
# How each page is read: tesseract's page segmentation modes as plain text, psm 6 keeping
# the runs of spaces between words, and tesseract's PDF text layer read by
# `pdftotext -layout` (a scanned plan made searchable, then saved as text).
READINGS = ("psm3", "psm4", "psm6", "psm6-spaces", "layout")
PAGE = (2480, 3508)  # A4 at 300 dpi
SPAN = None  # a header cell merged into the one on its left


@dataclass
class Cell:
    """A value a person reads: its row and column labels, as printed, and the row key."""

    row: str
    column: str
    printed: str
    key: list


@dataclass
class Drawn:
    """An invented table: caption, header rows (``SPAN`` for a merged cell), body rows,
    and the values a person reads in it."""

    kind: str
    caption: str
    header: list[list[str | None]]
    body: list[list[str]]
    cells: list[Cell] = field(default_factory=list)


# -- the tables -----------------------------------------------------------------------
AGENCIES = [("Local Authority", "local_authority"), ("Police", "police"),
            ("Police and Crime Commissioner", "police_and_crime_commissioner"),
            ("Probation", "probation"), ("Health", "health"),
            ("Youth Justice Board", "youth_justice_board"), ("Other", "other")]
FUNDS = [("Staffing costs", "staffing_costs"), ("Payments in kind", "payments_in_kind"),
         ("Other delegated funds", "other_delegated_funds")]


def _money(rng: random.Random, value: int) -> str:
    return f"£{value:,}" if rng.random() < 0.8 else f"{value:,}"


def budget(rng: random.Random) -> Drawn:
    """Partner contributions: agency x staffing costs / in kind / other delegated / total."""
    agencies = [a for a in AGENCIES if rng.random() < 0.8] or AGENCIES[:3]
    drawn = Drawn("budget", rng.choice(["Partner contributions to the youth justice budget "
                                        "2019/20", "Table 2: Partner contributions 2019/20"]),
                  [[rng.choice(["Agency", "Partner"]), *(n for n, _ in FUNDS), "Total"]], [])
    sums = [0] * 4
    for label, agency in agencies:
        values = [rng.choice([0, rng.randint(2, 900) * 100 + rng.choice([0, rng.randint(1, 99)])])
                  for _ in FUNDS]
        values[2] = values[2] or rng.randint(10, 900) * 100
        values.append(sum(values))
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        printed = [_money(rng, v) if v else rng.choice(["", "-", "£0"]) for v in values]
        drawn.body.append([label, *printed])
        for (column, slug), value, text in zip([*FUNDS, ("Total", "total")], values, printed,
                                               strict=True):
            if value or text == "£0":  # a zero printed as an amount is read as one
                drawn.cells.append(Cell(label, column, text, [agency, slug, float(value)]))
    drawn.body.append(["Total", *(_money(rng, v) for v in sums)])
    return drawn


ROLES = [("Strategic Manager", "strategic_manager"),
         ("Operational Manager", "operations_manager"), ("Practitioners", "practitioner"),
         ("Administrative", "administrator"), ("Sessional", "sessional"),
         ("Volunteer", "volunteer")]
CONTRACTS = [("Permanent", "permanent"), ("Fixed-term", "fixed_term"),
             ("Outsourced", "outsourced"), ("Temporary", "temporary"), ("Vacant", "vacant"),
             ("Secondee Police", "seconded_police"), ("Secondee Probation", "seconded_probation"),
             ("Secondee Health", "seconded_health")]


def workforce(rng: random.Random) -> Drawn:
    """Staff by contract type x role, with a Total column and row."""
    roles = [r for r in ROLES if rng.random() < 0.85] or ROLES[:3]
    contracts = [c for c in CONTRACTS if rng.random() < 0.75] or CONTRACTS[:3]
    drawn = Drawn("workforce", rng.choice(["Staffing of the YOT by contract type",
                                           "Table 4: Number of staff by contract type "
                                           "(June 2019)"]),
                  [["Type of contract", *(n for n, _ in roles), "Total"]], [])
    sums = [0] * (len(roles) + 1)
    for label, contract in contracts:
        values = [rng.choice([0, rng.randint(1, 4), rng.randint(5, 24)]) for _ in roles]
        values[-1] = values[-1] or rng.randint(1, 9)
        values.append(sum(values))
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        drawn.body.append([label, *(str(v) if v else "" for v in values)])
        drawn.cells += [Cell(label, column, str(v), [contract, role, float(v)])
                        for (column, role), v in zip(roles, values, strict=False) if v]
    drawn.body.append(["Total", *(str(v) for v in sums)])
    return drawn


STAFF = [("Managers Strategic", "strategic_manager", "staff"),
         ("Managers Operational", "operations_manager", "staff"),
         ("Practitioners", "practitioner", "staff"), ("Administrative", "administrator", "staff"),
         ("Sessional", "sessional", "staff"),
         ("Referral Order Panel Volunteer", "referral_order_panel_volunteer", "volunteers")]
ETHNICITIES = [("White British", "white_british"), ("White Other", "white_other"),
               ("Mixed", "mixed"), ("Black or Black British", "black"),
               ("Asian or Asian British", "asian"), ("Other", "other"),
               ("Not known", "unknown")]


def ethnicity(rng: random.Random) -> Drawn:
    """Staff by ethnicity x role, each role split Male / Female under a merged heading."""
    roles = STAFF[:rng.randint(3, 5)]
    rows = [e for e in ETHNICITIES if rng.random() < 0.8] or ETHNICITIES[:3]
    genders = rng.choice([("M", "F"), ("Male", "Female")])
    drawn = Drawn("ethnicity", rng.choice(["Staff by gender and ethnicity",
                                           "Table 5: Ethnicity and gender of staff (2019)"]),
                  [["Ethnicity", *(x for name, _, _ in roles for x in (name, SPAN))],
                   ["", *(g for _ in roles for g in genders)]], [])
    for label, slug in rows:
        values = [rng.choice([0, 0, rng.randint(1, 12)]) for _ in range(2 * len(roles))]
        drawn.body.append([label, *(str(v) if v else "" for v in values)])
        for index, value in enumerate(values):
            name, role, group = roles[index // 2]
            if value:
                gender = ("male", "female")[index % 2]
                drawn.cells.append(Cell(label, f"{name} {genders[index % 2]}", str(value),
                                        [slug, role, gender, group, float(value)]))
    return drawn


AREAS = [("Darlington", "yot", "darlington"), ("North East", "region", "north-east"),
         ("England", "national", "england")]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
INDICATORS = [("First Time Entrants: PNC rate per 100,000 of 10-17 population",
               "first_time_entrants_rate", 1, lambda rng: f"{rng.randint(150, 600)}"),
              ("Use of custody rate per 1,000 of 10-17 population", "custody_rate", 1,
               lambda rng: f"{rng.uniform(0.05, 1.5):.2f}"),
              ("Reoffending rates after 12 months: binary rate (%)", "reoffending_rate", 7,
               lambda rng: f"{rng.uniform(20, 50):.1f}%")]


def _period(month: int, year: int) -> tuple[str, str]:
    """A twelve-month period as the summary prints it, and its first day."""
    end_month, end_year = (month - 2) % 12 + 1, year + (month > 1)
    printed = f"{MONTHS[month - 1]} {year % 100:02d} - {MONTHS[end_month - 1]} {end_year % 100:02d}"
    return printed, f"{year:04d}-{month:02d}-01"


def kpi(rng: random.Random) -> Drawn:
    """The YJB data summary: indicator sub-headings over two period rows, areas as columns."""
    indicators = rng.sample(INDICATORS, rng.randint(2, 3))
    drawn = Drawn("kpi", "YJB data summary",
                  [[rng.choice(["", "Period"]), *(name for name, _, _ in AREAS)]], [])
    for heading, indicator, month, draw in indicators:
        drawn.body.append([heading, *("" for _ in AREAS)])
        for year in (2018, 2017) if month == 1 else (2016, 2015):
            printed, start = _period(month, year)
            values = [draw(rng) for _ in AREAS]
            drawn.body.append([printed, *values])
            drawn.cells += [Cell(printed, name, value,
                                 [kind, slug, indicator, start, float(value.rstrip("%"))])
                            for (name, kind, slug), value in zip(AREAS, values, strict=True)]
    return drawn


ORDERS = [("Referral Order", "referral_orders"),
          ("Youth Rehabilitation Order", "youth_rehabilitation_orders"),
          ("Detention and Training Order", "custody"),
          ("Youth Conditional Caution", "out_of_court_disposals"),
          ("Remand in custody", "remands")]


def caseload(rng: random.Random) -> Drawn:
    """Caseload counts by order type under "Number", with a Total row."""
    orders = [o for o in ORDERS if rng.random() < 0.8] or ORDERS[:3]
    drawn = Drawn("caseload", rng.choice(["Caseload by type of order",
                                          "Table 6: Current caseload by disposal type "
                                          "(31 March 2019)"]),
                  [[rng.choice(["Type of order", "Disposal"]), rng.choice(["Number", "No."])]],
                  [])
    total = 0
    for label, slug in orders:
        value = rng.randint(1, 90)
        total += value
        drawn.body.append([label, str(value)])
        drawn.cells.append(Cell(label, drawn.header[0][1] or "", str(value), [slug, float(value)]))
    drawn.body.append(["Total", str(total)])
    drawn.cells.append(Cell("Total", drawn.header[0][1] or "", str(total),
                            ["open_cases", float(total)]))
    return drawn


KINDS: dict[str, Callable[[random.Random], Drawn]] = {
    "budget": budget, "workforce": workforce, "ethnicity": ethnicity, "kpi": kpi,
    "caseload": caseload}


# -- the page --------------------------------------------------------------------------
PROSE = ["The partnership board reviewed the figures below at its meeting in the spring.",
         "They are the service's own records and were checked by the data officer.",
         "The board will look at these figures again when the next plan is written."]


@dataclass
class Style:
    """How a page is drawn: font, size, ruled or not, and the scan's damage."""

    font: str
    size: int
    ruled: bool
    stretch: bool  # the table spread over the text width, as Word's default tables are
    angle: float
    blur: float
    noise: float
    dpi: int  # the scan's resolution: a coarser scan misreads more characters


def _font(name: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = next(d / name for d in FONT_DIRS if (d / name).exists())
    if bold and (bolder := path.with_name(path.stem + "-Bold.ttf")).exists():
        path = bolder
    return ImageFont.truetype(str(path), size)


def _width(font: ImageFont.FreeTypeFont, text: str) -> int:
    return int(font.getlength(text))


def _columns(drawn: Drawn, font: ImageFont.FreeTypeFont, pad: int) -> list[int]:
    """Each column's width: its widest cell (a merged heading spreads over its span)."""
    count = len(drawn.body[0])
    widths = [0] * count
    for row in [*drawn.header, *drawn.body]:
        for index, text in enumerate(row):
            if text and (index + 1 >= count or row[index + 1] is not SPAN):
                widths[index] = max(widths[index], _width(font, text) + 2 * pad)
    widths[0] = min(widths[0], 620)  # long labels wrap
    for row in drawn.header:
        for index, text in enumerate(row):
            if text and index + 1 < count and row[index + 1] is SPAN:
                need = _width(font, text) + 2 * pad - widths[index] - widths[index + 1]
                if need > 0:
                    widths[index] += need // 2 + 1
                    widths[index + 1] += need // 2 + 1
    return widths


def _wrap(font: ImageFont.FreeTypeFont, text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _width(font, lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _draw_table(draw: ImageDraw.ImageDraw, drawn: Drawn, style: Style, top: int) -> int:
    """The grid from `top`; returns the y under it."""
    font = _font(style.font, style.size)
    bold = _font(style.font, style.size, bold=True)
    pad = style.size // 2
    widths = _columns(drawn, bold, pad)
    spare = PAGE[0] - 400 - sum(widths)
    if style.stretch and spare > 0:
        widths = [w + spare // len(widths) for w in widths]
    left = 200
    lines_y = [top]
    y = top
    line_height = int(style.size * 1.35)
    for number, row in enumerate([*drawn.header, *drawn.body]):
        header = number < len(drawn.header)
        face = bold if header else font
        wrapped = [_wrap(face, text or "", widths[0] - 2 * pad if i == 0 else 10**6)
                   for i, text in enumerate(row)]
        height = max(len(w) for w in wrapped) * line_height + pad
        x = left
        for index, text in enumerate(row):
            if text is SPAN:
                x += widths[index]
                continue
            width = widths[index] + sum(widths[j] for j in range(index + 1, len(row))
                                        if all(row[k] is SPAN for k in range(index + 1, j + 1)))
            for k, part in enumerate(wrapped[index]):
                numeric = index > 0 and not header
                at = x + width - pad - _width(face, part) if numeric else x + pad
                if header and index > 0:
                    at = x + (width - _width(face, part)) // 2
                draw.text((at, y + pad // 2 + k * line_height), part, font=face, fill=0)
            if style.ruled and index > 0:
                draw.line([(x, y), (x, y + height)], fill=0, width=2)
            x += widths[index]
        y += height
        lines_y.append(y)
    right = left + sum(widths)
    if style.ruled:
        for at in lines_y:
            draw.line([(left, at), (right, at)], fill=0, width=2)
        draw.line([(left, top), (left, y)], fill=0, width=2)
        draw.line([(right, top), (right, y)], fill=0, width=2)
    else:  # a rule under the header only, as many unruled tables print
        draw.line([(left, lines_y[len(drawn.header)]), (right, lines_y[len(drawn.header)])],
                  fill=0, width=2)
    return y


def page_image(drawn: Drawn, style: Style, number: int) -> Image.Image:
    """The page: running header, prose, caption, table, prose, page number; then damage."""
    image = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(image)
    font = _font(style.font, style.size)
    small = _font(style.font, int(style.size * 0.8))
    draw.text((200, 120), "Youth Justice Plan 2019/20", font=small, fill=0)
    y = 300
    for line in _wrap(font, PROSE[0] + " " + PROSE[1], PAGE[0] - 400):
        draw.text((200, y), line, font=font, fill=0)
        y += int(style.size * 1.4)
    y += style.size
    draw.text((200, y), drawn.caption, font=_font(style.font, style.size, bold=True), fill=0)
    y = _draw_table(draw, drawn, style, y + int(style.size * 1.8)) + style.size * 2
    for line in _wrap(font, PROSE[2], PAGE[0] - 400):
        draw.text((200, y), line, font=font, fill=0)
        y += int(style.size * 1.4)
    draw.text((PAGE[0] // 2, PAGE[1] - 200), str(number), font=small, fill=0)
    return _damaged(image, style)


def _damaged(image: Image.Image, style: Style) -> Image.Image:
    """A scan's damage: a slight turn, blur and speckle (seeded by the style)."""
    image = image.rotate(style.angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    if style.blur:
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
    if style.noise:
        rng = random.Random(f"{style}")
        pixels = image.load()
        for _ in range(int(PAGE[0] * PAGE[1] * style.noise)):
            x, y = rng.randrange(PAGE[0]), rng.randrange(PAGE[1])
            pixels[x, y] = rng.choice([0, 255])
    if style.dpi != 300:
        size = (PAGE[0] * style.dpi // 300, PAGE[1] * style.dpi // 300)
        image = image.resize(size, Image.Resampling.BILINEAR)
    return image


def _style(rng: random.Random) -> Style:
    return Style(rng.choice(FONTS), rng.choice([30, 34, 38, 44]), rng.random() < 0.6,
                 rng.random() < 0.5, round(rng.uniform(-0.7, 0.7), 2), rng.choice([0, 0, 0.6, 1.0]),
                 rng.choice([0, 0, 0.0005, 0.001]), rng.choice([300, 200, 150]))


def ocr(image: Image.Image, reading: str) -> str:
    """What tesseract reads on the page, read as `reading` (one of READINGS)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        dpi = round(300 * image.size[0] / PAGE[0])
        image.save(path, dpi=(dpi, dpi))
        psm = "3" if reading == "layout" else reading[3]
        options = ["-c", "preserve_interword_spaces=1"] if reading.endswith("spaces") else []
        command = ["tesseract", str(path), "stdout", "--psm", psm, "-l", "eng", *options]
        if reading == "layout":
            command = [*command[:2], str(Path(folder) / "page"), *command[3:], "pdf"]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        if reading == "layout":
            done = subprocess.run(["pdftotext", "-layout", str(Path(folder) / "page.pdf"), "-"],
                                  capture_output=True, text=True, check=True)
    return done.stdout


def page(name: str) -> tuple[Drawn, Style, Image.Image]:
    """The page `name` ("<kind>-<seed>"): its table, style and image."""
    rng = random.Random(name)
    drawn = KINDS[name.rsplit("-", 1)[0]](rng)
    style = _style(rng)
    return drawn, style, page_image(drawn, style, rng.randint(3, 40))


def write_fixtures(out: Path, pages: int, truth_only: bool = False) -> None:
    """Every kind's `pages` pages: the OCR text per reading (unless `truth_only`) and the
    truth."""
    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        for seed in range(pages):
            name = f"{kind}-{seed}"
            drawn, style, image = page(name)
            for reading in () if truth_only else READINGS:
                (out / f"{name}.{reading}.txt").write_text(ocr(image, reading),
                                                           encoding="utf-8")
            truth = {"kind": drawn.kind, "caption": drawn.caption, "style": style.__dict__,
                     "header": drawn.header, "body": drawn.body,
                     "cells": [cell.__dict__ for cell in drawn.cells]}
            (out / f"{name}.truth.json").write_text(json.dumps(truth, indent=1) + "\n",
                                                    encoding="utf-8")
            print(name, style)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/ocr"))
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--truth-only", action="store_true",
                        help="rewrite the truth files only (no tesseract)")
    parser.add_argument("--image", type=str, help="only save this page's image (e.g. kpi-0)")
    args = parser.parse_args()
    if args.image:
        page(args.image)[2].save(args.out / f"{args.image}.png")
        return
    write_fixtures(args.out, args.pages, args.truth_only)


if __name__ == "__main__":
    main()
