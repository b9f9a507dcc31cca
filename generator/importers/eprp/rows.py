"""Reading the rows of an Erasmus+ project list: cells to a project and its organisations.

`read_export` reads the table, finds its `Layout` in the header and hands every row that
``--only`` lets through to a `RowMapper`. The mapper reads a row one column group at a
time, each with a parser of its own:

- identity: the code, title and action, and the field and agency they imply;
- call year, status and grant;
- website, topics and summary;
- the platform's Yes/No flags;
- each organisation slot (the coordinator's, then the partners'): name, type, country,
  region, town and website.

Labels become the site's vocabulary codes (actions and organisation types through their
``eprp_labels``, EL/UK to GR/GB). A value that keeps a row out is a `RowFault`; once every
group is read, the row's faults are reported together as errors and the row is left out.
A fault in a partner slot leaves out only that partner, with a warning. A value the
project can do without (an unknown status, a broken website) is a warning at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from ...errors import ContentError, Report
from ...models import Organisation, Project
from ...vocabularies import Vocabularies, eprp_label_key
from ..tables import TableUnreadable, read_table
from .layout import ORGANISATION_FIELDS, PLATFORM_FLAGS, PROJECT_COLUMNS, Layout, SlotColumns
from .summary import ImportSummary
from .values import FLAGS, STATUSES, ProjectCode, clean_text, host, name_key, parse_grant, topics, town, website

FILTERS = {
    "action": "the action code starts with VALUE (KA220, KA210, KA220-SCH, ERASMUS-SPORT)",
    "field": "the field (SCH, VET, HED, ADU, YOU, SPORT)",
    "year": "the call year",
    "country": "the coordinator's country (PL; EL and GR both work)",
    "participating": "a participating country",
    "agency": "the National Agency of the project code (PL01) or EACEA",
    "status": "ongoing or finalised",
}


@dataclass(frozen=True)
class RowFilter:
    """Which rows to import: ``--only KEY=VALUE``. Values of one key are alternatives; keys all apply."""

    wanted: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, items: Iterable[str]) -> RowFilter:
        """Read ``KEY=VALUE[,VALUE...]`` items; ValueError says what is wrong with one."""
        wanted: dict[str, set[str]] = {}
        for item in items:
            key, sep, values = item.partition("=")
            key = key.strip().lower()
            if not sep or not values.strip():
                raise ValueError(f"'{item}' is not KEY=VALUE, e.g. action=KA220")
            if key not in FILTERS:
                raise ValueError(
                    f"'{key}' is not a filter; the filters are "
                    + "; ".join(f"{name}: {meaning}" for name, meaning in FILTERS.items())
                )
            normalise = str.lower if key == "status" else str.upper
            wanted.setdefault(key, set()).update(normalise(v.strip()) for v in values.split(",") if v.strip())
        if "status" in wanted:
            wanted["status"] = {STATUSES.get(v, v) for v in wanted["status"]}
        return cls({key: frozenset(values) for key, values in wanted.items()})

    def accepts(self, facts: dict[str, set[str]]) -> bool:
        for key, values in self.wanted.items():
            found = facts.get(key, set())
            if key == "action":
                if not any(code.startswith(value) for code in found for value in values):
                    return False
            elif not found & values:
                return False
        return True


class RowFault(NamedTuple):
    """What is wrong with one value of a row, and what to do about it.

    Not yet a report entry: the row's faults are reported together once the row is read,
    as errors (the row is left out) or, in a partner slot, as warnings (the partner is)."""

    message: str
    hint: str


@dataclass(frozen=True)
class OrganisationSlot:
    """What one row says about one organisation, mapped to our codes."""

    fields: tuple[tuple[str, Any], ...]
    """The offered organisation fields, in `ORGANISATION_FIELDS` order (None when empty)."""
    identity: tuple[str, str]
    """(country, normalised name): rows that agree on it name the same organisation."""
    host: str
    """The website's host without 'www.', or '' when the row gives no website."""


@dataclass
class ProjectRow:
    """One imported project, before its organisations have ids."""

    line: int
    fields: dict[str, Any]
    organisations: list[tuple[OrganisationSlot, str]]
    """(organisation, role), the coordinator first."""


SlotMapping = tuple[OrganisationSlot | None, list[RowFault]]
"""An organisation slot, or None and why it cannot be imported."""


class RowMapper:
    """Maps the export's rows to projects and organisations with the site's vocabularies."""

    def __init__(self, layout: Layout, vocabularies: Vocabularies, source: str, report: Report):
        self.layout = layout
        self.vocabularies = vocabularies
        self.source = source
        self.report = report
        self.actions = vocabularies.by_eprp_label("actions")
        self.organisation_types = vocabularies.by_eprp_label("organisation_types")
        self.countries = {
            str(entry["eprp_code"]): code for code, entry in vocabularies["countries"].items() if entry.get("eprp_code")
        }
        self.unknown_types: dict[str, tuple[int, int]] = {}
        """Organisation type labels not in the vocabulary -> (first line, organisations): reported once, at the end."""
        self.skipped_partners = 0
        self.slots: dict[tuple[tuple[str, str], ...], SlotMapping] = {}
        """The slot's raw cells -> its mapping: organisations recur across rows."""

    def facts(self, row: list[str]) -> dict[str, set[str]]:
        """What --only compares, worked out before the row is checked (a filtered row is never an error).

        Only called when --only is given: the participating countries take a look at every partner slot."""
        cells = self.layout.project_cells(row)
        code = ProjectCode.parse(cells["code"])
        action = self._action(cells["action"], code.parts) or ""
        field_ = code.parts.get("field") or self.vocabularies["actions"].get(action, {}).get("field", "")
        coordinator = row[self.layout.coordinator["country"]].strip().upper()
        participating = {c.strip().upper() for c in cells.get("participating", "").split(",") if c.strip()}
        participating |= {row[c["country"]].strip().upper() for _, c in self.layout.partners}
        participating.discard("")
        participating.add(coordinator)
        return {
            "action": {action} if action else set(),
            "field": {field_} if field_ else set(),
            "year": {cells["call_year"]},
            "country": {coordinator, self._country(coordinator)},
            "participating": participating | {self._country(c) for c in participating},
            "agency": {code.agency} if code.agency else set(),
            "status": {STATUSES.get(cells.get("status", "").lower(), "")} - {""},
        }

    def project(self, line: int, row: list[str]) -> ProjectRow | None:
        """The row's project, or None after reporting why the row cannot be imported."""
        cells = self.layout.project_cells(row)
        code = ProjectCode.parse(cells["code"])
        faults: list[RowFault] = []
        fields = self._identity(cells, code, faults)
        fields |= self._year_status_grant(cells, code, line, faults)
        fields |= self._website_topics_summary(cells, line)
        fields |= _flags(cells, faults)
        coordinator, coordinator_faults = self._organisation(row, self.layout.coordinator, line)
        faults += [RowFault(f"coordinator: {message}", hint) for message, hint in coordinator_faults]
        if not faults:
            # Partners get their ids later; a stand-in lets every other field be checked now.
            stand_in = [{"organisation": "coordinator", "role": "coordinator"}]
            faults = _model_faults(Project, {**fields, "partners": stand_in})
        if faults or coordinator is None:
            for message, hint in faults:
                self.report.error(self.source, f"{message}; the row is not imported", line=line, hint=hint)
            return None
        return ProjectRow(line, fields, [(coordinator, "coordinator"), *self._partners(row, line)])

    def report_unknown_types(self) -> None:
        for label, (first, count) in self.unknown_types.items():
            self.report.warning(
                self.source,
                f"organisation type '{label or '(empty)'}' is not in the vocabulary "
                f"({count} organisation(s)); imported as 'other'",
                line=first,
                hint="add the label to 'eprp_labels' of the right type in vocabularies/organisation_types.yaml "
                "and import again: the type then follows",
            )

    # -- the column groups of a project --

    def _identity(self, cells: dict[str, str], code: ProjectCode, faults: list[RowFault]) -> dict[str, Any]:
        """Project Identifier, Project Title, Action Type: code, title, action, and the field and agency they imply."""
        if not code.text:
            faults.append(RowFault("the Project Identifier is empty", "every project needs its project code"))
        elif not code.form:
            faults.append(
                RowFault(
                    f"'{code.text}' is not an Erasmus+ project code",
                    "expected e.g. 2021-1-DE01-KA220-SCH-000024914 or 556927-EPP-1-2014-1-LT-SPO-SCP",
                )
            )
        title = clean_text(cells["title"])
        if not title:
            faults.append(RowFault("the Project Title is empty", "every project needs a title"))
        action = self._action(cells["action"], code.parts)
        if action is None and code.form:
            faults.append(
                RowFault(
                    f"the action cannot be told from Action Type '{cells['action']}' or the project code",
                    "add the label to 'eprp_labels' of the right action in vocabularies/actions.yaml",
                )
            )
        # A project's field defaults to its action's: only an action that spans fields needs it written.
        action_field = self.vocabularies["actions"].get(action or "", {}).get("field")
        return {
            "code": code.text,
            "title": title,
            "action": action,
            "field": code.parts.get("field") if action_field == "MIX" else None,
            "agency": code.agency,
        }

    def _year_status_grant(
        self, cells: dict[str, str], code: ProjectCode, line: int, faults: list[RowFault]
    ) -> dict[str, Any]:
        """Call year (which must agree with the code's), Project Status and EU Grant."""
        fields: dict[str, Any] = {}
        try:
            fields["call_year"] = int(cells["call_year"])
        except ValueError:
            faults.append(RowFault(f"the Call year '{cells['call_year']}' is not a year", "write it as e.g. 2023"))
        else:
            if "year" in code.parts and int(code.parts["year"]) != fields["call_year"]:
                faults.append(
                    RowFault(
                        f"the Call year {fields['call_year']} contradicts the project code's {code.parts['year']}",
                        "correct the row",
                    )
                )
        if "status" in cells:
            fields["status"] = STATUSES.get(cells["status"].lower())
            if cells["status"] and fields["status"] is None:
                self.report.warning(
                    self.source,
                    f"Project Status '{cells['status']}' is not ongoing or finalized; the project gets no status",
                    line=line,
                )
        if "eu_grant" in cells:
            try:
                fields["eu_grant"] = parse_grant(cells["eu_grant"])
            except ValueError as exc:
                faults.append(RowFault(f"EU Grant: {exc}", "write it as 112527.93, 200,000.00 or 200.000,00"))
        return fields

    def _website_topics_summary(self, cells: dict[str, str], line: int) -> dict[str, Any]:
        """Project Website, Topics and Project Summary: none of them keeps a row out."""
        fields: dict[str, Any] = {}
        if "website" in cells:
            fields["website"] = self._website(cells["website"], "Project Website:", line)
        if "topics" in cells:
            fields["topics"] = topics(cells["topics"])
        if "summary" in cells:
            fields["summary"] = clean_text(cells["summary"]) or None
        return fields

    # -- organisation slots --

    def _partners(self, row: list[str], line: int) -> list[tuple[OrganisationSlot, str]]:
        """The row's filled partner slots; a slot with a fault is left out with a warning."""
        partners = []
        for number, columns in self.layout.partners:
            if not row[columns["name"]].strip():
                continue
            partner, faults = self._organisation(row, columns, line)
            for message, hint in faults:
                self.report.warning(self.source, f"partner {number} is left out: {message}", line=line, hint=hint)
            if partner:
                partners.append((partner, "partner"))
            else:
                self.skipped_partners += 1
        return partners

    def _organisation(self, row: list[str], columns: SlotColumns, line: int) -> SlotMapping:
        """One organisation slot. Organisations recur across rows: each distinct slot is mapped
        (and its warnings reported, at its first line) once."""
        raw = tuple((name, row[i]) for name, i in columns.items())
        if raw not in self.slots:
            self.slots[raw] = self._slot({name: clean_text(value) for name, value in raw}, line)
        return self.slots[raw]

    def _slot(self, cells: dict[str, str], line: int) -> SlotMapping:
        """Name, organisation type, address, region, country and website of one organisation."""
        faults: list[RowFault] = []
        name = " ".join(cells["name"].split())
        if not name:
            faults.append(RowFault("the organisation has no name", "fill in the name column"))
        country = self._country(cells["country"])
        if country not in self.vocabularies["countries"]:
            faults.append(
                RowFault(
                    f"the country '{cells['country']}' is not a known country code",
                    "use the two-letter code, e.g. DE, or add it to vocabularies/countries.yaml",
                )
            )
        fields = {
            "name": name,
            "type": self._organisation_type(cells["type"], line),
            "country": country,
            "region": cells.get("region") or None,
            "city": town(cells["address"]) if "address" in cells else None,
            "website": self._website(cells["website"], f"{name}: website", line) if "website" in cells else None,
        }
        faults = faults or _model_faults(Organisation, fields)
        if faults:
            return None, faults
        slot_fields = tuple((key, fields[key]) for key in ORGANISATION_FIELDS)
        return OrganisationSlot(slot_fields, (country, name_key(name)), host(fields["website"])), []

    # -- vocabularies and warnings shared by the groups --

    def _action(self, label: str, parts: dict[str, str]) -> str | None:
        """The action's code: the one the project code names, else the Action Type label's (if it
        agrees with the code's key action); None when neither is in the vocabulary."""
        actions = self.vocabularies["actions"]
        coded = parts.get("action", "")
        if "programme" in parts:  # 2021-2027 EACEA codes name the call topic: ERASMUS-SPORT-SSCP
            candidates = [f"ERASMUS-{parts['programme']}-{coded}"]
        else:
            candidates = [f"{coded}-{parts['field']}" if "field" in parts else "", coded]
        from_code = next((c for c in candidates if c and c in actions), None)
        if from_code:  # the code is exact where labels are not (KA220 in which field?)
            return from_code
        from_label = self.actions.get(eprp_label_key(label))
        if from_label and (not coded.startswith("KA") or from_label.startswith(coded)):
            return from_label
        return None

    def _country(self, code: str) -> str:
        """Our code for the export's: its `eprp_code`s (EL, UK) become GR, GB; others are upper-cased."""
        return self.countries.get(code.upper(), code.upper())

    def _organisation_type(self, label: str, line: int) -> str:
        """The type's code; an unknown label is 'other', counted to be reported once, at the end."""
        type_ = self.organisation_types.get(eprp_label_key(label))
        if type_ is None:
            first, count = self.unknown_types.get(label, (line, 0))
            self.unknown_types[label] = (first, count + 1)
            return "other"
        return type_

    def _website(self, text: str, label: str, line: int) -> str | None:
        """The web address, or None with a warning that `label` starts: a broken address keeps nothing out."""
        try:
            return website(text)
        except ValueError as exc:
            self.report.warning(self.source, f"{label} {exc}; imported without it", line=line)
            return None


def _flags(cells: dict[str, str], faults: list[RowFault]) -> dict[str, Any]:
    """Is Good Practice, Is Success Story, Results Available: the platform's flags, when the export has all three."""
    if not all(flag in cells for flag in PLATFORM_FLAGS):
        return {}
    platform = {}
    for flag in PLATFORM_FLAGS:
        value = FLAGS.get(cells[flag].lower())
        if value is None:
            faults.append(RowFault(f"{PROJECT_COLUMNS[flag]} is '{cells[flag]}', not Yes or No", "write Yes or No"))
        platform[flag] = bool(value)
    return {"platform": platform}


def _model_faults(model: type[BaseModel], fields: dict[str, Any]) -> list[RowFault]:
    """The first thing the content model finds wrong with `fields` (None meaning no value), if any."""
    try:
        model.model_validate({name: value for name, value in fields.items() if value is not None})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        return [RowFault(f"{where}: {error['msg']}" if where else error["msg"], "correct the row")]
    return []


def read_export(
    export: Path, vocabularies: Vocabularies, only: RowFilter, summary: ImportSummary
) -> tuple[Layout, list[ProjectRow]]:
    """Read, filter and map every row; raises ContentError when the file is not a usable export."""
    report, source = summary.report, str(export)
    projects: list[ProjectRow] = []
    try:
        rows = read_table(export)
        header = next(rows, None)
        if header is None:
            raise TableUnreadable("the file is empty", "export the project list again")
        layout, missing = Layout.from_header(header[2])
        if missing:
            raise TableUnreadable(
                f"this is not an Erasmus+ project list: it lacks the column(s) {', '.join(missing)}",
                "import the CSV (or XLSX) the Erasmus+ Project Results Platform exports, with its header row "
                "first; keep its column names as they are",
                line=header[0],
            )
        summary.personal_columns = layout.personal
        mapper = RowMapper(layout, vocabularies, source, report)
        for first, last, cells in rows:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines and the empty rows spreadsheet programs leave at the end
            summary.rows += 1
            if len(cells) != layout.width:
                spans = f" (it runs from line {first} to {last}: is a quote left open?)" if last > first else ""
                report.error(
                    source,
                    f"the row has {len(cells)} columns, the header {layout.width}{spans}; the row is not imported",
                    line=first,
                    hint="check this row's delimiters and quotes, or export the file again",
                )
                summary.projects.skipped += 1
            elif too_long := layout.too_long(cells):
                for column, limit in too_long:
                    report.error(
                        source,
                        f"{header[2][column]} has {len(cells[column]):,} characters, more than the {limit:,} "
                        "an import takes; the row is not imported",
                        line=first,
                        hint="shorten the cell in the export (or check its quotes), then import again",
                    )
                summary.projects.skipped += 1
            elif only.wanted and not only.accepts(mapper.facts(cells)):
                summary.filtered_out += 1
            elif (project := mapper.project(first, cells)) is None:
                summary.projects.skipped += 1
            else:
                projects.append(project)
    except TableUnreadable as exc:
        report.error(source, str(exc), line=exc.line, hint=exc.hint)
        raise ContentError(report) from None
    mapper.report_unknown_types()
    summary.organisations.skipped += mapper.skipped_partners
    return layout, projects
