"""An IO manager that stores one pickle per document partition.

Dagster's default filesystem IO manager cannot store a single-run output that
covers many partitions. Here every partitioned asset returns a mapping
`{partition_key: value}` (even for one partition) and every partitioned input is
loaded as such a mapping, so one step can process one document or all of them.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import dagster as dg

from pipeline.ingest.sources import slugify


class DocumentPartitionIOManager(dg.ConfigurableIOManager):
    """Pickles under `base_dir/<asset>/<partition>.pkl` (or `<asset>.pkl` unpartitioned)."""

    base_dir: str

    def _asset_dir(self, asset_key: dg.AssetKey) -> Path:
        return Path(self.base_dir, *asset_key.path)

    def _partition_path(self, asset_key: dg.AssetKey, partition_key: str) -> Path:
        # Keys are document ids (slugs); slugify again so no key can escape the folder.
        return self._asset_dir(asset_key) / f"{slugify(partition_key) or '_'}.pkl"

    def has_partition(self, asset_key: dg.AssetKey, partition_key: str) -> bool:
        """Whether a value of this partition is stored (a build may then skip it)."""
        return self._partition_path(asset_key, partition_key).exists()

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        if obj is None:
            return
        if not context.has_asset_partitions:
            _atomic_pickle(self._asset_dir(context.asset_key).with_suffix(".pkl"), obj)
            return
        if not isinstance(obj, dict):
            raise TypeError(
                f"{context.asset_key.to_user_string()}: a partitioned asset must return a "
                "mapping of partition key to value"
            )
        expected = set(context.asset_partition_keys)
        unknown = set(obj) - expected
        if unknown:
            raise ValueError(f"output has values for partitions not in this run: {unknown}")
        for key, value in obj.items():
            _atomic_pickle(self._partition_path(context.asset_key, key), value)

    def load_input(self, context: dg.InputContext) -> Any:
        asset_key = context.asset_key
        if not context.has_asset_partitions:
            return _load(self._asset_dir(asset_key).with_suffix(".pkl"))
        loaded = {}
        for key in context.asset_partition_keys:
            path = self._partition_path(asset_key, key)
            if path.exists():
                loaded[key] = _load(path)
            else:
                context.log.warning(
                    f"{asset_key.to_user_string()}[{key}] has not been materialised; skipped"
                )
        return loaded


def _atomic_pickle(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(obj, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, path)


def _load(path: Path) -> Any:
    with path.open("rb") as handle:
        return pickle.load(handle)
