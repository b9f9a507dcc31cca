"""Dates and times as feeds, calendars and structured data write them.

Content gives plain dates, or an event's date and time, usually without a zone ("10:00
at the venue"). Atom and iCalendar need instants, so an event's time is placed in the
time zone of the country it happens in (`SiteGraph.event_zone`, which the pages and what is
upcoming use too).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from ..graph import SiteGraph
from ..models import Event

UTC = UTC


def local(graph: SiteGraph, event: Event, moment: date | datetime) -> date | datetime:
    """A date as it is; a date-time in the event's zone (`SiteGraph.zoned`)."""
    return graph.zoned(event, moment) if isinstance(moment, datetime) else moment


def event_instant(graph: SiteGraph, event: Event) -> datetime:
    """When the event starts, as an instant (midnight at the venue for a whole-day event)."""
    start = event.start
    if isinstance(start, datetime):
        return graph.zoned(event, start)
    return datetime.combine(start, time(), tzinfo=graph.event_zone(event))


def day_instant(day: date) -> datetime:
    """A publication date as the instant its day begins, in UTC."""
    return datetime.combine(day, time(), tzinfo=UTC)


def rfc3339(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
