"""A bounded generator of invented staffing tables (issue 15), for
tests/extract/test_staffing_generated.py: the YJB template's staff-by-contract-type table
(contract types down and roles across, or roles down and contract types across) and its
staff-by-gender-and-ethnicity table, with the ways plans vary them: role wording, which
contract types and in what order, part-time and full-time printed as a sub-header row, in
the role heading or as rows of their own, a Total column and row or not, and a caption
above, below or none. Every label and number is drawn here, never taken from a plan.

Each drawn table carries the rows a person reads in it, as tuples
``(role, contract_type, working_pattern, gender, ethnicity, value)``; a Total column is role
``total``, a Total row contract type (or ethnicity) ``total``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from renderings import MERGED, TableText

Fact = tuple[str | None, str | None, str | None, str | None, str | None, float]

# role wordings a plan prints, with the role they name (the reference list's labels)
ROLES: list[tuple[tuple[str, ...], str]] = [
    (("Strategic Manager", "Managers Strategic", "Strategic Managers"), "strategic_manager"),
    (("Operational Manager", "Operational Managers", "Managers Operational"),
     "operations_manager"),
    (("Practitioners", "Practitioner"), "practitioner"),
    (("Administrative", "Admin", "Administration"), "administrator"),
]
SINGLE_ROLES: list[tuple[tuple[str, ...], str]] = [
    (("Sessional", "Sessional staff"), "sessional"),
    (("Student", "Students"), "student"),
    (("Volunteer", "Volunteers"), "volunteer"),
]
CONTRACTS: list[tuple[str, str]] = [
    ("Permanent", "permanent"), ("Fixed-term", "fixed_term"), ("Outsourced", "outsourced"),
    ("Temporary", "temporary"), ("Vacant", "vacant"),
    ("Secondee Police", "seconded_police"), ("Secondee Probation", "seconded_probation"),
    ("Secondee Health", "seconded_health"), ("Secondee Education", "seconded_education"),
]
# how a part-time / full-time pair is printed
PATTERN_WORDS = [(("PT", "FT"), ("part_time", "full_time")),
                 (("Part time", "Full time"), ("part_time", "full_time"))]
ETH_ROLES: list[tuple[str, str]] = [
    ("Managers Strategic", "strategic_manager"), ("Managers Operational", "operations_manager"),
    ("Practitioners", "practitioner"), ("Administrative", "administrator"),
    ("Sessional", "sessional"), ("Student", "student"),
    ("Referral Order Panel Volunteer", "referral_order_panel_volunteer"),
    ("Other Volunteer", "volunteer"),
]
ETHNICITIES = [("White British", "white_british"), ("White Irish", "white_irish"),
               ("White Other", "white_other"), ("Mixed", "mixed"),
               ("Black or Black British", "black"), ("Asian or Asian British", "asian"),
               ("Other", "other"), ("Not known", "unknown")]
GENDER_WORDS = [(("M", "F"), ("male", "female")), (("Male", "Female"), ("male", "female"))]
CONTRACT_CAPTIONS = ["Staffing of the YOT by contract type",
                     "Table 3: Number of staff in the YOT by type of contract (FTE)"]
ETHNICITY_CAPTIONS = ["Staffing of the YOT by gender and ethnicity",
                      "Table 4: Staff by ethnicity and gender"]


@dataclass
class Staffing:
    """A drawn table, the facts a person reads in it and what was varied."""

    table: TableText
    expected: set[Fact]
    description: str


def _caption(rng: random.Random, captions: list[str]) -> tuple[str, bool, str]:
    """Caption text, whether it stands below the table, and its position's name; no
    caption at all prints a blank line where it would stand."""
    where = rng.choice(["above", "below", "none"])
    return ("" if where == "none" else rng.choice(captions)), where == "below", where


def _value(rng: random.Random, fte: bool) -> float:
    """A count or a full-time equivalent, never zero (empty cells print nothing)."""
    return rng.choice([1, 2, 3, 4, 5, 7, 9, 12]) + (rng.choice([0, 0, 0.5, 0.2]) if fte else 0)


def _print(value: float) -> str:
    return f"{value:g}"


def _roles(rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Split roles (with the wording drawn) and single-column roles."""
    split = [(rng.choice(names), slug) for names, slug in ROLES[:rng.randint(2, len(ROLES))]]
    singles = [(rng.choice(names), slug)
               for names, slug in rng.sample(SINGLE_ROLES, rng.randint(0, len(SINGLE_ROLES)))]
    return split, singles


def contracts_down(rng: random.Random) -> Staffing:
    """Contract types down, roles across, each split part-time/full-time (in the heading, in
    a sub-header row under a merged role heading) or not split."""
    split_roles, singles = _roles(rng)
    contracts = rng.sample(CONTRACTS, rng.randint(3, 6))
    words, patterns = rng.choice(PATTERN_WORDS)
    split = rng.choice(["sub_header", "in_heading", "none"])
    columns: list[tuple[str, str | None]] = []  # (role, pattern) per value column
    top: list[str | None] = []
    lower: list[str] = []
    for name, role in split_roles:
        if split == "none":
            columns.append((role, None))
            top.append(name)
            lower.append("")
            continue
        for word, pattern in zip(words, patterns, strict=True):
            columns.append((role, pattern))
            lower.append(word)
            top.append(f"{name} ({word})" if split == "in_heading" else None)
        if split == "sub_header":
            top[-2], top[-1] = name, MERGED
    for name, role in singles:
        columns.append((role, None))
        top.append(name)
        lower.append("")
    total_column = rng.random() < 0.7
    stub = rng.choice(["Type of contract", "Contract type", ""])
    header: tuple[tuple[str | None, ...], ...] = (
        (stub, *top, *(["Total"] if total_column else [])),)
    if split == "sub_header":
        header = (*header, ("", *lower, *([""] if total_column else [])))
    fte = rng.random() < 0.5
    expected: set[Fact] = set()
    body: list[tuple[str, ...]] = []
    sums = [0.0] * len(columns)
    for label, contract in contracts:
        values = [_value(rng, fte) if rng.random() < 0.5 else 0.0 for _ in columns]
        values[0] = values[0] or _value(rng, fte)
        row = [label, *(_print(v) if v else "" for v in values)]
        for (role, pattern), value in zip(columns, values, strict=True):
            if value:
                expected.add((role, contract, pattern, None, None, value))
        if total_column:
            total = round(sum(values), 1)
            row.append(_print(total))
            expected.add(("total", contract, None, None, None, total))
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        body.append(tuple(row))
    total_row = rng.random() < 0.5
    if total_row:
        row = ["Total", *(_print(round(s, 1)) if s else "" for s in sums)]
        for (role, pattern), value in zip(columns, sums, strict=True):
            if value:
                expected.add((role, "total", pattern, None, None, round(value, 1)))
        if total_column:
            row.append(_print(round(sum(sums), 1)))
            expected.add(("total", "total", None, None, None, round(sum(sums), 1)))
        body.append(tuple(row))
    caption, below, where = _caption(rng, CONTRACT_CAPTIONS)
    description = (f"contracts down, split={split} {words} roles={[r for _, r in split_roles]} "
                   f"singles={[r for _, r in singles]} total_column={total_column} "
                   f"total_row={total_row} stub={stub!r} caption={where}")
    return Staffing(TableText(caption, header, tuple(body), below), expected, description)


def roles_down(rng: random.Random) -> Staffing:
    """Roles down, contract types across; part-time and full-time as rows of their own
    ("Practitioners (PT)"), as rows under the role's sub-heading, or not split."""
    split_roles, singles = _roles(rng)
    contracts = rng.sample(CONTRACTS, rng.randint(2, 6))
    words, patterns = rng.choice(PATTERN_WORDS)
    split = rng.choice(["joined_rows", "sub_rows", "none"])
    total_column = rng.random() < 0.7
    stub = rng.choice(["Role", "Staff", ""])
    header = ((stub, *(label for label, _ in contracts), *(["Total"] if total_column else [])),)
    fte = rng.random() < 0.5
    width = len(contracts) + total_column
    expected: set[Fact] = set()
    body: list[tuple[str, ...]] = []

    def add(label: str, role: str, pattern: str | None) -> None:
        values = [_value(rng, fte) if rng.random() < 0.5 else 0.0 for _ in contracts]
        values[0] = values[0] or _value(rng, fte)
        row = [label, *(_print(v) if v else "" for v in values)]
        for (_, contract), value in zip(contracts, values, strict=True):
            if value:
                expected.add((role, contract, pattern, None, None, value))
        if total_column:
            total = round(sum(values), 1)
            row.append(_print(total))
            expected.add((role, "total", pattern, None, None, total))
        body.append(tuple(row))

    for name, role in split_roles:
        if split == "none":
            add(name, role, None)
            continue
        if split == "sub_rows":
            body.append((name, *([""] * width)))
        for word, pattern in zip(words, patterns, strict=True):
            add(word if split == "sub_rows" else f"{name} ({word})", role, pattern)
    for name, role in singles:
        add(name, role, None)
    caption, below, where = _caption(rng, CONTRACT_CAPTIONS)
    description = (f"roles down, split={split} {words} roles={[r for _, r in split_roles]} "
                   f"singles={[r for _, r in singles]} contracts={[c for _, c in contracts]} "
                   f"total_column={total_column} stub={stub!r} caption={where}")
    return Staffing(TableText(caption, header, tuple(body), below), expected, description)


def by_ethnicity(rng: random.Random) -> Staffing:
    """Ethnicity groups down; roles across, each split by gender in a sub-header row under
    a merged role heading or in the heading itself."""
    roles = ETH_ROLES[:rng.randint(4, len(ETH_ROLES))]
    ethnicities = sorted(rng.sample(ETHNICITIES, rng.randint(3, len(ETHNICITIES))),
                         key=ETHNICITIES.index)
    words, genders = rng.choice(GENDER_WORDS)
    split = rng.choice(["sub_header", "in_heading"])
    total_column = rng.random() < 0.5
    names = [name for name, _ in roles] + (["Total"] if total_column else [])
    slugs = [slug for _, slug in roles] + (["total"] if total_column else [])
    stub = rng.choice(["Ethnicity", "Ethnic origin", ""])
    if split == "sub_header":
        header: tuple[tuple[str | None, ...], ...] = (
            (stub, *(x for name in names for x in (name, MERGED))),
            ("", *(word for _ in names for word in words)))
    else:
        header = ((stub, *(f"{name} {word}" for name in names for word in words)),)
    expected: set[Fact] = set()
    body: list[tuple[str, ...]] = []
    for label, ethnicity in ethnicities:
        values = [rng.choice([1, 2, 3, 4, 6]) if rng.random() < 0.4 else 0
                  for _ in roles for _ in genders]
        values[0] = values[0] or 2
        if total_column:
            values += [sum(values[g::2]) for g in range(2)]
        cells = iter(values)
        row = [label]
        for slug in slugs:
            for gender in genders:
                value = next(cells)
                row.append(str(value) if value else "")
                if value:
                    expected.add((slug, None, None, gender, ethnicity, float(value)))
        body.append(tuple(row))
    caption, below, where = _caption(rng, ETHNICITY_CAPTIONS)
    description = (f"ethnicity, split={split} {words} roles={len(roles)} "
                   f"total_column={total_column} stub={stub!r} caption={where}")
    return Staffing(TableText(caption, header, tuple(body), below), expected, description)


LAYOUTS = {"contracts_down": contracts_down, "roles_down": roles_down,
           "ethnicity": by_ethnicity}
