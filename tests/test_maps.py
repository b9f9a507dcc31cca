"""Maps: the packaged geometry, placing organisations (coordinates, gazetteer, country centre),
the projection, the markers and views of a map, and maps on the built pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import PROJECT, REPO_ROOT, SiteFactory

from generator.build import BuildOptions, build_site
from generator.maps import svg
from generator.maps.geography import Gazetteer, Place, basemap, gazetteer, locate, place_of, project
from generator.maps.svg import Marker, class_breaks, level_of, marker_map, view_box

VOCABULARY = yaml.safe_load((REPO_ROOT / "generator/vocabularies/countries.yaml").read_text(encoding="utf-8"))
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
MARKERS = ".//*[contains(concat(' ', @class, ' '), ' map-marker ')]"


# --- the packaged geometry ----------------------------------------------------------------


def test_every_vocabulary_country_has_a_centre_and_every_european_one_an_outline() -> None:
    base = basemap()
    assert set(VOCABULARY) <= base.centres.keys()
    european = [code for code, entry in VOCABULARY.items() if entry.get("group") in ("eu", "programme")]
    assert [code for code in european if code not in base.layers["europe"].paths] == []
    assert {"BR", "AU", "US", "CN", "ZA"} <= base.layers["world"].paths.keys()


@pytest.mark.parametrize("layer", ["europe", "world"])
def test_each_base_map_file_is_small_and_holds_every_country_by_id(layer: str) -> None:
    data = svg.basemap_file(basemap().layers[layer])
    assert len(data) < 40 * 1024
    ids = re.findall(rb'<path id="c-([A-Z]{2})"', data)
    assert len(ids) == len(basemap().layers[layer].paths) and b'<g id="land">' in data


def test_a_country_centre_lies_inside_the_country() -> None:
    europe = basemap().layers["europe"]
    for code in ("DE", "FR", "NO", "GR", "IT", "PT"):
        (x, y) = project([Place(*basemap().centres[code], "country")], europe)[0]
        x0, y0, x1, y1 = europe.boxes[code]
        assert x0 < x < x1 and y0 < y < y1, code


# --- projection ------------------------------------------------------------------------------


def test_the_europe_layer_is_epsg_3035_with_its_natural_origin_at_the_false_origin() -> None:
    # EPSG:3035's natural origin, 52°N 10°E, has the false easting 4,321 km and false northing 3,210 km.
    europe = basemap().layers["europe"]
    assert europe.crs == "EPSG:3035"
    assert project([Place(52.0, 10.0, "exact")], europe) == [(4321.0, -3210.0)]


def test_equal_area_keeps_distances_from_the_centre_true() -> None:
    # Lambert's azimuthal projection keeps distances along great circles through its centre only
    # approximately, but 10° of latitude due north of 52°N is about 1,112 km in any model of the earth.
    europe = basemap().layers["europe"]
    ((x0, y0), (x1, y1)) = project([Place(52.0, 10.0, "exact"), Place(62.0, 10.0, "exact")], europe)
    assert x0 == x1 and 1105 < y0 - y1 < 1120


def test_a_place_beyond_europe_is_on_the_world_layer_only() -> None:
    located = locate({"rio": Place(-22.9, -43.2, "city"), "wels": Place(48.16, 14.03, "exact")}, basemap())
    assert located["rio"].europe is None and located["wels"].europe is not None
    assert svg.pick_layer([located["rio"].europe, located["wels"].europe]) == "world"
    assert svg.pick_layer([located["wels"].europe]) == "europe"


# --- placing organisations -----------------------------------------------------------------


def _no_city(country: str, city: str) -> None:
    return None


def test_own_coordinates_win_then_the_city_then_the_country_centre() -> None:
    centres = {"AT": (47.6, 14.1)}
    wels = lambda country, city: (48.16, 14.03) if city == "Wels" else None  # noqa: E731
    assert place_of(48.0, 14.0, "Wels", "AT", wels, centres) == Place(48.0, 14.0, "exact")
    assert place_of(None, None, "Wels", "AT", wels, centres) == Place(48.16, 14.03, "city")
    assert place_of(None, None, "Nowhere", "AT", wels, centres) == Place(47.6, 14.1, "country")
    assert place_of(None, None, None, "AT", wels, centres) == Place(47.6, 14.1, "country")
    assert place_of(None, None, "Wels", "XX", _no_city, centres) is None


def test_the_gazetteer_finds_towns_by_any_name_ignoring_case_accents_and_postcodes() -> None:
    towns = gazetteer()
    vienna = towns.find("AT", "Vienna")
    assert vienna is not None and abs(vienna[0] - 48.2) < 0.1
    assert towns.find("AT", "Wien") == vienna  # another of its names
    assert towns.find("AT", "1010 Wien") == vienna
    assert towns.find("ES", "València") == towns.find("ES", "valencia") is not None
    assert towns.find("DE", "Berlin-Mitte") == towns.find("DE", "Berlin") is not None
    assert towns.find("GR", "Patras") is not None
    assert towns.find("DE", "Vienna") is None  # a name is looked up in the organisation's country
    assert towns.find("AT", "Kleinkleckersdorf") is None


def test_the_most_populous_town_of_a_name_wins() -> None:
    towns = Gazetteer(
        [
            {
                "name": "Frankfurt",
                "countrycode": "DE",
                "population": 60000,
                "latitude": 52.3,
                "longitude": 14.5,
                "alternatenames": [],
            },
            {
                "name": "Frankfurt",
                "countrycode": "DE",
                "population": 750000,
                "latitude": 50.1,
                "longitude": 8.7,
                "alternatenames": [],
            },
        ]
    )
    assert towns.find("DE", "Frankfurt") == (50.1, 8.7)


# --- drawing ---------------------------------------------------------------------------------


def test_the_view_shows_every_marker_with_room_and_keeps_the_aspect() -> None:
    europe = basemap().layers["europe"]
    points = [(4000.0, -3000.0), (5000.0, -2500.0)]
    x, y, width, height = view_box(europe, points, [])
    assert width / height == pytest.approx(svg.ASPECT, rel=0.01)
    for px, py in points:
        assert x < px < x + width and y < py < y + height
    assert width >= svg.MIN_WIDTH["europe"]


def test_a_partner_map_has_one_marker_per_partner_and_the_coordinator_drawn_apart() -> None:
    europe = basemap().layers["europe"]
    markers = (
        Marker(4200.0, -3100.0, "coordinator", "Alpha (Köln): coordinator"),
        Marker(4700.0, -2800.0, "partner", "Beta <& Co> (Wien): partner"),
        Marker(4700.0, -2800.0, "partner", "Gamma (Wien): partner"),
    )
    drawn = marker_map(europe, markers, (), "map-title", "Map of 3 partners")
    doc = lxml.html.fragment_fromstring(drawn)
    assert doc.get("role") == "img" and doc.get("aria-labelledby") == "map-title"
    assert doc.xpath("./title")[0].text == "Map of 3 partners"
    assert len(doc.xpath(MARKERS)) == 3
    coordinator = doc.xpath(".//polygon[contains(@class, 'map-coordinator')]")
    assert len(coordinator) == 1
    # Drawn last, so that a partner at the same place never hides it.
    assert doc.xpath(".//g[@class='map-markers']/*")[-1] is coordinator[0]
    assert "Beta &lt;&amp; Co&gt;" in drawn
    assert doc.xpath(".//use/@href")[0] == "/assets/maps/europe.svg#land"
    assert len(drawn.encode()) < 2 * 1024


def test_choropleth_classes_split_countries_into_readable_steps() -> None:
    assert class_breaks([1, 2, 3]) == [1, 2, 3]
    breaks = class_breaks([1, 1, 1, 2, 2, 3, 5, 8, 13, 40])
    assert breaks[0] == 1 and len(breaks) <= svg.LEVELS and breaks == sorted(set(breaks))
    assert [level_of(c, breaks) for c in (1, 40)] == [1, svg.LEVELS]
    # Two classes are told apart as the lightest and the darkest colour; one class takes the middle.
    assert [level_of(c, [1, 2]) for c in (1, 2)] == [1, svg.LEVELS]
    assert level_of(3, [3]) == 3


# --- on the built pages ----------------------------------------------------------------------


def _page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / path).read_bytes())


@pytest.fixture
def built(make_site: SiteFactory, tmp_path: Path) -> Path:
    site = make_site(
        {
            "content/organisations/alpha.md": "---\nname: Alpha School\ntype: school-general\ncountry: DE\n"
            "latitude: 50.94\nlongitude: 6.96\n---\n",
            "content/organisations/beta.md": "---\nname: Beta University\ntype: higher-education\ncountry: PL\n"
            "city: Lublin\n---\n",
            "content/organisations/delta.md": "---\nname: Delta Institute\ntype: research\ncountry: BR\n"
            "city: Kleinkleckersdorf\n---\n",
            "content/projects/testing.md": PROJECT.replace(
                "  - {organisation: gamma}\n", "  - {organisation: gamma}\n  - {organisation: delta}\n"
            ),
        }
    )
    out = tmp_path / "out"
    build_site(BuildOptions(site=site, out=out, now=NOW, search=False, workers=1))
    return out


def test_a_project_page_maps_every_partner_and_says_how_precisely(built: Path) -> None:
    doc = _page(built, "projects/testing/index.html")
    map_svg = doc.xpath("//svg[@class='map']")[0]
    assert len(map_svg.xpath(MARKERS)) == 4
    assert len(map_svg.xpath(".//polygon[contains(@class, 'map-coordinator')]")) == 1
    # A partner in Brazil: the map is the world's.
    assert map_svg.xpath(".//use/@href")[0] == "/assets/maps/world.svg#land"
    rows = {
        row.xpath("string(./th)").strip(): row.xpath("string(./td[last()])").strip()
        for row in doc.xpath("//table[@class='partners']/tbody/tr")
    }
    assert rows == {
        "Alpha School": "Germany: its own coordinates",
        "Beta University": "Lublin: the centre of its town",
        "Gamma NGO": "Greece: the centre of its country",
        "Delta Institute": "Brazil: the centre of its country",  # a town the gazetteer does not know
    }
    assert (built / "assets/maps/world.svg").is_file() and (built / "assets/maps/europe.svg").is_file()


def test_an_organisation_and_its_country_are_on_maps(built: Path) -> None:
    organisation = _page(built, "organisations/beta/index.html")
    assert len(organisation.xpath("//svg[@class='map']//circle[contains(@class, 'map-place')]")) == 1
    assert organisation.xpath("//svg[@class='map']//use[@class='map-highlight']/@href") == [
        "/assets/maps/europe.svg#c-PL"
    ]
    country = _page(built, "countries/pl/index.html")
    assert len(country.xpath("//svg[@class='map']//circle")) == 1
    assert [c.text_content() for c in country.xpath("//table[@class='figures']//tbody/tr/*")] == ["Lublin", "1"]


def test_a_catalogue_home_page_has_a_choropleth_with_a_legend_and_its_table(built: Path) -> None:
    home = _page(built, "index.html")
    levels = home.xpath("//svg[@class='map']//use[starts-with(@class, 'map-level-')]/@href")
    # Brazil is beyond the Europe map: the catalogue's map is the world's.
    assert sorted(h.rsplit("#c-", 1)[1] for h in levels) == ["BR", "DE", "GR", "PL"]
    assert home.xpath("//svg[@class='map']//use/@href")[0] == "/assets/maps/world.svg#land"
    assert home.xpath("//ul[@class='map-legend']/li")
    table = {
        row.xpath("string(./th)").strip(): row.xpath("string(./td)").strip()
        for row in home.xpath("//table[@class='figures']/tbody/tr")
    }
    assert table == {"Germany": "1", "Poland": "1", "Greece": "1", "Brazil": "1"}
