"""Matching imported projects and organisations with the site's files, and merging them in.

The stages after the rows are read, in the order `import_eprp` runs them:

1. `match_projects` finds each project's file: the ledger's, else a file with the same
   code (written by hand, or renamed), else a new one named after the code;
2. `OrganisationIndex` groups the organisation slots of all rows into one organisation
   each (same country and name, no other website);
3. `match_organisations` finds each organisation's file: the ledger's, else a file with the
   same country and name, else a new one named after the name and country;
4. `Writer` merges each entry into its file with `content_files.merge_owned`, which keeps
   what editors wrote, and records in the ledger what the import offered; a project's
   partners refer to its organisations by the ids step 3 gave them (`project_partners`).

Ids are stable: the ledger remembers each entry's file by its key in the export (the project
code; country, name and website host of an organisation), so a later import updates the
same file, and a project an editor deleted is not created again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slugify import slugify

from ...errors import Report
from ...sources import CONTENT_DIR, SourceFile, read_builtin_vocabularies, read_content, scan_site
from ...vocabularies import BUILTIN_FOLDER, Vocabularies, merge_vocabularies
from ..content_files import Ledger, LedgerRecord, merge_owned, write_entry
from .rows import OrganisationSlot, ProjectRow
from .summary import Counts, ImportSummary
from .values import host, name_key


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
    one_project_line: int | None
    """The line of ``mode: project`` in showcase.yaml when it names no ``project``: the site
    can then hold one project only, as the build checks."""

    @classmethod
    def read(cls, site: Path, report: Report) -> tuple[SiteState, Vocabularies]:
        found = Report()
        scan = scan_site(site, found)
        vocabularies = merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, report), scan.vocabularies, report)
        for problem in found.problems:  # the site's vocabularies decide the mapping: their problems count
            if problem.file.startswith("vocabularies/"):
                report.add(problem)
        entries: dict[str, dict[str, Existing]] = {"projects": {}, "organisations": {}}
        for source in read_content(site, sorted(scan.content), found):
            if source is None:
                continue
            folder, id_ = _folder_and_id(source)
            if folder in entries and "." not in id_:
                entries[folder][id_] = Existing(id_, source.path, source.data, source.body)
        taken = {
            folder: {p.name.split(".")[0] for p in (site / CONTENT_DIR / folder).glob("*.md")} for folder in entries
        }
        broken = {p.file: p.message for p in found.errors if p.file.startswith(CONTENT_DIR + "/")}
        config = scan.config
        one_project = config is not None and config.data.get("mode") == "project" and not config.data.get("project")
        one_project_line = config.position(("mode",))[0] if config and one_project else None
        return cls(entries, taken, broken, one_project_line), vocabularies

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


def match_projects(
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


def _id_of(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass(eq=False)
class OrganisationGroup:
    """One organisation, gathered from every row that names it.

    Compared by identity: two groups are two organisations even when their fields agree."""

    identity: tuple[str, str]
    """(country, normalised name), as in `OrganisationSlot.identity`."""
    host: str
    fields: dict[str, Any]
    """For each field, the first value a row gives (a specific type beats 'other')."""

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


def match_organisations(
    groups: list[OrganisationGroup], state: SiteState, ledger: Ledger
) -> dict[OrganisationGroup, Target]:
    """Every group's file, in the groups' order (the order they are written in): the ledger's, an existing
    file with the same name and country, or a new id."""
    records = ledger.records["organisations"]
    existing = state.entries["organisations"]
    targets: dict[OrganisationGroup, Target] = {}
    unmatched = []
    claimed: set[str] = set()
    for group in groups:
        record = records.get(group.key)
        id_ = _id_of(record.file) if record else ""
        if record and (id_ in existing or record.file in state.broken):
            targets[group] = Target(group.key, id_, existing.get(id_), record)
            claimed.add(record.file)
        else:
            unmatched.append(group)
    if not unmatched:
        return targets
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
            targets[group] = Target(group.key, entry.id, entry, records.pop(old_key) if old_key else None)
        elif record:  # deleted by hand, but projects refer to it: write it again under its old id
            targets[group] = Target(group.key, _id_of(record.file), None, record)
            state.taken["organisations"].add(targets[group].id)
        else:
            base = slugify(str(group.fields["name"]), max_length=60, word_boundary=True) or "organisation"
            targets[group] = Target(
                group.key, state.claim("organisations", f"{base}-{group.identity[0].lower()}"), None, None
            )
    return {group: targets[group] for group in groups}


def project_partners(
    members: list[tuple[OrganisationGroup, str]],
    targets: dict[OrganisationGroup, Target],
    line: int,
    source: str,
    report: Report,
) -> list[dict[str, str]]:
    """A project's `partners` field: each (organisation, role) of its row, each organisation once."""
    partners: list[dict[str, str]] = []
    roles: dict[str, str] = {}
    for group, role in members:
        id_ = targets[group].id
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


class Writer:
    """Merges entries into their files (or only counts, on a dry run) and keeps the ledger up to date."""

    def __init__(self, site: Path, ledger: Ledger, state: SiteState, source: str, report: Report, *, dry_run: bool):
        self.site = site
        self.ledger = ledger
        self.state = state
        self.source = source
        """The export, which errors about a row name."""
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
    ) -> bool:
        """Merge one entry into its file; False when its file is unreadable and was left alone.

        `line` is the entry's row in the export (0 for organisations, which come from many rows)."""
        path = f"{CONTENT_DIR}/{folder}/{target.id}.md"
        if path in self.state.broken:
            self.report.error(
                self.source,
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

    def save_ledger(self) -> None:
        """Save the ledger (not on a dry run); a failure is an error in the report."""
        if self.dry_run:
            return
        try:
            self.ledger.save()
        except OSError as exc:
            self.report.error(
                str(exc.filename or self.ledger.path),
                f"the import ledger cannot be written: {exc.strerror}",
                hint="check the folder's permissions and free space, then import again",
            )
