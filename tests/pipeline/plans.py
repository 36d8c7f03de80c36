"""Small youth justice plans written for the tests: a budget table, a reoffending table and
staffing key figures, each of which a test can make wrong in one way.

Each plan's title line names its service, type and period, so it is ingested with no
manifest entry. The numbers are chosen so the clean plan passes every rule: the budget
adds up (485,000), 60 of 150 is 40.0% and 210 / 60 is 3.50, and 14 is a whole headcount.
"""

from __future__ import annotations

from pathlib import Path

BUDGET_TOTAL = "485,000"
BUDGET = """Partner contributions to the youth justice pooled budget 2020/21

Agency\tStaffing costs\tOther delegated funds\tTotal
Local Authority\t300,000\t100,000\t400,000
Police\t50,000\t10,000\t60,000
Health\t20,000\t5,000\t25,000
Total\t370,000\t115,000\t{total}
"""
COHORT = """Latest re-offending cohort (Apr 2017 - Mar 2018)

Area\tNumber in the cohort\tNumber of reoffenders\tNumber of reoffences\t\
Reoffences per reoffender\t% Reoffending
{service}\t150\t60\t210\t3.50\t{percent}
"""
STAFF = """#### Staffing

Number of practitioners (headcount)\t{practitioners}
Volunteers\t22
"""


def plan(service: str, total: str = BUDGET_TOTAL, percent: str = "40.0%",
         practitioners: str = "14") -> str:
    """A plan of `service` for 2020/21; each argument is a printed number to vary."""
    return "\n".join([
        f"{service} Youth Justice Plan 2020/21", "", "Our plan for the year.", "",
        BUDGET.format(total=total), COHORT.format(service=service, percent=percent),
        STAFF.format(practitioners=practitioners),
    ])


def write_plans(folder: Path, plans: dict[str, str]) -> Path:
    """`plans` (file stem -> text) written as UTF-8 files in `folder`; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in plans.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    return folder
