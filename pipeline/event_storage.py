"""Dagster's SQLite event log, with one SQLAlchemy engine per database file kept.

`SqliteEventLogStorage` creates a new engine for every connection it opens (several per
event: the run's database, the index database, the asset tables). An engine holds
SQLAlchemy's cache of compiled statements, so every event compiled its INSERTs and
UPDATEs again: a build of 1,000 documents stores a materialisation per document, and
that compiling was most of the Dagster-only CPU time of the build (docs/scaling.md,
"Dagster's own CPU"). Here each file's engine is made once and kept; connections are
still opened per use and closed after it (`NullPool`), under the same lock, so the
files, their schema, their locking and what is stored are Dagster's own (an engine holds
only its URL, dialect and statement cache: a deleted file is made again as before).

The index database, which every event of every run is also written to, keeps one
connection open instead (`INDEX_POOL`), with `PRAGMA synchronous=NORMAL`: Dagster keeps
its files in WAL mode, where closing the last connection checkpoints the log into the
database and syncs both files, and a commit at the default `FULL` syncs the log again;
together they were most of the time an event took on the benchmark machine (400
partitions materialised: 3.3-3.6 s -> 2.2-2.4 s). `NORMAL` in WAL mode never corrupts the
file; after a power cut (not a crash of the program) the last events may be missing from
the index, which a later run writes again. The runs' own databases stay as Dagster opens
them: the UI follows a running run by watching its database file change, which happens
when the connection that wrote to it is closed.

Used through the instance's `dagster.yaml` (`deploy/dagster.local.yaml`):

    event_log_storage:
      module: pipeline.event_storage
      class: CachedEngineSqliteEventLogStorage

`base_dir` (optional) defaults to `$DAGSTER_HOME/history/runs`, where Dagster's default
storage keeps the same files: an instance keeps its history when it switches.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool, QueuePool

# Engines kept at most (the index's and the latest runs'): an engine holds no connection.
MAX_ENGINES = 32
# Connections the index database keeps open between uses.
INDEX_POOL = 1


class CachedEngineSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` whose engines (and their compiled statements) are kept."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: dict[str, Engine] = {}
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls) -> dict[str, Any]:
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> CachedEngineSqliteEventLogStorage:
        base_dir = config_value.get("base_dir")
        if not base_dir:
            home = os.environ.get("DAGSTER_HOME")
            if not home:
                raise ValueError("CachedEngineSqliteEventLogStorage: set DAGSTER_HOME (as make "
                                 "and yjdata do) or give the storage a base_dir")
            base_dir = os.path.join(home, "history", "runs")
        return cls(base_dir, inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        """The shard's engine, made (and its database initialised) on first use."""
        engine = self._engines.get(shard)
        if engine is None:
            engine = (_index_engine(self.conn_string_for_shard(shard))
                      if shard == INDEX_SHARD_NAME else
                      create_engine(self.conn_string_for_shard(shard), poolclass=NullPool,
                                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}))
            if len(self._engines) >= MAX_ENGINES:  # a long-lived webserver opens many runs
                self._engines.pop(next(iter(self._engines))).dispose()
            self._engines[shard] = engine
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def wipe(self) -> None:
        """Dagster's wipe, with no connection left open on a file it deletes."""
        self._dispose_engines()
        super().wipe()

    def dispose(self) -> None:
        """Dagster's dispose, closing the index's kept connection too."""
        self._dispose_engines()
        super().dispose()

    def _dispose_engines(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


def _index_engine(url: str) -> Engine:
    """The index database's engine: one connection kept between uses (each use holds the
    storage's lock, so one at a time; more only while one use nests in another), each
    connection at `synchronous=NORMAL`."""
    engine = create_engine(url, poolclass=QueuePool, pool_size=INDEX_POOL, max_overflow=4,
                           connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                                         "check_same_thread": False})
    event.listen(engine, "connect", _synchronous_normal)
    return engine


def _synchronous_normal(connection: Any, _record: object) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
