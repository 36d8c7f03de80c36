"""The cases of a seeded layout generator's tests (tests/*_layouts.py): every layout in
every rendering, a few seeds each, each seed a pytest parameter, and the cells they read
counted over every seed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pytest
from renderings import RENDERINGS

Case = tuple[int, str, str]  # (seed, layout, rendering)


def layout_cases(layouts: Iterable[str], first_seed: int, per_case: int,
                 spans: Callable[[str, int], bool]) -> list[Case]:
    """Every layout in every rendering, `per_case` seeds each, numbered from `first_seed`
    (no one-cell-per-line text of a table with merged header cells: it cannot print
    them)."""
    cases, seed = [], first_seed
    for layout in sorted(layouts):
        for rendering in sorted(RENDERINGS):
            for _ in range(per_case):
                if not (rendering == "one_cell_per_line" and spans(layout, seed)):
                    cases.append((seed, layout, rendering))
                seed += 1
    return cases


def seed_params(cases: Iterable[Case], xfails: Mapping[int, str]) -> list:
    """The cases as pytest parameters, a seed of `xfails` a strict expected failure with
    its reason."""
    return [pytest.param(seed, layout, rendering, id=f"seed{seed}-{layout}-{rendering}",
                         marks=(pytest.mark.xfail(strict=True, reason=xfails[seed])
                                if seed in xfails else ()))
            for seed, layout, rendering in cases]


def tally(cases: Iterable[Case],
          read: Callable[[int, str, str], tuple[set, set, object]]) -> dict[str, int]:
    """Right, wrong and missed cells over every case (`read` gives the cells read and
    the cells expected first)."""
    right = wrong = missed = 0
    for case in cases:
        found, expected, _ = read(*case)
        right += len(found & expected)
        wrong += len(found - expected)
        missed += len(expected - found)
    return {"right": right, "wrong": wrong, "missed": missed}


def print_report(cases: Iterable[Case],
                 read: Callable[[int, str, str], tuple[set, set, object]]) -> None:
    """The tally, then every case not read exactly (for running a test file as a script)."""
    cases = list(cases)
    print(tally(cases, read))
    for case in cases:
        found, expected, miscited = read(*case)
        if found - expected or expected - found or miscited:
            print(case, "wrong", sorted(found - expected), "missed", len(expected - found),
                  miscited)
