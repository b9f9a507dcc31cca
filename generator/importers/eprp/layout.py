"""The layout of an Erasmus+ project list: which column holds what.

The export has one row per project: 16 project columns, 6 for the coordinator and up to
100 partner slots of 6 columns each ("Partner 7 country"). Headers are found by name,
whatever their order, case, spacing or apostrophe, so a file a spreadsheet program saved
again still reads. Columns about people (contact persons, e-mails, phones) are only named,
never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROJECT_COLUMNS = {
    "code": "Project Identifier",
    "title": "Project Title",
    "action": "Action Type",
    "call_year": "Call year",
    "topics": "Topics",
    "summary": "Project Summary",
    "status": "Project Status",
    "eu_grant": "EU Grant award in euros",
    "good_practice": "Is Good Practice",
    "success_story": "Is Success Story",
    "website": "Project Website",
    "results_available": "Results Available",
    "participating": "Participating countries",
}
"""Our name -> the export's column. The grant's header goes on with a long sentence, so
headers are matched on how they start."""

COORDINATOR_COLUMNS = {
    "name": "Coordinating organisation name",
    "type": "Coordinating organisation type",
    "address": "Coordinator's address",
    "region": "Coordinator's region",
    "country": "Coordinator's country",
    "website": "Coordinator's website",
}
PARTNER_SUFFIXES = {
    "name": "name",
    "type": "organisation type",
    "address": "address",
    "region": "region",
    "country": "country",
    "website": "website",
}
PARTNER_COLUMN = re.compile(r"^partner (\d+) (name|organisation type|address|region|country|website)$")

REQUIRED = ("code", "title", "action", "call_year")
REQUIRED_ORGANISATION = ("name", "type", "country")
PLATFORM_FLAGS = ("good_practice", "success_story", "results_available")

PERSONAL_DATA = re.compile(r"contact|e-?mail|phone|fax|person", re.IGNORECASE)
"""Columns newer exports add about people. Never read: the content model has no place for them."""

PROJECT_FIELDS = (
    "code",
    "title",
    "action",
    "field",
    "call_year",
    "agency",
    "status",
    "eu_grant",
    "website",
    "partners",
    "topics",
    "platform",
    "summary",
)
"""Project fields the export owns, in the order a new file lists them."""
ORGANISATION_FIELDS = ("name", "type", "country", "region", "city", "website")
"""Organisation fields the export owns."""

CELL_LIMITS = {"summary": 250_000, "topics": 16_000}
"""The most characters a cell of these project columns may hold; every other cell may hold
`CELL_LIMIT`. Generous for what editors write (a long summary runs to tens of thousands of
characters), small enough that a broken or hostile file cannot make gigantic project files."""
CELL_LIMIT = 2_000

SlotColumns = dict[str, int]
"""Where one organisation slot sits: attribute ('name', 'type'... as in `PARTNER_SUFFIXES`) -> column."""


def _column_key(header: str) -> str:
    return " ".join(header.replace("\u2019", "'").split()).casefold()


@dataclass
class Layout:
    """Where each column we read sits in the export's rows."""

    width: int
    project: dict[str, int]
    coordinator: SlotColumns
    partners: list[tuple[int, SlotColumns]]
    """(slot number, its columns) of every partner slot."""
    personal: list[str]

    @classmethod
    def from_header(cls, header: list[str]) -> tuple[Layout, list[str]]:
        """The layout, and the names of the required columns the header lacks."""
        keys = [_column_key(h) for h in header]

        def find(name: str) -> int | None:
            wanted = _column_key(name)
            return next((i for i, key in enumerate(keys) if key == wanted or key.startswith(wanted + " ")), None)

        project = {name: i for name, column in PROJECT_COLUMNS.items() if (i := find(column)) is not None}
        coordinator = {name: i for name, column in COORDINATOR_COLUMNS.items() if (i := find(column)) is not None}
        missing = [PROJECT_COLUMNS[n] for n in REQUIRED if n not in project]
        missing += [COORDINATOR_COLUMNS[n] for n in REQUIRED_ORGANISATION if n not in coordinator]
        slots: dict[int, SlotColumns] = {}
        for index, key in enumerate(keys):
            if match := PARTNER_COLUMN.match(key):
                attribute = next(a for a, suffix in PARTNER_SUFFIXES.items() if suffix == match[2])
                slots.setdefault(int(match[1]), {})[attribute] = index
        for number, columns in sorted(slots.items()):
            missing += [f"Partner {number} {PARTNER_SUFFIXES[a]}" for a in REQUIRED_ORGANISATION if a not in columns]
        personal = [h for h in header if PERSONAL_DATA.search(h)]
        return cls(len(header), project, coordinator, sorted(slots.items()), personal), missing

    def too_long(self, row: list[str]) -> list[tuple[int, int]]:
        """(column, its limit) of each cell of `row` longer than its column's limit."""
        if max(map(len, row), default=0) <= CELL_LIMIT:
            return []
        limits = {i: CELL_LIMITS[name] for name, i in self.project.items() if name in CELL_LIMITS}
        return [(i, limit) for i, cell in enumerate(row) if len(cell) > (limit := limits.get(i, CELL_LIMIT))]

    def project_cells(self, row: list[str]) -> dict[str, str]:
        """The row's project columns that the export has, by our name, without surrounding spaces."""
        return {name: row[i].strip() for name, i in self.project.items()}

    def owned_project_fields(self) -> tuple[str, ...]:
        """The project fields this export can say something about: a column it lacks leaves a field alone."""
        present = set(self.project) | {"partners", "field", "agency"}
        if all(flag in self.project for flag in PLATFORM_FLAGS):
            present.add("platform")
        return tuple(name for name in PROJECT_FIELDS if name in present)

    def owned_organisation_fields(self) -> tuple[str, ...]:
        present = set(self.coordinator) | ({"city"} if "address" in self.coordinator else set())
        return tuple(name for name in ORGANISATION_FIELDS if name in present)
