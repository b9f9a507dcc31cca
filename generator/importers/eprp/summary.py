"""What an import did: the counts ``showcase import eprp`` prints and the problems it reports.

Every stage adds to one `ImportSummary`, which `import_eprp` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import Report


@dataclass
class Counts:
    """What happened to the projects, or the organisations, of an import."""

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
