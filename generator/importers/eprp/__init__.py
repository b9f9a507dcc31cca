"""Importing the Commission's Erasmus+ project lists (``showcase import eprp``).

The Erasmus+ Project Results Platform exports projects as CSV, which agencies also open
and save as XLSX: one row per project with 16 project columns, 6 for the coordinator and
up to 100 partner slots of 6 columns each. The stages, in the order `import_eprp` runs them,
and the module that owns each:

1. read the site: its vocabularies, its project and organisation files (`merge`), the import ledger;
2. read the export (`..tables`: CSV or XLSX, any delimiter, with or without BOM) and find
   its columns in the header (`layout`);
3. filter and map every row to a project and its organisations (`rows`, with the parsers of
   single cells in `values`): action and organisation type labels to vocabulary codes, EL/UK
   to GR/GB, grants in either number format, addresses to towns, websites to URLs; bad rows
   are reported with their line and left out;
4. match each project to its file (ledger, then project code) and group organisations
   across rows into one organisation each, with a stable id (`merge`);
5. merge into the files with `..content_files`, which keeps what editors wrote, and save
   the ledger (`merge`).

Every row is read and mapped before anything is written, so a file that turns out to be
unreadable halfway leaves the site untouched. Personal data (contact persons, e-mails,
phones) is never read: the content model has no place for it on organisations or projects.
`summary` holds what an import did, which every stage adds to.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import ContentError, Report
from ...sources import CONFIG_FILE
from ..content_files import Ledger, write_atomically
from .merge import OrganisationIndex, SiteState, Writer, match_organisations, match_projects, project_partners
from .rows import RowFilter, read_export
from .summary import ImportSummary
from .values import parse_grant, town, website

__all__ = ["ImportSummary", "RowFilter", "import_eprp", "parse_grant", "town", "website"]
"""What the command and the tests use; `values` holds the parsers of single cells."""

IMPORTER = "eprp"

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


def import_eprp(export: Path, site: Path, only: RowFilter, *, dry_run: bool = False) -> ImportSummary:
    """Import an Erasmus+ project list into `site`.

    Raises ContentError, having written nothing, when the file is not a usable export or the
    site's vocabularies are broken. Bad rows and write failures are errors in the summary's report.
    """
    summary = ImportSummary(dry_run=dry_run)
    report, source = summary.report, str(export)
    # 1. The site.
    state, vocabularies = SiteState.read(site, report)
    if report.errors:
        raise ContentError(report)
    ledger = Ledger.load(site, IMPORTER, report)
    # 2-3. The export, every row mapped before anything is written.
    layout, rows = read_export(export, vocabularies, only, summary)
    # 4. Each entry's file.
    projects = match_projects(rows, state, ledger, summary, source)
    _check_room_for_projects(state, [target.id for _, target in projects], report)
    index = OrganisationIndex()
    memberships = [[(index.add(slot), role) for slot, role in row.organisations] for row, _ in projects]
    organisations = match_organisations(index.all(), state, ledger)
    # 5. Merging and writing.
    writer = Writer(site, ledger, state, source, report, dry_run=dry_run)
    try:
        if not (site / CONFIG_FILE).is_file():
            summary.config_created = True
            if not dry_run:
                write_atomically(site / CONFIG_FILE, CATALOGUE_CONFIG)
        # Organisations first: a project file never refers to an organisation not yet written.
        for group, target in organisations.items():
            writer.put(
                "organisations", target, group.fields, layout.owned_organisation_fields(), summary.organisations, 0
            )
        for (row, target), members in zip(projects, memberships, strict=True):
            row.fields["partners"] = project_partners(members, organisations, row.line, source, report)
            if not writer.put(
                "projects", target, row.fields, layout.owned_project_fields(), summary.projects, row.line
            ):
                summary.projects.skipped += 1
    except OSError as exc:
        report.error(
            str(exc.filename or site),
            f"cannot be written: {exc.strerror}",
            hint="check the folder's permissions and free space, then import again: "
            "the files written so far are complete",
        )
    writer.save_ledger()
    return summary


def _check_room_for_projects(state: SiteState, imported: list[str], report: Report) -> None:
    """Refuse, before anything is written, an import that would leave a one-project site with several."""
    projects = set(state.entries["projects"]) | set(imported)
    if state.one_project_line is not None and len(projects) > 1:
        report.error(
            CONFIG_FILE,
            f"mode is 'project' (one partnership's site) but the import would give the site {len(projects)} projects",
            line=state.one_project_line,
            hint="for a catalogue of many projects, set 'mode: catalogue' in showcase.yaml (or start a new "
            "site with: showcase init DIR --catalogue); to keep one partnership's site, name its project "
            "with 'project: <id>' in showcase.yaml",
        )
        raise ContentError(report)
