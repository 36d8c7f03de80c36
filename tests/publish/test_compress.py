"""gzip files of a release: the same bytes in give the same bytes out, and decompress to
exactly what went in."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.publish.compress import csv_name, gunzip_file, gzip_file, write_csv


def test_gzip_round_trip_is_exact_and_deterministic(tmp_path: Path) -> None:
    data = os.urandom(50_000) + b"yjdata " * 200_000  # over one copy chunk, some compressible
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(data)
    second.write_bytes(data)
    os.utime(second, (0, 0))  # a different file time must not change the bytes
    packed_a, packed_b = gzip_file(first), gzip_file(second, remove=False)
    assert not first.exists() and second.exists()
    assert packed_a.name == "a.bin.gz"
    assert packed_a.read_bytes() == packed_b.read_bytes()
    assert len(packed_a.read_bytes()) < len(data)
    assert gunzip_file(packed_a, tmp_path / "back.bin").read_bytes() == data


def test_write_csv_compresses_by_suffix_to_the_plain_bytes(tmp_path: Path) -> None:
    table = pa.table({"label": ["a, b", "c\nd", None], "value": [1.5, None, 3.0]})
    plain, packed = tmp_path / csv_name("t", compressed=False), tmp_path / csv_name("t")
    write_csv(table, plain)
    write_csv(table, packed)
    assert (plain.name, packed.name) == ("t.csv", "t.csv.gz")
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    assert pd.read_csv(packed).equals(pd.read_csv(plain))
