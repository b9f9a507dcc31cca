"""How to cite each result: BibTeX, RIS and CITATION.cff (Citation File Format 1.2.0).

The three files sit beside the result's page, in every language the page exists in, and
say the same things: title, authors (the partnership itself, by its acronym, when the
result names no people), year and date, DOI, address, keywords and the Erasmus+ project
with its code; CITATION.cff also states the licence, which BibTeX and RIS have no field for.
A result is cited as a ``misc`` work (BibTeX) or by the RIS type nearest to its category;
citation managers know no better fit for a handbook or a curriculum.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from ..graph import PageNode, SiteGraph
from ..models import Project, Result
from ..views.builder import title_of
from . import locations
from .texts import Texts

RIS_TYPES = {
    "scientific": "RPRT",
    "statistical": "DATA",
    "policy-recommendation": "RPRT",
    "press-article": "NEWS",
    "website-platform": "ELEC",
    "mobile-app": "COMP",
    "video": "VIDEO",
    "photo": "ART",
    "presentation": "SLIDE",
    "handbook-guide": "BOOK",
    "publication": "PAMP",
    "e-learning": "ELEC",
}
"""Result category -> RIS reference type; GEN (generic) for the others."""

DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's safe dumper when PyYAML was built with it: ten times faster for thousands of files."""
SOFTWARE_CATEGORIES = frozenset({"mobile-app", "website-platform"})
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# BibTeX counts braces even after a backslash, so a brace in a title is written as a command.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def citation_files(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[tuple[str, bytes]]:
    """The three citation files beside a result page, in the page's language."""
    citation = Citation(graph, node.key, node.lang)
    yield locations.file_path(locations.citation(graph, node.key, node.lang, "bibtex")), citation.bibtex().encode()
    yield locations.file_path(locations.citation(graph, node.key, node.lang, "ris")), citation.ris().encode()
    yield locations.file_path(locations.citation(graph, node.key, node.lang, "cff")), citation.cff().encode()


class Citation:
    """What the three formats say about one result in one language."""

    def __init__(self, graph: SiteGraph, result_id: str, lang: str):
        doc = graph.doc(Result, result_id, lang)
        self.id = result_id
        self.result = doc.entry
        project_doc = graph.doc(Project, self.result.project, lang)
        self.project = project_doc.entry
        self.project_name = title_of(project_doc)
        self.partnership = self.project.acronym or self.project.title
        self.url = locations.absolute(graph, graph.url("result", result_id, lang))
        self.lang = doc.lang
        self.licence = graph.vocabularies["licences"].get(self.result.licence, {})
        self.publisher = graph.config.publisher.name
        self.note = f"Erasmus+ project {self.project.code}: {self.project_name}"

    @property
    def people(self) -> list[str]:
        return [author.name for author in self.result.authors]

    def bibtex(self) -> str:
        result = self.result
        # Braces around the partnership's name and the title keep BibTeX from re-casing or
        # splitting them; a month is written as BibTeX's own macro (jan, feb...).
        authors = " and ".join(_bibtex_text(name) for name in self.people) or "{" + _bibtex_text(self.partnership) + "}"
        fields = [
            ("author", "{" + authors + "}"),
            ("title", "{{" + _bibtex_text(result.title) + "}}"),
            ("year", f"{{{result.published.year}}}" if result.published else ""),
            ("month", MONTHS[result.published.month - 1] if result.published else ""),
            ("publisher", "{" + _bibtex_text(self.publisher) + "}"),
            ("howpublished", r"{\url{" + _bibtex_url(self.url) + "}}"),
            ("url", "{" + _bibtex_url(self.url) + "}"),
            ("doi", "{" + _bibtex_url(result.doi) + "}" if result.doi else ""),
            ("language", "{" + self.lang + "}"),
            ("keywords", "{" + _bibtex_text(", ".join(result.keywords)) + "}" if result.keywords else ""),
            ("note", "{" + _bibtex_text(self.note) + "}"),
        ]
        key = f"{self.id}-{result.published.year}" if result.published else self.id
        lines = [f"  {name} = {value}" for name, value in fields if value]
        return f"@misc{{{key},\n" + ",\n".join(lines) + "\n}\n"

    def ris(self) -> str:
        result = self.result
        tags = [("TY", RIS_TYPES.get(result.category, "GEN"))]
        tags += [("AU", name) for name in self.people or [self.partnership]]
        tags += [("TI", result.title)]
        if result.published:
            tags += [("PY", str(result.published.year)), ("DA", result.published.strftime("%Y/%m/%d/"))]
        tags += [("PB", self.publisher), ("UR", self.url), ("LA", self.lang)]
        if result.doi:
            tags.append(("DO", result.doi))
        tags += [("KW", keyword) for keyword in result.keywords]
        if result.summary:
            tags.append(("AB", result.summary))
        tags += [("N1", self.note), ("ER", "")]
        # The format has no escaping: each value is kept on its one line.
        return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in tags)

    def cff(self) -> str:
        result = self.result
        # The model keeps a person's name whole, so authors are written as CFF entities
        # (a name) rather than split into given and family names by guesswork.
        authors: list[dict[str, str]] = [{"name": name} for name in self.people] or [{"name": self.partnership}]
        for author, source in zip(authors, result.authors, strict=False):
            if source.orcid:
                author["orcid"] = f"https://orcid.org/{source.orcid}"
        spdx = not result.licence.startswith("LicenseRef-")
        data: dict[str, object] = {
            "cff-version": "1.2.0",
            "message": "If you use or adapt this result, please cite it as below.",
            # CFF knows two types of work: software, and data for everything else.
            "type": "software" if result.category in SOFTWARE_CATEGORIES else "dataset",
            "title": result.title,
            "authors": authors,
            "abstract": result.summary or None,
            "date-released": result.published.isoformat() if result.published else None,
            "doi": result.doi,
            "url": self.url,
            "identifiers": [
                {
                    "type": "other",
                    "value": self.project.code,
                    "description": f"Erasmus+ project code of {self.project_name}",
                }
            ],
            "license": result.licence if spdx else None,
            "license-url": None if spdx else self.licence.get("url"),
            "keywords": result.keywords or None,
        }
        return yaml.dump(
            {key: value for key, value in data.items() if value is not None},
            Dumper=DUMPER,
            sort_keys=False,
            allow_unicode=True,
            width=1000,
        )


def _bibtex_text(text: str) -> str:
    return "".join(BIBTEX_SPECIAL.get(character, character) for character in " ".join(text.split()))


def _bibtex_url(url: str) -> str:
    """A URL or DOI as BibTeX takes it verbatim: only braces and backslashes need percent-encoding."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
