"""The site's search index: every service, document, table and indicator as a short
entry, shipped as `assets/search-index.js` (a script, not JSON, so it loads from a plain
folder opened with file:// too) and filtered in the browser by `assets/search.js`."""

from __future__ import annotations

import json
from typing import Any

from pipeline.metadata.registry import get_table
from pipeline.site.components import document_href, service_href, table_href
from pipeline.site.data import SiteData
from pipeline.site.html import Html, format_value, humanise, page
from pipeline.site.templating import render

KINDS = (("service", "Services"), ("document", "Documents"), ("table", "Tables"),
         ("indicator", "Indicators"))
SCRIPTS = ("assets/search-index.js", "assets/search.js")


def search_entries(site: SiteData, indicators: dict[str, str]) -> list[dict[str, Any]]:
    """{t: kind, n: name, d: description, u: link from the site's root}."""
    entries = []
    for yot in site.services:
        row = site.service_row(yot) or {}
        areas = format_value(row.get("local_authority_names"))
        region = humanise(str(row.get("region", ""))).replace("-", " ")
        entries.append({"t": "service", "n": site.service_name(yot), "u": service_href("", yot),
                        "d": "; ".join(x for x in (region, areas, yot) if x)})
    for doc in site.document_order:
        row = site.document_rows[doc]
        entries.append({"t": "document", "n": site.document_title(doc),
                        "u": document_href("", doc),
                        "d": f"{site.service_name(row['yot_id'])}; "
                             f"{humanise(row['document_type'])}; "
                             f"{format_value(row.get('period_label'))}"})
    for name in site.tables:
        entries.append({"t": "table", "n": name, "u": table_href("", name),
                        "d": get_table(name).description.replace("`", "")})
    for indicator, label in indicators.items():
        entries.append({"t": "indicator", "n": label, "u": f"indicators/{indicator}.html",
                        "d": indicator})
    return entries


def search_index_js(entries: list[dict[str, Any]]) -> str:
    text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    safe = text.replace("</", "<\\/")  # no "</script>" inside a script
    return f"window.YJDATA_INDEX = {safe};\n"


def search_page(entries: list[dict[str, Any]]) -> str:
    body = render("search.html", kinds=KINDS, total=len(entries))
    return page("Search", Html(body), "", scripts=SCRIPTS)
