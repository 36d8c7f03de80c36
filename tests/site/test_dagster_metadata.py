"""Charts and links for the Dagster UI: the site's SVG charts inside markdown as data URIs,
and the release's site."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import dagster as dg
import pandas as pd
from small_release import small_tables

from pipeline.site import asset_chart_markdown, release_site_metadata
from pipeline.site.dagster_metadata import MAX_CHART_SERVICES
from pipeline.site.svg import GRID

IMAGE = re.compile(
    r"^!\[(?P<alt>[^\]]+)\]\(data:image/svg\+xml;base64,(?P<data>[A-Za-z0-9+/=]+)\)")
SVG = "{http://www.w3.org/2000/svg}"


def _svg(markdown: str) -> tuple[str, str]:
    """The markdown image's alt text and SVG text."""
    match = IMAGE.match(markdown)
    assert match, markdown[:200]
    return match["alt"], base64.b64decode(match["data"]).decode("utf-8")


def _texts(svg: str) -> list[str]:
    """Every text the SVG draws, after checking it is well-formed SVG of a small width."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and int(root.get("width")) <= 400
    assert root.find(f"{SVG}title") is not None
    return [text.text or "" for text in root.iter(f"{SVG}text")]


def test_budget_asset_gets_an_svg_chart_with_alt_text(tmp_path: Path):
    frame = small_tables(tmp_path)["budget_contributions"]
    markdown = asset_chart_markdown("budget_contributions", frame)
    assert markdown is not None
    alt, svg = _svg(markdown)
    assert alt == "Bar chart of partner contributions by service and year: alpha 2020-21 £4k."
    texts = _texts(svg)
    assert "Partner contributions by service and financial" in " ".join(texts)
    assert any("£, pounds" in t for t in texts)  # the unit
    assert "Source: budget_contributions" in texts
    assert "alpha" in texts and "2020-21: £4k" in texts
    assert asset_chart_markdown("budget_contributions", frame) == markdown  # same bytes
    assert len(markdown) < 20_000  # small enough for the event log


def test_kpi_asset_gets_small_multiples_of_each_services_own_values(tmp_path: Path):
    frame = small_tables(tmp_path)["kpi_observations"]
    markdown = asset_chart_markdown("kpi_observations", frame)
    assert markdown is not None
    alt, svg = _svg(markdown)
    assert "Custody rate" in alt
    texts = _texts(svg)
    assert "Each service's own indicator values over time" in " ".join(texts)
    assert "Custody rate (per 1,000 children aged 10-17)" in texts  # panel and unit
    assert "Source: kpi_observations" in texts
    assert "alpha" in texts  # the legend names the drawn service
    assert asset_chart_markdown("kpi_observations", frame) == markdown


def test_other_tables_and_empty_frames_get_no_chart(tmp_path: Path):
    tables = small_tables(tmp_path)
    assert asset_chart_markdown("caseloads", tables["caseloads"]) is None
    assert asset_chart_markdown("kpi_observations", tables["kpi_observations"].iloc[0:0]) is None


def test_markdown_renders_as_dagster_metadata(tmp_path: Path):
    markdown = asset_chart_markdown("budget_contributions",
                                    small_tables(tmp_path)["budget_contributions"])
    value = dg.MetadataValue.md(markdown)
    assert value.md_str == markdown


def test_release_metadata_points_at_the_folder_and_its_site(tmp_path: Path):
    release = tmp_path / "2024.05.01"
    metadata = release_site_metadata(release)
    assert metadata["release_folder"].path == str(release)
    assert metadata["site"].path == str(release / "site" / "index.html")
    assert metadata["site_url"].url.startswith("file://")
    assert "yjdata serve --release 2024.05.01" in metadata["view_site"].md_str


def _national(frame: pd.DataFrame, services: int, scale_column: str | None = None):
    """`frame` repeated for `services` services, the n-th scaled by n when asked."""
    parts = []
    for n in range(services):
        part = frame.copy()
        part["document_id"] = [f"plan-{n:02d}-{d}" for d in part["document_id"]]
        if "subject_id" in part:  # a service's rows about itself stay about itself
            own = (part["subject_id"] == part["yot_id"]).fillna(False).astype(bool)
            part["subject_id"] = part["subject_id"].mask(own, f"service-{n:02d}")
        part["yot_id"] = f"service-{n:02d}"
        if scale_column:
            part[scale_column] = part[scale_column] * (n + 1)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def test_a_national_budget_chart_draws_the_largest_services_and_says_so(tmp_path: Path):
    one = small_tables(tmp_path)["budget_contributions"]
    markdown = asset_chart_markdown("budget_contributions", _national(one, 20, "amount_gbp"))
    alt, svg = _svg(markdown)
    assert f"the {MAX_CHART_SERVICES} of 20 services with the largest latest budget" in alt
    assert "service-19" in alt and "service-08" in alt and "service-07" not in alt
    texts = _texts(svg)
    assert "service-19" in texts and "service-08" in texts and "service-07" not in texts


def test_a_national_kpi_chart_draws_a_few_services_and_says_so(tmp_path: Path):
    one = small_tables(tmp_path)["kpi_observations"]
    markdown = asset_chart_markdown("kpi_observations", _national(one, 20))
    alt, svg = _svg(markdown)
    assert f"({MAX_CHART_SERVICES} of 20 services: those with the longest series)" in alt
    legend = [t for t in _texts(svg) if t.startswith("service-")]
    assert len(legend) == MAX_CHART_SERVICES  # one legend entry a drawn service
    strokes = {(line.get("stroke"), line.get("stroke-dasharray"))
               for line in ET.fromstring(svg).iter(f"{SVG}line") if line.get("stroke") != GRID}
    assert len(strokes) == MAX_CHART_SERVICES  # each drawn service its own colour and dash


def test_ui_charts_are_read_back_while_the_drawn_rows_are_unchanged(tmp_path: Path):
    from pipeline.site.chart_cache import ChartCache

    tables = small_tables(tmp_path)
    cache_dir = tmp_path / "cache"
    for name in ("budget_contributions", "kpi_observations"):
        fresh = asset_chart_markdown(name, tables[name])
        first = ChartCache(cache_dir)
        assert asset_chart_markdown(name, tables[name], first) == fresh
        again = ChartCache(cache_dir)
        assert asset_chart_markdown(name, tables[name], again) == fresh
        assert (first.drawn, again.drawn, again.reused) == (1, 0, 1)
    # A national table whose drawn services are unchanged reuses the chart; a change to
    # one of the drawn services draws it again.
    one = tables["budget_contributions"]
    national = _national(one, 20, "amount_gbp")
    cache = ChartCache(cache_dir)
    asset_chart_markdown("budget_contributions", national, cache)
    smallest = national[national["yot_id"] == "service-00"].assign(
        document_id=lambda f: f["document_id"] + "-again")
    asset_chart_markdown("budget_contributions", pd.concat([national, smallest]), cache)
    assert (cache.drawn, cache.reused) == (1, 1)
    changed = national.copy()
    changed.loc[changed["yot_id"] == "service-19", "amount_gbp"] *= 2
    asset_chart_markdown("budget_contributions", changed, cache)
    assert cache.drawn == 2


def test_a_new_service_outside_the_drawn_ones_reuses_the_charts_and_is_counted(
        tmp_path: Path):
    """The charts are keyed on what they draw, not on the count of services the alt text
    gives: a run that adds a small service (the sensor's usual run) draws neither chart
    again, yet its alt text counts the new service."""
    from pipeline.site.chart_cache import ChartCache

    tables = small_tables(tmp_path)
    cache = ChartCache(tmp_path / "cache")
    for name, scale in (("budget_contributions", "amount_gbp"), ("kpi_observations", None)):
        national = _national(tables[name], 20, scale)
        before = asset_chart_markdown(name, national, cache)
        drawn = cache.drawn
        extra = _national(tables[name], 21, scale)
        extra = extra[extra["yot_id"] == "service-20"].copy()
        # The 21st service has the smallest budget and the shortest series: not drawn.
        if scale:
            extra[scale] = 1.0
        else:
            extra = extra[extra["period_label"] == extra["period_label"].iloc[0]]
        one_more = pd.concat([national, extra], ignore_index=True)
        after = asset_chart_markdown(name, one_more, cache)
        assert cache.drawn == drawn, name  # read back, not drawn
        assert _svg(after)[1] == _svg(before)[1]
        assert "of 21 services" in _svg(after)[0] and "of 20 services" in _svg(before)[0]
