"""Staffing tables in layouts beyond the YJB template's, as plans nobody developed on print
them, must be read exactly: each number under its role, contract type, working pattern,
gender, ethnicity and unit, cited on its line (issue 15).

A seeded generator (invented tables, never a plan's text) draws one of five families:

- roles down, contract types across (the template transposed), part-time and full-time
  either as rows of their own ("Practitioners (PT)") or as "PT" | "FT" sub-headers under
  each contract type, or "Headcount" | "FTE" sub-headers under each;
- roles down, a headcount column and an FTE column;
- roles down, part-time and full-time (or male and female) as two columns;
- roles down with their gender ("Case managers - F"), ethnicities across, or roles down
  and each ethnicity over a "Male" | "Female" pair (the staff by gender and ethnicity
  table transposed);
- contract types down and roles across (the template's way round), maybe each role over
  "Headcount" | "FTE" ("Admin (FTE)" in one header row);
- in each, role names abbreviated or reworded ("Managers - Strategic", "Case managers",
  "Youth justice workers", "Admin", "Volunteers (panel)"), a total column and a total
  row or not, a row printing only its total, the caption above the table or only under
  it (numbered or not),

and prints it in one of the renderings plans come in (tests/renderings.py: Word text
export with a lone CR after each cell, columns aligned by spaces, loose pipes, markdown,
pandoc grids, HTML, tab-separated, one cell per line).
"""

from __future__ import annotations

import random

import pytest
from renderings import MERGED, RENDERINGS, TableText
from template_variants import Variant, broken_params, plan_2019_context, read_to_the_line
from word_export import LEFT, word_grid

from pipeline.extract.base import run_extractor
from pipeline.extract.people import CELLS_LEFT_OUT, DOMAIN

# (printed label, role slug, group)
ROLES = [("Strategic Manager", "strategic_manager", "staff"),
         ("Managers - Strategic", "strategic_manager", "staff"),
         ("Operational Manager", "operations_manager", "staff"),
         ("Managers - Operational", "operations_manager", "staff"),
         ("Practitioners", "practitioner", "staff"),
         ("Case managers", "practitioner", "staff"),
         ("Youth justice workers", "practitioner", "staff"),
         ("Administrative", "administrator", "staff"), ("Admin", "administrator", "staff"),
         ("Sessional", "sessional", "staff"), ("Students", "student", "staff"),
         ("Volunteers (panel)", "referral_order_panel_volunteer", "volunteers"),
         ("Other volunteers", "volunteer", "volunteers")]
SLOTS = ["strategic_manager", "operations_manager", "practitioner", "administrator",
         "sessional", "student", "referral_order_panel_volunteer", "volunteer"]
CONTRACTS = [("Permanent", "permanent"), ("Fixed-term", "fixed_term"),
             ("Outsourced", "outsourced"), ("Temporary", "temporary"), ("Vacant", "vacant"),
             ("Secondee Police", "seconded_police"),
             ("Secondee Probation", "seconded_probation"),
             ("Secondee Education", "seconded_education"),
             ("Secondee Health (mental health)", "seconded_health_mental_health")]
ETHNICITIES = [("White British", "white_british"), ("White Other", "white_other"),
               ("Mixed", "mixed"), ("Black or Black British", "black"),
               ("Asian or Asian British", "asian"), ("Not known", "unknown")]
PATTERNS = [("PT", "part_time"), ("FT", "full_time")]
UNITS = [("Headcount", "headcount"), ("FTE", "fte")]
GENDERS = [("M", "male"), ("F", "female"), ("Male", "male"), ("Female", "female")]
SUFFIXES = ["{label} ({tail})", "{label} - {tail}", "{label} {tail}"]
FAMILIES = ("contract_rows", "contract_pattern_headers", "units", "patterns", "ethnicity",
            "template", "one_column")
USED_RENDERINGS = tuple(sorted(RENDERINGS))
CASES = 350

Key = tuple  # (group, role, contract_type, working_pattern, gender, ethnicity, unit, value)


def _roles(rng: random.Random) -> list[tuple[str, str, str]]:
    """Three to seven roles, one printing of each, in the template's order."""
    by_slot: dict[str, list[tuple[str, str, str]]] = {}
    for role in ROLES:
        by_slot.setdefault(role[1], []).append(role)
    slots = sorted(rng.sample(SLOTS, rng.randint(3, 7)), key=SLOTS.index)
    return [rng.choice(by_slot[slot]) for slot in slots]


def _value(rng: random.Random, fte: bool = False) -> float:
    if fte:
        return rng.choice([0.0, round(rng.uniform(0.2, 12), 1)])
    return float(rng.choice([0, 0, rng.randint(1, 19)]))


def _printed(value: float, empty: str) -> str:
    if not value:
        return empty
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


class _Draw:
    """A table's rows as printed and what a person reads in them."""

    def __init__(self, rng: random.Random, empty: str, total_column: bool) -> None:
        self.rng, self.empty, self.total_column = rng, empty, total_column
        self.body: list[tuple[str, ...]] = []
        self.expected: set[Key] = set()
        self.columns: list[tuple] = []  # a body row's keys per column (the total's last)

    def row(self, label: str, keys: list[tuple], values: list[float],
            total_key: tuple | None) -> None:
        """A body row: its label, a cell per key (with its value) and maybe the total."""
        cells = [label]
        self.columns = [*keys, *([total_key] if self.total_column else [])]
        for key, value in zip(keys, values, strict=True):
            cells.append(_printed(value, self.empty))
            if value or self.empty == "0":
                self.expected.add((*key, value))
        if self.total_column:
            total = round(sum(values), 1)
            cells.append(_printed(total, self.empty))
            if (total or self.empty == "0") and total_key is not None:
                self.expected.add((*total_key, total))
        self.body.append(tuple(cells))

    def drawn_row(self, label: str, keys: list[tuple], total_key: tuple | None) -> None:
        """A body row of drawn values (an FTE where the key's unit is one), one at least
        printed."""
        values = [_value(self.rng, fte=key[-1] == "fte") for key in keys]
        if not any(values):
            values[0] = float(self.rng.randint(1, 9))
        self.row(label, keys, values, total_key)

    def only_total(self, label: str, width: int, total_key: tuple) -> None:
        """A row printing nothing but its total (a team with no breakdown)."""
        total = float(self.rng.randint(1, 9))
        self.body.append((label, *([""] * width), str(int(total))))
        self.expected.add((*total_key, total))


def _contract_table(rng: random.Random, draw: _Draw, pattern_headers: bool,
                    ) -> tuple[tuple[tuple[str | None, ...], ...], str]:
    roles = _roles(rng)
    contracts = rng.sample(CONTRACTS, rng.randint(2, 5))
    stub = rng.choice(["Role", "Post", ""])
    if pattern_headers:
        draw.total_column = False  # a total per working pattern is not drawn
    names = [label for label, _ in contracts] + (["Total"] if draw.total_column else [])
    subs = rng.choice([PATTERNS, UNITS]) if pattern_headers else []
    if pattern_headers:
        upper = (stub, *(n for name in names for n in (name, MERGED)))
        lower = ("", *(p for _ in names for p, _ in subs))
        header: tuple[tuple[str | None, ...], ...] = (upper, lower)
        columns = [(contract, sub) for _, contract in contracts for _, sub in subs]
    else:
        header = ((stub, *names),)
        columns = [(contract, None) for _, contract in contracts]
    total_pattern = rng.random() < 0.5 and not pattern_headers
    lines = []
    for label, role, group in roles:
        split = total_pattern and role in SLOTS[:4]
        for printed, pattern in ([(p, s) for p, s in PATTERNS] if split else [(None, None)]):
            text = rng.choice(SUFFIXES).format(label=label, tail=printed) if printed else label
            keys = [(group, role, c, pattern or (p if subs == PATTERNS else None), None, None,
                     p if subs == UNITS else "headcount") for c, p in columns]
            lines.append((text, keys, (group, role, "total", pattern, None, None, "headcount")))
    only_total = draw.total_column and not pattern_headers and rng.random() < 0.4
    for index, (text, keys, total_key) in enumerate(lines):
        if only_total and index == len(lines) - 1:
            draw.only_total(text, len(keys), total_key)
            continue
        draw.drawn_row(text, keys, total_key)
    return header, f"roles={[r for _, r, _ in roles]} split_patterns={total_pattern} " \
                   f"only_total={only_total} subs={subs}"


def _template_table(rng: random.Random,
                    draw: _Draw) -> tuple[tuple[tuple[str | None, ...], ...], str]:
    """The template's way round (contract types down, roles across) with roles reworded,
    maybe each role over "Headcount" | "FTE" (as two header rows, or one: "Admin (FTE)"),
    and maybe a contract type printing only its total."""
    roles = _roles(rng)[:rng.randint(3, 5)]
    contracts = rng.sample(CONTRACTS, rng.randint(3, 6))
    units = rng.random() < 0.4
    if units:
        draw.total_column = False  # a total over headcounts and FTEs is no count
    only_total = draw.total_column and rng.random() < 0.5
    columns = [(label, role, group, unit) for label, role, group in roles
               for unit in ([u for _, u in UNITS] if units else ["headcount"])]
    for index, (label, contract) in enumerate(contracts):
        keys = [(group, role, contract, None, None, None, unit)
                for _, role, group, unit in columns]
        total_key = ("staff", "total", contract, None, None, None, "headcount")
        if only_total and index == len(contracts) - 1:
            draw.only_total(label, len(keys), total_key)
            continue
        draw.drawn_row(label, keys, total_key)
    stub = rng.choice(["Type of contract", "Contract", ""])
    one_row = rng.random() < 0.5
    if not units:
        names = [label for label, _, _ in roles] + (["Total"] if draw.total_column else [])
        header: tuple[tuple[str | None, ...], ...] = ((stub, *names),)
    elif one_row:
        header = ((stub, *(f"{label} ({printed})" for label, _, _ in roles
                           for printed, _ in UNITS)),)
    else:
        header = ((stub, *(n for label, _, _ in roles for n in (label, MERGED))),
                  ("", *(printed for _ in roles for printed, _ in UNITS)))
    return header, (f"roles={[r for _, r, _ in roles]} only_total={only_total} "
                    f"units={units} one_row={one_row}")


def _one_column_table(rng: random.Random,
                      draw: _Draw) -> tuple[tuple[tuple[str, ...], ...], str]:
    """Roles down and one column headed by what it counts."""
    roles = _roles(rng)
    heading, unit = rng.choice([("FTE", "fte"), ("Headcount", "headcount"),
                                ("Number", "headcount"), ("No. of staff", "headcount")])
    draw.total_column = False
    for label, role, group in roles:
        value = round(rng.uniform(0.5, 9), 1) if unit == "fte" else float(rng.randint(1, 12))
        draw.row(label, [(group, role, None, None, None, None, unit)], [value], None)
    stub = rng.choice(["Role", "Post", ""])
    return ((stub, heading),), f"roles={[r for _, r, _ in roles]} heading={heading}"


def _units_table(rng: random.Random, draw: _Draw) -> tuple[tuple[tuple[str, ...], ...], str]:
    roles = _roles(rng)
    units = [("Headcount", "headcount"), ("FTE", "fte")]
    if rng.random() < 0.3:
        units.reverse()
    draw.total_column = False
    for label, role, group in roles:
        headcount = float(rng.randint(1, 15))
        fte = round(rng.uniform(0.3, headcount), 1)
        values = {"headcount": headcount, "fte": fte}
        keys = [(group, role, None, None, None, None, unit) for _, unit in units]
        draw.row(label, keys, [values[unit] for _, unit in units], None)
    stub = rng.choice(["Role", "Staff group", ""])
    return ((stub, *(u for u, _ in units)),), f"roles={[r for _, r, _ in roles]} units={units}"


def _pattern_table(rng: random.Random,
                   draw: _Draw) -> tuple[tuple[tuple[str, ...], ...], str]:
    """Roles down, part-time and full-time as two columns ("Full-time" | "Part-time")."""
    roles = _roles(rng)
    patterns = rng.choice([[("Part-time", "part_time"), ("Full-time", "full_time")],
                           [("Full-time", "full_time"), ("Part-time", "part_time")],
                           list(PATTERNS), GENDERS[2:]])
    gendered = patterns == GENDERS[2:]
    for label, role, group in roles:
        keys = [(group, role, None, None if gendered else p, p if gendered else None, None,
                 "headcount") for _, p in patterns]
        draw.drawn_row(label, keys, (group, role, None, None, None, None, "headcount"))
    stub = rng.choice(["Role", "Post", ""])
    names = [p for p, _ in patterns] + (["Total"] if draw.total_column else [])
    return ((stub, *names),), f"roles={[r for _, r, _ in roles]} patterns={patterns}"


def _ethnicity_table(rng: random.Random,
                     draw: _Draw) -> tuple[tuple[tuple[str, ...], ...], str]:
    roles = _roles(rng)[:rng.randint(2, 4)]
    ethnicities = sorted(rng.sample(ETHNICITIES, rng.randint(3, len(ETHNICITIES))),
                         key=ETHNICITIES.index)
    genders = rng.choice([GENDERS[:2], GENDERS[2:]])
    suffix = rng.choice(SUFFIXES)
    if rng.random() < 0.4:
        return _ethnicity_over_genders(rng, draw, roles, ethnicities, genders)
    for label, role, group in roles:
        for printed, gender in genders:
            keys = [(group, role, None, None, gender, e, "headcount") for _, e in ethnicities]
            draw.drawn_row(suffix.format(label=label, tail=printed), keys,
                           (group, role, None, None, gender, "total", "headcount"))
    stub = rng.choice(["Role", "Ethnicity", ""])
    names = [label for label, _ in ethnicities] + (["Total"] if draw.total_column else [])
    return ((stub, *names),), f"roles={[r for _, r, _ in roles]} suffix={suffix!r}"


def _ethnicity_over_genders(rng: random.Random, draw: _Draw, roles: list, ethnicities: list,
                            genders: list) -> tuple[tuple[tuple[str | None, ...], ...], str]:
    """Roles down, each ethnicity over a "M" | "F" pair of columns."""
    draw.total_column = False
    for label, role, group in roles:
        keys = [(group, role, None, None, g, e, "headcount")
                for _, e in ethnicities for _, g in genders]
        draw.drawn_row(label, keys, None)
    stub = rng.choice(["Role", ""])
    upper = (stub, *(n for name, _ in ethnicities for n in (name, MERGED)))
    lower = ("", *(g for _ in ethnicities for g, _ in genders))
    return (upper, lower), f"roles={[r for _, r, _ in roles]} ethnicity over {genders}"


def _total_row_key(family: str, key: tuple) -> tuple:
    """A Total row's cell: the total over the contract types (the template's rows) or
    over the roles (a transposed table's rows, with their patterns or genders)."""
    group, role, contract, pattern, gender, ethnicity, unit = key
    if family == "template":
        return (group, role, "total", pattern, gender, ethnicity, unit)
    if family == "contract_rows":  # the rows named the pattern, the Total row names none
        pattern = None
    if family == "ethnicity":  # the same for the gender
        gender = None
    return ("staff", "total", contract, pattern, gender, ethnicity, unit)


CAPTIONS = {"contract_rows": "Staff by role and type of contract",
            "contract_pattern_headers": "Staff by role, contract type and working pattern",
            "units": "Staff in post by role",
            "patterns": "Staff by role and working pattern",
            "template": "Staff by type of contract",
            "one_column": "Staffing of the service",
            "ethnicity": "Staff by gender and ethnicity"}


def _variant(rng: random.Random) -> Variant:
    family = rng.choice(FAMILIES)
    rendering = rng.choice(USED_RENDERINGS)
    empty = rng.choice(["", "0"]) if rendering not in ("spaced", "one_cell_per_line") else "0"
    draw = _Draw(rng, empty, total_column=rng.random() < 0.6)
    if family in ("contract_rows", "contract_pattern_headers"):
        header, drawn = _contract_table(rng, draw, family == "contract_pattern_headers")
    elif family == "units":
        header, drawn = _units_table(rng, draw)
    elif family == "patterns":
        header, drawn = _pattern_table(rng, draw)
    elif family == "template":
        header, drawn = _template_table(rng, draw)
    elif family == "one_column":
        header, drawn = _one_column_table(rng, draw)
    else:
        header, drawn = _ethnicity_table(rng, draw)
    width = len(header[0])
    if (draw.total_column or family == "one_column") and rng.random() < 0.5 \
            and family != "units":
        totals = [round(sum(float(row[c] or 0) for row in draw.body), 1)
                  for c in range(1, width)]
        draw.body.append(("Total", *(_printed(t, "0") for t in totals)))
        for key, total in zip(draw.columns, totals, strict=True):
            draw.expected.add((*_total_row_key(family, key), total))
    caption_below = rng.random() < 0.4
    caption = CAPTIONS[family]
    if caption_below and rng.random() < 0.7:  # a numbered caption heads the table above
        caption = f"Table {rng.randint(2, 9)}: {caption} (June 2019)"
    table = TableText(caption, header, tuple(draw.body), caption_below)
    description = (f"{family} {rendering} empty={empty!r} total_column={draw.total_column} "
                   f"caption_below={caption_below} {drawn}")
    return Variant(RENDERINGS[rendering](table), draw.expected, description)


VARIANTS = [_variant(random.Random(7000 + seed)) for seed in range(CASES)]
# Seeds not read exactly yet: none (plain text's upper header of merged cells under a
# caption between empty lines is read since issue 15).
NOT_YET_READ: set[int] = set()


def _read(variant: Variant) -> list[tuple[Key, int]]:
    context = plan_2019_context(variant.text)
    frame = run_extractor(DOMAIN, context)["workforce"].frame

    def part(value: object) -> object:
        return value if isinstance(value, str) else None
    rows = []
    for r in frame.itertuples():
        key = (r.group, part(r.role), part(r.contract_type), part(r.working_pattern),
               part(r.gender), part(r.ethnicity), r.unit, float(r.value))
        rows.append((key, int(r.source_line)))
    return rows


@pytest.mark.parametrize("variant", broken_params(VARIANTS, NOT_YET_READ, first_seed=7000,
                                                  reason="upper header in plain text"))
def test_a_staffing_table_in_a_new_layout_is_read_exactly(variant: Variant) -> None:
    context = plan_2019_context(variant.text)
    read_to_the_line(context, _read(variant), variant.expected, variant.description)


def _read_and_reported(table: TableText) -> tuple[list[tuple[Key, int]], set[int], str]:
    text = RENDERINGS["tsv"](table)
    output = run_extractor(DOMAIN, plan_2019_context(text))["workforce"]
    reported = {issue.source_line for issue in output.issues if issue.code == CELLS_LEFT_OUT}
    return _read(Variant(text, set(), "")), reported, text


def test_a_column_naming_nothing_known_is_left_out_and_reported() -> None:
    """A column headed by a word no reference list has ("Casual"): a contract type or a
    role? Its cells are in no row and reported on their lines; the others are read."""
    table = TableText("Staff by role and type of contract",
                      (("Role", "Permanent", "Casual", "Vacant"),),
                      (("Case managers", "6", "2", "1"), ("Admin", "3", "4", "0"),
                       ("Sessional", "0", "5", "0")))
    rows, reported, text = _read_and_reported(table)
    assert {key[2] for key, _ in rows} == {"permanent", "vacant"}
    lines = text.splitlines()
    assert reported == {n for n, line in enumerate(lines, start=1)
                        if line.split("\t")[0] in ("Case managers", "Admin", "Sessional")}


def test_a_row_and_a_column_naming_two_genders_are_left_out() -> None:
    """"Practitioners (F)" under a "Male" column: which gender? Never guessed."""
    table = TableText("Staff by gender", (("", "Male", "Female"),),
                      (("Practitioners (F)", "4", "7"), ("Admin", "2", "5"),
                       ("Sessional", "1", "3")))
    rows, reported, _ = _read_and_reported(table)
    keys = {key for key, _ in rows}
    assert ("staff", "practitioner", None, None, "female", None, "headcount", 7.0) in keys
    assert not any(key[1] == "practitioner" and key[-1] == 4.0 for key in keys)
    assert reported


def test_columns_reading_alike_are_left_out() -> None:
    """"Male | Female | Male | Female" with the ethnicities over them lost: which pair is
    which ethnicity is not printed, so no cell is read and every one is reported."""
    table = TableText("Staff by gender and ethnicity",
                      (("Role", "Male", "Female", "Male", "Female"),),
                      (("Case managers", "6", "2", "1", "3"), ("Admin", "3", "4", "0", "1"),
                       ("Sessional", "0", "5", "2", "2")))
    rows, reported, _ = _read_and_reported(table)
    assert rows == []
    assert len(reported) == 3


def test_fractions_under_a_number_column_are_left_out() -> None:
    """"Role | Number" over 8.5: a number of people cannot be a half; FTE is not said,
    so no cell is read (never guessed as FTE) and each is reported."""
    table = TableText("Staffing of the service", (("Role", "Number"),),
                      (("Strategic Manager", "1"), ("Case managers", "8.5"),
                       ("Admin", "2"), ("Sessional workers", "4")))
    rows, reported, _ = _read_and_reported(table)
    assert rows == []
    assert len(reported) == 4


def test_a_pattern_heading_over_the_row_labels_leaves_the_table_unread() -> None:
    """The header read a cell off the rows (its stub heading taken for a caption): the
    heading over the contract types names a role's part-time column, so each heading may
    stand over its neighbour's values. No cell is read; each is reported."""
    table = TableText("Type of contract",
                      (("Practitioners (PT)", "Practitioners (FT)", "Admin (PT)", "Total"),),
                      (("Permanent", "3", "2", "5"), ("Vacant", "1", "", "1"),
                       ("Secondee Police", "", "2", "2")))
    rows, reported, _ = _read_and_reported(table)
    assert rows == []
    assert len(reported) == 3


def test_a_role_alone_may_head_the_row_labels() -> None:
    """"Volunteers" over their ethnicities names whose table it is, not a value column."""
    table = TableText("Volunteers by gender and ethnicity",
                      (("Volunteers", "Male", "Female"),),
                      (("White British", "3", "5"), ("Asian", "1", "2"), ("Black", "0", "1")))
    rows, _, _ = _read_and_reported(table)
    assert len(rows) == 6


def test_roles_merged_over_genders_beside_an_empty_label_column_stay_over_them() -> None:
    """A Word export prints each merged role once, after an empty cell over a second
    label column: every count is its own role's and gender's (read one pair to the left,
    the practitioners' counts would be published as the totals)."""
    grid = [["", "", "Operational Manager", LEFT, "Practitioners", LEFT, "Total"],
            ["Ethnicity", "", "M", "F", "M", "F", ""],
            ["White", "", "1", "2", "3", "4", "10"], ["Asian", "", "0", "1", "1", "2", "4"],
            ["Mixed", "", "1", "0", "2", "1", "4"]]
    text = "Staff by role, gender and ethnicity\r\n" + word_grid(grid) + "Text after.\r\n"
    frame = run_extractor(DOMAIN, plan_2019_context(text))["workforce"].frame
    found = {(r.role, r.gender if isinstance(r.gender, str) else None, r.ethnicity,
              float(r.value)) for r in frame.itertuples()}
    assert {("operations_manager", "male", "white", 1.0),
            ("practitioner", "female", "white", 4.0), ("total", None, "white", 10.0),
            ("practitioner", "male", "mixed", 2.0)} <= found
    assert not any(role == "total" and gender for role, gender, _, _ in found)
