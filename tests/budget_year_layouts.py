"""More budgets over two financial years (issue 17), as a seeded generator: layouts the
first family (tests/multi_year_variants.py) does not draw, each printed in every rendering
of tests/renderings.py (the Word export too). Invented text, never a plan's.

Budget layouts (`BUDGET_LAYOUTS`):
- `titled_groups`: a title row merged over the whole table, the years over the
  contribution types (each year's total among them), maybe a row of "£" under the types;
- `year_column`: a "Year" column inside the rows, each agency printed once per year (its
  label on the first of its rows only, or on each);
- `stub_years`: each year's header repeated inside one table, the year in its stub cell
  ("2018/19 | Staffing costs | ...");
- `variance_pair`: each agency's whole contribution per year, then a movement in pounds and
  in percent under one merged "Variance" heading (the percentage is never an amount);
- `pound_columns`: "£" printed as a column of its own before each year's amounts;
- `types_down`: agencies across, the contribution types down, one block per year under a
  year heading row (or one table per year, the year in its caption);
- `sentence_year`: one year's typed table, its year named only in the sentence above it
  (a year before the plan's), then the plan year's table likewise;
- `two_year_total`: the years side by side with a "Total" column adding both years (no
  one year: never published).

Any layout may leave a cell empty (nothing, "-", "nil"): no amount is read there.
A variant's `expected` is what a person reads: (agency, contribution type, financial year,
amount).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from multi_year_variants import (
    TYPES,
    Draw,
    Generated,
    _movement,
    _printed,
    contract_year,
)
from renderings import MERGED, RENDERINGS, TableText
from template_variants import Variant

EMPTY_CELLS = ("", "-", "nil")
CAPTIONS = ("Partner contributions to the youth justice budget",
            "Table 2: Contributions to the pooled budget", "Youth justice budget")


class Amounts:
    """Amounts drawn for a variant: some are no contribution (printed as an empty cell and
    never read), the others distinct whole hundreds."""

    def __init__(self, d: Draw) -> None:
        self.d = d
        self.empty = d.rng.choice(EMPTY_CELLS)
        self.share = d.rng.choice([0.0, 0.0, 0.15])

    def part(self) -> int:
        return 0 if self.d.rng.random() < self.share else self.d.amount()

    def cell(self, amount: int) -> str:
        return _printed(amount, self.d.pound) if amount else self.empty


def _types(d: Draw) -> list[tuple[str, str]]:
    chosen = d.rng.sample(TYPES, d.rng.randint(2, 3))
    return [t for t in TYPES if t in chosen] + [("Total", "total")]


def _typed(a: Amounts, types: list[tuple[str, str]]) -> list[int]:
    """One row's parts and their sum (the last type is the total); a row adds up to
    something."""
    while not any(parts := [a.part() for _ in types[:-1]]):
        pass
    return [*parts, sum(parts)]


def _expect(slug: str, types: list[tuple[str, str]], year: int,
            amounts: list[int]) -> set[tuple]:
    return {(slug, kind, contract_year(year), float(v))
            for (_, kind), v in zip(types, amounts, strict=True) if v}


def _typed_block(d: Draw, a: Amounts, year: int, types: list[tuple[str, str]],
                 agencies: list[tuple[str, str]]) -> tuple[list[list[int]], set[tuple]]:
    """Each agency's typed amounts for one year and the total row (when drawn)."""
    rows, expected = [], set()
    for _, slug in agencies:
        amounts = _typed(a, types)
        rows.append(amounts)
        expected |= _expect(slug, types, year, amounts)
    if d.total_row:
        sums = [sum(col) for col in zip(*rows, strict=True)]
        rows.append(sums)
        expected |= _expect("total", types, year, sums)
    return rows, expected


def _labels(d: Draw, agencies: list[tuple[str, str]]) -> list[str]:
    return [label for label, _ in agencies] + (["Total"] if d.total_row else [])


def _titled_groups(d: Draw) -> Generated:
    """A title row over all, the years over the types, maybe "£" under each type."""
    d.years = d.years[-2:]
    a, types, agencies = Amounts(d), _types(d), d.agencies()
    blocks = {y: _typed_block(d, a, y, types, agencies) for y in d.years}
    expected = set().union(*(found for _, found in blocks.values()))
    body = [(label, *(a.cell(v) for y in d.years for v in blocks[y][0][n]))
            for n, label in enumerate(_labels(d, agencies))]
    width = len(d.years) * len(types)
    title = d.rng.choice(["Partner contributions", "Youth justice pooled budget",
                          f"Budget {d.label(d.years[0])} and {d.label(d.years[1])}"])
    titled = d.rng.random() < 0.6
    pound_row = d.rng.random() < 0.4
    header: list[tuple[str | None, ...]] = []
    if titled:
        header.append((title, *[MERGED] * width))
    header.append((d.stub, *(c for y in d.years
                             for c in (d.label(y), *[MERGED] * (len(types) - 1)))))
    header.append(("", *(name for _ in d.years for name, _ in types)))
    if pound_row:
        header.append(("", *["£"] * width))
    caption = d.rng.choice(CAPTIONS)
    return ([TableText(caption, tuple(header), tuple(body))], expected,
            f"titled={titled} pound_row={pound_row} empty={a.empty!r} types={types}")


def _year_column(d: Draw) -> Generated:
    """A "Year" column: each agency's rows, one per year."""
    a, types, agencies = Amounts(d), _types(d), d.agencies()
    blocks = {y: _typed_block(d, a, y, types, agencies) for y in d.years}
    expected = set().union(*(found for _, found in blocks.values()))
    once = d.rng.random() < 0.5
    year_first = d.rng.random() < 0.3
    body = []
    if year_first:  # years down the first column, each year's agencies under it
        for y in d.years:
            for n, label in enumerate(_labels(d, agencies)):
                year = d.label(y) if n == 0 or not once else ""
                body.append((year, label, *(a.cell(v) for v in blocks[y][0][n])))
        header = (("Year", d.stub or "Agency", *(name for name, _ in types)),)
    else:
        for n, label in enumerate(_labels(d, agencies)):
            for m, y in enumerate(d.years):
                shown = label if m == 0 or not once else ""
                body.append((shown, d.label(y), *(a.cell(v) for v in blocks[y][0][n])))
        header = ((d.stub, "Year", *(name for name, _ in types)),)
    return ([TableText(d.rng.choice(CAPTIONS), header, tuple(body))], expected,
            f"once={once} year_first={year_first} empty={a.empty!r} types={types}")


def _stub_years(d: Draw) -> Generated:
    """One table, each year's header row repeated inside it, the year in its stub."""
    a, types, agencies = Amounts(d), _types(d), d.agencies()
    body: list[tuple[str, ...]] = []
    expected: set[tuple] = set()
    header: tuple[str, ...] = ()
    for y in d.years:
        rows, found = _typed_block(d, a, y, types, agencies)
        expected |= found
        row_header = (d.label(y), *(name for name, _ in types))
        if not header:
            header = row_header
        else:
            body.append(row_header)
        body += [(label, *(a.cell(v) for v in amounts))
                 for label, amounts in zip(_labels(d, agencies), rows, strict=True)]
    return ([TableText(d.rng.choice(CAPTIONS), (header,), tuple(body))], expected,
            f"empty={a.empty!r} types={types}")


def _variance_pair(d: Draw) -> Generated:
    """Totals per year, then the movement in pounds and in percent under "Variance"."""
    d.years = d.years[-2:]
    before, last = d.years
    agencies = d.agencies()
    brackets = d.rng.random() < 0.5
    rows = [(label, slug, {y: d.amount() for y in d.years}) for label, slug in agencies]
    if d.total_row:
        rows.append(("Total", "total", {y: sum(r[2][y] for r in rows) for y in d.years}))
    body, expected = [], set()
    for label, slug, amounts in rows:
        moved = amounts[last] - amounts[before]
        body.append((label, *(_printed(amounts[y], d.pound) for y in d.years),
                     _movement(moved, d.pound, brackets),
                     f"{100 * moved / amounts[before]:.1f}%"))
        expected |= {(slug, "total", contract_year(y), float(amounts[y])) for y in d.years}
        expected.add((slug, "change", contract_year(last), float(moved)))
    heading = d.rng.choice(["Variance", "Change", "Difference"])
    header = ((d.stub, *(d.label(y) for y in d.years), heading, MERGED),
              ("", *["£"] * len(d.years), "£", "%"))
    return ([TableText(d.rng.choice(CAPTIONS), header, tuple(body))], expected,
            f"heading={heading} brackets={brackets}")


def _pound_columns(d: Draw) -> Generated:
    """Each year's amount after a cell printing only "£"."""
    d.pound = False
    agencies = d.agencies()
    rows = [(label, slug, {y: d.amount() for y in d.years}) for label, slug in agencies]
    if d.total_row:
        rows.append(("Total", "total", {y: sum(r[2][y] for r in rows) for y in d.years}))
    spans = d.rng.random() < 0.5
    body, expected = [], set()
    for label, slug, amounts in rows:
        body.append((label, *(c for y in d.years for c in ("£", _printed(amounts[y], False)))))
        expected |= {(slug, "total", contract_year(y), float(amounts[y])) for y in d.years}
    if spans:
        header = ((d.stub, *(c for y in d.years for c in (d.label(y), MERGED))),)
    else:
        header = ((d.stub, *(c for y in d.years for c in ("", d.label(y)))),)
    return ([TableText(d.rng.choice(CAPTIONS), header, tuple(body))], expected,
            f"spans={spans}")


def _types_down(d: Draw) -> Generated:
    """Agencies across, types down, one block of rows per year (or a table per year)."""
    a, types, agencies = Amounts(d), _types(d), d.agencies()
    total_column = d.rng.random() < 0.6
    columns = [*agencies, *([("Total", "total")] if total_column else [])]
    separate = d.rng.random() < 0.5
    tables, body, expected = [], [], set()
    stub = d.rng.choice(["", "Funding type", "Contribution"])
    header = ((stub, *(label for label, _ in columns)),)
    for y in d.years:
        by_agency = [_typed(a, types) for _ in agencies]
        rows = []
        for t, (name, kind) in enumerate(types):
            values = [amounts[t] for amounts in by_agency]
            values += [sum(values)] if total_column else []
            rows.append((name, *(a.cell(v) for v in values)))
            expected |= {(slug, kind, contract_year(y), float(v))
                         for (_, slug), v in zip(columns, values, strict=True) if v}
        if separate:
            tables.append(TableText(f"Partner contributions {d.label(y)}", header, tuple(rows)))
        else:
            body += [(d.label(y), *[""] * len(columns)), *rows]
    if not separate:
        tables = [TableText(d.rng.choice(CAPTIONS), header, tuple(body))]
    return tables, expected, f"separate={separate} total_column={total_column} types={types}"


def _sentence_year(d: Draw) -> Generated:
    """One year's table per year, each year named only in the sentence above it."""
    d.years = [2018, 2019]
    a, types, agencies = Amounts(d), _types(d), d.agencies()
    sentence = d.rng.choice(["The table below shows each partner's contribution in {}.",
                             "Contributions to the partnership budget for {} were:",
                             "In {} the partners contributed as follows."])
    tables, expected = [], set()
    for y in d.years:
        rows, found = _typed_block(d, a, y, types, agencies)
        expected |= found
        body = tuple((label, *(a.cell(v) for v in amounts))
                     for label, amounts in zip(_labels(d, agencies), rows, strict=True))
        tables.append(TableText(sentence.format(d.label(y)),
                                ((d.stub, *(name for name, _ in types)),), body))
    return tables, expected, f"sentence={sentence!r} empty={a.empty!r} types={types}"


def _two_year_total(d: Draw) -> Generated:
    """Years side by side and a "Total" column over both (no one year's: never read)."""
    d.years = d.years[-2:]
    agencies = d.agencies()
    rows = [(label, slug, {y: d.amount() for y in d.years}) for label, slug in agencies]
    if d.total_row:
        rows.append(("Total", "total", {y: sum(r[2][y] for r in rows) for y in d.years}))
    body, expected = [], set()
    for label, slug, amounts in rows:
        body.append((label, *(_printed(amounts[y], d.pound) for y in d.years),
                     _printed(sum(amounts.values()), d.pound)))
        expected |= {(slug, "total", contract_year(y), float(amounts[y])) for y in d.years}
    total = d.rng.choice(["Total", "Two-year total", "Total (£)"])
    header = ((d.stub, *(d.label(y) for y in d.years), total),)
    return ([TableText(d.rng.choice(CAPTIONS), header, tuple(body))], expected,
            f"total={total!r}")


BUDGET_LAYOUTS: dict[str, Callable[[Draw], Generated]] = {
    "titled_groups": _titled_groups, "year_column": _year_column, "stub_years": _stub_years,
    "variance_pair": _variance_pair, "pound_columns": _pound_columns,
    "types_down": _types_down, "sentence_year": _sentence_year,
    "two_year_total": _two_year_total}
GRANT_LAYOUTS: dict[str, Callable[[Draw], Generated]] = {}


def year_layout_variant(seed: int, layout: str, rendering: str) -> Variant:
    """One seeded document of `layout` printed in `rendering`."""
    rng = random.Random(seed)
    d = Draw(rng)
    tables, expected, detail = BUDGET_LAYOUTS[layout](d)
    text = "".join(RENDERINGS[rendering](table) for table in tables)
    description = (f"seed={seed} layout={layout} rendering={rendering} style={d.style} "
                   f"years={d.years} pound={d.pound} {detail} tables={tables}")
    return Variant(text, expected, description)


def spans(layout: str, seed: int) -> bool:
    """Whether the seed's tables merge header cells (one cell per line cannot print it)."""
    d = Draw(random.Random(seed))
    tables, _, _ = BUDGET_LAYOUTS[layout](d)
    return any(MERGED in row for t in tables for row in t.header)
