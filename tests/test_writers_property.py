"""Every writer is safe for every string that validation lets through (issue 19, item 3).

Hypothesis makes titles, names and keywords (one line) and summaries and bodies (several
lines) of arbitrary Unicode, keeps those the content model accepts, builds a small site
with them and reads every file back with the reader the world uses: an XML parser for the
feeds and the sitemap, icalendar, csv, pybtex, rispy, jsonschema for CITATION.cff, json for
JSON-LD and catalogue.json. The values must come back as they went in.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from conftest import CONFIG, ORGANISATIONS, write_files
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.build import BuildOptions, build_site
from generator.models import Line, Strict, Text

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)

CFF_SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0.schema.json"


class _Probe(Strict):
    line: Line
    text: Text


def _accepted(line: str, text: str) -> tuple[str, str] | None:
    """The values as validation keeps them (stripped), or None when it refuses them."""
    try:
        probe = _Probe(line=line, text=text)
    except ValidationError:
        return None
    return (probe.line, probe.text) if probe.line else None


# Any character but surrogates (no UTF-8 file holds one) and control characters, which validation
# refuses (tests/test_security.py); non-characters and the like are left for validation to sort out.
lines = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)
texts = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t\r"), max_size=60)


def _site(root: Path, line: str, text: str) -> None:
    def front(fields: dict[str, object], body: str = "") -> str:
        return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body

    project = {
        "code": "2023-1-DE03-KA220-SCH-000111222",
        "acronym": line,
        "title": line,
        "action": "KA220-SCH",
        "call_year": 2023,
        "partners": [{"organisation": "alpha", "role": "coordinator"}, {"organisation": "beta"}],
        "topics": [line],
        "summary": text,
    }
    result = {
        "project": "testing",
        "title": line,
        "category": "handbook-guide",
        "languages": ["en"],
        "licence": "CC-BY-4.0",
        "published": date(2025, 3, 1),
        "summary": text,
        "keywords": [line],
        "authors": [{"name": line}],
        "files": [{"title": line, "url": "https://test.example.org/t.odt", "editable": True}],
        "transferability": {"guide": text, "contexts": [line]},
    }
    event = {
        "project": "testing",
        "title": line,
        "type": "multiplier-event",
        "start": date(2025, 5, 1),
        "place": {"name": line, "city": line, "country": "DE"},
        "summary": text,
    }
    news = {"title": line, "date": date(2025, 6, 1), "project": "testing", "summary": text}
    write_files(
        root,
        {
            "showcase.yaml": CONFIG,
            **ORGANISATIONS,
            "content/organisations/beta.md": front({"name": line, "type": "higher-education", "country": "PL"}),
            "content/projects/testing.md": front(project, text),
            "content/results/toolkit.md": front(result, text),
            "content/events/meeting.md": front(event, text),
            "content/news/hello.md": front(news, text),
        },
    )


def _read_back(out: Path, line: str, text: str) -> None:
    from lxml import etree

    for feed in ("feed.xml", "sitemap.xml"):
        etree.fromstring((out / feed).read_bytes())  # raises on anything that is not XML
    titles = etree.fromstring((out / "feed.xml").read_bytes()).findall(".//{http://www.w3.org/2005/Atom}entry/{*}title")
    assert line in [title.text or "" for title in titles]

    import icalendar

    calendar = icalendar.Calendar.from_ical((out / "events.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == line
    assert str(event["DESCRIPTION"]).startswith(text.replace("\r\n", "\n").replace("\r", "\n").strip()[:1])

    for export, column in (("projects.csv", "Project Title"), ("results.csv", "Result Title")):
        rows = list(csv.DictReader(io.StringIO((out / "exports" / export).read_text(encoding="utf-8-sig"))))
        assert rows[0][column] in (line, "'" + line), export
    catalogue = json.loads((out / "exports/catalogue.json").read_text(encoding="utf-8"))
    assert catalogue["results"][0]["title"] == line
    assert catalogue["results"][0]["summary"] == text

    import rispy
    from pybtex.database import parse_string

    citations = out / "results/toolkit"
    bibliography = parse_string((citations / "citation.bib").read_text(encoding="utf-8"), "bibtex")
    assert len(bibliography.entries) == 1
    (reference,) = rispy.loads((citations / "citation.ris").read_text(encoding="utf-8"))
    # rispy reads a non-breaking space as a plain one: compare the words.
    assert reference.get("title", reference.get("primary_title")).split() == line.split()

    import jsonschema

    cff = yaml.safe_load((citations / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))).validate(cff)
    assert cff["title"] == line

    page = (citations / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert blocks and line in _strings([json.loads(block) for block in blocks])


def _strings(value: object) -> set[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = list(value.values())
    return set().union(*map(_strings, value)) if isinstance(value, list) else set()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=lines, text=texts)
def test_every_writer_takes_any_text_that_validates(tmp_path_factory: pytest.TempPathFactory, line: str, text: str):
    accepted = _accepted(line, text)
    assume(accepted is not None)
    assert accepted is not None
    line, text = accepted
    root = tmp_path_factory.mktemp("site")
    _site(root, line, text)
    out = root / "out"
    build_site(BuildOptions(site=root, out=out, now=NOW, search=False, workers=1))
    _read_back(out, line, text)


@pytest.mark.parametrize(
    "line, text",
    [
        ("A\u00a0B <&> \"'", "two\nlines\twith a tab\r\nand CRLF"),
        ("}{\\%$#_~^ @{x}", "= + - @ ]]> </script> <!--"),
        ("\u2066RTL \u05d0\u05d1\u2069 \U0001f600", "\u0085 is refused but \u00a0 and \u200b are fine"),
    ],
)
def test_awkward_text_round_trips_through_every_writer(tmp_path: Path, line: str, text: str) -> None:
    accepted = _accepted(line, text.replace("\u0085", ""))
    assert accepted is not None
    _site(tmp_path, *accepted)
    build_site(BuildOptions(site=tmp_path, out=tmp_path / "out", now=NOW, search=False, workers=1))
    _read_back(tmp_path / "out", *accepted)
