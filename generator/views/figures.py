"""Maps and charts as views: a project's partners, an organisation, a country's organisations,
the catalogue's organisations per country, and the statistics page.

Each map or chart comes with its text alternative: the figures it draws as a table, or (for
a project) the partners table the page shows anyway, which names every partner's place and
how precisely the map knows it. The SVG itself is made by `maps.svg` and `charts`, from
the figures only, so that the same figures make the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import charts
from ..graph import READINESS_CRITERIA, STATISTICS
from ..maps import svg
from ..maps.geography import Location, basemap
from ..maps.svg import Marker, class_breaks, level_class, level_of, pick_layer
from ..models import Organisation, Project
from . import wording
from .contract import ChartView, Link, MapView, StatisticsView

if TYPE_CHECKING:
    from .builder import ViewBuilder

STATISTICS_GROUPS: dict[str, tuple[str, ...]] = {
    "projects": (
        "projects_by_year",
        "projects_by_country",
        "projects_by_field",
        "projects_by_action",
        "projects_by_status",
    ),
    "funding": ("grant_by_country", "grant_by_year"),
    "results": ("results_by_category", "results_by_licence", "results_by_language", "results_by_readiness"),
    "organisations": ("organisations_by_country",),
}
"""The statistics page's sections and their tables, in page order."""
OVERLAPPING = {"projects_by_country", "results_by_language"}
"""Tables where an entry counts in several rows: no total."""
VERTICAL = {"projects_by_year", "grant_by_year", "results_by_readiness"}
"""Tables of a scale in order (years, scores): drawn as columns, the others as bars."""
NOTED = ("projects_by_country", "grant_by_country", "results_by_language", "results_by_readiness")
"""Tables whose way of counting needs a sentence (`wording.statistics_note`)."""
STATISTICS_CSV = "/exports/statistics.csv"


def _credit(views: ViewBuilder) -> str:
    return views.t.gettext("Map: Natural Earth. Places: GeoNames (CC BY 4.0).")


def place_name(views: ViewBuilder, organisation: Organisation, location: Location) -> str:
    if location.place.precision != "country" and organisation.city:
        return organisation.city
    return views.label("countries", organisation.country)


def partner_map(views: ViewBuilder, project_id: str) -> MapView | None:
    """The partners of a project on a map: Europe, or the world when one is beyond it."""
    graph, t = views.graph, views.t
    project = graph.doc(Project, project_id).entry
    placed = []
    for partner in project.partners:
        location = graph.location(partner.organisation)
        if location is not None:
            placed.append((partner, graph.doc(Organisation, partner.organisation).entry, location))
    if not placed:
        return None
    layer = basemap().layers[pick_layer([location.europe for _, _, location in placed])]
    markers = []
    for partner, organisation, location in placed:
        x, y = location.on(layer.name) or location.world
        role = wording.partner_role(t, partner.role)
        label = f"{organisation.name} ({place_name(views, organisation, location)}): {role}"
        markers.append(Marker(x, y, "coordinator" if partner.role == "coordinator" else "partner", label))
    countries = {organisation.country for _, organisation, _ in placed}
    title = t.gettext(
        "Map of the partnership's %(count)s organisations (countries: %(countries)s)",
        count=len(placed),
        countries=len(countries),
    )
    return MapView(
        svg.marker_map(layer, tuple(markers), (), "partners-map-title", title),
        [
            ("map-coordinator", wording.partner_role(t, "coordinator")),
            ("map-partner", wording.partner_role(t, "partner")),
        ],
        ("", ""),
        [],
        _credit(views),
    )


def precision(views: ViewBuilder, location: Location | None) -> str:
    return wording.map_precision(views.t, location.place.precision) if location else ""


def organisation_map(views: ViewBuilder, organisation_id: str) -> MapView | None:
    """One organisation on a map, its country highlighted."""
    graph, t = views.graph, views.t
    location = graph.location(organisation_id)
    if location is None:
        return None
    organisation = graph.doc(Organisation, organisation_id).entry
    layer = basemap().layers[pick_layer([location.europe])]
    x, y = location.on(layer.name) or location.world
    place = place_name(views, organisation, location)
    title = t.gettext("Map: %(name)s in %(place)s", name=organisation.name, place=place)
    return MapView(
        svg.marker_map(
            layer,
            (Marker(x, y, "place", f"{organisation.name} ({place})"),),
            (organisation.country,),
            "organisation-map-title",
            title,
        ),
        [("map-place", organisation.name), ("map-highlight", views.label("countries", organisation.country))],
        ("", ""),
        [],
        _credit(views),
    )


def country_map(views: ViewBuilder, country: str) -> MapView | None:
    """A country's organisations on a map, one marker per place, growing with the organisations there."""
    graph, t = views.graph, views.t
    by_place: dict[tuple[float, float], list[str]] = {}
    names: dict[tuple[float, float], str] = {}
    located = [(id_, location) for id_ in graph.organisations_in(country) if (location := graph.location(id_))]
    if not located:
        return None
    layer = basemap().layers[pick_layer([location.europe for _, location in located])]
    for id_, location in located:
        point = location.on(layer.name) or location.world
        organisation = graph.doc(Organisation, id_).entry
        by_place.setdefault(point, []).append(id_)
        names.setdefault(point, place_name(views, organisation, location))
    ordered = sorted(by_place, key=lambda p: (-len(by_place[p]), names[p]))
    markers = tuple(
        Marker(
            p[0],
            p[1],
            "place",
            t.gettext("%(place)s (organisations: %(count)s)", place=names[p], count=len(by_place[p])),
            len(by_place[p]),
        )
        for p in ordered
    )
    label = views.label("countries", country)
    title = t.gettext(
        "Map of %(country)s (organisations: %(count)s, places: %(places)s)",
        country=label,
        count=sum(len(ids) for ids in by_place.values()),
        places=len(by_place),
    )
    return MapView(
        svg.marker_map(layer, markers, (country,), "country-map-title", title),
        [("map-place", t.gettext("Where organisations are; larger for more")), ("map-highlight", label)],
        (t.pgettext("column of a table", "Place"), t.pgettext("column of a table", "Organisations")),
        [(Link(names[p], ""), views.number(len(by_place[p]))) for p in ordered],
        _credit(views),
    )


def catalogue_map(views: ViewBuilder) -> MapView | None:
    """Organisations per country as a choropleth, with its legend and its table."""
    graph, t = views.graph, views.t
    counts = [(code, int(count)) for code, count in graph.statistics()["organisations_by_country"]]
    if not counts:
        return None
    base = basemap()
    layer = base.layers["europe" if all(code in base.layers["europe"].paths for code, _ in counts) else "world"]
    breaks = class_breaks([count for _, count in counts])
    levels = tuple((code, level_of(count, breaks)) for code, count in counts)
    legend = []
    for index, low in enumerate(breaks):
        high = breaks[index + 1] - 1 if index + 1 < len(breaks) else max(count for _, count in counts)
        if low == high:
            text = views.number(low)
        else:
            text = t.gettext("%(low)s to %(high)s", low=views.number(low), high=views.number(high))
        legend.append((f"map-level-{level_class(index, len(breaks))}", text))
    title = t.gettext(
        "Map of organisations per country (organisations: %(count)s, countries: %(countries)s)",
        count=sum(count for _, count in counts),
        countries=len(counts),
    )
    return MapView(
        svg.choropleth(layer, levels, "catalogue-map-title", title),
        legend,
        (t.gettext("Country"), t.pgettext("column of a table", "Organisations")),
        [(views.term_link("countries", code), views.number(count)) for code, count in counts],
        _credit(views),
    )


# -- the statistics page --------------------------------------------------------------------


def _row_label(views: ViewBuilder, table: str, code: str) -> Link:
    from .builder import sentence_case  # here: builder imports this module

    rows = STATISTICS[table]
    if rows == "status":
        return Link(sentence_case(wording.project_status(views.t, code)), "")
    if rows == "readiness":
        return Link(views.t.gettext("%(score)s of %(total)s", score=code, total=len(READINESS_CRITERIA)), "")
    return views.term_link(rows, code)


def statistics_page(views: ViewBuilder) -> StatisticsView:
    t = views.t
    figures = views.graph.statistics()

    def count(value: float) -> str:
        return views.number(int(value))

    def whole_euros(value: float) -> str:
        # Bars and axes need no cents; babel's compact forms ("€284K") exist in too few languages.
        return views.money(round(value))

    groups = []
    for group, tables in STATISTICS_GROUPS.items():
        chart_views = []
        for table in tables:
            money = table.startswith("grant_")
            rows = [(_row_label(views, table, code), value) for code, value in figures[table]]
            exact: Callable[[float], str] = views.money if money else count
            anchor = table.replace("_", "-")
            title = wording.statistics_title(t, table)
            chart_views.append(
                ChartView(
                    id=anchor,
                    title=title,
                    svg=charts.bar_chart(
                        tuple((link.label, value) for link, value in rows),
                        f"{anchor}-title",
                        title,
                        whole_euros if money else count,
                        table not in VERTICAL,
                    ),
                    columns=(
                        wording.statistics_column(t, STATISTICS[table]),
                        t.gettext("EU grant") if money else t.pgettext("column of a table", "Number"),
                    ),
                    rows=[(link, exact(value)) for link, value in rows],
                    total="" if table in OVERLAPPING or not rows else exact(sum(value for _, value in rows)),
                    note=wording.statistics_note(t, table) if table in NOTED else "",
                )
            )
        groups.append((wording.statistics_group(t, group), chart_views))
    return StatisticsView(groups, STATISTICS_CSV)
