"""Budgets and grant tables over two or three financial years (issue 15), generated in
every rendering by tests/multi_year_variants.py (invented text, never a plan's): every
value a person reads is published with its financial year and contribution type, on
the line that prints it; none is published under another year or type.

Two tests per seed: no wrong row (every seed, no exception), and every value read
(strict expected failures for the seeds whose tables the parser does not yet find).
"""

from __future__ import annotations

import pytest
from multi_year_variants import BUDGET_LAYOUTS, GRANT_LAYOUTS, multi_year_variant
from template_variants import Variant, broken_params, plan_2019_context, printed_lines

from pipeline.extract.base import run_extractor
from pipeline.extract.budgets import DOMAIN, SAME_COLUMN_TWICE

BUDGET_CASES = 90
GRANT_CASES = 60
BUDGETS = [multi_year_variant(20000 + n, BUDGET_LAYOUTS) for n in range(BUDGET_CASES)]
GRANTS = [multi_year_variant(30000 + n, GRANT_LAYOUTS) for n in range(GRANT_CASES)]
BUDGETS_NOT_YET_READ: set[int] = set()
GRANTS_NOT_YET_READ: set[int] = set()
NOT_FOUND = "the parser does not find this rendering's table yet"


def _read(variant: Variant) -> tuple[set[tuple], list[str]]:
    """The rows read (as the variant's keys), and the keys cited on a line that does not
    print their amount."""
    context = plan_2019_context(variant.text)
    out = run_extractor(DOMAIN, context)
    rows = [((r.agency, r.contribution_type, r.financial_year, float(r.amount_gbp)),
             int(r.source_line)) for r in out["budget_contributions"].frame.itertuples()]
    rows += [(("Total" if r.is_total else r.item_label, r.financial_year,
               float(r.amount_gbp)), int(r.source_line))
             for r in out["grant_spend"].frame.itertuples()]
    miscited = [f"{key} on line {line}" for key, line in rows
                if line not in printed_lines(context, key[-1])]
    return {key for key, _ in rows}, miscited


@pytest.mark.parametrize("variant", broken_params(BUDGETS, set(), 20000)
                         + broken_params(GRANTS, set(), 30000))
def test_no_value_is_published_under_another_year_or_type(variant: Variant) -> None:
    read, miscited = _read(variant)
    assert not read - variant.expected, (sorted(read - variant.expected), variant.description)
    assert not miscited, (miscited, variant.description)


@pytest.mark.parametrize("variant", broken_params(BUDGETS, BUDGETS_NOT_YET_READ, 20000,
                                                  NOT_FOUND))
def test_every_value_of_a_multi_year_budget_is_read(variant: Variant) -> None:
    read, _ = _read(variant)
    assert variant.expected <= read, (sorted(variant.expected - read), variant.description)


@pytest.mark.parametrize("variant", broken_params(GRANTS, GRANTS_NOT_YET_READ, 30000,
                                                  NOT_FOUND))
def test_every_value_of_a_multi_year_grant_table_is_read(variant: Variant) -> None:
    read, _ = _read(variant)
    assert variant.expected <= read, (sorted(variant.expected - read), variant.description)


MOVEMENTS_BY_TYPE = [v for v in BUDGETS if "moves=True" in v.description]


@pytest.mark.parametrize("variant", MOVEMENTS_BY_TYPE)
def test_movements_of_several_types_are_left_out_and_reported(variant: Variant) -> None:
    """"Change" over "Staffing costs" and "Total": both are `change`, which names no type,
    so which movement is which cannot be published."""
    out = run_extractor(DOMAIN, plan_2019_context(variant.text))["budget_contributions"]
    assert "change" not in set(out.frame["contribution_type"]), variant.description
    assert any(issue.code == SAME_COLUMN_TWICE for issue in out.issues), variant.description
