"""Bar charts as inline SVG, drawn at build time with pygal and styled by the theme.

pygal lays the chart out (scales, guides, labels, bars); this module then strips what a
static page must not carry or would not need: pygal's script and its configuration, its
style sheet (the theme's CSS colours the chart through pygal's classes: ``.bar rect``,
``.guide``, ``.axis text``, ``.value``; the few layout rules of that sheet become
attributes), its tooltips, its comments with the date of the day (the same figures must
make the same bytes), and coordinates past one decimal. What is left is a chart of about
2 KB plus 0.3 KB a bar, which `SIZE_BUDGET` caps.

Pure: a chart is a function of its rows, title and number format, memoised per build process.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pygal
from pygal.etree import etree
from pygal.style import Style

WIDTH = 640
"""The chart's width in its own units; the page scales it to the column."""
ROW = 26
"""Height of a bar of a horizontal chart, in the chart's units."""
MAX_BARS = 40
"""Longer tables are charted by their first (largest) rows; the table beside the chart lists them all."""
SIZE_BUDGET = 20 * 1024
"""Most bytes of one chart's SVG, at `MAX_BARS` bars with long labels; tests hold the charts to it."""
LABEL_LENGTH = 28
"""Longer labels are cut with an ellipsis: the table beside the chart has them whole."""

STYLE = Style(
    font_family="inherit",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    background="transparent",
    plot_background="transparent",
)
"""Only the font sizes matter: pygal measures labels with them; the theme's CSS draws the rest."""

UNWANTED = {"script", "style", "desc", "title", "defs"}
"""Elements pygal writes for its own script, style and tooltips."""
UNWANTED_GROUPS = {"tooltip-overlay", "overlay", "titles"}
ANCHORS = {"y": "end", "x": "middle"}
"""Where each axis's labels hang from their point: pygal's style sheet says so, which this module drops."""
NUMBER = re.compile(r"-?\d+\.\d{2,}")


def ticks(top: float) -> list[float]:
    """Round ticks from 0 to past `top`, at most six: steps of 1, 2 or 5 times a power of ten and
    never below 1, so that counts are never marked 0.5 and amounts read as 50K, 100K."""
    step = 1.0
    while top / step > 5:
        step = next(step * f for f in (2, 5, 10) if top / (step * f) <= 5 or f == 10)
    return [step * i for i in range(int(top // step) + 2)]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _round(text: str) -> str:
    return NUMBER.sub(lambda m: f"{float(m.group()):.1f}", text)


@lru_cache(maxsize=256)
def bar_chart(
    rows: tuple[tuple[str, float], ...],
    title_id: str,
    title: str,
    value_text: Callable[[float], str],
    horizontal: bool = True,
) -> str:
    """An SVG bar chart of (label, value) rows, in their order (the first on top, or on the left).

    `title` is its accessible name (the page shows the same figures as a table beside it);
    `value_text` formats a value for the page's language. No rows, no chart: an empty string."""
    if not rows:
        return ""
    rows = rows[:MAX_BARS]
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(
        width=WIDTH,
        height=max(120, 56 + ROW * len(rows)) if horizontal else 240,
        style=STYLE,
        show_legend=False,
        css=[],
        js=[],
        no_prefix=True,
        disable_xml_declaration=True,
        explicit_size=False,
        print_values=True,
        print_values_position="top",
        truncate_label=-1,
        y_labels=ticks(max(value for _, value in rows)),
        show_y_guides=not horizontal,
        show_x_guides=horizontal,
        value_formatter=value_text,
        margin=8,
        spacing=6,
    )
    # A horizontal chart draws its first row at the bottom: reverse, so the first is on top.
    ordered = rows[::-1] if horizontal else rows
    chart.x_labels = [label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…" for label, _ in ordered]
    chart.add(title, [value for _, value in ordered])
    root = chart.render_tree()
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        name = _local(element.tag)
        css = set(element.get("class", "").split()) if name else set()
        if not name or name in UNWANTED or (name == "g" and css & UNWANTED_GROUPS):
            parent = parents.get(element)
            if parent is not None:
                parent.remove(element)
            continue
        if name == "g" and "axis" in css:
            for text in element.iter():
                if _local(text.tag) == "text":
                    text.set("text-anchor", ANCHORS["y" if "y" in css else "x"])
        elif name == "text" and "value" in css and horizontal:
            element.set("text-anchor", "start")
        elif name == "rect" and "background" in css:
            element.set("fill", "none")
        for attribute, value in list(element.attrib.items()):
            if attribute == "class":
                kept = " ".join(c for c in value.split() if c not in ("reactive", "tooltip-trigger"))
                if kept:
                    element.set("class", kept)
                else:
                    del element.attrib[attribute]
            elif attribute in ("x", "y", "width", "height", "d", "transform"):
                element.set(attribute, _round(value))
            elif attribute in ("rx", "ry") and value == "0":
                del element.attrib[attribute]
    for attribute in ("id", "class"):
        root.attrib.pop(attribute, None)
    root.set("class", "chart-svg")
    root.set("role", "img")
    root.set("aria-labelledby", title_id)
    name = etree.Element("title", id=title_id)
    name.text = title
    root.insert(0, name)
    svg = etree.tostring(root, encoding="unicode")
    # The page is HTML: its SVG needs no namespace declarations.
    return re.sub(r' xmlns(:xlink)?="[^"]*"', "", svg)
