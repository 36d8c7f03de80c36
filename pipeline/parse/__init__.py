"""Parsing of document text into tables, and of cell text into values."""

from pipeline.parse.markup import clean_text, fold_confusables
from pipeline.parse.model import Cell, Table
from pipeline.parse.tables import parse_tables
from pipeline.parse.values import (
    AMBIGUOUS,
    EMPTY,
    TEXT,
    CellValue,
    number_appears_in,
    printed_numbers,
    read_cell,
)

__all__ = [
    "AMBIGUOUS",
    "EMPTY",
    "TEXT",
    "Cell",
    "CellValue",
    "Table",
    "clean_text",
    "fold_confusables",
    "number_appears_in",
    "parse_tables",
    "printed_numbers",
    "read_cell",
]
