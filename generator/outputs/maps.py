"""The base maps every page's map draws on: one SVG file per layer of the packaged geometry.

They depend on the package only, not on the content: the build makes them once and again
only when the package changes. `maps.svg` says why the pages refer to them instead of
carrying the outlines themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..graph import SiteGraph
from ..maps.geography import basemap
from ..maps.svg import ASSETS, basemap_file
from . import locations
from .texts import Texts


def map_files(graph: SiteGraph, texts: Texts) -> Iterable[tuple[str, bytes]]:
    for layer in basemap().layers.values():
        yield locations.file_path(ASSETS.format(layer=layer.name)), basemap_file(layer)
