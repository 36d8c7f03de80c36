"""The site's Jinja2 templates (`pipeline/site/templates/`): page layout and chart markup
live there, so a person can change a page without reading Python.

Autoescaping is always on: text from documents (captions, labels, cell text) can never
become markup. Python hands templates data and `Html` (already safe) fragments only.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.site", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env


def render(template: str, /, **context: Any) -> str:
    """`template` filled with `context`."""
    return environment().get_template(template).render(**context)
