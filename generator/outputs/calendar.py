"""iCalendar files (RFC 5545) of the events: the whole site's and each project's.

Unlike the feeds, a calendar keeps past events too: it is the record of what happened
when. An event with times is placed in the time zone of its country (see `timing`) and
the file carries that zone's definition, so partners in other countries see the right
hour; an event with dates only is a whole-day event. An event's UID is the same in every
language's calendar, so subscribing to two of them does not show it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .. import __version__
from ..graph import PageNode, SiteGraph, event_start
from ..models import Event, Project
from ..views.builder import title_of
from . import locations
from .texts import Texts
from .timing import day_instant, local


def calendar_files(graph: SiteGraph, texts: Texts) -> Iterable[tuple[str, bytes]]:
    """The calendar of all the site's events, in every language."""
    events = sorted(
        (id_ for id_, doc in graph.entries(Event).items() if not doc.entry.draft),
        key=lambda id_: (event_start(graph.doc(Event, id_).entry), id_),
    )
    config = graph.config
    for lang in graph.languages:
        yield (
            locations.file_path(locations.site_calendar(graph, lang)),
            _calendar(graph, config.title, config.description, [_event(graph, id_, lang) for id_ in events]),
        )


def project_calendar_file(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[tuple[str, bytes]]:
    """The calendar of the project a project page shows, in the page's language."""
    doc = graph.doc(Project, node.key, node.lang)
    # The graph lists a project's events by start already, as the site calendar sorts them.
    own = [id_ for id_ in graph.project(node.key).events if not graph.doc(Event, id_).entry.draft]
    yield (
        locations.file_path(locations.project_calendar(graph, node.key, node.lang)),
        _calendar(
            graph,
            title_of(doc),
            doc.entry.summary,
            [_event(graph, id_, node.lang) for id_ in own],
        ),
    )


def _calendar(graph: SiteGraph, name: str, description: str, events: list[CalendarEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//Partnership Showcase//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)  # the name most calendar applications read
    if description:
        calendar.add("description", description)
    for event in events:
        calendar.add_component(event)
    if events:
        years = [event.decoded("dtstart").year for event in events]
        # Zone rules for the years the events span, not the default 1970-2038.
        calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
        # icalendar adds the zones in the order of a set, which changes from one process to the
        # next: sorted, the same events always make the same bytes (and no needless upload).
        calendar.subcomponents.sort(key=lambda component: (component.name != "VTIMEZONE", str(component.get("tzid"))))
    return calendar.to_ical()


def _event(graph: SiteGraph, id_: str, lang: str) -> CalendarEvent:
    doc = graph.doc(Event, id_, lang)
    event = doc.entry
    url = locations.absolute(graph, graph.url("event", id_, lang))
    start, end = _span(graph, event)
    item = CalendarEvent()
    item.add("uid", f"{id_}@{urlsplit(graph.config.base_url).hostname}")
    item.add("dtstamp", day_instant(graph.today))
    item.add("dtstart", start)
    if end is not None:
        item.add("dtend", end)
    item.add("summary", event.title)
    item.add("description", "\n\n".join(text for text in (event.summary, url) if text))
    item.add("url", url)
    place = event.place
    named = [place.name, place.city, graph.vocabularies.label("countries", place.country)] if place else []
    where = [part for part in (*named, event.online) if part]
    if where:
        item.add("location", ", ".join(where))
    item.add("categories", [graph.vocabularies.label("event_types", event.type)])
    return item


def _span(graph: SiteGraph, event: Event) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND. Both must be dates or both times; a whole-day event's end is the day after."""
    start, end = event.start, event.end
    if isinstance(start, datetime) and (end is None or isinstance(end, datetime)):
        return local(graph, event, start), local(graph, event, end) if end else None
    first = start.date() if isinstance(start, datetime) else start
    last = (end.date() if isinstance(end, datetime) else end) if end else first
    return first, last + timedelta(days=1)
