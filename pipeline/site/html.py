"""A very small HTML builder: every text is escaped unless it is already `Html`.

The site is plain static files, so pages are built as strings; wrapping markup in
`Html` and escaping everything else means text from documents (captions, labels,
cell text) can never inject markup into a page.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

VOID_TAGS = frozenset({"meta", "link", "img", "br", "hr", "input"})
Child = Any  # str, Html, number, None or an iterable of those


class Html(str):
    """Markup that is already safe: never escaped again (Jinja2 included)."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def escape(value: Any) -> str:
    """Text as HTML, leaving markup built by `element` untouched."""
    if isinstance(value, Html):
        return value
    return html.escape(str(value), quote=True)


def _attributes(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")  # class_ -> class, aria_label -> aria-label
        parts.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return "".join(parts)


def _flatten(children: Iterable[Child]) -> str:
    out = []
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, str | int | float):
            out.append(escape(child))
        else:
            out.append(_flatten(child))
    return "".join(out)


def element(tag: str, *children: Child, **attrs: Any) -> Html:
    """`<tag attrs>children</tag>`; keyword `class_` becomes `class`, `_` becomes `-`."""
    opening = f"<{tag}{_attributes(attrs)}>"
    if tag in VOID_TAGS:
        return Html(opening)
    return Html(f"{opening}{_flatten(children)}</{tag}>")


def fragment(*children: Child) -> Html:
    """Several children as one piece of markup."""
    return Html(_flatten(children))


def link(href: str, *children: Child, **attrs: Any) -> Html:
    return element("a", *children, href=href, **attrs)


def is_missing(value: Any) -> bool:
    """None, NaN, NA or NaT: shown as an empty cell, never as 0."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_number(value: float) -> str:
    """A number with thousands separators and at most two decimals, as people read it."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_gbp(value: float) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{format_number(abs(value))}"


def format_value(value: Any) -> str:
    """Any cell as text: lists joined, numbers grouped, missing values empty."""
    if isinstance(value, list | tuple | np.ndarray):
        return ", ".join(str(v) for v in list(value))
    if is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | float | np.integer | np.floating):
        return format_number(float(value))
    return str(value)


def inline_code(text: str) -> Html:
    """Registry prose with its `backticked` names set as code, everything else escaped."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: show the text as written
        return Html(escape(text))
    return fragment(*(element("code", part) if i % 2 else part for i, part in enumerate(parts)))


def plural(count: int, noun: str) -> str:
    """`1 warning`, `2 warnings`."""
    return f"{format_number(count)} {noun}{'' if count == 1 else 's'}"


def humanise(slug: str) -> str:
    """`police_and_crime_commissioner` -> `Police and crime commissioner`."""
    text = str(slug).replace("_", " ").replace(":", " – ").strip()
    return text[:1].upper() + text[1:]


def data_table(
    headers: Sequence[Child], rows: Iterable[Sequence[Child]], caption: Child = None,
    numeric: Sequence[bool] | None = None, prose: Sequence[bool] | None = None,
) -> Html:
    """A `<table>` with a caption and column headers, wrapped so it scrolls on a phone;
    `numeric` columns align right, `prose` columns keep a readable width."""
    kinds = [
        "num" if is_numeric else "prose" if is_prose else None
        for is_numeric, is_prose in zip(numeric or [False] * len(headers),
                                        prose or [False] * len(headers), strict=True)
    ]
    head = element("tr", [element("th", h, scope="col") for h in headers])
    body = [
        element("tr", [element("td", cell, class_=kinds[i]) for i, cell in enumerate(row)])
        for row in rows
    ]
    table = element(
        "table",
        element("caption", caption) if caption is not None else None,
        element("thead", head),
        element("tbody", body),
    )
    return element("div", table, class_="table-wrap", tabindex="0",
                   role="region", aria_label=_plain(caption) if caption else "table")


def _plain(value: Child) -> str:
    """Text of a caption for an aria-label (markup stripped crudely: tags removed)."""
    text = str(value)
    out, inside = [], False
    for char in text:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif not inside:
            out.append(char)
    return html.unescape("".join(out))


def page(title: str, body: Child, root: str, version: str | None = None,
         scripts: Sequence[str] = ()) -> str:
    """A whole page from `templates/base.html`: navigation with a search box, the content
    and the footer. Only a page given `version` (the home page) names the release."""
    from pipeline.site.templating import render

    return render("base.html", title=title, body=fragment(body), root=root, version=version,
                  scripts=list(scripts))
