"""A synthetic corpus of youth justice plans and inspection reports, for benchmarks only.

Usage: python benchmarks/generate.py --count 1000 --out /tmp/corpus [--seed 2024]

Each document re-renders the table types of the real corpus (partner budget tables,
grant tables, KPI comparator/summary/cohort/ETE tables, staff, volunteer, staffing and
caseload tables, inspection ratings, key-question and contextual-facts tables) for another
service from `yots.csv`, another year, other values, row and column orders and formats
(tab-separated, markdown, HTML), wrapped in prose, so that every extractor finds real rows.

Why it is built this way:
- Deterministic: document i depends only on the seed and i, so the 100-document corpus is
  the first 100 documents of the 1,000-document one and a run can be repeated exactly.
- Consistent: a figure printed in many documents (England's reoffending rate for 2018, a
  service's first time entrants) comes from one seeded "true" value, as in real plans, so
  the pipeline's cross-document checks are exercised without spurious conflicts; budget
  totals add up, percentages derive from their counts and inspection ratings follow the
  Inspectorate's scoring rules, so the blocking checks pass as on the real corpus.
- Sized like the corpus (36-83 KB): 24-76 KB of text per document, median 37 KB, mostly
  prose; about a quarter are inspection reports.

The corpus is written to a temporary folder and never committed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YOTS_CSV = ROOT / "pipeline" / "reference" / "data" / "yots.csv"
DEFAULT_SEED = 2024
FORMATS = ("tab", "markdown", "html")
PLAN_YEARS = range(2000, 2025)  # financial years 2000/01 .. 2024/25
INSPECTION_YEARS = range(2003, 2025)
MANIFEST_SHARE = 0.9  # the rest are catalogued from their own title block, as in real use
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_SUFFIXES = (" Youth Offending Service", " Youth Offending Team", " Youth Justice Service",
             " Youth Offending Services", " Youth Justice and Early Intervention Service")


# --- services and consistent "true" values ---------------------------------------------------

@dataclass(frozen=True)
class Service:
    """A service from the reference list, with the bare place name people print."""

    yot_id: str
    name: str
    place: str
    region: str
    nation: str


def load_services(path: Path = YOTS_CSV) -> list[Service]:
    """Every service in `yots.csv`, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    services = []
    for row in rows:
        place = row["name"]
        for suffix in _SUFFIXES:
            if place.endswith(suffix):
                place = place[: -len(suffix)]
                break
        services.append(Service(row["yot_id"], row["name"], place, row["region"],
                                row["nation"]))
    return services


class Truth:
    """Seeded values that are the same whichever document prints them."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def _unit(self, *key: object) -> float:
        digest = hashlib.blake2b(repr((self.seed, *key)).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2**64

    def between(self, low: float, high: float, *key: object) -> float:
        return low + (high - low) * self._unit(*key)


# --- text helpers -------------------------------------------------------------------------

_PROSE = (
    "The {service} continues to work with partners to reduce offending and reoffending by "
    "children in {place}.",
    "Our priorities for {year} build on the progress made over the last twelve months and "
    "on what children and their families have told us.",
    "The Management Board meets quarterly and receives a performance report covering local "
    "and national indicators, with a focus section on a different theme each time.",
    "Partnership working remains a strength: the police, probation, health and education "
    "services each have a named lead who attends the Board.",
    "We have continued to invest in restorative justice, and victims are offered the "
    "opportunity to take part in every case where there is an identifiable victim.",
    "Staff have completed training in trauma-informed practice, speech and language needs "
    "and the assessment of children who display harmful sexual behaviour.",
    "The number of children entering the youth justice system for the first time has "
    "continued to fall, in line with the national trend.",
    "Reparation projects this year included work with a community garden, a cycle repair "
    "scheme and the refurbishment of a local sports pavilion.",
    "Out-of-court disposals are decided at a joint panel with the police, which meets weekly "
    "and considers the child's needs as well as the circumstances of the offence.",
    "Education, training and employment remains an area for development, particularly for "
    "children above school age who have left full-time education.",
    "We will review our quality assurance framework and introduce thematic audits of "
    "assessment, planning and management oversight.",
    "Volunteers continue to play a vital role as community panel members for referral "
    "orders, and {volunteers} volunteers were trained during the year.",
    "The service has a stable and experienced staff group, and sickness absence has remained "
    "below the council average.",
    "Health partners fund a speech and language therapist and a nurse, who screen every "
    "child at the start of their order.",
    "Children and their parents or carers are asked for feedback at the end of every "
    "intervention, and the results are reported to the Board.",
    "The use of custody remains low, and remands to youth detention accommodation are "
    "reviewed by the head of service within two working days.",
    "We will continue to monitor disproportionality and report to the Board on the "
    "outcomes for children from minority ethnic groups.",
    "The partnership contributed to the community safety strategy and to the local "
    "safeguarding arrangements, with particular attention to exploitation.",
    "Risks to delivery include pressure on partner budgets, recruitment to specialist posts "
    "and the continuing effects of the pandemic on education.",
    "A review of the case management system is under way and will report in {year}.",
)
_BULLETS = (
    "Reduce first time entrants through early intervention and diversion",
    "Reduce reoffending by children already in the youth justice system",
    "Reduce the use of custody and remands",
    "Improve education, training and employment outcomes",
    "Support victims and increase participation in restorative justice",
    "Improve the health and wellbeing of children in the youth justice system",
    "Address disproportionality in the youth justice system",
    "Strengthen management oversight and quality assurance",
)


class Writer:
    """Collects a document's lines; tables and prose are appended in printed order."""

    def __init__(self, rng: random.Random, fmt: str, words: dict[str, object]) -> None:
        self.rng = rng
        self.fmt = fmt  # the document's usual table format; a few tables use another
        self.words = words
        self.lines: list[str] = []
        # Headings marked with '#' (most converted documents) or left plain, per document.
        self.marked = fmt != "tab" or rng.random() < 0.7

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def blank(self) -> None:
        self.lines.append("")

    def heading(self, text: str, level: int = 2) -> None:
        if self.fmt == "html":
            self.add(f"<h{level}>{text}</h{level}>", "")
        elif self.marked:
            self.add(f"{'#' * level} {text}", "")
        else:
            self.add(text, "")

    def prose(self, paragraphs: int) -> None:
        for _ in range(paragraphs):
            count = self.rng.randint(3, 6)
            sentences = self.rng.sample(_PROSE, count)
            self.add(" ".join(s.format(**self.words) for s in sentences), "")

    def bullets(self, count: int) -> None:
        self.add(*(f"- {b}" for b in self.rng.sample(_BULLETS, count)), "")

    def table_format(self) -> str:
        return self.fmt if self.rng.random() < 0.75 else self.rng.choice(FORMATS)

    def table(self, header: Sequence[str] | None, body: Sequence[Sequence[str]],
              caption: str | None = None, fmt: str | None = None,
              extra_header: Sequence[str] | None = None) -> None:
        """A caption line and a table in `fmt`: one source line per row in every format."""
        fmt = fmt or self.table_format()
        title_row = False
        if caption and fmt == "html":
            pass  # a <caption> element, below
        elif caption and caption.startswith("Table ") and ":" in caption:
            self.add(caption, "")
        elif caption and len(caption) <= 120:
            self.add(f"**{caption}**", "")
        elif caption and fmt == "markdown":
            self.add(f"#### {caption}", "")
        elif caption:
            title_row = True  # printed as the table's first row, as PDF converters do
        headers = [list(h) for h in (header, extra_header) if h]
        if fmt == "tab":
            if title_row:
                self.add(caption + "\t" * (len(body[0]) - 1))
            self.add(*("\t".join(row) for row in headers), *("\t".join(r) for r in body))
        elif fmt == "markdown":
            assert headers, "a markdown table needs a header row"
            self.add("| " + " | ".join(headers[0]) + " |")
            self.add("|" + "---|" * len(headers[0]))
            for row in headers[1:] + [list(r) for r in body]:
                self.add("| " + " | ".join(row) + " |")
        else:
            self.add("<table>")
            if caption:
                self.add(f"<caption>{caption}</caption>")
            for row in headers:
                self.add("<tr>" + "".join(f"<th>{c}</th>" for c in row) + "</tr>")
            for row in body:
                self.add("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
            self.add("</table>")
        self.blank()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def bold(text: str, fmt: str) -> str:
    return f"**{text}**" if fmt == "markdown" else f"<b>{text}</b>"


def money(value: float, pounds: bool = True, pence: bool = False) -> str:
    text = f"{value:,.2f}" if pence else f"{value:,.0f}"
    return f"£{text}" if pounds else text


def fy(year: int, style: int = 0) -> str:
    """A financial year as plans print it."""
    return (f"{year}/{(year + 1) % 100:02d}", f"{year}-{(year + 1) % 100:02d}",
            f"{year}-{year + 1}")[style]


# --- plans: budgets ------------------------------------------------------------------------

_AGENCIES = (
    ("Local Authority", "local_authority"), ("Police Service", "police"),
    ("National Probation Service", "probation"), ("Health Service", "health"),
    ("Police and Crime Commissioner", "pcc"), ("YJB (Youth Justice Grant)", "yjb"),
)
_AGENCY_WORDS = {
    "local_authority": ("Local Authority", "{place} Council", "Children's Services"),
    "police": ("Police Service", "Police", "Constabulary"),
    "probation": ("National Probation Service", "Probation Service", "Probation"),
    "health": ("Health Service", "Clinical Commissioning Group", "NHS Trust"),
    "pcc": ("Police and Crime Commissioner", "Office of the Police and Crime Commissioner"),
    "yjb": ("YJB (Youth Justice Grant)", "Youth Justice Board Good Practice Grant",
            "YJB Practice Grant"),
}


def _agency_label(rng: random.Random, key: str, place: str) -> str:
    return rng.choice(_AGENCY_WORDS[key]).format(place=place)


def budget_parts_table(w: Writer, service: Service, year: int) -> None:
    """Agencies by staffing, payments in kind and other delegated funds, with totals."""
    rng = w.rng
    agencies = [k for _, k in _AGENCIES]
    if rng.random() < 0.3:
        middle = agencies[1:5]
        rng.shuffle(middle)
        agencies[1:5] = middle
    parts = ("Staffing costs (£)", "Payments in kind (£)", "Other delegated funds (£)")
    rows, sums = [], [0.0, 0.0, 0.0]
    for key in agencies:
        values = [0.0, 0.0, 0.0]
        if key == "local_authority":
            values = [rng.randint(0, 300) * 1000 + rng.randint(0, 999), rng.randint(50, 200)
                      * 1000 + rng.randint(0, 999), rng.randint(150, 900) * 1000 + 5]
        elif key in ("police", "probation", "health"):
            values = [rng.choice((0, rng.randint(20, 130) * 1000 + rng.randint(0, 999))), 0.0,
                      rng.randint(5, 70) * 1000]
        else:
            values[2] = rng.randint(20, 700) * 1000 + rng.randint(0, 999)
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        rows.append((_agency_label(rng, key, service.place), values))
    rows.append(("Total", sums))
    pounds = rng.random() < 0.5
    body = [[label, *(money(v, pounds) if v else "-" for v in vals), money(sum(vals), pounds)]
            for label, vals in rows]
    caption = rng.choice((
        f"Table {rng.randint(1, 6)}: Partner contributions to the Youth Offending Partnership "
        f"pooled budget {fy(year)}",
        f"Partner contributions {fy(year, 1)}", "Resources and value for money"))
    w.table(["Agency", *parts, "Total (£)"], body, caption)


def budget_years_table(w: Writer, service: Service, year: int) -> None:
    """Cash and cash-and-kind contributions for the last and the plan's year."""
    rng = w.rng
    years = (year - 1, year)
    keys = ["pcc", "probation", "health", "local_authority", "yjb"]
    rows, sums = [], [0.0] * 4
    for key in keys:
        cells = []
        for _ in years:
            cash = 0 if key == "health" else rng.randint(10, 1600) * 1000 + rng.randint(0, 999)
            kind = rng.choice((0, rng.randint(5, 220) * 1000))
            cells += [cash, cash + kind]
        sums = [a + b for a, b in zip(sums, cells, strict=True)]
        rows.append((_agency_label(rng, key, service.place), cells))
    rows.append(("Total", sums))
    header = ["YOS Budget Contributions"]
    for y in years:
        header += [f"{fy(y)} Cash", f"{fy(y)} Cash & Kind"]
    body = [[label, *(f"{v:,.0f}" if v else "" for v in cells)] for label, cells in rows]
    w.table(header, body, "Resources & Value for Money", fmt=rng.choice(("tab", "markdown")))


def budget_thousands_table(w: Writer, service: Service, year: int) -> None:
    """A markdown or tab table in £000s: total, cash and staffing costs per partner."""
    rng = w.rng
    rows, sums = [], [0.0, 0.0]
    for key in ("local_authority", "police", "health", "yjb"):
        cash = rng.randint(20, 1500) + rng.choice((0, 0.5))
        staff = 0 if key in ("yjb",) else rng.randint(0, 120)
        sums = [sums[0] + cash, sums[1] + staff]
        rows.append((_agency_label(rng, key, service.place), cash, staff))
    rows.append(("Grand total", *sums))
    body = [[label, f"{c + s:,g}", f"{c:,g}", f"{s:,g}" if s else "-"]
            for label, c, s in rows]
    caption = (f"Table {rng.randint(2, 9)}: Partner contributions to the pooled budget "
               f"{fy(year)} (£000s)")
    w.table(["Partner", "Total", "Cash", "Staffing costs"], body, caption,
            fmt=rng.choice(("markdown", "tab")))


def grant_table(w: Writer, service: Service, year: int) -> None:
    """How the Youth Justice Grant is spent, with its total."""
    rng = w.rng
    items = rng.sample(["Staff training", "ETE staff", "ICT licences and maintenance",
                        "Interpreter Fees", "Victim/reparation staff", "Psychologist",
                        "Towards cost of Youth Justice staff", "Prevention worker",
                        "Substance misuse worker", "Parenting support"], rng.randint(4, 7))
    amounts = [rng.randint(2, 320) * 1000 for _ in items]
    if rng.random() < 0.6:
        body = [[i, money(a, pence=True)] for i, a in zip(items, amounts, strict=True)]
        body.append(["Total", money(sum(amounts), pence=True)])
        w.table(["Activity", "Cost"], body,
                f"Use of the Annual Youth Justice Grant {fy(year)}")
    else:
        body = [[i, f"{a / 1000:g}"] for i, a in zip(items, amounts, strict=True)]
        body.append(["Grand total", f"{sum(amounts) / 1000:g}"])
        w.table(["Item", "Amount (£000s)"], body, f"Youth Justice Grant spend {fy(year)}",
                fmt=rng.choice(("markdown", "html")))


# --- plans: KPIs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Indicator:
    """A KPI as plans caption it, with the range and precision of its printed values."""

    key: str
    caption: str
    low: float
    high: float
    decimals: int


_INDICATORS = (
    Indicator("fte", "First time entrants to the Youth Justice System aged 10-17 (Rate per "
              "100,000 10-17 pop; 12 months ending December)", 90, 520, 0),
    Indicator("custody", "Young People in YJS receiving a conviction in court who are "
              "sentenced to custody (rate per 1000 10-17 pop; 12 months ending March)",
              0.02, 0.9, 2),
    Indicator("reoffending", "Proportion of young offenders who re-offend (aged 10-17; 3 "
              "months ending June)", 20, 55, 1),
)


def _kpi_value(truth: Truth, indicator: Indicator, subject: str, year: int) -> str:
    value = truth.between(indicator.low, indicator.high, indicator.key, subject, year)
    return f"{value:.{indicator.decimals}f}"


def comparators(rng: random.Random, service: Service, services: list[Service],
                count: int) -> list[Service]:
    """Other services, mostly from the same region, as a comparator group."""
    near = [s for s in services if s.region == service.region and s is not service]
    far = [s for s in services if s.region != service.region]
    picked = rng.sample(near, min(len(near), count // 2 + 1))
    picked += rng.sample(far, count - len(picked))
    return picked


def kpi_comparator_table(w: Writer, truth: Truth, service: Service, services: list[Service],
                         indicator: Indicator, year: int) -> None:
    """One indicator over five years for a comparator group, the service and England."""
    rng, fmt = w.rng, w.table_format()
    years = list(range(year - 5, year))
    if rng.random() < 0.3:
        years.reverse()
    group = comparators(rng, service, services, rng.randint(6, 10))
    subjects = [(s.place, s.yot_id) for s in group] + [(service.place, service.yot_id)]
    rng.shuffle(subjects)
    body = []
    for label, subject in subjects:
        cells = [_kpi_value(truth, indicator, subject, y) for y in years]
        if subject == service.yot_id:
            body.append([bold(label, fmt), *(bold(c, fmt) for c in cells)])
        else:
            body.append([label, *cells])
    body.append(["YOT Comparator Group", *(_kpi_value(truth, indicator, f"cg:{service.yot_id}",
                                                      y) for y in years)])
    body.append(["England", *(_kpi_value(truth, indicator, "england", y) for y in years)])
    first = rng.choice(("YOT Comparator Group", "Area", "Youth offending service"))
    w.table([first, *map(str, years)], body, indicator.caption, fmt=fmt)


def kpi_summary_table(w: Writer, truth: Truth, service: Service, year: int) -> None:
    """The latest value of each indicator beside England and the comparator group."""
    rng = w.rng
    latest = year - 1
    body = []
    for indicator in _INDICATORS:
        own = _kpi_value(truth, indicator, service.yot_id, latest)
        body.append([indicator.caption, f"{own} ({latest})",
                     _kpi_value(truth, indicator, "england", latest),
                     _kpi_value(truth, indicator, f"cg:{service.yot_id}", latest),
                     f"{rng.randint(1, 150)} (of 151 YOTs)"])
    w.table(["Indicator", "Latest Performance", "National Avg (England Only)",
             "YOT Comparator Group Avg", "National Rank (England Only)"], body,
            "Youth Offending Performance Indicators - summary of latest published performance",
            fmt=rng.choice(("tab", "markdown")))


def kpi_cohort_table(w: Writer, truth: Truth, service: Service, year: int) -> None:
    """A reoffending cohort: counts, and the rates and ratios printed from them."""
    rng = w.rng
    start = year - 3
    period = f"Apr {start} - Mar {start + 1}"
    rows = []
    for label, subject, scale, exact in (
        (service.place, service.yot_id, 1.0, True),
        ("Family Average", f"family:{service.yot_id}", 1.2, False),
        ("England", "england", 100.0, True),
    ):
        cohort = truth.between(150, 400, "cohort", subject, start) * scale
        reoffenders = cohort * truth.between(0.25, 0.45, "reoffenders", subject, start)
        reoffences = reoffenders * truth.between(2.5, 4.5, "reoffences", subject, start)
        if exact:
            cohort, reoffenders, reoffences = (float(round(v)) for v in
                                               (cohort, reoffenders, reoffences))
        else:
            cohort, reoffenders, reoffences = (round(v, 1) for v in
                                               (cohort, reoffenders, reoffences))
        rows.append([label, f"{cohort:,g}" if exact else f"{cohort:,.1f}",
                     f"{reoffenders:,g}" if exact else f"{reoffenders:,.1f}",
                     f"{reoffences:,g}" if exact else f"{reoffences:,.1f}",
                     f"{reoffences / reoffenders:.2f}", f"{reoffences / cohort:.2f}",
                     f"{100 * reoffenders / cohort:.1f}%"])
    w.table(["YOT", "Number in the cohort", "Number of reoffenders", "Number of reoffences",
             "Reoffences per reoffender", "Reoffences per offender", "% Reoffending"], rows,
            f"Latest YJB Re-offending Cohort ({period})", fmt=rng.choice(("tab", "markdown")))


def kpi_ete_table(w: Writer, service: Service, year: int) -> None:
    """Engagement in education, training and employment by age group."""
    rng = w.rng
    school = rng.randint(300, 990) / 10
    above = rng.randint(250, 950) / 10
    total = round((school + above) / 2, 1)
    w.table([f"ETE {fy(year - 1)}", "School Age", "Above School Age", "Total"],
            [["In ETE (25+/16+ hours)", f"{school:.1f}%", f"{above:.1f}%", f"{total:.1f}%"]],
            "Engagement in Employment Training and Education (ETE) for Young People who "
            "offend")


# --- plans: people -------------------------------------------------------------------------

_ETHNICITIES = ("White British", "White Irish", "White Other", "Asian or Asian British",
                "Black Caribbean", "Mixed heritage", "White and Black Caribbean")


def staff_table(w: Writer, caption: str, people: int) -> None:
    """Staff or volunteers by ethnicity and gender."""
    rng, fmt = w.rng, w.table_format()
    groups = ["White British", *rng.sample(_ETHNICITIES[1:], rng.randint(1, 3))]
    rows = []
    for index, label in enumerate(groups):
        share = people if index == 0 else max(1, people // 10)
        male, female = rng.randint(0, share), rng.randint(0, share * 2)
        rows.append([label, str(male), str(female)])
    header = ["", "Male", "Female"]
    if rng.random() < 0.4:
        rows.append(["Total", str(sum(int(r[1]) for r in rows)),
                     str(sum(int(r[2]) for r in rows))])
    w.table(header, rows, caption, fmt=fmt)


def staffing_table(w: Writer, year: int) -> None:
    """FTE staff by contract type, role and working pattern (a two-row header)."""
    rng = w.rng
    roles = ["Practitioners", "Administrators", "Operational Managers"]
    rng.shuffle(roles)
    contracts = ["Permanent", "Seconded Police", "Seconded Probation", "Agency"]
    header = ["Contract type"]
    second = [""]
    for role in roles:
        header += [role, role]
        second += ["Full-time", "Part-time"]
    header.append("Total")
    second.append("")
    body, sums = [], [0.0] * (2 * len(roles))
    for contract in contracts:
        values = []
        for role in roles:
            permanent = contract == "Permanent"
            full = rng.randint(1, 20 if role == "Practitioners" else 4) if permanent else (
                rng.randint(0, 2) if role == "Practitioners" else 0)
            part = rng.choice((0, 0.5, 1.5, 2.5)) if permanent else 0
            values += [full, part]
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        body.append([contract, *(f"{v:g}" if v else "" for v in values), f"{sum(values):g}"])
    body.append(["Total", *(f"{v:g}" if v else "" for v in sums), f"{sum(sums):g}"])
    w.add(f"Staffing of the service (FTE) at 31 March {year}", "")
    w.table(header, body, None, fmt="tab", extra_header=second)


def caseload_table(w: Writer, year: int) -> None:
    """Open cases by team on a date."""
    rng = w.rng
    teams = rng.sample(["North", "South", "East", "West", "Court", "Prevention", "Community"],
                       rng.randint(3, 4))
    counts = sorted((rng.randint(5, 80) for _ in teams), reverse=True)
    w.add(f"As at {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}", "")
    body = [[team, str(count)] for team, count in zip(teams, counts, strict=True)]
    w.table(["Team", "Open cases"], body, None, fmt=rng.choice(("tab", "html")))


# --- inspections ---------------------------------------------------------------------------

RATINGS = ("Inadequate", "Requires improvement", "Good", "Outstanding")
_FLOORS = (0.0, 50.0, 65.0, 80.0)
_STANDARDS = (
    ("1", "Organisational delivery", (("1.1", "Governance and leadership"), ("1.2", "Staff"),
                                      ("1.3", "Partnerships and services"),
                                      ("1.4", "Information and facilities"))),
    ("2", "Court disposals", (("2.1", "Assessment"), ("2.2", "Planning"),
                              ("2.3", "Implementation and delivery"), ("2.4", "Reviewing"))),
    ("3", "Out-of-court disposals", (("3.1", "Assessment"), ("3.2", "Planning"),
                                     ("3.3", "Implementation and delivery"),
                                     ("3.4", "Joint working"))),
)
_KEY_QUESTIONS = {
    "Assessment": ("Does assessment sufficiently analyse how to support the child's "
                   "desistance?", "Does assessment sufficiently analyse how to keep the child "
                   "safe?", "Does assessment sufficiently analyse how to keep other people "
                   "safe?"),
    "Planning": ("Does planning focus sufficiently on supporting the child's desistance?",
                 "Does planning focus sufficiently on keeping the child safe?",
                 "Does planning focus sufficiently on keeping other people safe?"),
    "Implementation and delivery": (
        "Does the implementation and delivery of services effectively support the child's "
        "desistance?", "Does the implementation and delivery of services effectively support "
        "the safety of the child?", "Does the implementation and delivery of services "
        "effectively support the safety of other people?"),
    "Reviewing": ("Does reviewing focus sufficiently on supporting the child's desistance?",
                  "Does reviewing focus sufficiently on keeping the child safe?",
                  "Does reviewing focus sufficiently on keeping other people safe?"),
    "Joint working": ("Are the YOT's recommendations sufficiently well-informed, analytical "
                      "and personalised to the child, supporting joint decision making?",
                      "Does the YOT work effectively with the police in implementing the "
                      "out-of-court disposal?"),
}
_PROMPTS = (
    "Does the work give sufficient attention to the needs and wishes of the victim/s?",
    "Is the child and their parents/carers meaningfully involved, and are their views "
    "taken into account?",
    "Does the work draw sufficiently on available sources of information, and involve other "
    "agencies where appropriate?",
    "Does the work focus on the child's strengths and protective factors?",
    "Is sufficient attention given to the child's levels of maturity, ability and motivation "
    "to change?",
)


def band(rate: float) -> str:
    """The rating band of a key question's yes rate (the Inspectorate's published bands)."""
    return next(r for r, f in zip(reversed(RATINGS), reversed(_FLOORS), strict=True)
                if rate >= f)


def overall_rating(score: int, max_score: int) -> str:
    """The overall rating a score earns: bands at 1/6, 1/2 and 5/6 of the maximum."""
    for rating, share in zip(RATINGS, (1 / 6, 1 / 2, 5 / 6, 1.0), strict=True):
        if score <= math.floor(max_score * share + 1e-9):
            return rating
    return RATINGS[-1]


def _lowest_question(rng: random.Random, rating: str, cases: int) -> tuple[int, int]:
    """(relevant, yes) of the key question whose yes rate sets the standard's band."""
    for relevant in sorted(range(2, cases + 1), key=lambda _: rng.random()):
        options = [yes for yes in range(relevant + 1) if band(100 * yes / relevant) == rating]
        if options:
            return relevant, rng.choice(options)
    return cases, cases


def question_rows(rng: random.Random, questions: Sequence[str], rating: str,
                  cases: int) -> list[tuple[str, int, int]]:
    """Key questions whose lowest yes rate falls in the band of `rating`."""
    low_relevant, low_yes = _lowest_question(rng, rating, cases)
    floor = low_yes / low_relevant
    lowest = rng.randrange(len(questions))
    rows = []
    for index, question in enumerate(questions):
        if index == lowest:
            rows.append((question, low_relevant, low_yes))
            continue
        relevant = rng.randint(max(1, cases - 3), cases)
        yes = rng.randint(min(relevant, math.ceil(floor * relevant - 1e-9)), relevant)
        rows.append((question, relevant, yes))
    return rows


def inspection_document(w: Writer, truth: Truth, service: Service, year: int,
                        month: str) -> None:
    """An inspection report: title block, ratings table whose scores follow the rules,
    contextual facts, and a section per standard with its key-question tables."""
    rng, fmt = w.rng, w.fmt
    short = f"{service.place} YOS"
    ratings = {code: rng.choices(RATINGS, weights=(1, 4, 6, 3))[0]
               for _, _, standards in _STANDARDS for code, _ in standards}
    score = sum(RATINGS.index(r) for r in ratings.values())
    overall = overall_rating(score, 36)
    if fmt == "html":
        w.add(f"<p>An inspection of youth offending services in {service.place}</p>", "")
        w.add(f"<p>HM Inspectorate of Probation, {month} {year}</p>", "")
    else:
        w.add("", "An inspection of youth offending services in", "",
              f"# **{service.place}**", "", f"HM Inspectorate of Probation, {month} {year}", "")
    w.heading("Contents", 4)
    w.add(*(f"{name}\t{page}" for page, name in enumerate(
        ("Introduction", "Ratings", "Recommendations", "Background", "Contextual facts",
         "1. Organisational delivery", "2. Court disposals", "3. Out-of-court disposals",
         "Annexe 1: Methodology"), start=3)), "")
    w.heading("Introduction", 3)
    day = rng.randint(1, 20)
    w.add(f"We have inspected and rated {short} across three broad areas of its work. "
          f"Overall, {short} was rated as '{overall}'. Our fieldwork took place between "
          f"{day} and {day + 4} {MONTHS[(MONTHS.index(month) - 3) % 12]} "
          f"{year if MONTHS.index(month) >= 3 else year - 1}.", "")
    w.prose(rng.randint(4, 7))
    w.heading("Ratings", 3)
    head = [f"{service.place} Youth Offending Service", "", "Score", f"{score}/36"]
    body = [["Overall rating", "", overall, ""]]
    for number, domain, standards in _STANDARDS:
        body.append([f"{number}.", domain, "", ""])
        body += [[code, name, ratings[code], ""] for code, name in standards]
    w.table(head, body, None, fmt=fmt)
    w.heading("Recommendations", 3)
    w.prose(rng.randint(2, 4))
    w.heading("Contextual facts", 3)
    contextual_facts(w, truth, service, year)
    for number, domain, standards in _STANDARDS:
        w.heading(f"{number}. {domain}", 3)
        w.prose(rng.randint(2, 4))
        cases = rng.randint(4, 12)
        for code, name in standards:
            w.heading(f"{code}. {name}", 4)
            w.add("The work of the service supports the delivery of a high-quality, "
                  "personalised and responsive service for all children.", "")
            w.add(bold(ratings[code], "markdown") if fmt == "markdown" else ratings[code], "")
            if number != "1":
                standard_questions(w, name, ratings[code], cases)
            w.prose(rng.randint(2, 5))
    w.heading("Annexe 1: Methodology", 3)
    w.prose(rng.randint(3, 6))


def contextual_facts(w: Writer, truth: Truth, service: Service, year: int) -> None:
    """Population figures, demographics of children cautioned or sentenced, caseload and
    staffing key figures, as the Inspectorate prints them."""
    rng = w.rng
    facts = "html" if w.fmt == "html" else "tab"  # key figures: two columns, no header
    population = round(truth.between(90_000, 1_400_000, "population", service.yot_id))
    youth = round(population * truth.between(0.08, 0.11, "youth", service.yot_id))
    w.heading("Population information", 4)
    w.table(None, [[f"{population:,}", f"Total population {service.place} ({year - 1})"],
                   [f"{youth:,}", f"Total youth population (10–17 years) in {service.place} "
                                  f"({year - 1})"]], fmt=facts)
    w.heading("Demographics of children cautioned or sentenced", 3)
    national = {"Age": (23, 77), "Race/ethnicity": (70, 26, 4), "Gender": (85, 15)}
    for dimension, categories in (("Age", ("10-14 years", "15–17 years")),
                                  ("Race/ethnicity", ("White", "Black and minority ethnic",
                                                      "Unknown")),
                                  ("Gender", ("Male", "Female"))):
        first = rng.randint(55, 95) if dimension != "Age" else rng.randint(5, 40)
        own = [first, 100 - first] if len(categories) == 2 else [
            first, (100 - first) - (rest := rng.randint(0, 100 - first)), rest]
        w.table([dimension, *categories],
                [[short_name(service), *(f"{v}%" for v in own)],
                 ["National average", *(f"{v}%" for v in national[dimension])]],
                None, fmt="html" if w.fmt == "html" else rng.choice(("tab", "markdown")))
    w.heading("Additional caseload data", 4)
    w.table(None, [[str(rng.randint(5, 90)), "Total caseload: community sentences"],
                   [str(rng.randint(0, 12)), "Total caseload: in custody"],
                   [str(rng.randint(10, 150)), "Total caseload: out-of-court disposals"]],
            fmt=facts)
    w.heading("Key staffing data", 4)
    w.table(None, [["Total staff headcount (full-time equivalent, FTE)",
                    str(rng.randint(8, 60))],
                   ["Average caseload per case manager (FTE)", f"{rng.randint(40, 120) / 10:g}"]],
            fmt=facts)


def short_name(service: Service) -> str:
    """The service as inspection reports name it in tables ("Darlington YOS")."""
    return f"{service.place} YOS"


def standard_questions(w: Writer, name: str, rating: str, cases: int) -> None:
    """A standard's key-question table and, for most key questions, its prompts table."""
    rng = w.rng
    questions = question_rows(rng, _KEY_QUESTIONS[name], rating, cases)
    w.add(f"Our rating for {name.lower()} is based on the following key questions:", "")
    header = [f"Of the {cases} cases inspected", "Relevant cases", "Number 'Yes'"]
    w.table(header, [[q, str(r), str(y)] for q, r, y in questions], None)
    for question, relevant, _yes in questions:
        if relevant == 0 or rng.random() < 0.3:
            continue
        w.heading(question, 4)
        prompts = []
        for prompt in rng.sample(_PROMPTS, rng.randint(2, 4)):
            r = rng.randint(max(0, relevant - 2), relevant)
            prompts.append([prompt, str(r), str(rng.randint(r // 2, r))])
        w.table([f"Of the {relevant} cases inspected:", "Relevant cases", "Number 'Yes'"],
                prompts, None)
        w.prose(rng.randint(1, 2))


# --- plans ---------------------------------------------------------------------------------

def plan_document(w: Writer, truth: Truth, service: Service, services: list[Service],
                  year: int) -> None:
    """A youth justice plan: title block, contents, prose, and performance, resources and
    workforce sections (in a random order) holding the KPI, budget and people tables."""
    rng = w.rng
    style = rng.randrange(3)
    if style == 0:
        w.add("", f"# {service.place} Youth Justice Plan", "", fy(year), "")
    elif style == 1:
        w.add(f"{service.name} Youth Justice Strategic Plan {fy(year, 2)}", "")
    else:
        w.add(f"# {service.name}", "", f"Youth Justice Plan {fy(year, 1)}", "")
    w.heading("Contents", 1)
    w.add(*(f"{name}\t{page}" for page, name in enumerate(
        ("Foreword", "Introduction", "Achievements", "Priorities", "Governance",
         "Performance", "Resources", "Our workforce", "Risks to delivery"), start=2)), "")
    w.heading("Foreword", 2)
    w.prose(rng.randint(6, 14))
    w.heading("Priorities", 2)
    w.bullets(rng.randint(3, 6))
    w.prose(rng.randint(6, 16))

    def performance() -> None:
        w.heading("Performance", 2)
        w.prose(rng.randint(2, 5))
        if rng.random() < 0.5:
            kpi_summary_table(w, truth, service, year)
            w.prose(rng.randint(1, 3))
        for indicator in rng.sample(_INDICATORS, rng.randint(1, 3)):
            kpi_comparator_table(w, truth, service, services, indicator, year)
            w.add("Data Source: YOT Data Summary quarterly report.", "")
            w.prose(rng.randint(1, 3))
        if rng.random() < 0.6:
            kpi_cohort_table(w, truth, service, year)
            w.prose(rng.randint(1, 3))
        if rng.random() < 0.4:
            kpi_ete_table(w, service, year)
            w.prose(rng.randint(1, 2))

    def resources() -> None:
        w.heading("Resources and value for money", 2)
        w.prose(rng.randint(2, 5))
        rng.choice((budget_parts_table, budget_parts_table, budget_years_table,
                    budget_thousands_table))(w, service, year)
        w.prose(rng.randint(1, 3))
        if rng.random() < 0.6:
            grant_table(w, service, year)
            w.prose(rng.randint(1, 3))

    def workforce() -> None:
        w.heading("Our workforce", 2)
        w.prose(rng.randint(2, 4))
        staff_table(w, "YOS Staff", rng.randint(8, 40))
        if rng.random() < 0.6:
            staff_table(w, "YOS Volunteers", rng.randint(4, 20))
        w.prose(rng.randint(1, 3))
        if rng.random() < 0.5:
            staffing_table(w, year)
            w.prose(rng.randint(1, 2))
        if rng.random() < 0.6:
            w.add("Caseload by team", "")
            caseload_table(w, year)
            w.prose(rng.randint(1, 2))

    sections: list[Callable[[], None]] = [performance, resources, workforce]
    rng.shuffle(sections)
    for section in sections:
        section()
    w.heading("Risks to delivery", 2)
    w.bullets(rng.randint(2, 4))
    w.prose(rng.randint(3, 8))


# --- the corpus ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """What one document is: a service's plan for a year, or an inspection report."""

    kind: str  # "plan" or "inspection"
    service: Service
    year: int
    edition: int = 1

    @property
    def document_id(self) -> str:
        base = (f"{self.service.yot_id}-youth-justice-plan-{self.year}-{(self.year + 1) % 100:02d}"
                if self.kind == "plan" else f"{self.service.yot_id}-hmip-inspection-{self.year}")
        return base if self.edition == 1 else f"{base}-edition-{self.edition}"


def slots(services: list[Service], seed: int) -> list[Slot]:
    """Every plan (a service and year) and inspection (about one in three years), shuffled
    once by the seed so that any corpus size is a prefix of a larger one."""
    found = [Slot("plan", s, y) for s in services for y in PLAN_YEARS]
    found += [Slot("inspection", s, y) for i, s in enumerate(services)
              for y in INSPECTION_YEARS if (y + i) % 3 == 0]
    random.Random(seed).shuffle(found)
    return found


def render(slot: Slot, index: int, seed: int, services: list[Service], truth: Truth) -> str:
    """The text of one document."""
    rng = random.Random(f"{seed}:{index}")
    fmt = rng.choices(FORMATS, weights=(6, 2, 2))[0]
    words = {"service": slot.service.name, "place": slot.service.place,
             "year": fy(slot.year), "volunteers": rng.randint(4, 30)}
    w = Writer(rng, fmt, words)
    w.marked = w.marked or slot.kind == "inspection"
    if slot.kind == "plan":
        plan_document(w, truth, slot.service, services, slot.year)
    else:
        month = MONTHS[rng.randrange(12)]
        inspection_document(w, truth, slot.service, slot.year, month)
    return w.text()


def manifest_entry(slot: Slot) -> list[str]:
    """The document's reviewed metadata, as the project's manifest.yaml gives it."""
    entry = [f"  - source_file: {slot.document_id}.txt",
             f"    document_id: {slot.document_id}",
             f"    yot_id: {slot.service.yot_id}"]
    if slot.kind == "plan":
        entry += ["    document_type: youth_justice_plan",
                  f"    title: {slot.service.place} Youth Justice Plan {fy(slot.year)}",
                  f"    period_label: {fy(slot.year)}",
                  f"    period_start: {slot.year}-04-01",
                  f"    period_end: {slot.year + 1}-03-31"]
    else:
        entry += ["    document_type: inspection_report",
                  "    title: An inspection of youth offending services in "
                  f"{slot.service.place}",
                  "    publisher: HM Inspectorate of Probation"]
    return entry


class Corpus:
    """The seeded sequence of documents: document i is the same in every corpus size."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self.services = load_services()
        self.truth = Truth(seed)
        self.available = slots(self.services, seed)

    def slot(self, index: int) -> Slot:
        base = self.available[index % len(self.available)]
        return Slot(base.kind, base.service, base.year, index // len(self.available) + 1)

    def write(self, out: Path, index: int) -> Path:
        """Write document `index` into `out` (with no manifest entry); return its path."""
        slot = self.slot(index)
        path = out / f"{slot.document_id}.txt"
        path.write_text(render(slot, index, self.seed, self.services, self.truth),
                        encoding="utf-8")
        return path


def generate(out: Path, count: int, seed: int = DEFAULT_SEED) -> list[str]:
    """Write `count` documents and their manifest into `out`; return the document ids."""
    corpus = Corpus(seed)
    out.mkdir(parents=True, exist_ok=True)
    manifest = ["# Synthetic corpus (benchmarks/generate.py); never commit it.", "documents:"]
    ids = []
    pick = random.Random(f"{seed}:manifest")
    for index in range(count):
        corpus.write(out, index)
        slot = corpus.slot(index)
        if pick.random() < MANIFEST_SHARE:
            manifest += manifest_entry(slot)
        ids.append(slot.document_id)
    (out / "manifest.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    ids = generate(args.out, args.count, args.seed)
    print(f"wrote {len(ids)} documents to {args.out}")


if __name__ == "__main__":
    main()
