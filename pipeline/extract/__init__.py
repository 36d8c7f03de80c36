"""Domain extractors. `DOMAINS` lists those that exist; every other fact table is
published empty until its extractor is added here."""

from pipeline.extract.base import Domain
from pipeline.extract.budgets import DOMAIN as BUDGETS
from pipeline.extract.inspections import DOMAIN as INSPECTIONS
from pipeline.extract.kpi import DOMAIN as KPI
from pipeline.extract.people import DOMAIN as PEOPLE

DOMAINS: list[Domain] = [BUDGETS, KPI, INSPECTIONS, PEOPLE]
