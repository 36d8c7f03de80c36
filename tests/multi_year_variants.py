"""A seeded generator of budget and grant tables over two or three financial years
(issue 15), in every rendering plans come in: invented text, never a plan's.

Budget layouts (`BUDGET_LAYOUTS`): the years as a two-row header over contribution types
(or "2018/19 Staffing costs" in one cell); years as plain columns holding each agency's
whole contribution, maybe with a "Change"/"Variance" column (the movement into the later
year) and a "%" column (not an amount: never published); one table per year, stacked, a
year heading or caption above each; a year heading row inside one table; last year's
total beside this year's typed columns; agencies across and years down (transposed).
Grant layouts (`GRANT_LAYOUTS`): items by year columns (a "Change" column is no spend),
one table per year, a year heading row inside one table.

The year is printed as 2019-20, 2019/20, 19/20, 2019/2020 or "2019 to 2020" (one form per
document). A variant's `expected` holds what a person reads: (agency, contribution type,
financial year, amount) for budgets, (item or "Total", financial year, amount) for grants.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from renderings import MERGED, RENDERINGS, TableText
from template_variants import DistinctHundreds, Variant

AGENCIES = [("Local Authority", "local_authority"), ("Police", "police"),
            ("Probation", "probation"), ("Health", "health"),
            ("Police and Crime Commissioner", "police_and_crime_commissioner"),
            ("Youth Justice Board", "youth_justice_board")]
TYPES = [("Staffing costs", "staffing_costs"), ("Payments in kind", "payments_in_kind"),
         ("Other delegated funds", "other_delegated_funds")]
CHANGE_HEADERS = ["Change", "Variance", "Difference", "Movement"]
PERCENT_HEADERS = ["%", "% change", "Change %"]
ITEMS = ["Prevention", "Out of court disposals", "Court work", "Supervision of orders",
         "Restorative justice", "Resettlement", "Remand and bail support", "Victim work"]
YEAR_STYLES = ("dash", "slash", "short", "words", "long_slash")
FIRST_YEARS = (2017, 2018)


def year_label(start: int, style: str) -> str:
    """A financial year as a plan prints it."""
    return {"dash": f"{start}-{(start + 1) % 100:02d}",
            "slash": f"{start}/{(start + 1) % 100:02d}",
            "short": f"{start % 100:02d}/{(start + 1) % 100:02d}",
            "words": f"{start} to {start + 1}",
            "long_slash": f"{start}/{start + 1}"}[style]


def contract_year(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def _printed(amount: int, pound: bool) -> str:
    return f"{'£' if pound else ''}{amount:,}"


def _movement(amount: int, pound: bool, brackets: bool) -> str:
    """A printed movement: negative as "-1,200" or "(1,200)"."""
    if amount >= 0:
        return _printed(amount, pound)
    return f"({_printed(-amount, pound)})" if brackets else f"-{_printed(-amount, pound)}"


class Draw:
    """The choices one variant makes, with its amounts drawn once each."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.amount = DistinctHundreds(rng, 20, 4000)
        self.style = rng.choice(YEAR_STYLES)
        first = rng.choice(FIRST_YEARS)
        self.years = list(range(first, first + rng.choice([2, 2, 3])))
        self.pound = rng.random() < 0.4
        self.total_row = rng.random() < 0.6
        # the label column's heading: a word, or none (a blank stub over the agencies)
        self.stub = rng.choice(["Agency", "Agency", "Partner", "Funding source", ""])

    def label(self, start: int) -> str:
        return year_label(start, self.style)

    def agencies(self) -> list[tuple[str, str]]:
        return self.rng.sample(AGENCIES, self.rng.randint(3, 5))


Generated = tuple[list[TableText], set[tuple], str]


def _grouped(d: Draw) -> Generated:
    """Years over contribution types: a two-row header, or both in one cell."""
    types = d.rng.sample(TYPES, d.rng.randint(1, 3))
    types = [t for t in TYPES if t in types] + [("Total", "total")]
    flat = d.rng.random() < 0.35
    # a movement per type (the total's too): `change` names no type, so the movements
    # read alike and which is which cannot be published (left out, reported)
    moves = d.rng.random() < 0.3
    body, expected = [], set()
    sums = {(y, k): 0 for y in d.years for _, k in types}
    for label, slug in d.agencies():
        cells = [label]
        amounts = {}
        for year in d.years:
            parts = [d.amount() for _ in types[:-1]]
            for (_, kind), amount in zip(types, [*parts, sum(parts)], strict=True):
                cells.append(_printed(amount, d.pound))
                expected.add((slug, kind, contract_year(year), float(amount)))
                sums[(year, kind)] += amount
                amounts[(year, kind)] = amount
        if moves:
            moved = [amounts[(d.years[-1], k)] - amounts[(d.years[-2], k)] for _, k in types]
            cells += [_movement(m, d.pound, False) for m in moved]
        body.append(tuple(cells))
    if d.total_row:
        body.append(("Total", *(_printed(sums[(y, k)], d.pound) for y in d.years
                                for _, k in types),
                     *(_movement(sums[(d.years[-1], k)] - sums[(d.years[-2], k)], d.pound,
                                 False) for _, k in types if moves)))
        expected |= {("total", k, contract_year(y), float(v)) for (y, k), v in sums.items()}
    groups = [d.label(y) for y in d.years] + (["Change"] if moves else [])
    if flat:
        header = ((d.stub, *(f"{g} {name}" for g in groups for name, _ in types)),)
    else:
        header = ((d.stub, *(c for g in groups
                               for c in (g, *[MERGED] * (len(types) - 1)))),
                  ("", *(name for _ in groups for name, _ in types)))
    caption = "Partner contributions to the youth justice budget"
    return ([TableText(caption, header, tuple(body))], expected,
            f"flat={flat} moves={moves} types={types}")


def _year_columns(d: Draw) -> Generated:
    """Each agency's whole contribution per year; a change and a percentage column."""
    change = d.rng.choice([None, *CHANGE_HEADERS])
    percent = d.rng.choice([None, None, *PERCENT_HEADERS])
    brackets = d.rng.random() < 0.5
    unit = d.rng.choice(["", " (£)", " £"])
    body, expected = [], set()
    last, before = d.years[-1], d.years[-2]
    rows = [(label, slug, {y: d.amount() for y in d.years}) for label, slug in d.agencies()]
    if d.total_row:
        rows.append(("Total", "total", {y: sum(r[2][y] for r in rows) for y in d.years}))
    for label, slug, amounts in rows:
        cells = [label, *(_printed(amounts[y], d.pound) for y in d.years)]
        expected |= {(slug, "total", contract_year(y), float(amounts[y])) for y in d.years}
        moved = amounts[last] - amounts[before]
        if change:
            cells.append(_movement(moved, d.pound, brackets))
            expected.add((slug, "change", contract_year(last), float(moved)))
        if percent:
            cells.append(f"{100 * moved / amounts[before]:.1f}%")
        body.append(tuple(cells))
    prefix = d.rng.choice(["", "", "Budget ", "FY ", "Actual "])
    header = (d.stub, *(f"{prefix}{d.label(y)}{unit}" for y in d.years),
              *([change] if change else []), *([percent] if percent else []))
    # a caption may name one year (the plan's) over columns naming their own
    caption = d.rng.choice(["Partner contributions to the pooled budget",
                            "Budget contributions by partner", "Youth justice budget",
                            f"Youth justice budget {d.label(last)}"])
    headers: tuple[tuple[str | None, ...], ...] = (header,)
    if d.rng.random() < 0.25:  # the unit printed in a row of its own under the years
        headers = (header, ("", *["£"] * len(d.years), *[""] * (len(header) - 1
                                                               - len(d.years))))
    return ([TableText(caption, headers, tuple(body))], expected,
            f"change={change} percent={percent} unit={unit!r} prefix={prefix!r}")


def _typed_rows(d: Draw, year: int, types: list[tuple[str, str]],
                agencies: list[tuple[str, str]]) -> tuple[list[tuple[str, ...]], set[tuple]]:
    """One year's rows under typed columns (the last type the row's total)."""
    body, expected = [], set()
    sums = dict.fromkeys([k for _, k in types], 0)
    for label, slug in agencies:
        parts = [d.amount() for _ in types[:-1]]
        amounts = [*parts, sum(parts)]
        body.append((label, *(_printed(a, d.pound) for a in amounts)))
        for (_, kind), amount in zip(types, amounts, strict=True):
            expected.add((slug, kind, contract_year(year), float(amount)))
            sums[kind] += amount
    if d.total_row:
        body.append(("Total", *(_printed(sums[k], d.pound) for _, k in types)))
        expected |= {("total", k, contract_year(year), float(v)) for k, v in sums.items()}
    return body, expected


def _types(d: Draw) -> list[tuple[str, str]]:
    chosen = d.rng.sample(TYPES, d.rng.randint(1, 3))
    return [t for t in TYPES if t in chosen] + [("Total", "total")]


def _stacked(d: Draw) -> Generated:
    """One table per year, each under its year (a heading alone, or in a caption)."""
    types = _types(d)
    caption = d.rng.choice(["{}", "Partner contributions {}", "Budget {}",
                            "Financial year {}"])
    agencies = d.agencies()
    tables, expected = [], set()
    for year in d.years:
        body, found = _typed_rows(d, year, types, agencies)
        expected |= found
        tables.append(TableText(caption.format(d.label(year)),
                                ((d.stub, *(n for n, _ in types)),), tuple(body)))
    return tables, expected, f"caption={caption!r} types={types}"


def _year_rows(d: Draw) -> Generated:
    """One table, a row naming only a year above each year's rows."""
    types = _types(d)
    heading = d.rng.choice(["{}", "Financial year {}", "{} budget"])
    agencies = d.agencies()
    body: list[tuple[str, ...]] = []
    expected: set[tuple] = set()
    for year in d.years:
        body.append((heading.format(d.label(year)), *[""] * len(types)))
        rows, found = _typed_rows(d, year, types, agencies)
        body += rows
        expected |= found
    caption = "Partner contributions to the youth justice service"
    return ([TableText(caption, ((d.stub, *(n for n, _ in types)),), tuple(body))],
            expected, f"heading={heading!r} types={types}")


def _previous_total(d: Draw) -> Generated:
    """Last year's total beside this year's typed columns."""
    d.years = d.years[-2:]
    before, year = d.years
    types = _types(d)
    form = d.rng.choice(["two_rows", "flat", "caption"])
    body, expected = [], set()
    sums = {k: 0 for _, k in [("", "previous"), *types]}
    for label, slug in d.agencies():
        previous = d.amount()
        parts = [d.amount() for _ in types[:-1]]
        amounts = [*parts, sum(parts)]
        body.append((label, _printed(previous, d.pound),
                     *(_printed(a, d.pound) for a in amounts)))
        expected.add((slug, "total", contract_year(before), float(previous)))
        sums["previous"] += previous
        for (_, kind), amount in zip(types, amounts, strict=True):
            expected.add((slug, kind, contract_year(year), float(amount)))
            sums[kind] += amount
    if d.total_row:
        body.append(("Total", *(_printed(v, d.pound) for v in sums.values())))
        expected.add(("total", "total", contract_year(before), float(sums["previous"])))
        expected |= {("total", k, contract_year(year), float(sums[k])) for _, k in types}
    caption = "Partner contributions"
    if form == "two_rows":
        header = ((d.stub, d.label(before), d.label(year), *[MERGED] * (len(types) - 1)),
                  ("", "Total", *(n for n, _ in types)))
    elif form == "flat":
        header = ((d.stub, f"{d.label(before)} Total",
                   *(f"{d.label(year)} {n}" for n, _ in types)),)
    else:
        header = ((d.stub, d.label(before), *(n for n, _ in types)),)
        caption = f"Partner contributions {d.label(year)}"
    return [TableText(caption, header, tuple(body))], expected, f"form={form} types={types}"


def _transposed(d: Draw) -> Generated:
    """Agencies across, a row per year (and maybe a change row), a total column."""
    agencies = d.agencies()
    change = d.rng.choice([None, None, *CHANGE_HEADERS])
    total_column = d.rng.random() < 0.6
    rows, expected = [], set()
    amounts = {y: [d.amount() for _ in agencies] for y in d.years}
    columns = [*agencies, *([("Total", "total")] if total_column else [])]
    for year in d.years:
        values = amounts[year] + ([sum(amounts[year])] if total_column else [])
        rows.append((d.label(year), *(_printed(v, d.pound) for v in values)))
        expected |= {(slug, "total", contract_year(year), float(v))
                     for (_, slug), v in zip(columns, values, strict=True)}
    if change:
        last, before = d.years[-1], d.years[-2]
        moved = [a - b for a, b in zip(amounts[last], amounts[before], strict=True)]
        moved += [sum(moved)] if total_column else []
        rows.append((change, *(_movement(v, d.pound, False) for v in moved)))
        expected |= {(slug, "change", contract_year(last), float(v))
                     for (_, slug), v in zip(columns, moved, strict=True)}
    header = (("Financial year", *(label for label, _ in columns)),)
    caption = "Partner contributions to the youth justice budget"
    return ([TableText(caption, header, tuple(rows))], expected,
            f"change={change} total_column={total_column}")


BUDGET_LAYOUTS: dict[str, Callable[[Draw], Generated]] = {
    "grouped": _grouped, "year_columns": _year_columns, "stacked": _stacked,
    "year_rows": _year_rows, "previous_total": _previous_total, "transposed": _transposed}


def _grant_items(d: Draw, years: list[int]) -> tuple[list[str], dict[int, list[int]]]:
    items = d.rng.sample(ITEMS, d.rng.randint(3, 6))
    return items, {y: [d.amount(5, 1500) for _ in items] for y in years}


def _grant_rows(d: Draw, year: int, items: list[str],
                amounts: list[int]) -> tuple[list[tuple[str, ...]], set[tuple]]:
    body = [(item, _printed(a, d.pound)) for item, a in zip(items, amounts, strict=True)]
    expected = {(item, contract_year(year), float(a))
                for item, a in zip(items, amounts, strict=True)}
    if d.total_row:
        body.append(("Total", _printed(sum(amounts), d.pound)))
        expected.add(("Total", contract_year(year), float(sum(amounts))))
    return body, expected


GRANT_CAPTIONS = ["YJB grant spend", "Use of the Youth Justice Grant",
                  "How the YJB grant is spent"]
ITEM_HEADERS = ["Area of spend", "Item", "Activity"]


def _grant_year_columns(d: Draw) -> Generated:
    """Items down, a column per year, maybe a change column (no spend: never read)."""
    items, amounts = _grant_items(d, d.years)
    change = d.rng.choice([None, *CHANGE_HEADERS, *PERCENT_HEADERS])
    last, before = d.years[-1], d.years[-2]
    rows = [(item, [amounts[y][n] for y in d.years]) for n, item in enumerate(items)]
    if d.total_row:
        rows.append(("Total", [sum(amounts[y]) for y in d.years]))
    body, expected = [], set()
    for item, values in rows:
        cells = [item, *(_printed(v, d.pound) for v in values)]
        moved = values[-1] - values[-2]
        if change in CHANGE_HEADERS:
            cells.append(_movement(moved, d.pound, False))
        elif change:
            cells.append(f"{100 * moved / values[-2]:.1f}%")
        body.append(tuple(cells))
        expected |= {(item, contract_year(y), float(v)) for y, v in zip(d.years, values,
                                                                         strict=True)}
    header = (d.rng.choice(ITEM_HEADERS), *(f"{d.label(y)} (£)" for y in d.years),
              *([change] if change else []))
    del last, before
    return ([TableText(d.rng.choice(GRANT_CAPTIONS), (header,), tuple(body))], expected,
            f"change={change}")


def _grant_stacked(d: Draw) -> Generated:
    """One grant table per year, the year in its caption."""
    items, amounts = _grant_items(d, d.years)
    caption = d.rng.choice(GRANT_CAPTIONS)
    tables, expected = [], set()
    for year in d.years:
        body, found = _grant_rows(d, year, items, amounts[year])
        expected |= found
        tables.append(TableText(f"{caption} {d.label(year)}",
                                ((d.rng.choice(ITEM_HEADERS), "Amount (£)"),), tuple(body)))
    return tables, expected, f"caption={caption!r}"


def _grant_year_rows(d: Draw) -> Generated:
    """One grant table, a row naming only a year above each year's items."""
    items, amounts = _grant_items(d, d.years)
    body: list[tuple[str, ...]] = []
    expected: set[tuple] = set()
    for year in d.years:
        body.append((d.label(year), ""))
        rows, found = _grant_rows(d, year, items, amounts[year])
        body += rows
        expected |= found
    header = ((d.rng.choice(ITEM_HEADERS), "Amount (£)"),)
    return [TableText(d.rng.choice(GRANT_CAPTIONS), header, tuple(body))], expected, ""


GRANT_LAYOUTS: dict[str, Callable[[Draw], Generated]] = {
    "grant_year_columns": _grant_year_columns, "grant_stacked": _grant_stacked,
    "grant_year_rows": _grant_year_rows}


def multi_year_variant(seed: int, layouts: dict[str, Callable[[Draw], Generated]]) -> Variant:
    """One seeded document: a layout, its tables in one rendering, what a person reads."""
    rng = random.Random(seed)
    name = rng.choice(sorted(layouts))
    d = Draw(rng)
    tables, expected, detail = layouts[name](d)
    spans = any(MERGED in row for t in tables for row in t.header)
    # one cell per line prints no spans: which columns a year stands over is not printed
    rendering = rng.choice(sorted(set(RENDERINGS) - ({"one_cell_per_line"} if spans
                                                       else set())))
    text = "".join(RENDERINGS[rendering](table) for table in tables)
    description = (f"seed={seed} layout={name} rendering={rendering} style={d.style} "
                   f"years={d.years} pound={d.pound} {detail} tables={tables}")
    return Variant(text, expected, description)
