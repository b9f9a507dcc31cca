"""Importing the Commission's Erasmus+ project lists (``showcase import eprp``).

The Erasmus+ Project Results Platform exports projects as CSV, which agencies also open
and save as XLSX: one row per project with 16 project columns, 6 for the coordinator and
up to 100 partner slots of 6 columns each. The stages, in the order `import_eprp` runs them:

1. read the site: its vocabularies, its project and organisation files, the import ledger;
2. read the export (CSV or XLSX, any delimiter, with or without BOM) and check its header;
3. filter and map every row to a project and its organisations: action and organisation
   type labels to vocabulary codes, EL/UK to GR/GB, grants in either number format,
   addresses to towns, websites to URLs; bad rows are reported with their line and left out;
4. match each project to its file (ledger, then project code) and group organisations
   across rows into one organisation each, with a stable id;
5. merge into the files with `content_files`, which keeps what editors wrote, and save the ledger.

Every row is read and mapped before anything is written, so a file that turns out to be
unreadable halfway leaves the site untouched. Personal data (contact persons, e-mails,
phones) is never read: the content model has no place for it on organisations or projects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from slugify import slugify

from ...errors import ContentError, Report
from ...models import Organisation, Project
from ...sources import CONFIG_FILE, CONTENT_DIR, SourceFile, read_builtin_vocabularies, read_site
from ...vocabularies import BUILTIN_FOLDER, Vocabularies, eprp_label_key, merge_vocabularies
from ..content_files import Ledger, LedgerRecord, merge_owned, write_atomically, write_entry
from ..tables import TableUnreadable, read_table
from .layout import ORGANISATION_FIELDS, PLATFORM_FLAGS, PROJECT_COLUMNS, Layout
from .values import FLAGS, STATUSES, ProjectCode, clean_text, host, name_key, parse_grant, town, website

IMPORTER = "eprp"

FILTERS = {
    "action": "the action code starts with VALUE (KA220, KA210, KA220-SCH, ERASMUS-SPORT)",
    "field": "the field (SCH, VET, HED, ADU, YOU, SPORT)",
    "year": "the call year",
    "country": "the coordinator's country (PL; EL and GR both work)",
    "participating": "a participating country",
    "agency": "the National Agency of the project code (PL01) or EACEA",
    "status": "ongoing or finalised",
}

CATALOGUE_CONFIG = """\
# Created by 'showcase import eprp'. Set the title, base_url and publisher before you publish;
# docs/configuration.md explains every field.
title: Erasmus+ project catalogue
description: Erasmus+ projects and their results, imported from the Erasmus+ Project Results Platform.
base_url: https://example.org/
mode: catalogue
languages: [en]
publisher:
  name: Erasmus+ project catalogue
"""

# -- 1. The options and the outcome --------------------------------------------------------


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


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    """Projects: rows left out for an error. Organisations: partner slots left out for an error."""


@dataclass
class ImportSummary:
    """What an import did (or, with --dry-run, would do)."""

    rows: int = 0
    """Data rows read from the export."""
    filtered_out: int = 0
    """Rows that --only left out."""
    projects: Counts = field(default_factory=Counts)
    organisations: Counts = field(default_factory=Counts)
    deleted_by_hand: int = 0
    """Projects a previous import created and an editor deleted since: not created again."""
    personal_columns: list[str] = field(default_factory=list)
    """Columns with personal data that the export has and the import did not read."""
    config_created: bool = False
    dry_run: bool = False
    report: Report = field(default_factory=Report)


# -- 3. Mapping rows ------------------------------------------------------------------------


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


Problem = tuple[str, str]
"""(what is wrong, what to do) about one value of a row."""


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
        self.organisations: dict[tuple[tuple[str, str], ...], tuple[OrganisationSlot | None, list[Problem]]] = {}

    def _action(self, label: str, parts: dict[str, str]) -> str | None:
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

    def country(self, code: str) -> str:
        return self.countries.get(code.upper(), code.upper())

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
            "country": {coordinator, self.country(coordinator)},
            "participating": participating | {self.country(c) for c in participating},
            "agency": {code.agency} if code.agency else set(),
            "status": {STATUSES.get(cells.get("status", "").lower(), "")} - {""},
        }

    def project(self, first_line: int, row: list[str]) -> ProjectRow | None:
        """The row's project, or None after reporting why the row cannot be imported."""
        problems: list[Problem] = []
        cells = self.layout.project_cells(row)
        offered: dict[str, Any] = {}
        code = ProjectCode.parse(cells["code"])
        if not code.text:
            problems.append(("the Project Identifier is empty", "every project needs its project code"))
        elif not code.form:
            problems.append(
                (
                    f"'{code.text}' is not an Erasmus+ project code",
                    "expected e.g. 2021-1-DE01-KA220-SCH-000024914 or 556927-EPP-1-2014-1-LT-SPO-SCP",
                )
            )
        code_parts = code.parts
        offered["code"] = code.text
        offered["title"] = clean_text(cells["title"])
        if not offered["title"]:
            problems.append(("the Project Title is empty", "every project needs a title"))
        action = self._action(cells["action"], code_parts)
        if action is None and code.form:
            problems.append(
                (
                    f"the action cannot be told from Action Type '{cells['action']}' or the project code",
                    "add the label to 'eprp_labels' of the right action in vocabularies/actions.yaml",
                )
            )
        offered["action"] = action
        action_field = self.vocabularies["actions"].get(action or "", {}).get("field")
        offered["field"] = code_parts.get("field") if action_field == "MIX" else None
        try:
            offered["call_year"] = int(cells["call_year"])
            if "year" in code_parts and int(code_parts["year"]) != offered["call_year"]:
                problems.append(
                    (
                        f"the Call year {offered['call_year']} contradicts the project code's {code_parts['year']}",
                        "correct the row",
                    )
                )
        except ValueError:
            problems.append((f"the Call year '{cells['call_year']}' is not a year", "write it as e.g. 2023"))
        offered["agency"] = code.agency
        if "status" in cells:
            offered["status"] = STATUSES.get(cells["status"].lower())
            if cells["status"] and offered["status"] is None:
                self.report.warning(
                    self.source,
                    f"Project Status '{cells['status']}' is not ongoing or finalized; the project gets no status",
                    line=first_line,
                )
        if "eu_grant" in cells:
            try:
                offered["eu_grant"] = parse_grant(cells["eu_grant"])
            except ValueError as exc:
                problems.append((f"EU Grant: {exc}", "write it as 112527.93, 200,000.00 or 200.000,00"))
        if "website" in cells:
            try:
                offered["website"] = website(cells["website"])
            except ValueError as exc:
                self.report.warning(self.source, f"Project Website: {exc}; imported without it", line=first_line)
                offered["website"] = None
        if "topics" in cells:
            topics = [clean_text(t) for t in cells["topics"].split(";")]
            offered["topics"] = list(dict.fromkeys(t for t in topics if t)) or None
        if "summary" in cells:
            offered["summary"] = clean_text(cells["summary"]) or None
        if all(flag in cells for flag in PLATFORM_FLAGS):
            flags = {}
            for flag in PLATFORM_FLAGS:
                value = FLAGS.get(cells[flag].lower())
                if value is None:
                    problems.append((f"{PROJECT_COLUMNS[flag]} is '{cells[flag]}', not Yes or No", "write Yes or No"))
                flags[flag] = bool(value)
            offered["platform"] = flags

        coordinator, coordinator_problems = self.organisation(row, self.layout.coordinator, first_line)
        problems += [(f"coordinator: {message}", hint) for message, hint in coordinator_problems]
        if not problems:
            # Partners get their ids later; a stand-in lets every other field be checked now.
            stand_in = [{"organisation": "coordinator", "role": "coordinator"}]
            try:
                Project.model_validate({**{k: v for k, v in offered.items() if v is not None}, "partners": stand_in})
            except ValidationError as exc:
                problems.append((_validation_message(exc), "correct the row"))
        if problems or coordinator is None:
            for message, hint in problems:
                self.report.error(self.source, f"{message}; the row is not imported", line=first_line, hint=hint)
            return None
        organisations = [(coordinator, "coordinator")]
        for number, columns in self.layout.partners:
            if not row[columns["name"]].strip():
                continue
            partner, partner_problems = self.organisation(row, columns, first_line)
            for message, hint in partner_problems:
                self.report.warning(self.source, f"partner {number} is left out: {message}", line=first_line, hint=hint)
            if partner:
                organisations.append((partner, "partner"))
            else:
                self.skipped_partners += 1
        return ProjectRow(first_line, offered, organisations)

    def organisation(
        self, row: list[str], columns: dict[str, int], line: int
    ) -> tuple[OrganisationSlot | None, list[Problem]]:
        """One organisation slot. Organisations recur across rows: each distinct slot is mapped
        (and its warnings reported, at its first line) once."""
        raw = tuple((name, row[i]) for name, i in columns.items())
        if raw not in self.organisations:
            self.organisations[raw] = self._map_organisation({name: clean_text(value) for name, value in raw}, line)
        return self.organisations[raw]

    def _map_organisation(self, cells: dict[str, str], line: int) -> tuple[OrganisationSlot | None, list[Problem]]:
        problems: list[Problem] = []
        name = " ".join(cells["name"].split())
        if not name:
            problems.append(("the organisation has no name", "fill in the name column"))
        label = cells["type"]
        type_ = self.organisation_types.get(eprp_label_key(label))
        if type_ is None:
            first, count = self.unknown_types.get(label, (line, 0))
            self.unknown_types[label] = (first, count + 1)
            type_ = "other"
        country = self.country(cells["country"])
        if country not in self.vocabularies["countries"]:
            problems.append(
                (
                    f"the country '{cells['country']}' is not a known country code",
                    "use the two-letter code, e.g. DE, or add it to vocabularies/countries.yaml",
                )
            )
        url = None
        if "website" in cells:
            try:
                url = website(cells["website"])
            except ValueError as exc:
                self.report.warning(self.source, f"{name}: website {exc}; imported without it", line=line)
        offered = {
            "name": name,
            "type": type_,
            "country": country,
            "region": cells.get("region") or None,
            "city": town(cells["address"]) if "address" in cells else None,
            "website": url,
        }
        if problems:
            return None, problems
        try:
            Organisation.model_validate({k: v for k, v in offered.items() if v is not None})
        except ValidationError as exc:
            return None, [(_validation_message(exc), "correct the row")]
        return OrganisationSlot(
            tuple((k, offered[k]) for k in ORGANISATION_FIELDS), (country, name_key(name)), host(url)
        ), []

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


def _validation_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


# -- 4. Matching with the site's files ----------------------------------------------------------


@dataclass
class Existing:
    """One project or organisation file the site already has (default language only)."""

    id: str
    path: str
    data: dict[str, Any]
    body: str


@dataclass
class SiteState:
    """The site's project and organisation files, read by `sources`."""

    entries: dict[str, dict[str, Existing]]
    """folder ('projects', 'organisations') -> id -> file."""
    taken: dict[str, set[str]]
    """folder -> every id in use, also by files that could not be read."""
    broken: dict[str, str]
    """Site-relative path -> why `sources` could not read it."""

    @classmethod
    def read(cls, site: Path, report: Report) -> tuple[SiteState, Vocabularies]:
        found = Report()
        files = read_site(site, found)
        vocabularies = merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, report), files.vocabularies, report)
        for problem in found.problems:  # the site's vocabularies decide the mapping: their problems count
            if problem.file.startswith("vocabularies/"):
                report.add(problem)
        entries: dict[str, dict[str, Existing]] = {"projects": {}, "organisations": {}}
        for source in files.content:
            folder, id_ = _folder_and_id(source)
            if folder in entries and "." not in id_:
                entries[folder][id_] = Existing(id_, source.path, source.data, source.body)
        taken = {
            folder: {p.name.split(".")[0] for p in (site / CONTENT_DIR / folder).glob("*.md")} for folder in entries
        }
        broken = {p.file: p.message for p in found.errors if p.file.startswith(CONTENT_DIR + "/")}
        return cls(entries, taken, broken), vocabularies

    def claim(self, folder: str, wanted: str) -> str:
        """A new id for `folder`: `wanted`, or with -2, -3... when taken."""
        candidate, number = wanted, 1
        while candidate in self.taken[folder]:
            number += 1
            candidate = f"{wanted}-{number}"
        self.taken[folder].add(candidate)
        return candidate


def _folder_and_id(source: SourceFile) -> tuple[str, str]:
    parts = source.path.split("/")
    return (parts[1], parts[-1].removesuffix(".md")) if len(parts) == 3 else ("", "")


@dataclass
class Target:
    """Where one imported entry goes: its id, its existing file (if any) and the ledger's record."""

    key: str
    id: str
    existing: Existing | None
    record: LedgerRecord | None


@dataclass
class OrganisationGroup:
    """One organisation, gathered from every row that names it."""

    identity: tuple[str, str]
    host: str
    fields: dict[str, Any]
    target: Target | None = None

    @property
    def key(self) -> str:
        """The ledger's key: country, normalised name, website host."""
        return "|".join((*self.identity, self.host))

    def absorb(self, slot: OrganisationSlot) -> None:
        """Fill what earlier rows left empty; a specific type beats 'other'."""
        for name, value in slot.fields:
            known = self.fields.get(name)
            if value is not None and (known is None or (name == "type" and known == "other")):
                self.fields[name] = value
        self.host = self.host or slot.host


class OrganisationIndex:
    """Groups organisation slots across rows: same country and normalised name is one organisation,
    unless two rows give different websites; a row without a website joins the first group."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str], list[OrganisationGroup]] = {}

    def add(self, slot: OrganisationSlot) -> OrganisationGroup:
        candidates = self.groups.setdefault(slot.identity, [])
        group = next((g for g in candidates if g.host == slot.host), None)
        if group is None:
            group = next((g for g in candidates if not slot.host or not g.host), None)
        if group is None:
            group = OrganisationGroup(slot.identity, slot.host, {})
            candidates.append(group)
        group.absorb(slot)
        return group

    def all(self) -> list[OrganisationGroup]:
        return [group for groups in self.groups.values() for group in groups]


def _match_organisations(groups: list[OrganisationGroup], state: SiteState, ledger: Ledger) -> None:
    """Give every group its file: the ledger's, an existing file with the same name and country, or a new id."""
    records = ledger.records["organisations"]
    existing = state.entries["organisations"]
    unmatched = []
    claimed: set[str] = set()
    for group in groups:
        record = records.get(group.key)
        id_ = _id_of(record.file) if record else ""
        if record and (id_ in existing or record.file in state.broken):
            group.target = Target(group.key, id_, existing.get(id_), record)
            claimed.add(record.file)
        else:
            unmatched.append(group)
    if not unmatched:
        return
    # A file can also be ours under another key (a website the previous export lacked) or
    # written by hand for the same organisation: same country and name, no other website.
    keys_by_file = {record.file: key for key, record in records.items()}
    by_identity: dict[tuple[str, str], list[Existing]] = {}
    for entry in existing.values():
        identity = (str(entry.data.get("country", "")), name_key(str(entry.data.get("name", ""))))
        by_identity.setdefault(identity, []).append(entry)
    for group in unmatched:
        adoptable = [
            e
            for e in by_identity.get(group.identity, [])
            if e.path not in claimed and host(str(e.data.get("website") or "")) in ("", group.host)
        ]
        record = records.get(group.key)
        if adoptable:
            entry = adoptable[0]
            claimed.add(entry.path)
            old_key = keys_by_file.get(entry.path)
            group.target = Target(group.key, entry.id, entry, records.pop(old_key) if old_key else None)
        elif record:  # deleted by hand, but projects refer to it: write it again under its old id
            group.target = Target(group.key, _id_of(record.file), None, record)
            state.taken["organisations"].add(group.target.id)
        else:
            base = slugify(str(group.fields["name"]), max_length=60, word_boundary=True) or "organisation"
            group.target = Target(
                group.key, state.claim("organisations", f"{base}-{group.identity[0].lower()}"), None, None
            )


def _id_of(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


# -- 5. Merging and writing ----------------------------------------------------------------------


class Writer:
    """Merges entries into their files (or only counts, on a dry run) and keeps the ledger up to date."""

    def __init__(self, site: Path, ledger: Ledger, state: SiteState, report: Report, *, dry_run: bool):
        self.site = site
        self.ledger = ledger
        self.state = state
        self.report = report
        self.dry_run = dry_run

    def put(
        self,
        folder: str,
        target: Target,
        offered: dict[str, Any],
        owned: tuple[str, ...],
        counts: Counts,
        line: int,
        source: str,
    ) -> bool:
        """Merge one entry into its file; False when its file is unreadable and was left alone."""
        path = f"{CONTENT_DIR}/{folder}/{target.id}.md"
        if path in self.state.broken:
            self.report.error(
                source,
                f"{path} cannot be updated: {self.state.broken[path]}",
                line=line,
                hint=f"fix {path} (run 'showcase check') and import again",
            )
            return False
        current = target.existing.data if target.existing else None
        merge = merge_owned(current, offered, owned, target.record.fields if target.record else None)
        for name, value in merge.kept.items():
            shown = value if not isinstance(value, str) or len(value) < 60 else value[:57] + "..."
            self.report.warning(
                path,
                f"kept the value of '{name}' set by hand; the export says {shown!r}",
                field=name,
                hint="to follow the export again, give the field the export's value",
            )
        if current is None:
            counts.created += 1
        elif merge.changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
        if not self.dry_run and merge.changed:
            write_entry(self.site / path, merge.front_matter, target.existing.body if target.existing else "")
        fields = dict(target.record.fields) if target.record else {}
        fields.update(merge.bases)  # bases of fields this export lacks stay for the next export that has them
        self.ledger.records[folder][target.key] = LedgerRecord(path, fields)
        return True


def _partners(
    members: list[tuple[OrganisationGroup, str]], line: int, source: str, report: Report
) -> list[dict[str, str]]:
    partners: list[dict[str, str]] = []
    roles: dict[str, str] = {}
    for group, role in members:
        id_ = group.target.id  # type: ignore[union-attr]
        if id_ in roles:
            report.warning(
                source,
                f"{group.fields['name']} appears twice in this project (as {roles[id_]} and as "
                f"{role}); it is listed once, as {roles[id_]}",
                line=line,
            )
            continue
        roles[id_] = role
        partners.append({"organisation": id_, "role": role})
    return partners


def _read_rows(
    export: Path, vocabularies: Vocabularies, only: RowFilter, summary: ImportSummary
) -> tuple[Layout, list[ProjectRow]]:
    """Read, filter and map every row; raises ContentError when the file is not a usable export."""
    report, source = summary.report, str(export)
    mapped: list[ProjectRow] = []
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
                continue
            if only.wanted and not only.accepts(mapper.facts(cells)):
                summary.filtered_out += 1
                continue
            project = mapper.project(first, cells)
            if project is None:
                summary.projects.skipped += 1
            else:
                mapped.append(project)
    except TableUnreadable as exc:
        report.error(source, str(exc), line=exc.line, hint=exc.hint)
        raise ContentError(report) from None
    mapper.report_unknown_types()
    summary.organisations.skipped += mapper.skipped_partners
    return layout, mapped


def _project_targets(
    rows: list[ProjectRow], state: SiteState, ledger: Ledger, summary: ImportSummary, source: str
) -> list[tuple[ProjectRow, Target]]:
    """Each project's file: the ledger's, else a file with the same code (written by hand or renamed), else new."""
    records = ledger.records["projects"]
    existing = state.entries["projects"]
    by_code: dict[str, Existing] = {}
    for entry in existing.values():
        by_code.setdefault(str(entry.data.get("code", "")).upper(), entry)
    first_lines: dict[str, int] = {}
    targets: list[tuple[ProjectRow, Target]] = []
    for row in rows:
        code = row.fields["code"]
        if code in first_lines:
            summary.report.error(
                source,
                f"project {code} is already on line {first_lines[code]}; the row is not imported",
                line=row.line,
                hint="remove one of the two rows",
            )
            summary.projects.skipped += 1
            continue
        first_lines[code] = row.line
        record = records.get(code)
        id_ = _id_of(record.file) if record else ""
        if record and (id_ in existing or record.file in state.broken):
            target = Target(code, id_, existing.get(id_), record)
        elif code in by_code:
            target = Target(code, by_code[code].id, by_code[code], record)
        elif record:
            summary.deleted_by_hand += 1  # an editor removed it from the catalogue: respect that
            continue
        else:
            target = Target(code, state.claim("projects", code.lower()), None, None)
        targets.append((row, target))
    return targets


def import_eprp(export: Path, site: Path, only: RowFilter, *, dry_run: bool = False) -> ImportSummary:
    """Import an Erasmus+ project list into `site`.

    Raises ContentError, having written nothing, when the file is not a usable export or the
    site's vocabularies are broken. Bad rows and write failures are errors in the summary's report.
    """
    summary = ImportSummary(dry_run=dry_run)
    report, source = summary.report, str(export)
    state, vocabularies = SiteState.read(site, report)
    if report.errors:
        raise ContentError(report)
    ledger = Ledger.load(site, IMPORTER, report)
    layout, rows = _read_rows(export, vocabularies, only, summary)

    projects = _project_targets(rows, state, ledger, summary, source)
    index = OrganisationIndex()
    memberships = [[(index.add(slot), role) for slot, role in row.organisations] for row, _ in projects]
    groups = index.all()
    _match_organisations(groups, state, ledger)

    writer = Writer(site, ledger, state, report, dry_run=dry_run)
    try:
        if not (site / CONFIG_FILE).is_file():
            summary.config_created = True
            if not dry_run:
                write_atomically(site / CONFIG_FILE, CATALOGUE_CONFIG)
        # Organisations first: a project file never refers to an organisation not yet written.
        for group in groups:
            writer.put(
                "organisations",
                group.target,
                group.fields,  # type: ignore[arg-type]
                layout.owned_organisation_fields(),
                summary.organisations,
                0,
                source,
            )
        for (row, target), members in zip(projects, memberships, strict=True):
            row.fields["partners"] = _partners(members, row.line, source, report)
            if not writer.put(
                "projects", target, row.fields, layout.owned_project_fields(), summary.projects, row.line, source
            ):
                summary.projects.skipped += 1
    except OSError as exc:
        report.error(
            str(exc.filename or site),
            f"cannot be written: {exc.strerror}",
            hint="check the folder's permissions and free space, then import again: "
            "the files written so far are complete",
        )
    if not dry_run:
        try:
            ledger.save()
        except OSError as exc:
            report.error(
                str(exc.filename or ledger.path),
                f"the import ledger cannot be written: {exc.strerror}",
                hint="check the folder's permissions and free space, then import again",
            )
    return summary
