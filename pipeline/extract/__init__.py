"""Domain extractors. `DOMAINS` lists those that exist; every other fact table is
published empty until its extractor is added here."""

from pipeline.extract.base import Domain

DOMAINS: list[Domain] = []
