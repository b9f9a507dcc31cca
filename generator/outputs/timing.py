"""Dates and times as feeds, calendars and structured data write them.

Content gives plain dates, or an event's date and time, usually without a zone ("10:00
at the venue"). Atom and iCalendar need instants, so an event's time is placed in the
time zone of the country it happens in: the venue's, else the host organisation's (for
online events), else the coordinator's. The zone is the country's ``timezone`` in the
countries vocabulary when it has one, else CLDR's (through Babel); a country spanning
several zones then takes its European one (Spain: Madrid, not the Canaries).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global

from ..graph import SiteGraph
from ..models import Event, Organisation

UTC = UTC


def country_zone(graph: SiteGraph, country: str) -> ZoneInfo:
    """The ``timezone`` the countries vocabulary gives, else the one CLDR knows for the country."""
    named = graph.vocabularies["countries"].get(country, {}).get("timezone")
    if named:
        try:
            return ZoneInfo(named)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # not an IANA zone name: CLDR's zone is the better guess
    return _cldr_zone(country)


@cache
def _cldr_zone(country: str) -> ZoneInfo:
    # CLDR lists a country's zones alphabetically, not the main one first; the European
    # zone is right for every programme country (Madrid, Lisbon, Kyiv). A country CLDR
    # does not know falls back to UTC: the vocabulary's `timezone` is the way to name it.
    zones = get_global("territory_zones").get(country, [])
    european = [zone for zone in zones if zone.startswith("Europe/")]
    return ZoneInfo((european or zones or ["UTC"])[0])


def event_country(graph: SiteGraph, event: Event) -> str:
    if event.place:
        return event.place.country
    organisation = event.host or graph.project(event.project).coordinator
    return graph.doc(Organisation, organisation).entry.country


def event_zone(graph: SiteGraph, event: Event) -> ZoneInfo:
    return country_zone(graph, event_country(graph, event))


def local(graph: SiteGraph, event: Event, moment: date | datetime) -> date | datetime:
    """A date as it is; a date-time in the event's zone (`zoned`)."""
    return zoned(graph, event, moment) if isinstance(moment, datetime) else moment


def zoned(graph: SiteGraph, event: Event, moment: datetime) -> datetime:
    """A date-time in the event's zone. A time written with an offset (``16:00+01:00``) keeps its
    instant but moves into the named zone, whose rules calendars can carry (a bare offset is no
    iCalendar zone)."""
    zone = event_zone(graph, event)
    return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)


def event_instant(graph: SiteGraph, event: Event) -> datetime:
    """When the event starts, as an instant (midnight at the venue for a whole-day event)."""
    start = event.start
    if isinstance(start, datetime):
        return zoned(graph, event, start)
    return datetime.combine(start, time(), tzinfo=event_zone(graph, event))


def day_instant(day: date) -> datetime:
    """A publication date as the instant its day begins, in UTC."""
    return datetime.combine(day, time(), tzinfo=UTC)


def rfc3339(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
