"""Read a built page the way the tests need it: links, ids (with the text of each line
anchor), images, headings and tags."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class PageIndex(HTMLParser):
    """What a test needs from a page: its links, ids (with the text of line anchors),
    images, headings, tables and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.sources: list[str] = []  # src and stylesheet href
        self.ids: set[str] = set()
        self.id_text: dict[str, str] = {}
        self.images: list[dict[str, str | None]] = []
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of open elements
        self._link: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))
            self.id_text[str(found["id"])] = ""
        if tag == "a" and found.get("href") is not None:
            self._href, self._link = str(found["href"]), []
        if tag == "img":
            self.images.append(found)
            self.sources.append(str(found.get("src")))
        if tag == "link" and found.get("href"):
            self.sources.append(str(found["href"]))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag not in ("meta", "link", "img", "br", "hr", "input"):
            self._open.append((tag, found.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._href, "".join(self._link).strip()))
            self._link = None
        while self._open:
            closed, _ = self._open.pop()
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.append(data)
        for _, element_id in self._open:
            if element_id:
                self.id_text[element_id] += data


def index_page(path: Path) -> PageIndex:
    index = PageIndex()
    index.feed(path.read_text(encoding="utf-8"))
    return index
