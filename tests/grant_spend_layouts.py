"""How the Youth Justice Board grant is spent (issue 15), as a seeded generator of template
tables in the shapes plans print them, each printed in every rendering of
tests/renderings.py (the Word export too). Invented labels and amounts, never a plan's.

Grant layouts (`GRANT_LAYOUTS`):
- `one_year`: spending areas down, one money column ("£", "Amount (£)", "Cost", "Planned
  spend", "2019/20"), maybe a share of the grant ("% of grant") beside it, maybe a free
  text column (what the money buys) between the area and its amount, a total row;
- `two_years`: a money column per year, maybe a share of the grant beside each (the year
  merged over "£" and "%", or both in one heading), maybe a total over both years (no one
  year's: never read);
- `transposed`: the spending areas across the header, a row per year, maybe a total
  column;
- `priorities`: a priority printed once over the spending areas under it, the area, what
  it buys, the amount;
- `pound_column`: "£" printed as a cell of its own before each amount;
- `shares_only`: the grant split in percentages only (no amount to read);
- `sections`: section headings as rows of their own (no amount) over their areas;
- `thousands`: amounts in thousands ("£000s" in the money heading or the caption);
- `staff_posts`: posts paid from the grant, their number (FTE) beside their cost (no
  amount of money);
- `budget_and_actual`: last year's budget and actual spend side by side (which is the
  spend is not printed: neither is read), then this year's budget;
- `share_in_cell`: each amount with its share of the grant in brackets ("£12,000 (25%)");
- `year_above`: last year's spend, its year printed only in the caption or the sentence
  above (or a caption printed under the table).

The year is in the money column's heading, in the caption, in the sentence above the
table, or nowhere (the plan's year). The grant is named in the caption or in the
sentence above. Amounts are printed with or without "£", with thousands separators or
without. A variant's `expected` is what a person reads: (spending area or "Total",
financial year, amount).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from multi_year_variants import contract_year, year_label
from renderings import MERGED, RENDERINGS, TableText
from template_variants import Variant

AREAS = ["Case management staff", "Early help and prevention", "Parenting support",
         "Speech and language therapy", "Substance misuse worker", "Training and development",
         "Management and administration", "Restorative justice and victim work",
         "Education, training and employment", "Out of court disposals panel",
         "Court and remand services", "Mentoring scheme", "Youth worker posts",
         "Health and wellbeing", "Reparation projects", "Quality assurance"]
PURPOSES = ["Two part-time posts working with families", "Sessions in schools each term",
            "Half of a senior practitioner post", "Volunteer recruitment and training",
            "Licences, equipment and travel", "Commissioned from a local charity",
            "Weekend and bank holiday cover", "Group work programmes"]
PRIORITIES = ["Reduce first time entrants", "Reduce reoffending", "Reduce the use of custody",
              "Safeguarding and public protection"]
GRANT_CAPTIONS = ["YJB grant {}", "Youth Justice Grant allocation {}",
                  "How the Youth Justice Board grant will be spent {}",
                  "Use of the YJB Good Practice Grant {}", "Table 4: Youth Justice Grant {}"]
SENTENCES = ["The Youth Justice Board grant {}will be spent as follows.",
             "The table below shows how the YJB grant {}is used.",
             "We plan to use the Youth Justice Grant {}in these areas:"]
AREA_HEADERS = ["Area of spend", "Spending area", "Item", "Activity", "Expenditure",
                "Use of grant", ""]
MONEY_HEADERS = ["£", "Amount", "Amount (£)", "Cost", "Planned spend", "Allocation",
                 "Spend (£)"]
SHARE_HEADERS = ["% of grant", "%", "Share of grant", "Percentage"]
TOTAL_LABELS = ["Total", "Total grant", "TOTAL", "Total YJB grant"]
YEAR_STYLES = ("dash", "slash", "short", "words", "long_slash")
PLAN_YEAR = 2019


class Draw:
    """The choices one variant makes, its amounts distinct (each printed once)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.style = rng.choice(YEAR_STYLES)
        self.pound = rng.random() < 0.5
        self.commas = rng.random() < 0.8
        self.total_row = rng.random() < 0.7
        self.total_label = rng.choice(TOTAL_LABELS)
        self.percent_sign = rng.random() < 0.5  # shares printed "12.5%" or "12.5"
        self.used: set[int] = set()

    def amount(self) -> int:
        """A distinct amount; some whole hundreds, some to the pound."""
        while True:
            value = self.rng.randint(15, 1400) * 100
            if self.rng.random() < 0.5:
                value += self.rng.randint(1, 99)
            if value not in self.used:
                self.used.add(value)
                return value

    def money(self, amount: int) -> str:
        number = f"{amount:,}" if self.commas else str(amount)
        return f"£{number}" if self.pound else number

    def label(self, start: int) -> str:
        return year_label(start, self.style)

    def areas(self, low: int = 3, high: int = 6) -> list[str]:
        return self.rng.sample(AREAS, self.rng.randint(low, high))

    def share(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}{'%' if self.percent_sign else ''}"


Generated = tuple[list[TableText], set[tuple], str]


def _titled(d: Draw, header: tuple[tuple[str | None, ...], ...],
            body: list[tuple[str, ...]], year: int | None) -> TableText:
    """The table under a caption naming the grant (and the year, when it prints one), or
    under the sentence that introduces it."""
    printed = f"{d.label(year)} " if year is not None else ""
    if d.rng.random() < 0.6:
        caption = d.rng.choice(GRANT_CAPTIONS).format(printed.strip()).strip()
    else:
        caption = d.rng.choice(SENTENCES).format(f"for {printed}" if printed else "")
    return TableText(caption, header, tuple(body))


def _with_total(d: Draw, rows: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
    if not d.total_row:
        return rows
    return [*rows, (d.total_label, [sum(col) for col in zip(*(v for _, v in rows),
                                                          strict=True)])]


def _key(d: Draw, label: str) -> str:
    return "Total" if label == d.total_label else label


def _one_year(d: Draw) -> Generated:
    """Areas down, one money column; maybe a share of the grant and a purpose column."""
    areas = d.areas()
    rows = _with_total(d, [(a, [d.amount()]) for a in areas])
    whole = sum(v[0] for a, v in rows if a in areas)
    where = d.rng.choice(["heading", "caption", "nowhere"])
    money = d.rng.choice(MONEY_HEADERS)
    if where == "heading":
        money = d.rng.choice(["{}", "{} (£)", "Budget {}", "{} allocation"]).format(
            d.label(PLAN_YEAR))
    share = d.rng.choice([None, None, *SHARE_HEADERS])
    purpose = d.rng.random() < 0.3
    body = []
    for n, (area, (amount,)) in enumerate(rows):
        cells = [area]
        if purpose:
            cells.append(PURPOSES[n % len(PURPOSES)] if area in areas else "")
        cells.append(d.money(amount))
        if share:
            cells.append(d.share(amount, whole))
        body.append(tuple(cells))
    header = ((d.rng.choice(AREA_HEADERS), *(["Purpose"] if purpose else []), money,
               *([share] if share else [])),)
    expected = {(_key(d, a), contract_year(PLAN_YEAR), float(v[0])) for a, v in rows}
    table = _titled(d, header, body, PLAN_YEAR if where == "caption" else None)
    return [table], expected, f"where={where} money={money!r} share={share} purpose={purpose}"


def _two_years(d: Draw) -> Generated:
    """A money column per year, maybe each with its share of the grant, maybe a total over
    both years (no one year's)."""
    years = [PLAN_YEAR - 1, PLAN_YEAR]
    areas = d.areas()
    rows = _with_total(d, [(a, [d.amount(), d.amount()]) for a in areas])
    wholes = [sum(v[i] for a, v in rows if a in areas) for i in range(2)]
    share = d.rng.random() < 0.35
    merged = share and d.rng.random() < 0.6
    both = not share and d.rng.random() < 0.3
    prefix = d.rng.choice(["", "", "Actual ", "Budget "])
    body = []
    for area, values in rows:
        cells = [area]
        for value, whole in zip(values, wholes, strict=True):
            cells.append(d.money(value))
            if share:
                cells.append(d.share(value, whole))
        if both:
            cells.append(d.money(sum(values)))
        body.append(tuple(cells))
    stub = d.rng.choice(AREA_HEADERS)
    if merged:
        header: tuple[tuple[str | None, ...], ...] = (
            (stub, *(c for y in years for c in (f"{prefix}{d.label(y)}", MERGED))),
            ("", *(c for _ in years for c in ("£", "%"))))
    elif share:
        header = ((stub, *(c for y in years
                           for c in (f"{prefix}{d.label(y)} £", f"{d.label(y)} %"))),)
    else:
        header = ((stub, *(f"{prefix}{d.label(y)}" for y in years),
                   *(["Total"] if both else [])),)
    expected = {(_key(d, a), contract_year(y), float(v))
                for a, values in rows for y, v in zip(years, values, strict=True)}
    return ([_titled(d, header, body, None)], expected,
            f"share={share} merged={merged} both={both} prefix={prefix!r}")


def _transposed(d: Draw) -> Generated:
    """Areas across the header, a row per year, maybe a total column."""
    years = d.rng.choice([[PLAN_YEAR], [PLAN_YEAR - 1, PLAN_YEAR]])
    areas = d.areas(3, 5)
    total_column = d.total_row
    body, expected = [], set()
    for year in years:
        values = [d.amount() for _ in areas]
        values += [sum(values)] if total_column else []
        body.append((d.label(year), *(d.money(v) for v in values)))
        expected |= {(_key(d, a), contract_year(year), float(v))
                     for a, v in zip([*areas, *([d.total_label] if total_column else [])],
                                     values, strict=True)}
    stub = d.rng.choice(["Year", "Financial year", ""])
    header = ((stub, *areas, *([d.total_label] if total_column else [])),)
    return [_titled(d, header, body, None)], expected, f"years={years}"


def _priorities(d: Draw) -> Generated:
    """A priority printed once over its spending areas, what each buys, the amount."""
    priorities = d.rng.sample(PRIORITIES, d.rng.randint(2, 3))
    areas = d.rng.sample(AREAS, 2 * len(priorities))
    body, expected, amounts = [], set(), []
    for p, priority in enumerate(priorities):
        for n, area in enumerate(areas[2 * p:2 * p + d.rng.randint(1, 2)]):
            amount = d.amount()
            amounts.append(amount)
            body.append((priority if n == 0 else "", area, d.rng.choice(PURPOSES),
                         d.money(amount)))
            expected.add((area, contract_year(PLAN_YEAR), float(amount)))
    if d.total_row:
        body.append((d.total_label, "", "", d.money(sum(amounts))))
        expected.add(("Total", contract_year(PLAN_YEAR), float(sum(amounts))))
    money = d.rng.choice(["Cost", "Amount (£)", "£", "Grant"])
    header = (("Priority", d.rng.choice(["Activity", "Spending area", "Item"]),
               d.rng.choice(["Resources", "Outcome", "Purpose"]), money),)
    return [_titled(d, header, body, None)], expected, f"money={money!r}"


def _pound_column(d: Draw) -> Generated:
    """"£" as a cell of its own before each amount (one year, in the heading or not)."""
    d.pound = False
    areas = d.areas()
    rows = _with_total(d, [(a, [d.amount()]) for a in areas])
    spans = d.rng.random() < 0.5
    heading = d.rng.choice([d.label(PLAN_YEAR), "Amount", "Allocation"])
    body = [(area, "£", d.money(amount)) for area, (amount,) in rows]
    stub = d.rng.choice(AREA_HEADERS)
    header = ((stub, heading, MERGED),) if spans else ((stub, "", heading),)
    expected = {(_key(d, a), contract_year(PLAN_YEAR), float(v[0])) for a, v in rows}
    return [_titled(d, header, body, None)], expected, f"spans={spans} heading={heading!r}"


def _shares_only(d: Draw) -> Generated:
    """The grant split in percentages only: no amount, nothing read."""
    areas = d.areas()
    weights = [d.rng.randint(5, 40) for _ in areas]
    body = [(a, f"{100 * w / sum(weights):.0f}%") for a, w in zip(areas, weights, strict=True)]
    header = ((d.rng.choice(AREA_HEADERS), d.rng.choice(["% of grant", "Share of grant"])),)
    return [_titled(d, header, body, None)], set(), ""


SECTIONS = ["Staffing", "Commissioned services", "Programmes", "Running costs"]


def _sections(d: Draw) -> Generated:
    """Section headings printed as rows of their own (no amount) over their areas."""
    sections = d.rng.sample(SECTIONS, d.rng.randint(2, 3))
    areas = d.rng.sample(AREAS, 2 * len(sections))
    body, expected, amounts = [], set(), []
    upper = d.rng.random() < 0.5
    for n, section in enumerate(sections):
        body.append((section.upper() if upper else section, ""))
        for area in areas[2 * n:2 * n + d.rng.randint(1, 2)]:
            amount = d.amount()
            amounts.append(amount)
            body.append((area, d.money(amount)))
            expected.add((area, contract_year(PLAN_YEAR), float(amount)))
    if d.total_row:
        body.append((d.total_label, d.money(sum(amounts))))
        expected.add(("Total", contract_year(PLAN_YEAR), float(sum(amounts))))
    header = ((d.rng.choice(AREA_HEADERS), d.rng.choice(MONEY_HEADERS)),)
    return [_titled(d, header, body, None)], expected, f"upper={upper}"


def _thousands(d: Draw) -> Generated:
    """Amounts in thousands, the unit in the money heading or in the caption."""
    d.pound = False
    areas = d.areas()
    values = [d.rng.randint(20, 1500) / 10 for _ in areas]
    while len(set(values)) < len(values):
        values = [d.rng.randint(20, 1500) / 10 for _ in areas]
    rows = [(a, v) for a, v in zip(areas, values, strict=True)]
    if d.total_row:
        rows.append((d.total_label, round(sum(values), 1)))
    in_heading = d.rng.random() < 0.6
    money = d.rng.choice(["£000s", "£'000", "£k"])
    header = ((d.rng.choice(AREA_HEADERS), money if in_heading else "Amount"),)
    body = [(a, f"{v:.1f}") for a, v in rows]
    table = _titled(d, header, body, None)
    if not in_heading:
        table = TableText(f"{table.caption} ({money})", header, tuple(body))
    expected = {(_key(d, a), contract_year(PLAN_YEAR), round(v * 1000, 2)) for a, v in rows}
    return [table], expected, f"in_heading={in_heading} money={money!r}"


def _staff_posts(d: Draw) -> Generated:
    """Posts paid from the grant: the number of posts (FTE) beside each post's cost."""
    areas = d.areas(2, 5)
    rows = [(a, d.rng.choice(["0.5", "1", "1.5", "2", "0.6"]), d.amount()) for a in areas]
    body = [(a, fte, d.money(v)) for a, fte, v in rows]
    expected = {(a, contract_year(PLAN_YEAR), float(v)) for a, _, v in rows}
    if d.total_row:
        body.append((d.total_label, "", d.money(sum(v for _, _, v in rows))))
        expected.add(("Total", contract_year(PLAN_YEAR), float(sum(v for _, _, v in rows))))
    header = ((d.rng.choice(["Post", "Item", "Activity"]), d.rng.choice(["FTE", "Posts (FTE)"]),
               d.rng.choice(["Cost", "Cost (£)", "£"])),)
    return [_titled(d, header, body, None)], expected, ""


def _year_above(d: Draw) -> Generated:
    """Last year's spend, its year only in the sentence above, the caption below or
    above the table naming the grant."""
    areas = d.areas()
    year = PLAN_YEAR - 1
    rows = _with_total(d, [(a, [d.amount()]) for a in areas])
    body = [(a, d.money(v[0])) for a, v in rows]
    sentence = d.rng.choice(["In {} the YJB grant was spent as follows:",
                             "Youth Justice Grant spend {}",
                             "The table below shows how the grant was spent in {}."])
    below = d.rng.random() < 0.4
    header = ((d.rng.choice(AREA_HEADERS), d.rng.choice(MONEY_HEADERS)),)
    table = TableText(sentence.format(d.label(year)), header, tuple(body), caption_below=below)
    expected = {(_key(d, a), contract_year(year), float(v[0])) for a, v in rows}
    return [table], expected, f"sentence={sentence!r} below={below}"


def _share_in_cell(d: Draw) -> Generated:
    """Each amount with its share of the grant in brackets in the same cell ("£12,000
    (25%)"): the amount is read, the share is not an amount."""
    d.pound = True
    areas = d.areas()
    rows = _with_total(d, [(a, [d.amount()]) for a in areas])
    whole = sum(v[0] for a, v in rows if a in areas)
    body = [(a, f"{d.money(v[0])} ({100 * v[0] / whole:.0f}%)") for a, v in rows]
    header = ((d.rng.choice(AREA_HEADERS), d.rng.choice(["Amount (% of grant)", "£ (%)",
                                                          "Allocation"])),)
    expected = {(_key(d, a), contract_year(PLAN_YEAR), float(v[0])) for a, v in rows}
    return [_titled(d, header, body, None)], expected, ""


def _budget_and_actual(d: Draw) -> Generated:
    """Last year's budget and actual spend side by side (two figures of one year: which
    is the grant's spend is not printed, so neither is read), then this year's budget."""
    areas = d.areas()
    before = PLAN_YEAR - 1
    rows = _with_total(d, [(a, [d.amount(), d.amount(), d.amount()]) for a in areas])
    body = [(a, *(d.money(v) for v in values)) for a, values in rows]
    words = d.rng.choice([("Budget", "Actual"), ("Planned", "Outturn"),
                          ("Allocation", "Spend")])
    header = ((d.rng.choice(AREA_HEADERS), f"{words[0]} {d.label(before)}",
               f"{words[1]} {d.label(before)}", f"{words[0]} {d.label(PLAN_YEAR)}"),)
    expected = {(_key(d, a), contract_year(PLAN_YEAR), float(values[2]))
                for a, values in rows}
    return [_titled(d, header, body, None)], expected, f"words={words}"


GRANT_LAYOUTS: dict[str, Callable[[Draw], Generated]] = {
    "one_year": _one_year, "two_years": _two_years, "transposed": _transposed,
    "priorities": _priorities, "pound_column": _pound_column, "shares_only": _shares_only,
    "sections": _sections, "thousands": _thousands, "staff_posts": _staff_posts,
    "year_above": _year_above, "share_in_cell": _share_in_cell,
    "budget_and_actual": _budget_and_actual}


def _generate(seed: int, layout: str) -> tuple[Draw, Generated]:
    d = Draw(random.Random(seed))
    return d, GRANT_LAYOUTS[layout](d)


def grant_layout_variant(seed: int, layout: str, rendering: str) -> Variant:
    """One seeded document of `layout` printed in `rendering`."""
    d, (tables, expected, detail) = _generate(seed, layout)
    text = "".join(RENDERINGS[rendering](table) for table in tables)
    description = (f"seed={seed} layout={layout} rendering={rendering} style={d.style} "
                   f"pound={d.pound} commas={d.commas} {detail} tables={tables}")
    return Variant(text, expected, description)


def spans(layout: str, seed: int) -> bool:
    """Whether the seed's tables merge header cells (one cell per line cannot print it)."""
    _, (tables, _, _) = _generate(seed, layout)
    return any(MERGED in row for t in tables for row in t.header)
