"""The children a service works with by age, gender or ethnicity (issue 15), as a seeded
generator of template tables printed in every rendering of tests/renderings.py (the Word
export too). Invented labels and numbers, never a plan's.

Layouts (`DEMOGRAPHIC_LAYOUTS`):
- `categories_down`: a dimension's categories down ("White", "10 - 14 years"), columns
  "Number", "Number | %", "No. | Percentage" or two years, maybe the share in the count's
  cell ("74 (60%)"), maybe a Total row; a caption naming the children (and maybe a year);
- `subjects_down`: the categories across, a row for the service and one for the national
  average, in percent;
- `in_turn`: genders, then age bands, then ethnicities in one table under "Number | %";
- `subjects_across`: categories down, a percent column for the service and one for the
  national average;
- `years_grouped`: each year merged over its "Number" and "%" columns.

A variant's `expected` is what a person reads: (subject_type, dimension, category, unit,
period_label, value); totals (category `all`) are left out of the comparison on both
sides.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from renderings import MERGED, RENDERINGS, TableText
from template_variants import Variant

DIMENSIONS = {
    "ethnicity": ("Ethnicity", [("White", "white"), ("Black or Black British", "black"),
                                ("Asian or Asian British", "asian"), ("Mixed", "mixed"),
                                ("Other", "other"), ("Not known", "unknown")]),
    "gender": ("Gender", [("Male", "male"), ("Female", "female")]),
    "age_band": ("Age", [("10-14", "10-14"), ("15-17", "15-17")]),
    "age_words": ("Age group", [("10 - 14 years", "10-14"), ("15 - 17 years", "15-17")]),
}
DIMENSION_OF = {"ethnicity": "ethnicity", "gender": "gender", "age_band": "age_band",
                "age_words": "age_band"}
COLUMNS = [["Number"], ["Number", "%"], ["No.", "Percentage"], ["2017/18", "2018/19"]]
SHARES = ("%", "Percentage")
CAPTIONS = ["{dimension} of children supervised by the YOT in 2018/19",
            "Table 5: {dimension} of young people on the caseload (2018/19)",
            "{dimension} profile of young people open to the service"]
SERVICE_ROWS = ["Darlington YOS", "YOS", "Darlington"]
NATIONAL_ROWS = ["National average", "England", "England and Wales"]

Generated = tuple[list[TableText], set[tuple], str]


def _categories_down(rng: random.Random) -> Generated:
    key = rng.choice(sorted(DIMENSIONS))
    name, categories = DIMENSIONS[key]
    dimension = DIMENSION_OF[key]
    columns = rng.choice(COLUMNS)
    share_in_cell = columns == ["Number"] and rng.random() < 0.5
    caption = rng.choice(CAPTIONS).format(dimension=name)
    year = "2018/19" if "2018/19" in caption else None
    counts = [[rng.randint(1, 400) for _ in categories] for _ in columns]
    body, expected = [], set()
    for row, (label, category) in enumerate(categories):
        cells = [label]
        for column, heading in enumerate(columns):
            if heading in SHARES:
                share = round(100 * counts[0][row] / sum(counts[0]), 1)
                cells.append(f"{share}%")
                expected.add(("yot", dimension, category, "percent", year, share))
                continue
            count = counts[column][row]
            period = heading if heading[0].isdigit() else year
            if share_in_cell:
                share = round(100 * count / sum(counts[column]))
                cells.append(f"{count} ({share}%)")
                expected.add(("yot", dimension, category, "percent", period, float(share)))
            else:
                cells.append(str(count))
            expected.add(("yot", dimension, category, "count", period, float(count)))
        body.append(tuple(cells))
    total_row = rng.random() < 0.5
    if total_row:
        body.append(("Total", *("100%" if heading in SHARES else str(sum(counts[column]))
                                for column, heading in enumerate(columns))))
    header = ((rng.choice([name, ""]), *columns),)
    return ([TableText(caption, header, tuple(body))], expected,
            f"{key} columns={columns} share_in_cell={share_in_cell} total_row={total_row}")


def _subjects_down(rng: random.Random) -> Generated:
    key = rng.choice(["ethnicity", "gender", "age_band"])
    name, categories = DIMENSIONS[key]
    dimension = DIMENSION_OF[key]
    if key == "ethnicity":
        categories = rng.sample(categories[:5], rng.randint(3, 5))
    service = rng.choice(SERVICE_ROWS)
    national = rng.choice(NATIONAL_ROWS)
    body, expected = [], set()
    for label, subject in [(service, "yot"), (national, "national")]:
        shares = [rng.randint(20, 900) / 10 for _ in categories]
        body.append((label, *(f"{s}%" for s in shares)))
        expected |= {(subject, dimension, category, "percent", None, s)
                     for (_, category), s in zip(categories, shares, strict=True)}
    caption = f"{name} of children supervised (%)"
    header = ((rng.choice(["", "Area"]), *(label for label, _ in categories)),)
    return ([TableText(caption, header, tuple(body))], expected,
            f"{key} service={service!r} national={national!r}")


def _in_turn(rng: random.Random) -> Generated:
    body, expected = [], set()
    keys = ["gender", "age_band", "ethnicity"]
    total = rng.randint(80, 300)
    for key in keys:
        _, categories = DIMENSIONS[key]
        categories = categories[:4] if key == "ethnicity" else categories
        cut = sorted(rng.sample(range(1, total), len(categories) - 1))
        counts = [b - a for a, b in zip([0, *cut], [*cut, total], strict=True)]
        for (label, category), count in zip(categories, counts, strict=True):
            share = round(100 * count / total)
            shown = f"Aged {label}" if key == "age_band" else label
            body.append((shown, str(count), f"{share}%"))
            expected.add(("yot", DIMENSION_OF[key], category, "count", "2018/19",
                          float(count)))
            expected.add(("yot", DIMENSION_OF[key], category, "percent", "2018/19",
                          float(share)))
    header = ((rng.choice(["Characteristic", ""]), "Number", "%"),)
    caption = "Children we worked with in 2018/19"
    return [TableText(caption, header, tuple(body))], expected, ""


def _subjects_across(rng: random.Random) -> Generated:
    """Categories down, a percent column for the service and one for the national
    average."""
    key = rng.choice(["ethnicity", "gender", "age_words"])
    name, categories = DIMENSIONS[key]
    if key == "ethnicity":
        categories = rng.sample(categories[:5], rng.randint(3, 5))
    columns = [(rng.choice(SERVICE_ROWS), "yot"), (rng.choice(NATIONAL_ROWS), "national")]
    shares = {subject: [rng.randint(20, 900) / 10 for _ in categories] for _, subject in columns}
    body = [(label, *(f"{shares[subject][n]}%" for _, subject in columns))
            for n, (label, _) in enumerate(categories)]
    expected = {(subject, DIMENSION_OF[key], category, "percent", None, shares[subject][n])
                for n, (_, category) in enumerate(categories) for _, subject in columns}
    header = ((rng.choice([name, ""]), *(label for label, _ in columns)),)
    caption = f"{name} of children on the caseload compared with the national average"
    return [TableText(caption, header, tuple(body))], expected, f"{key} columns={columns}"


def _years_grouped(rng: random.Random) -> Generated:
    """Each year merged over its "Number" and "%" columns."""
    key = rng.choice(["ethnicity", "gender", "age_band"])
    name, categories = DIMENSIONS[key]
    years = ["2017/18", "2018/19"]
    counts = {y: [rng.randint(1, 300) for _ in categories] for y in years}
    body, expected = [], set()
    for n, (label, category) in enumerate(categories):
        cells = [label]
        for y in years:
            share = round(100 * counts[y][n] / sum(counts[y]), 1)
            cells += [str(counts[y][n]), f"{share}%"]
            expected.add(("yot", DIMENSION_OF[key], category, "count", y,
                          float(counts[y][n])))
            expected.add(("yot", DIMENSION_OF[key], category, "percent", y, share))
        body.append(tuple(cells))
    header = ((rng.choice([name, ""]), *(c for y in years for c in (y, MERGED))),
              ("", *(c for _ in years for c in ("Number", "%"))))
    caption = f"{name} of children supervised by the YOT"
    return [TableText(caption, header, tuple(body))], expected, key


DEMOGRAPHIC_LAYOUTS: dict[str, Callable[[random.Random], Generated]] = {
    "categories_down": _categories_down, "subjects_down": _subjects_down,
    "in_turn": _in_turn, "subjects_across": _subjects_across,
    "years_grouped": _years_grouped}


def spans(layout: str, seed: int) -> bool:
    """Whether the seed's tables merge header cells (one cell per line cannot print it)."""
    tables, _, _ = DEMOGRAPHIC_LAYOUTS[layout](random.Random(seed))
    return any(MERGED in row for t in tables for row in t.header)


def demographics_variant(seed: int, layout: str, rendering: str) -> Variant:
    """One seeded document of `layout` printed in `rendering`."""
    tables, expected, detail = DEMOGRAPHIC_LAYOUTS[layout](random.Random(seed))
    text = "".join(RENDERINGS[rendering](table) for table in tables)
    return Variant(text, expected, f"seed={seed} layout={layout} rendering={rendering} "
                                   f"{detail} tables={tables}")
