"""iCalendar files (RFC 5545) of the events: the whole site's and each project's.

Unlike the feeds, a calendar keeps past events too: it is the record of what happened
when. An event with times is placed in the time zone of its country (see `timing`) and
the file carries that zone's definition, so partners in other countries see the right
hour; an event with dates only is a whole-day event. An event's UID is the same in every
language's calendar, so subscribing to two of them does not show it twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDatetime
from icalendar import Event as CalendarEvent

from .. import __version__
from ..graph import PageNode, SiteGraph, event_start
from ..models import Event, Project
from ..views.builder import title_of
from . import locations
from .pieces import Piece
from .texts import Texts
from .timing import day_instant, local


def calendar_piece(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[Piece]:
    """An event's entry in the site's calendar of every language (its default-language page makes
    them: an event not translated into a language is in that language's calendar all the same)."""
    if node.kind != "event" or node.lang != graph.default_language:
        return
    if graph.doc(Event, node.key).entry.draft:
        return  # drafts are never published, not even in a preview's calendar
    start = event_start(graph.doc(Event, node.key).entry)
    for lang in graph.languages:
        yield f"calendar:{lang}", f"{start.isoformat()}|{node.key}", _event(graph, node.key, lang)


class CalendarJoin:
    """The calendar of all the site's events in each language, from the events' pieces."""

    name = "calendars"

    def files(self, graph: SiteGraph) -> list[str]:
        return [f"calendar:{lang}" for lang in graph.languages]

    def make(
        self, graph: SiteGraph, texts: Texts, pieces: Callable[[str], Iterable[bytes]]
    ) -> Iterable[tuple[str, bytes]]:
        config = graph.config
        for lang in graph.languages:
            yield (
                locations.file_path(locations.site_calendar(graph, lang)),
                _calendar(graph, config.title, config.description, list(pieces(f"calendar:{lang}"))),
            )


def project_calendar_file(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[tuple[str, bytes]]:
    """The calendar of the project a project page shows, in the page's language."""
    doc = graph.doc(Project, node.key, node.lang)
    # The graph lists a project's events by start already, as the site calendar sorts them.
    own = [id_ for id_ in graph.project(node.key).events if not graph.doc(Event, id_).entry.draft]
    yield (
        locations.file_path(locations.project_calendar(graph, node.key, node.lang)),
        _calendar(graph, title_of(doc), doc.entry.summary, [_event(graph, id_, node.lang) for id_ in own]),
    )


def _calendar(graph: SiteGraph, name: str, description: str, events: list[bytes]) -> bytes:
    """A calendar of events made by `_event`: their VEVENTs, stamped with the build's date, and the
    rules of their time zones."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Partnership Showcase//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)  # the name most calendar applications read
    if description:
        calendar.add("description", description)
    parsed = [json.loads(event) for event in events]
    if parsed:
        years = [event["year"] for event in parsed]
        # Zone rules for the years the events span, not the default 1970-2038; sorted, so that the
        # same events always make the same bytes (and no needless upload).
        for zone in sorted({event["zone"] for event in parsed if event["zone"]}):
            calendar.add_component(
                Timezone.from_tzid(zone, first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
            )
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    stamp = b"BEGIN:VEVENT\r\nDTSTAMP:" + vDatetime(day_instant(graph.today)).to_ical() + b"\r\n"
    body = b"".join(event["ical"].encode().replace(b"BEGIN:VEVENT\r\n", stamp, 1) for event in parsed)
    return head + body + b"END:VCALENDAR" + end


def _event(graph: SiteGraph, id_: str, lang: str) -> bytes:
    """An event as a calendar's piece: its VEVENT (without the stamp, which the build's date gives
    when the calendar is put together), the zone its times are in and the year it starts in."""
    doc = graph.doc(Event, id_, lang)
    event = doc.entry
    url = locations.absolute(graph, graph.url("event", id_, lang))
    start, end = _span(graph, event)
    item = CalendarEvent()
    item.add("uid", f"{id_}@{urlsplit(graph.config.base_url).hostname}")
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
    zone = start.tzinfo.key if isinstance(start, datetime) and isinstance(start.tzinfo, ZoneInfo) else ""
    return json.dumps({"zone": zone, "year": start.year, "ical": item.to_ical().decode()}).encode()


def _span(graph: SiteGraph, event: Event) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND. Both must be dates or both times; a whole-day event's end is the day after."""
    start, end = event.start, event.end
    if isinstance(start, datetime) and (end is None or isinstance(end, datetime)):
        return local(graph, event, start), local(graph, event, end) if end else None
    first = start.date() if isinstance(start, datetime) else start
    last = (end.date() if isinstance(end, datetime) else end) if end else first
    return first, last + timedelta(days=1)
