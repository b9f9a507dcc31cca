"""The DCAT-AP description of the open-data exports, as JSON-LD: what open-data portals harvest.

One ``dcat:Catalog`` (the site) with one ``dcat:Dataset`` per export, each with its
``dcat:Distribution``: the file's address, format (from the EU's file-type authority
table), media type, size and checksum. Titles are in every site language, from the
theme's section names; descriptions are in English. DCAT-AP's mandatory properties
(title, description, publisher, datasets; a distribution's access URL) are always there.
No licence is stated: the site's content carries none that would cover the metadata.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from ..graph import SiteGraph
from ..views.wording import section_title
from . import locations
from .texts import Texts

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Dataset:
    url: str
    sections: tuple[str, ...]
    """The theme's section names that make up the title, e.g. ('projects',)."""
    description: str
    file_type: str
    """Code in the EU file-type table: JSON, CSV."""
    media_type: str


DATASETS = (
    Dataset(
        locations.CATALOGUE_JSON,
        ("projects", "results", "organisations"),
        "Every project, result and organisation of the site with all their published details, as JSON; "
        "codes are explained in the file's own 'vocabularies'.",
        "JSON",
        "application/json",
    ),
    Dataset(
        locations.PROJECTS_CSV,
        ("projects",),
        "One row per project, with the column names and conventions of the Erasmus+ Projects Overview "
        "export of the European Commission, so that the two can be compared.",
        "CSV",
        "text/csv",
    ),
    Dataset(
        locations.RESULTS_CSV,
        ("results",),
        "One row per project result: category, languages, licence, DOI, educational levels, "
        "accessibility and how ready it is for reuse, keyed on the Erasmus+ project code.",
        "CSV",
        "text/csv",
    ),
    Dataset(
        locations.STATISTICS_CSV,
        ("statistics",),
        "The figures of the site's statistics page, one row per figure: projects by call year, country, "
        "field, action type and status; EU grants by country and year; results by category, licence, "
        "language and readiness for reuse; organisations by country.",
        "CSV",
        "text/csv",
    ),
)


def describe(graph: SiteGraph, texts: Texts, files: dict[str, bytes]) -> tuple[str, bytes]:
    """The DCAT-AP file for the exports; `files` holds their bytes, by site-relative URL."""
    config = graph.config
    base = locations.absolute(graph, locations.DCAT)
    publisher = {"@id": base + "#publisher"}
    modified = {"@value": graph.today.isoformat(), "@type": "xsd:date"}
    contact: dict[str, object] = {"@type": "vcard:Organization", "vcard:fn": config.publisher.name}
    if config.publisher.email:
        contact["vcard:hasEmail"] = {"@id": f"mailto:{config.publisher.email}"}
    nodes: list[dict[str, object]] = [
        {
            "@id": base + "#catalogue",
            "@type": "dcat:Catalog",
            "dct:title": _in_languages(graph, "title"),
            "dct:description": _in_languages(graph, "description")
            if config.description
            else _in_languages(graph, "title"),
            "dct:publisher": publisher,
            "foaf:homepage": {"@id": config.base_url},
            "dct:modified": modified,
            "dcat:dataset": [{"@id": base + "#" + _name(dataset)} for dataset in DATASETS],
        },
        {
            "@id": publisher["@id"],
            "@type": "foaf:Agent",
            "foaf:name": config.publisher.name,
            **({"foaf:homepage": {"@id": config.publisher.url}} if config.publisher.url else {}),
        },
    ]
    for dataset in DATASETS:
        data = files[dataset.url]
        address = {"@id": locations.absolute(graph, dataset.url)}
        titles = [
            {
                "@value": f"{config.text_in('title', lang)[0]}: "
                + ", ".join(section_title(texts[lang], s) for s in dataset.sections),
                "@language": lang,
            }
            for lang in graph.languages
        ]
        nodes.append(
            {
                "@id": base + "#" + _name(dataset),
                "@type": "dcat:Dataset",
                "dct:title": titles,
                "dct:description": [{"@value": dataset.description, "@language": "en"}],
                "dcat:keyword": [
                    "Erasmus+",
                    "cooperation partnerships",
                    "project results",
                    "open educational resources",
                ],
                "dcat:theme": {"@id": EU_AUTHORITY + "data-theme/EDUC"},
                "dct:publisher": publisher,
                "dcat:contactPoint": contact,
                "dct:modified": modified,
                "dct:accessRights": {"@id": EU_AUTHORITY + "access-right/PUBLIC"},
                "dcat:landingPage": {"@id": config.base_url},
                "dcat:distribution": {
                    "@id": base + "#" + _name(dataset) + "-file",
                    "@type": "dcat:Distribution",
                    "dct:title": titles,
                    "dcat:accessURL": address,
                    "dcat:downloadURL": address,
                    "dct:format": {"@id": EU_AUTHORITY + "file-type/" + dataset.file_type},
                    "dcat:mediaType": {"@id": MEDIA_TYPES + dataset.media_type},
                    "dcat:byteSize": {"@value": str(len(data)), "@type": "xsd:nonNegativeInteger"},
                    "spdx:checksum": {
                        "@type": "spdx:Checksum",
                        "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
                        "spdx:checksumValue": {"@value": hashlib.sha256(data).hexdigest(), "@type": "xsd:hexBinary"},
                    },
                    "dct:modified": modified,
                },
            }
        )
    document = {"@context": CONTEXT, "@graph": nodes}
    return locations.file_path(locations.DCAT), json.dumps(document, ensure_ascii=False, indent=1).encode()


def _in_languages(graph: SiteGraph, name: Literal["title", "description"]) -> list[dict[str, str]]:
    """The site's title or description in each language it is written in (showcase.yaml's translations)."""
    found: dict[str, str] = {}
    for lang in graph.languages:
        text, written_in = graph.config.text_in(name, lang)
        found.setdefault(written_in, text)
    return [{"@value": text, "@language": lang} for lang, text in found.items()]


def _name(dataset: Dataset) -> str:
    """'/exports/projects.csv' -> 'projects-csv': the dataset's fragment in the file."""
    return dataset.url.rsplit("/", 1)[-1].replace(".", "-")
