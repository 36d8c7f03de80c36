"""Space-aligned tables whose headings are centred (or aligned left) over numbers aligned
left in their cells (issue 15): a number then starts left of its heading, and one
overlapping no heading may lie right of its left neighbour's heading, where numbers
aligned right would be that heading's. Which heading it stands under can only be told
when the table shows how its numbers are aligned; when it does not, the number is left
out (a reported loss), never published under the neighbouring heading. Small invented
tables."""

from __future__ import annotations

from pipeline.parse import parse_tables


def _line(cells: list[tuple[str, int]]) -> str:
    """A line printing each text from its start column."""
    line = ""
    for text, start in cells:
        line = line.ljust(start) + text
    return line


def _published(lines: list[str]) -> dict[tuple[str, str], str]:
    """Every value the parser reads, by (row label, lowest heading)."""
    text = "Staff by team\n\n" + "\n".join(lines) + "\n\nProse after the table.\n"
    cells: dict[tuple[str, str], str] = {}
    for table in parse_tables(text, "doc"):
        if table.kind != "data":
            continue
        headings = [h[-1] if h else "" for h in table.column_headers()]
        for row in table.grid()[table.header_rows:]:
            texts = [c.text if c else "" for c in row]
            for heading, value in zip(headings[1:], texts[1:], strict=True):
                if value:
                    cells[(texts[0], heading)] = value
    return cells


def _wrong(published: dict[tuple[str, str], str],
           truth: dict[str, dict[str, str]]) -> list[tuple[tuple[str, str], str]]:
    return [(key, value) for key, value in published.items()
            if truth.get(key[0], {}).get(key[1]) != value]


def test_numbers_aligned_left_between_centred_headings_are_not_given_the_left_one() -> None:
    # cells start at 15, 26 and 37; each number starts its cell (drifting a character, as
    # a scan's text layer does), each heading is centred: "71", "756" and "384" lie
    # between "Total" and "Agency", and are Agency's
    lines = [_line([("Team", 1), ("Total", 17), ("Agency", 29), ("Sessional", 40)]),
             _line([("North", 1), ("40", 17), ("71", 27), ("0", 37)]),
             _line([("Panel", 1), ("14", 15), ("756", 26), ("52", 37)]),
             _line([("East", 1), ("384", 26), ("126", 40)])]
    truth = {"North": {"Total": "40", "Agency": "71", "Sessional": "0"},
             "Panel": {"Total": "14", "Agency": "756", "Sessional": "52"},
             "East": {"Agency": "384", "Sessional": "126"}}
    published = _published(lines)
    assert not _wrong(published, truth), published
    # the numbers overlapping their own heading are read
    assert published[("North", "Total")] == "40"
    assert published[("East", "Sessional")] == "126"


def test_a_heading_over_no_values_does_not_take_its_right_neighbours_numbers() -> None:
    # no team has volunteers: "Male"'s numbers start at its cell's left edge, right
    # against the end of the centred "Volunteers", short of "Male" itself
    lines = [_line([("Team", 1), ("Volunteers", 18), ("Male", 31), ("Posts", 42)]),
             _line([("Courts", 1), ("96", 28), ("758", 37)]),
             _line([("Panel", 1), ("95", 28), ("2534", 37)]),
             _line([("East office", 1), ("6", 28), ("3108", 37)])]
    truth = {"Courts": {"Male": "96", "Posts": "758"},
             "Panel": {"Male": "95", "Posts": "2534"},
             "East office": {"Male": "6", "Posts": "3108"}}
    published = _published(lines)
    assert not _wrong(published, truth), published


def test_numbers_aligned_right_beside_their_headings_are_still_read() -> None:
    # the numbers end past their headings and the last column's lie right of the last
    # heading: aligned right, each number overlapping none is its left neighbour's
    lines = [_line([("Team", 1), ("Walks", 20), ("Rides", 40), ("Total", 60)]),
             _line([("Short", 1), ("12", 30), ("4", 52), ("16", 68)]),
             _line([("Long", 1), ("3", 50), ("3", 70)]),
             _line([("All", 1), ("12", 30), ("7", 51), ("19", 68)])]
    truth = {"Short": {"Walks": "12", "Rides": "4", "Total": "16"},
             "Long": {"Rides": "3", "Total": "3"},
             "All": {"Walks": "12", "Rides": "7", "Total": "19"}}
    published = _published(lines)
    assert not _wrong(published, truth), published
    assert len(published) == 8
