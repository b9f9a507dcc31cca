"""Open-data exports of the whole catalogue: catalogue.json, projects.csv, results.csv, statistics.csv
and their DCAT-AP.

``projects.csv`` has the columns of the Commission's "Projects Overview" export, exactly
as it writes them (``EL`` and ``UK`` for Greece and the United Kingdom, ``Yes``/``No``,
``finalized``, amounts as ``250000.00``, UTF-8 with a byte-order mark and CRLF line
ends), so that an agency can set the two side by side; there are as many partner slots
as the largest partnership in the site has partners. ``results.csv`` follows the same
conventions with columns of its own, keyed on ``Project Identifier``.
``catalogue.json`` holds everything, with codes explained in its ``vocabularies``;
docs/outputs.md and docs/catalogue.schema.json document it. Drafts are never exported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..graph import STATISTICS, PageNode, SiteGraph
from ..models import Organisation, Project, Result
from . import locations
from .dcat import describe
from .pieces import Piece, PieceReader
from .texts import Texts

CATALOGUE_FORMAT = 1
"""Raised whenever catalogue.json changes in a way that can break a reader."""

PROJECT_COLUMNS = [
    "Programme",
    "Key Action",
    "Action Type",
    "Call year",
    "Project Identifier",
    "Project Title",
    "Topics",
    "Project Summary",
    "Project Status",
    "EU Grant award in euros (This amount represents the grant awarded after the selection stage and is "
    "indicative. Please note that any changes made during or after the project's lifetime will not be "
    "reflected here.)",
    "Is Good Practice",
    "Is Success Story",
    "Project Website",
    "Results Available",
    "Results Platform Project Card",
    "Participating countries",
    "Coordinating organisation name",
    "Coordinating organisation type",
    "Coordinator's address",
    "Coordinator's region",
    "Coordinator's country",
    "Coordinator's website",
]
PARTNER_COLUMNS = [
    "Partner {n} name",
    "Partner {n} organisation type",
    "Partner {n} address",
    "Partner {n} region",
    "Partner {n} country",
    "Partner {n} website",
]
RESULT_COLUMNS = [
    "Project Identifier",
    "Project Title",
    "Result Title",
    "Result Type",
    "Output or Outcome",
    "Result Status",
    "Publication Date",
    "Languages",
    "Result Summary",
    "Licence",
    "Licence URL",
    "Open Licence",
    "DOI",
    "Authors",
    "Target Audience",
    "Educational Levels",
    "Accessibility Features",
    "Keywords",
    "Editable Source Available",
    "Files",
    "Reuse Level",
    "Adaptation Effort",
    "Tested in countries",
    "Reuse Readiness",
    "Result Page",
    "Results Platform Project Card",
]
STATISTICS_COLUMNS = ["Table", "Code", "Label", "Value"]
STATISTICS_VOCABULARIES = {
    "countries": "countries",
    "fields": "fields",
    "actions": "actions",
    "categories": "result_categories",
    "licences": "licences",
    "languages": "languages",
}
"""The vocabulary that labels each kind of row of the statistics (`graph.STATISTICS`); years,
statuses and readiness scores are their own labels."""
VOCABULARIES = (
    "actions",
    "fields",
    "priorities",
    "result_categories",
    "organisation_types",
    "licences",
    "countries",
    "languages",
    "educational_levels",
    "accessibility_features",
)
"""The vocabularies whose codes catalogue.json uses, and so explains."""
STATUS = {"planned": "ongoing", "ongoing": "ongoing", "finalised": "finalized"}
"""Our project status -> the export's, which knows only these two."""


def export_pieces(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[Piece]:
    """A published entry's row of projects.csv or results.csv and its object in catalogue.json,
    made with its default-language page."""
    if node.lang != graph.default_language or node.kind not in ("project", "result", "organisation"):
        return
    if graph.doc(node.kind, node.key).entry.draft:
        return  # drafts are never exported, not even by a preview
    catalogue = Catalogue(graph)
    id_ = node.key
    if node.kind == "project":
        yield "projects.csv", id_, _json(catalogue.project_row(id_))
        yield "catalogue:projects", id_, _json(catalogue.project_json(id_))
    elif node.kind == "result":
        yield "results.csv", id_, _json(catalogue.result_row(id_))
        yield "catalogue:results", id_, _json(catalogue.result_json(id_))
    else:
        yield "catalogue:organisations", id_, _json(catalogue.organisation_json(id_))


class ExportsJoin:
    """The exports: three from their entries' pieces, the statistics from the graph's figures;
    then their DCAT-AP description (which states their sizes and checksums)."""

    name = "exports"

    def files(self, graph: SiteGraph) -> list[str]:
        return ["projects.csv", "results.csv", "catalogue:projects", "catalogue:results", "catalogue:organisations"]

    def make(self, graph: SiteGraph, texts: Texts, pieces: PieceReader) -> Iterable[tuple[str, bytes]]:
        projects = [json.loads(row) for row in pieces("projects.csv")]
        # As many partner slots as the largest partnership has partners, each row padded to them.
        width = max((len(row) for row in projects), default=len(PROJECT_COLUMNS))
        header = PROJECT_COLUMNS + [
            column.format(n=n) for n in range(1, (width - len(PROJECT_COLUMNS)) // 6 + 1) for column in PARTNER_COLUMNS
        ]
        files = {
            locations.CATALOGUE_JSON: _catalogue(graph, pieces),
            locations.PROJECTS_CSV: _csv(header, [row + [""] * (width - len(row)) for row in projects]),
            locations.RESULTS_CSV: _csv(RESULT_COLUMNS, [json.loads(row) for row in pieces("results.csv")]),
            locations.STATISTICS_CSV: _csv(STATISTICS_COLUMNS, statistics_rows(graph)),
        }
        for url, data in files.items():
            yield locations.file_path(url), data
        yield describe(graph, texts, files)


def _catalogue(graph: SiteGraph, pieces: PieceReader) -> bytes:
    """catalogue.json: the site, then each kind's entries as their pieces give them, then the vocabularies."""
    config, vocab = graph.config, graph.vocabularies
    head = {
        "format": CATALOGUE_FORMAT,
        "generator": f"Partnership Showcase {__version__}",
        "generated": graph.today.isoformat(),
        "site": {
            "title": config.title,
            "description": config.description,
            "url": config.base_url,
            "mode": config.mode,
            "languages": config.languages,
            "publisher": config.publisher.model_dump(mode="json"),
        },
    }
    vocabularies = {name: {code: entry["label"] for code, entry in vocab[name].items()} for name in VOCABULARIES}
    parts = [_json(head)[:-1]]
    for kind in ("projects", "results", "organisations"):
        parts.append(b',"' + kind.encode() + b'":[' + b",".join(pieces(f"catalogue:{kind}")) + b"]")
    parts.append(b',"vocabularies":' + _json(vocabularies) + b"}")
    return b"".join(parts)


def _json(value: object) -> bytes:
    # Compact: indenting would leave json's fast C encoder for its slow Python one.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def spreadsheet_safe(cell: str) -> str:
    """The cell as text a spreadsheet shows and never runs: a formula-like start gets a leading
    single quote, as OWASP recommends. No number is touched: none of the columns' numbers
    (years, grants, which are never negative) starts with one of these characters."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def statistics_rows(graph: SiteGraph) -> Iterable[list[str]]:
    """The statistics page's figures, one row per figure: counts as integers, euros with cents."""
    for table, figures in graph.statistics().items():
        vocabulary = STATISTICS_VOCABULARIES.get(STATISTICS[table])
        for code, value in figures:
            label = graph.vocabularies.label(vocabulary, code) if vocabulary else code
            yield [table, code, label, f"{value:.2f}" if table.startswith("grant_") else str(int(value))]


def _csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    # The Commission's files start with a byte-order mark, which is also what makes Excel read UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


class Catalogue:
    """What the exports say of each published (non-draft) entry."""

    def __init__(self, graph: SiteGraph):
        self.graph = graph
        self.vocab = graph.vocabularies

    def published(self, kind: str, id_: str) -> bool:
        return not self.graph.doc(kind, id_).entry.draft

    def url(self, kind: str, id_: str) -> str:
        return locations.absolute(self.graph, self.graph.url(kind, id_))

    def eprp_country(self, code: str) -> str:
        return self.vocab["countries"].get(code, {}).get("eprp_code", code)

    def organisation_type(self, code: str) -> str:
        entry = self.vocab["organisation_types"].get(code, {})
        return (entry.get("eprp_labels") or [entry.get("label", code)])[0]

    # -- projects.csv ---------------------------------------------------------------------

    def project_row(self, id_: str) -> list[str]:
        """The project's row, without the empty partner slots the file pads it with."""
        project = self.graph.doc(Project, id_).entry
        facts = self.graph.project(id_)
        action = self.vocab["actions"].get(project.action, {})
        flags = project.platform
        topics = [self.vocab.label("priorities", p) for p in project.priorities] + project.topics
        published_results = [
            r
            for r in facts.results
            if self.published("result", r) and self.graph.doc(Result, r).entry.status == "final"
        ]
        coordinator = next(p.organisation for p in project.partners if p.role == "coordinator")
        partners = [p.organisation for p in project.partners if p.role != "coordinator"]
        row = [
            "Erasmus+",
            action.get("key_action", ""),
            (action.get("eprp_labels") or [action.get("label", "")])[0],
            str(project.call_year),
            project.code,
            project.title,
            "; ".join(topics),
            project.summary,
            STATUS[facts.status],
            f"{project.eu_grant:.2f}" if project.eu_grant is not None else "",
            _yes_no(bool(flags and flags.good_practice)),
            _yes_no(bool(flags and flags.success_story)),
            project.website or "",
            _yes_no(bool(published_results or (flags and flags.results_available))),
            facts.platform_url,
            ",".join(self.eprp_country(c) for c in facts.countries),
            *self.organisation_columns(coordinator),
        ]
        for partner in partners:
            row += self.organisation_columns(partner)
        return row

    def organisation_columns(self, id_: str) -> list[str]:
        """Name, type, address, region, country, website: the export's six columns per organisation."""
        organisation = self.graph.doc(Organisation, id_).entry
        return [
            organisation.name,
            self.organisation_type(organisation.type),
            organisation.city or "",
            organisation.region or "",
            self.eprp_country(organisation.country),
            organisation.website or "",
        ]

    # -- results.csv ----------------------------------------------------------------------

    def result_row(self, id_: str) -> list[str]:
        result = self.graph.doc(Result, id_).entry
        project = self.graph.doc(Project, result.project).entry
        licence = self.vocab["licences"].get(result.licence, {})
        readiness = self.graph.readiness(id_)
        t = result.transferability
        return [
            project.code,
            project.title,
            result.title,
            self.vocab.label("result_categories", result.category),
            result.kind,
            result.status,
            result.published.isoformat() if result.published else "",
            ",".join(result.languages),
            result.summary,
            result.licence,
            licence.get("url", ""),
            _yes_no(bool(licence.get("open"))),
            result.doi or "",
            "; ".join(a.name for a in result.authors),
            "; ".join(result.audience),
            "; ".join(self.vocab.label("educational_levels", level) for level in result.educational_levels),
            ",".join(result.accessibility),
            "; ".join(result.keywords),
            _yes_no(any(f.editable for f in result.files)),
            "; ".join(self.file_url(f) for f in result.files),
            t.reuse or "",
            t.effort or "",
            ",".join(self.eprp_country(c) for c in t.tested_countries),
            f"{readiness.score}/{readiness.total}",
            self.url("result", id_),
            self.graph.project(result.project).platform_url,
        ]

    def file_url(self, file: Any) -> str:
        return locations.absolute(self.graph, "/" + file.path) if file.path else file.url

    # -- catalogue.json -------------------------------------------------------------------

    def translations(self, kind: str, id_: str) -> dict[str, str]:
        return {lang: locations.absolute(self.graph, url) for lang, url in self.graph.translations(kind, id_).items()}

    def project_json(self, id_: str) -> dict[str, Any]:
        project = self.graph.doc(Project, id_).entry
        facts = self.graph.project(id_)
        return {
            "id": id_,
            "url": self.url("project", id_),
            "translations": self.translations("project", id_),
            "code": project.code,
            "acronym": project.acronym,
            "title": project.title,
            "action": project.action,
            "field": facts.education_field,
            "call_year": project.call_year,
            "period": facts.period,
            "agency": project.agency,
            "granting_authority": facts.granting_authority or None,
            "funding_statement": facts.funding_statement,
            "status": facts.status,
            "start": project.start.isoformat() if project.start else None,
            "end": project.end.isoformat() if project.end else None,
            "eu_grant": project.eu_grant,
            "countries": facts.countries,
            "coordinator": facts.coordinator,
            "partners": [p.model_dump(mode="json") for p in project.partners],
            "priorities": project.priorities,
            "topics": project.topics,
            "target_groups": project.target_groups,
            "languages": project.languages,
            "summary": project.summary,
            "website": project.website,
            "platform_url": facts.platform_url,
            "platform": project.platform.model_dump(mode="json") if project.platform else None,
            "logo": locations.absolute(self.graph, "/" + project.logo.src) if project.logo else None,
            "results": [r for r in facts.results if self.published("result", r)],
        }

    def result_json(self, id_: str) -> dict[str, Any]:
        result = self.graph.doc(Result, id_).entry
        readiness = self.graph.readiness(id_)
        transferability = result.transferability.model_dump(mode="json")
        if result.transferability.guide_file:
            transferability["guide_file"] = locations.absolute(self.graph, "/" + result.transferability.guide_file)
        return {
            "id": id_,
            "url": self.url("result", id_),
            "translations": self.translations("result", id_),
            "project": result.project,
            "title": result.title,
            "category": result.category,
            "kind": result.kind,
            "status": result.status,
            "published": result.published.isoformat() if result.published else None,
            "languages": result.languages,
            "summary": result.summary,
            "doi": result.doi,
            "licence": result.licence,
            "licence_url": self.vocab["licences"].get(result.licence, {}).get("url"),
            "authors": [a.model_dump(mode="json") for a in result.authors],
            "audience": result.audience,
            "educational_levels": result.educational_levels,
            "accessibility": result.accessibility,
            "keywords": result.keywords,
            "image": locations.absolute(self.graph, "/" + result.image.src) if result.image else None,
            "files": [
                {
                    "title": f.title,
                    "url": self.file_url(f),
                    "format": f.format,
                    "language": f.language,
                    "editable": f.editable,
                    "size": self.graph.static_size(f.path) if f.path else None,
                }
                for f in result.files
            ],
            "readiness": {
                "score": readiness.score,
                "total": readiness.total,
                "met": list(readiness.met),
                "missing": list(readiness.missing),
            },
            "transferability": transferability,
            "citations": {
                style: locations.absolute(
                    self.graph, locations.citation(self.graph, id_, self.graph.default_language, style)
                )
                for style in locations.CITATION_FILES
            },
        }

    def organisation_json(self, id_: str) -> dict[str, Any]:
        organisation = self.graph.doc(Organisation, id_).entry
        return {
            "id": id_,
            "url": self.url("organisation", id_),
            "translations": self.translations("organisation", id_),
            "name": organisation.name,
            "name_en": organisation.name_en,
            "oid": organisation.oid,
            "pic": organisation.pic,
            "type": organisation.type,
            "country": organisation.country,
            "region": organisation.region,
            "city": organisation.city,
            "latitude": organisation.latitude,
            "longitude": organisation.longitude,
            "website": organisation.website,
            "logo": locations.absolute(self.graph, "/" + organisation.logo.src) if organisation.logo else None,
            "projects": [
                {"project": p, "role": role} for p, role in self.graph.projects_of(id_) if self.published("project", p)
            ],
        }
