"""The release's static site (`site/` in every release) and the charts shown in it and in
the Dagster UI.

- `build_site(release_dir, tables, report, version, sources_dir)`: write `release_dir/site/`.
- `build_site_for_release(release_dir, sources_dir)`: the same from a published release.
- `serve(site_dir, port)` / `make_server` / `resolve_site_dir`: `yjdata serve`.
- `asset_chart_markdown(table_name, frame)`: a markdown SVG chart for Dagster metadata.
- `release_site_metadata(release_dir)`: links to the release and its site for Dagster.
- `budget_chart`, `kpi_chart`: the SVG charts, each with a title and text alternative.
"""

from pipeline.site.build import build_site, build_site_for_release, load_release_tables
from pipeline.site.charts import Chart, budget_chart, kpi_chart
from pipeline.site.dagster_metadata import asset_chart_markdown, release_site_metadata
from pipeline.site.server import make_server, resolve_site_dir, serve

__all__ = [
    "Chart",
    "asset_chart_markdown",
    "budget_chart",
    "build_site",
    "build_site_for_release",
    "kpi_chart",
    "load_release_tables",
    "make_server",
    "release_site_metadata",
    "resolve_site_dir",
    "serve",
]
