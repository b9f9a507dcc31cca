"""Maps as SVG: the shared base map files, and the small maps pages carry inline.

The country outlines are drawn once per layer into a file of their own
(``/assets/maps/europe.svg``, ``/assets/maps/world.svg``, `basemap_file`); a page's map
refers to them with ``<use>`` and adds only what is its own: its view, the countries it
highlights or colours, and its markers. A browser fetches each base file once, from the
same site, and a page's map stays a few hundred bytes plus its markers. Colours are the
theme's: the outlines take ``fill`` and ``stroke`` from the ``<use>`` element's classes
(``map-land``, ``map-highlight``, ``map-level-1`` to ``map-level-5``) and markers have
classes of their own (``map-coordinator``, ``map-partner``, ``map-place``).

Everything here is a pure function of its arguments, so that the same inputs make the same
bytes; `marker_map` and `choropleth` are memoised, since many pages share a map (an
organisation's page in each language, the pages of a long country list).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from .geography import Box, Layer

ASSETS = "/assets/maps/{layer}.svg"
"""Where each layer's base file is published."""

ASPECT = 4 / 3
"""Width to height of every map, so that the layout does not jump from page to page."""
MIN_WIDTH = {"europe": 1800.0, "world": 9000.0}
"""The narrowest view of each layer, in km: a single town still shows its surroundings."""
PADDING = 0.12
"""Room around the markers, as a share of the view's width."""
LEVELS = 5
"""Classes of a choropleth."""


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    kind: str
    """``coordinator``, ``partner`` (a project's partners) or ``place`` (organisations at one place)."""
    label: str
    """Shown as the marker's tooltip; the page's list or table carries it for everyone."""
    count: int = 1
    """Organisations at this place: a ``place`` marker grows with it."""


def basemap_file(layer: Layer) -> bytes:
    """The base file of a layer: every country as ``<path id="c-XX">`` inside ``<g id="land">``."""
    x0, y0, x1, y1 = layer.extent
    paths = "".join(f'<path id="c-{code}" d="{d}"/>' for code, d in sorted(layer.paths.items()))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(x0)} {_n(y0)} {_n(x1 - x0)} {_n(y1 - y0)}">'
        f'<g id="land">{paths}</g></svg>\n'
    ).encode()


def pick_layer(points: list[tuple[float, float] | None]) -> str:
    """``europe`` when every point is on the Europe layer, else ``world``."""
    return "europe" if all(p is not None for p in points) else "world"


def view_box(layer: Layer, points: list[tuple[float, float]], boxes: list[Box]) -> Box:
    """The view (x, y, width, height) that shows the points and boxes with some room around them,
    at least `MIN_WIDTH` wide, in the map's aspect, and inside the layer's extent where it can."""
    xs = [p[0] for p in points] + [v for b in boxes for v in (b[0], b[2])]
    ys = [p[1] for p in points] + [v for b in boxes for v in (b[1], b[3])]
    ex0, ey0, ex1, ey1 = layer.extent
    if not xs:
        xs, ys = [ex0, ex1], [ey0, ey1]
    width = max(max(xs) - min(xs), (max(ys) - min(ys)) * ASPECT, MIN_WIDTH[layer.name]) * (1 + 2 * PADDING)
    width = min(width, ex1 - ex0, (ey1 - ey0) * ASPECT)
    height = width / ASPECT
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    x = min(max(cx - width / 2, ex0), ex1 - width)
    y = min(max(cy - height / 2, ey0), ey1 - height)
    return (round(x), round(y), round(width), round(height))


def _n(value: float) -> str:
    """A coordinate with one decimal at most: enough at any zoom the maps use."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _open(layer: Layer, view: Box, title_id: str, title: str) -> list[str]:
    x, y, width, height = view
    return [
        f'<svg class="map" viewBox="{_n(x)} {_n(y)} {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="{title_id}" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<rect class="map-sea" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}"/>',
        f'<use href="{ASSETS.format(layer=layer.name)}#land" class="map-land" stroke-width="{_n(width / 700)}"/>',
    ]


def _country(layer: Layer, code: str, css_class: str, stroke: float) -> str:
    return f'<use href="{ASSETS.format(layer=layer.name)}#c-{code}" class="{css_class}" stroke-width="{_n(stroke)}"/>'


def _marker(marker: Marker, unit: float) -> str:
    title = f"<title>{escape(marker.label)}</title>"
    if marker.kind == "coordinator":
        # A square standing on its corner, larger than a partner's dot: told apart without colour.
        r = unit * 1.5
        points = f"{_n(marker.x)},{_n(marker.y - r)} {_n(marker.x + r)},{_n(marker.y)} "
        points += f"{_n(marker.x)},{_n(marker.y + r)} {_n(marker.x - r)},{_n(marker.y)}"
        return f'<polygon class="map-marker map-coordinator" points="{points}">{title}</polygon>'
    r = unit * (1 + math.log2(marker.count) / 2) if marker.kind == "place" else unit
    return (
        f'<circle class="map-marker map-{marker.kind}" cx="{_n(marker.x)}" cy="{_n(marker.y)}" r="{_n(r)}">'
        f"{title}</circle>"
    )


@lru_cache(maxsize=4096)
def marker_map(layer: Layer, markers: tuple[Marker, ...], highlight: tuple[str, ...], title_id: str, title: str) -> str:
    """A map of markers over the layer, zoomed to them and to the highlighted countries; the
    coordinator's marker is drawn last, over any partner at the same place."""
    boxes = [layer.boxes[code] for code in highlight if code in layer.boxes]
    view = view_box(layer, [(m.x, m.y) for m in markers], boxes)
    unit = view[2] / 120
    parts = _open(layer, view, title_id, title)
    parts += [_country(layer, code, "map-highlight", view[2] / 700) for code in highlight if code in layer.paths]
    ordered = sorted(markers, key=lambda m: (m.kind == "coordinator", -m.count))
    parts += ['<g class="map-markers">', *(_marker(m, unit) for m in ordered), "</g>", "</svg>"]
    return "\n".join(parts)


@lru_cache(maxsize=64)
def choropleth(layer: Layer, levels: tuple[tuple[str, int], ...], title_id: str, title: str) -> str:
    """A map of the layer's whole extent with each country coloured by its level (1 to `LEVELS`)."""
    view = view_box(layer, [], [layer.boxes[code] for code, _ in levels if code in layer.boxes])
    parts = _open(layer, view, title_id, title)
    parts += [
        _country(layer, code, f"map-level-{level}", view[2] / 700) for code, level in levels if code in layer.paths
    ]
    parts.append("</svg>")
    return "\n".join(parts)


def class_breaks(counts: list[int]) -> list[int]:
    """The lowest count of each class of a choropleth, as many as there are distinct counts
    up to `LEVELS`: classes of about as many countries each, at numbers a reader can say."""
    values = sorted(set(counts))
    if len(values) <= LEVELS:
        return values
    ordered = sorted(counts)
    breaks = [values[0]]
    for level in range(1, LEVELS):
        candidate = ordered[len(ordered) * level // LEVELS]
        if candidate > breaks[-1]:
            breaks.append(candidate)
    return breaks


def level_of(count: int, breaks: list[int]) -> int:
    """The class (1 to `LEVELS`) of a count: fewer classes than `LEVELS` are spread over the whole
    range, so that two classes are as far apart as the lightest and the darkest colour."""
    return level_class(sum(count >= b for b in breaks) - 1, len(breaks))


def level_class(index: int, classes: int) -> int:
    """The level of the `index`-th of `classes` classes."""
    if classes <= 1:
        return (LEVELS + 1) // 2
    return 1 + round(index * (LEVELS - 1) / (classes - 1))
