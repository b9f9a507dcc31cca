"""Dissemination outputs, each checked by an outside validator rather than by our own code.

- Atom feeds: feedparser parses them, and RFC 4287's MUST elements are checked on the XML;
- the sitemap: xmllint against the sitemaps.org XSD (with the hreflang ``xhtml:link``
  element declared, since the full XHTML schema cannot be fetched offline);
- JSON-LD: extruct takes it out of every page, pyld expands it with schema.org's own
  context (from the ``schemaorg`` package, no network), and every type, property and
  enumeration value is looked up in the schema.org 12.0 vocabulary, with each property's
  domain checked against the node's types;
- citations: pybtex parses the BibTeX, rispy the RIS, jsonschema checks CITATION.cff
  against the Citation File Format 1.2.0 schema (tests/data, from the cffconvert package);
- calendars: icalendar parses them; CSV exports are read back with the csv module, and
  projects.csv goes through our importer of the Commission's exports; catalogue.json is
  checked against docs/catalogue.schema.json; the DCAT-AP file is read by rdflib, its terms
  looked up in rdflib's closed DCAT, DCTERMS and FOAF namespaces.

The demo site is built once per session (the `demo_site` fixture); behaviours the demo
does not show are tested on small sites written inline (`make_site`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import PROJECT, RESULT

from generator.build import BuildOptions, build_site, built_graph, check_site
from generator.importers.eprp import RowFilter, import_eprp
from generator.outputs import locations
from generator.outputs.sitemap import SitemapJoin

REPO_ROOT = Path(__file__).resolve().parents[2]
TESTS = REPO_ROOT / "tests"
EPRP_SAMPLE = TESTS / "fixtures" / "eprp" / "projects-overview-2018-sample.csv"
CFF_SCHEMA = TESTS / "data" / "cff-1.2.0.schema.json"
CATALOGUE_SCHEMA = REPO_ROOT / "docs" / "catalogue.schema.json"
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = "http://schema.org/"
ROLE_TYPES = {"Role", "OrganizationRole", "PerformanceRole", "EmployeeRole", "LinkRole"}

# The XSD's strict wildcard wants a declaration for the hreflang links search engines read;
# the XHTML 1.0 schema that declares them cannot be fetched offline, so this declares the
# one element with the attributes search engines document for it.
XHTML_LINK_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/1999/xhtml"
           elementFormDefault="qualified">
  <xs:element name="link">
    <xs:complexType>
      <xs:attribute name="rel" use="required">
        <xs:simpleType>
          <xs:restriction base="xs:string"><xs:enumeration value="alternate"/></xs:restriction>
        </xs:simpleType>
      </xs:attribute>
      <xs:attribute name="hreflang" type="xs:language" use="required"/>
      <xs:attribute name="href" type="xs:anyURI" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""
SITEMAP_WITH_LINKS_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{sitemap}"/>
  <xs:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="{xhtml}"/>
</xs:schema>
"""

EVENT = """\
---
project: testing
title: Multiplier event in Lisbon
type: multiplier-event
start: 2027-06-03T10:00:00
end: 2027-06-03T16:30:00
place: {name: Biblioteca, city: Lisboa, country: PT}
summary: Results presented to teachers.
---
"""


# --- helpers -------------------------------------------------------------------------


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def served_path(site: Path, url: str, base_url: str) -> Path:
    """The output file an absolute or site-relative URL of the built site is served from."""
    path = url.removeprefix(base_url.rstrip("/"))
    target = site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def base_url_of(site: Path) -> str:
    catalogue = json.loads((site / "exports" / "catalogue.json").read_text(encoding="utf-8"))
    return catalogue["site"]["url"]


def build(site: Path, out: Path, **options: Any) -> Path:
    build_site(BuildOptions(site=site, out=out, now=NOW, search=False, workers=1, **options))
    return out


def xmllint_sitemap(xmllint: Path, xsd: Path, folder: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    (folder / "xhtml-link.xsd").write_text(XHTML_LINK_XSD, encoding="utf-8")
    schema = folder / "sitemap-with-links.xsd"
    schema.write_text(SITEMAP_WITH_LINKS_XSD.format(sitemap=xsd.resolve(), xhtml="xhtml-link.xsd"), encoding="utf-8")
    return subprocess.run(
        [str(xmllint), "--noout", "--nonet", "--schema", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


# --- schema.org ----------------------------------------------------------------------


class SchemaOrg:
    """The schema.org 12.0 vocabulary and context that the `schemaorg` package ships."""

    def __init__(self, schemaorg: Any):
        folder = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
        self.context = json.loads((folder / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
        graph = json.loads((folder / "schemaorg-all-http.jsonld").read_text(encoding="utf-8"))["@graph"]

        def ids(value: Any) -> list[str]:
            values = value if isinstance(value, list) else [value] if value else []
            return [v["@id"].removeprefix("schema:") for v in values]

        self.parents: dict[str, list[str]] = {}
        self.domains: dict[str, set[str]] = {}
        types_of: dict[str, list[str]] = {}
        for node in graph:
            name = node["@id"].removeprefix("schema:")
            kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            types_of[name] = kinds
            if "rdfs:Class" in kinds:
                self.parents[name] = ids(node.get("rdfs:subClassOf"))
            if "rdf:Property" in kinds:
                self.domains[name] = set(ids(node.get("schema:domainIncludes")))
        self.members = {
            name for name, kinds in types_of.items() if any(k.removeprefix("schema:") in self.parents for k in kinds)
        }
        self.lineage: dict[str, frozenset[str]] = {}

    def ancestors(self, name: str) -> frozenset[str]:
        """The type and every type it is a subtype of."""
        if name not in self.lineage:
            found = {name}
            for parent in self.parents.get(name, []):
                found |= self.ancestors(parent)
            self.lineage[name] = frozenset(found)
        return self.lineage[name]

    def loader(self, url: str, options: Any = None) -> dict[str, Any]:
        """pyld's document loader: schema.org's context from the package, nothing from the network."""
        if re.fullmatch(r"https?://schema\.org/?(docs/jsonldcontext\.jsonld)?", url):
            return {"contextUrl": None, "documentUrl": url, "document": self.context}
        raise AssertionError(f"JSON-LD asked for a remote document: {url}")

    def problems(self, expanded: list[Any], where: str) -> list[str]:
        """Every type, property, enumeration value and property domain not in the vocabulary."""
        found: list[str] = []

        def term(iri: str) -> str | None:
            match = re.fullmatch(r"https?://schema\.org/(\w+)", iri)
            return match.group(1) if match else None

        def visit(node: Any) -> None:
            if isinstance(node, list):
                for item in node:
                    visit(item)
                return
            if not isinstance(node, dict):
                return
            for value in (node.get("@id"), node.get("@value")):
                name = term(value) if isinstance(value, str) else None
                if name and name not in self.members and name not in self.parents:
                    found.append(f"{where}: {value} is not a schema.org term")
            types = []
            declared = node.get("@type", [])
            # A value object's @type is its datatype (e.g. schema:Date), a single IRI.
            for iri in [declared] if isinstance(declared, str) else declared:
                name = term(iri)
                if name is None or name not in self.parents:
                    found.append(f"{where}: type {iri} is not in schema.org")
                else:
                    types.append(name)
            lineage = set().union(*(self.ancestors(t) for t in types)) if types else set()
            for key, value in node.items():
                if key.startswith("@"):
                    if key in ("@list", "@set", "@graph"):
                        visit(value)
                    continue
                name = term(key)
                if name is None or name not in self.domains:
                    found.append(f"{where}: property {key} is not in schema.org")
                elif types and not (lineage & self.domains[name]) and not (lineage & ROLE_TYPES):
                    # A Role carries the property of the relation it qualifies (schema.org's Role pattern).
                    found.append(f"{where}: {name} does not apply to {'/'.join(types)}")
                visit(value)

        visit(expanded)
        return found


@pytest.fixture(scope="session")
def schema_org(require_module: Callable[[str], Any]) -> SchemaOrg:
    return SchemaOrg(require_module("schemaorg"))


@pytest.fixture(scope="session")
def page_json_ld(demo_site: Path, require_module: Callable[[str], Any]) -> dict[str, list[dict[str, Any]]]:
    """Site-relative page path -> the JSON-LD documents extruct finds in it."""
    extruct = require_module("extruct")
    found = {}
    for page in html_pages(demo_site):
        html = page.read_text(encoding="utf-8")
        found[page.relative_to(demo_site).as_posix()] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    return found


def nodes_of_type(document: dict[str, Any], schema_type: str) -> list[dict[str, Any]]:
    found = []

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            types = value.get("@type", [])
            if schema_type in (types if isinstance(types, list) else [types]):
                found.append(value)
            for item in value.values():
                visit(item)

    visit(document)
    return found


# --- feeds ---------------------------------------------------------------------------


def feed_problems(xml: bytes, where: str) -> list[str]:
    """RFC 4287's MUST elements, read from the XML itself (feedparser forgives their absence)."""
    root = ET.fromstring(xml)
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"{where}: the root is {root.tag}, not an Atom feed"]
    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"{where}: the feed needs exactly one atom:{name}")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    if not root.findall(f"{ATOM}link[@rel='self']"):
        problems.append(f"{where}: no rel=self link")
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id", "?")
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"{where}: {entry_id} needs exactly one atom:{name}")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: {entry_id} has no author and neither has the feed")
        if entry.find(f"{ATOM}content") is None and not entry.findall(f"{ATOM}link[@rel='alternate']"):
            problems.append(f"{where}: {entry_id} has neither content nor an alternate link")
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    if len(ids) != len(set(ids)):
        problems.append(f"{where}: an entry id appears twice")
    return problems


def test_every_feed_parses_and_has_the_rfc_4287_required_elements(
    demo_site: Path, require_module: Callable[[str], Any]
) -> None:
    feedparser = require_module("feedparser")
    feeds = sorted(demo_site.rglob("feed.xml"))
    names = {f.relative_to(demo_site).as_posix() for f in feeds}
    assert {"feed.xml", "news/feed.xml", "results/feed.xml", "events/feed.xml"} <= names
    assert any(name.startswith("projects/") for name in names), "no project has a feed"
    problems = []
    for path in feeds:
        where = path.relative_to(demo_site).as_posix()
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{where}: {parsed.bozo_exception}"
        assert parsed.version == "atom10", where
        assert parsed.feed.get("updated_parsed"), f"{where}: the feed's updated is not an RFC 3339 date"
        assert all(entry.get("updated_parsed") for entry in parsed.entries), where
        problems += feed_problems(path.read_bytes(), where)
    assert problems == []
    site_feed = feedparser.parse((demo_site / "feed.xml").read_bytes())
    assert {e.link for e in site_feed.entries} & {
        e.link for e in feedparser.parse((demo_site / "news" / "feed.xml").read_bytes()).entries
    }, "the site feed lacks the news"


def test_pages_announce_feeds_that_exist(demo_site: Path) -> None:
    missing = defaultdict(list)
    for page in html_pages(demo_site):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html):
            if not served_path(demo_site, href, "").is_file():
                missing[href].append(page.relative_to(demo_site).as_posix())
    assert not missing, dict(missing)


def test_a_language_feed_shows_translations_and_marks_the_rest(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(
        {
            "showcase.yaml": "title: T\nbase_url: https://t.example.org/\nlanguages: [en, de]\npublisher: {name: P}\n",
            "content/news/hello.md": "---\ntitle: Hello\ndate: 2026-10-01\nproject: testing\n---\n",
            "content/news/hello.de.md": "---\ntitle: Hallo\n---\n",
            "content/news/later.md": "---\ntitle: Later\ndate: 2026-11-01\n---\n",
        }
    )
    out = build(site, tmp_path / "out")
    root = ET.fromstring((out / "de" / "feed.xml").read_bytes())
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get(lang) == "de"
    entries = {e.findtext(f"{ATOM}title"): e for e in root.findall(f"{ATOM}entry")}
    assert entries["Hallo"].get(lang) is None
    assert entries["Hallo"].find(f"{ATOM}link").get("href") == "https://t.example.org/de/news/hello/"
    assert entries["Later"].get(lang) == "en"
    project_feed = ET.fromstring((out / "projects" / "testing" / "feed.xml").read_bytes())
    assert [e.findtext(f"{ATOM}title") for e in project_feed.findall(f"{ATOM}entry")] == ["Hello"]


# --- sitemap and robots.txt ----------------------------------------------------------


def test_sitemap_is_valid_and_lists_every_page_with_its_translations(
    demo_site: Path, xmllint_path: Path, sitemap_xsd: Path, tmp_path: Path
) -> None:
    result = xmllint_sitemap(xmllint_path, sitemap_xsd, tmp_path, [demo_site / "sitemap.xml"])
    assert result.returncode == 0, result.stderr
    base = base_url_of(demo_site)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(demo_site / "sitemap.xml").getroot()
    listed = {url.findtext("s:loc", namespaces=ns): url for url in root.findall("s:url", ns)}
    pages = {p.relative_to(demo_site).as_posix() for p in html_pages(demo_site)}
    expected = {p for p in pages if not re.match(r"^([a-z]{2}/)?(search/|404\.html)", p)}
    assert {served_path(demo_site, loc, base).relative_to(demo_site).as_posix() for loc in listed} == expected
    translated = 0
    for loc, url in listed.items():
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        if alternates:
            translated += 1
            assert loc in alternates.values() and "x-default" in alternates
            for href in alternates.values():  # every version lists the others back
                back = {link.get("href") for link in listed[href].findall("x:link", ns)}
                assert loc in back, f"{href} does not link back to {loc}"
    assert translated, "the demo site has translations, but the sitemap shows none"
    robots = (demo_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots.splitlines()


def test_a_large_sitemap_becomes_an_index_of_valid_sitemaps(
    make_site: Callable[..., Path], xmllint_path: Path, sitemap_xsd: Path, tmp_path: Path
) -> None:
    options = BuildOptions(site=make_site(), out=tmp_path / "out", now=NOW, search=False)
    build_site(options)
    with built_graph(options) as (graph, store):
        files = dict(SitemapJoin(max_urls=5).make(graph, {}, store.pieces))
    parts = sorted(name for name in files if name != "sitemap.xml")
    assert len(parts) > 1
    for name in parts:
        (tmp_path / name).write_bytes(files[name])
    result = xmllint_sitemap(xmllint_path, sitemap_xsd, tmp_path, [tmp_path / name for name in parts])
    assert result.returncode == 0, result.stderr
    index = ET.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert [loc.text for loc in index.findall("s:sitemap/s:loc", ns)] == [
        f"https://test.example.org/{name}" for name in sorted(parts, key=lambda n: int(re.findall(r"\d+", n)[0]))
    ]


# --- JSON-LD -------------------------------------------------------------------------


def test_every_page_has_json_ld_that_schema_org_defines(
    page_json_ld: dict[str, list[dict[str, Any]]], schema_org: SchemaOrg, require_module: Callable[[str], Any]
) -> None:
    jsonld = require_module("pyld.jsonld")
    problems = []
    for page, documents in page_json_ld.items():
        assert len(documents) == 1, f"{page} has {len(documents)} JSON-LD blocks"
        expanded = jsonld.expand(documents[0], {"documentLoader": schema_org.loader})
        assert expanded, f"{page}: the JSON-LD expands to nothing"
        problems += schema_org.problems(expanded, page)
    assert problems == []


def test_json_ld_describes_each_kind_of_page(page_json_ld: dict[str, list[dict[str, Any]]]) -> None:
    def first(pattern: str) -> dict[str, Any]:
        pages = [p for p in page_json_ld if re.fullmatch(pattern, p)]
        assert pages, f"no page matches {pattern}"
        return page_json_ld[pages[0]][0]

    for page, (document,) in page_json_ld.items():
        if page not in ("index.html", "de/index.html"):
            assert nodes_of_type(document, "BreadcrumbList"), f"{page} has no BreadcrumbList"

    project = first(r"projects/[^/]+/index\.html")
    (grant,) = nodes_of_type(project, "MonetaryGrant")
    assert grant["funder"]["name"] == "European Union"
    assert grant["amount"]["currency"] == "EUR" and grant["amount"]["value"] > 0
    assert grant["fundedItem"]["@id"] == nodes_of_type(project, "Project")[0]["@id"]
    assert grant["sponsor"]["@type"] == "Organization"

    organisations = [
        nodes_of_type(d[0], "Organization")
        for p, d in page_json_ld.items()
        if re.fullmatch(r"organisations/[^/]+/index\.html", p)
    ]
    identifiers = {
        (i["propertyID"])
        for found in organisations
        for node in found
        for i in node.get("identifier", [])
        if isinstance(i, dict)
    }
    assert {"OID", "PIC"} <= identifiers

    results = [
        node
        for p, d in page_json_ld.items()
        if re.fullmatch(r"results/[^/]+/index\.html", p)
        for node in d[0]["@graph"]
        if node.get("@id", "").endswith("#result")
    ]
    assert results and all(r["license"].startswith("https://") and r["inLanguage"] for r in results)
    assert any(r["@type"] == "LearningResource" and r.get("educationalLevel") for r in results)
    assert any(r.get("accessibilityFeature") for r in results)

    event = first(r"events/[^/]+/index\.html")
    (node,) = [n for n in event["@graph"] if n.get("@type") == "Event"]
    assert node["startDate"] and node["location"]
    news = first(r"news/[^/]+/index\.html")
    assert nodes_of_type(news, "NewsArticle")[0]["datePublished"]


# --- sharing -------------------------------------------------------------------------


def test_every_page_has_open_graph_and_twitter_tags_with_an_image_that_exists(demo_site: Path) -> None:
    base = base_url_of(demo_site)
    problems = []
    for page in html_pages(demo_site):
        html = page.read_text(encoding="utf-8")
        tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html))
        where = page.relative_to(demo_site).as_posix()
        for name in (
            "og:title",
            "og:description",
            "og:image",
            "og:url",
            "og:type",
            "twitter:card",
            "twitter:title",
            "twitter:image",
        ):
            if not tags.get(name):
                problems.append(f"{where}: no {name}")
        image = tags.get("og:image", "")
        if not image.startswith(base) or not served_path(demo_site, image, base).is_file():
            problems.append(f"{where}: og:image {image} is not a file of the site")
        elif image.lower().endswith(".svg"):
            problems.append(f"{where}: social networks do not show SVG ({image})")
    assert problems == []
    card = (demo_site / "images" / "share-card.png").read_bytes()
    assert card[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", card[16:24]) == (1200, 630)


def test_a_raster_project_logo_is_shared_and_an_svg_one_is_not(make_site: Callable[..., Path], tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    for logo, expected in (
        ("images/logo.png", "https://test.example.org/images/logo.png"),
        ("images/logo.svg", "https://test.example.org/images/share-card.png"),
    ):
        site = make_site(
            {
                "content/projects/testing.md": PROJECT.replace(
                    "summary:", f"logo: {{src: {logo}, alt: Our logo}}\nsummary:"
                ),
                # An SVG is checked for scripts, so it must be one (docs/security.md).
                f"static/{logo}": png if logo.endswith(".png") else b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            }
        )
        out = build(site, tmp_path / logo.replace("/", "-"))
        html = (out / "projects" / "testing" / "index.html").read_text(encoding="utf-8")
        assert f'<meta property="og:image" content="{expected}">' in html


# --- citations -----------------------------------------------------------------------


def test_every_result_has_citations_that_citation_tools_read(
    demo_site: Path, require_module: Callable[[str], Any]
) -> None:
    database = require_module("pybtex.database")
    rispy = require_module("rispy")
    jsonschema = require_module("jsonschema")
    cff_validator = jsonschema.Draft7Validator(json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))
    catalogue = json.loads((demo_site / "exports" / "catalogue.json").read_text(encoding="utf-8"))
    assert catalogue["results"]
    for result in catalogue["results"]:
        folder = served_path(demo_site, result["url"], catalogue["site"]["url"]).parent
        bibliography = database.parse_string((folder / "citation.bib").read_text(encoding="utf-8"), "bibtex")
        (entry,) = bibliography.entries.values()
        assert entry.fields["url"] == result["url"]
        assert entry.fields.get("doi") == result["doi"]  # and none when the result has none
        (reference,) = rispy.loads((folder / "citation.ris").read_text(encoding="utf-8"))
        assert reference["title"] == result["title"] and reference["urls"] == [result["url"]]
        if result["authors"]:
            assert reference["authors"] == [a["name"] for a in result["authors"]]
        cff = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in cff_validator.iter_errors(cff)]
        assert errors == [], f"{folder.name}/CITATION.cff"
        assert cff["title"] == result["title"] and cff["url"] == result["url"]
        if result["published"]:
            assert cff["date-released"] == result["published"]


def test_bibtex_escapes_what_latex_would_read_as_commands(
    make_site: Callable[..., Path], tmp_path: Path, require_module: Callable[[str], Any]
) -> None:
    database = require_module("pybtex.database")
    site = make_site(
        {
            "content/results/toolkit.md": RESULT.replace(
                "title: A reusable toolkit", 'title: "Tools & tips: 100% {open_data #1 \\\\ ~"'
            )
        }
    )
    out = build(site, tmp_path / "out")
    (entry,) = database.parse_string(
        (out / "results/toolkit/citation.bib").read_text(encoding="utf-8"), "bibtex"
    ).entries.values()
    assert entry.fields["title"] == (
        r"{Tools \& tips: 100\% \textbraceleft{}open\_data \#1 \textbackslash{}"
        r" \textasciitilde{}}"
    )


# --- exports -------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), f"{path.name} lacks the byte-order mark the Commission's files have"
    text = data.decode("utf-8-sig")
    assert text.split("\n", 1)[0].endswith("\r") and text.endswith("\r\n"), "lines must end in CRLF"
    return list(csv.reader(io.StringIO(text, newline="")))


def commission_header() -> list[str]:
    with EPRP_SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def test_projects_csv_has_the_commission_columns_and_reads_back(demo_site: Path) -> None:
    rows = read_csv(demo_site / "exports" / "projects.csv")
    header, body = rows[0], rows[1:]
    catalogue = json.loads((demo_site / "exports" / "catalogue.json").read_text(encoding="utf-8"))
    most = max(sum(p["role"] != "coordinator" for p in project["partners"]) for project in catalogue["projects"])
    assert header == commission_header()[: 22 + 6 * most]
    assert len(body) == len(catalogue["projects"]) and all(len(row) == len(header) for row in body)
    by_code = {row[header.index("Project Identifier")]: dict(zip(header, row, strict=True)) for row in body}
    for project in catalogue["projects"]:
        row = by_code[project["code"]]
        assert row["Project Title"] == project["title"]
        assert row["Project Status"] in ("ongoing", "finalized")
        assert row["Is Good Practice"] in ("Yes", "No") and row["Results Available"] in ("Yes", "No")
        countries = row["Participating countries"].split(",")
        expected = [{"GR": "EL", "GB": "UK"}.get(c, c) for c in project["countries"]]
        assert countries == expected
        grant = row[header[9]]
        if project["eu_grant"] is None:
            assert grant == "", project["code"]
        else:
            assert re.fullmatch(r"\d+\.\d\d", grant) and float(grant) == project["eu_grant"], project["code"]


def test_projects_csv_imports_back_as_a_commission_export(demo_site: Path, tmp_path: Path) -> None:
    """Our importer of the Commission's files takes projects.csv as one of them, without a complaint."""
    site = tmp_path / "imported"
    summary = import_eprp(demo_site / "exports" / "projects.csv", site, RowFilter.parse([]))
    assert summary.report.problems == []
    catalogue = json.loads((demo_site / "exports" / "catalogue.json").read_text(encoding="utf-8"))
    assert summary.projects.created == len(catalogue["projects"])
    assert summary.organisations.created == len(
        {p["organisation"] for project in catalogue["projects"] for p in project["partners"]}
    )
    imported = {}
    for path in (site / "content" / "projects").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        imported[front["code"]] = front
    for project in catalogue["projects"]:
        front = imported[project["code"]]
        assert (front["title"], front["action"], front["call_year"]) == (
            project["title"],
            project["action"],
            project["call_year"],
        )
        assert front.get("eu_grant") == project["eu_grant"]
        assert len(front["partners"]) == len(project["partners"])
        assert front["partners"][0]["role"] == "coordinator"
    assert check_site(site).errors == []


def test_results_csv_reads_back(demo_site: Path) -> None:
    rows = read_csv(demo_site / "exports" / "results.csv")
    catalogue = json.loads((demo_site / "exports" / "catalogue.json").read_text(encoding="utf-8"))
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [r["Result Page"] for r in records] == [r["url"] for r in catalogue["results"]]
    for record, result in zip(records, catalogue["results"], strict=True):
        assert record["Result Title"] == result["title"] and record["Licence"] == result["licence"]
        assert record["Languages"].split(",") == result["languages"]


def test_projects_csv_writes_codes_and_partner_slots_as_the_commission_does(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/organisations/delta.md": "---\nname: Delta College\ntype: higher-education\ncountry: GB\n---\n",
            "content/projects/small.md": PROJECT.replace("KA220-SCH-000111222", "KA210-SCH-000111333")
            .replace("KA220-SCH", "KA210-SCH")
            .replace("  - {organisation: gamma}\n", ""),
            "content/projects/testing.md": PROJECT.replace(
                "  - {organisation: gamma}\n", "  - {organisation: gamma}\n  - {organisation: delta}\n"
            ).replace("summary:", "eu_grant: 250000\nplatform: {good_practice: true}\nsummary:"),
        }
    )
    out = build(site, tmp_path / "out")
    header, *body = read_csv(out / "exports" / "projects.csv")
    assert header == commission_header()[: 22 + 6 * 3]
    rows = {row[4]: dict(zip(header, row, strict=True)) for row in body}
    big = rows["2023-1-DE03-KA220-SCH-000111222"]
    assert big["Participating countries"] == "DE,PL,EL,UK"
    assert [big[f"Partner {n} country"] for n in (1, 2, 3)] == ["PL", "EL", "UK"]
    assert big["Coordinating organisation name"] == "Alpha School"
    assert big["Coordinating organisation type"].startswith("School/Institute/Educational centre")
    assert big[header[9]] == "250000.00" and big["Is Good Practice"] == "Yes" and big["Is Success Story"] == "No"
    small = rows["2023-1-DE03-KA210-SCH-000111333"]
    assert small["Partner 1 name"] == "Beta University" and small["Partner 2 name"] == ""


def test_catalogue_json_follows_its_documented_schema(demo_site: Path, require_module: Callable[[str], Any]) -> None:
    jsonschema = require_module("jsonschema")
    schema = json.loads(CATALOGUE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    catalogue = json.loads((demo_site / "exports" / "catalogue.json").read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(catalogue)]
    assert errors == []
    assert catalogue["projects"] and catalogue["results"] and catalogue["organisations"]


def test_dcat_ap_description_uses_real_terms_and_matches_the_files(
    demo_site: Path, require_module: Callable[[str], Any]
) -> None:
    rdflib = require_module("rdflib")
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

    graph = rdflib.Graph().parse(demo_site / "exports" / "dcat.jsonld", format="json-ld")
    # rdflib's DCAT, DCTERMS and FOAF namespaces list their terms; vCard's and SPDX's it does not ship.
    closed = (DCAT, DCTERMS, FOAF)
    unchecked = ("http://www.w3.org/2006/vcard/ns#", "http://spdx.org/rdf/terms#")
    spdx = unchecked[1]
    unknown = []
    for _, predicate, value in graph:
        for term in [predicate] + ([value] if predicate == RDF.type else []):
            if term == RDF.type or str(term).startswith(unchecked):
                continue
            if not any(term in namespace for namespace in closed):
                unknown.append(str(term))
    assert unknown == []
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    for required in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset):
        assert graph.value(catalogue, required) is not None, f"the catalogue lacks {required}"
    datasets = list(graph.objects(catalogue, DCAT.dataset))
    assert len(datasets) == 4  # catalogue.json, projects.csv, results.csv, statistics.csv
    for dataset in datasets:
        assert graph.value(dataset, DCTERMS.title) and graph.value(dataset, DCTERMS.description)
        distribution = graph.value(dataset, DCAT.distribution)
        url = str(graph.value(distribution, DCAT.accessURL))
        data = served_path(demo_site, url, base_url_of(demo_site)).read_bytes()
        assert int(graph.value(distribution, DCAT.byteSize)) == len(data)
        checksum = next(graph.objects(distribution, rdflib.URIRef(spdx + "checksum")))
        assert str(graph.value(checksum, rdflib.URIRef(spdx + "checksumValue"))) == hashlib.sha256(data).hexdigest()


# --- calendars -----------------------------------------------------------------------


def test_calendars_parse_and_hold_every_event(demo_site: Path, require_module: Callable[[str], Any]) -> None:
    icalendar = require_module("icalendar")
    calendars = sorted(demo_site.rglob("events.ics"))
    assert demo_site / "events.ics" in calendars
    assert any(c.parent.parent.name == "projects" for c in calendars)
    events = {p.parent.name for p in (demo_site / "events").glob("*/index.html")}
    site = icalendar.Calendar.from_ical((demo_site / "events.ics").read_bytes())
    found = site.walk("VEVENT")
    assert len(found) == len(events)
    for event in found:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL"):
            assert event.get(required) is not None, f"{event.get('SUMMARY')} lacks {required}"
    zones = {tz.get("TZID") for tz in site.walk("VTIMEZONE")}
    for event in found:
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            assert start.tzinfo is not None and str(start.tzinfo) in zones
    for path in calendars:
        assert icalendar.Calendar.from_ical(path.read_bytes()).get("X-WR-CALNAME"), path


def test_an_event_keeps_its_local_hour_in_its_country_zone(
    make_site: Callable[..., Path], tmp_path: Path, require_module: Callable[[str], Any]
) -> None:
    icalendar = require_module("icalendar")
    out = build(make_site({"content/events/lisbon.md": EVENT}), tmp_path / "out")
    (event,) = icalendar.Calendar.from_ical((out / "events.ics").read_bytes()).walk("VEVENT")
    lisbon = ZoneInfo("Europe/Lisbon")
    assert event.decoded("DTSTART") == datetime(2027, 6, 3, 10, 0, tzinfo=lisbon)
    assert event.decoded("DTEND") == datetime(2027, 6, 3, 16, 30, tzinfo=lisbon)
    html = (out / "events" / "lisbon" / "index.html").read_text(encoding="utf-8")
    assert '"startDate":"2027-06-03T10:00:00+01:00"' in html
    assert "<updated>2027-06-03T10:00:00+01:00</updated>" in (out / "events" / "feed.xml").read_text(encoding="utf-8")


def test_the_countries_vocabulary_can_name_the_zone(
    make_site: Callable[..., Path], tmp_path: Path, require_module: Callable[[str], Any]
) -> None:
    icalendar = require_module("icalendar")
    site = make_site(
        {
            "content/events/lisbon.md": EVENT.replace("Lisboa", "Ponta Delgada"),
            "vocabularies/countries.yaml": '"PT": {label: Portugal, timezone: Atlantic/Azores}\n',
        }
    )
    out = build(site, tmp_path / "out")
    (event,) = icalendar.Calendar.from_ical((out / "events.ics").read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2027, 6, 3, 10, 0, tzinfo=ZoneInfo("Atlantic/Azores"))


def test_drafts_stay_out_of_feeds_sitemap_exports_and_calendars(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(
        {
            "content/events/lisbon.md": EVENT.replace("title:", "draft: true\ntitle:"),
            "content/news/secret.md": "---\ntitle: Not yet\ndate: 2026-11-01\ndraft: true\n---\n",
        }
    )
    out = build(site, tmp_path / "out", drafts=True)
    assert (out / "news" / "secret" / "index.html").is_file(), "a drafts build shows drafts as pages"
    for name in ("feed.xml", "news/feed.xml", "events/feed.xml", "sitemap.xml", "exports/catalogue.json", "events.ics"):
        text = (out / name).read_text(encoding="utf-8").lower()
        assert "secret" not in text and "lisbon" not in text and "not yet" not in text, name


def test_docs_list_every_output_file() -> None:
    text = (REPO_ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    names = [
        locations.FEED,
        locations.CALENDAR,
        *locations.CITATION_FILES.values(),
        locations.SITEMAP,
        locations.ROBOTS,
        locations.CATALOGUE_JSON,
        locations.PROJECTS_CSV,
        locations.RESULTS_CSV,
        locations.DCAT,
        locations.SHARE_CARD,
    ]
    assert [name for name in names if name not in text] == []
