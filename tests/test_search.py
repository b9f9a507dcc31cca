"""The search index a build writes: what each page tells Pagefind, one index per language,
and the indexer's own behaviour. The search page itself is tested in a browser
(tests/browser/test_search.py)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from conftest import PROJECT, REPO_ROOT, SiteFactory

from generator.build import BuildOptions, build_site
from generator.search import BUNDLE, SearchError, SearchIndexer
from generator.views import SEARCH_FACETS, SEARCH_SORTS
from generator.writer import OutputWriter

BILINGUAL = {
    "showcase.yaml": "title: Test site\nbase_url: https://test.example.org/\nmode: catalogue\n"
                     "languages: [en, de]\npublisher: {name: Test Agency}\n",
    # A field priority besides the horizontal one: the priority filter offers horizontal ones only.
    "content/projects/testing.md": PROJECT.replace("priorities: [inclusion]",
                                                   "priorities: [inclusion, sch-learning-disadvantage]"),
    "content/results/toolkit.de.md": "---\ntitle: Ein wiederverwendbarer Werkzeugkasten\n---\nDer Text.\n",
}


def fragments(out: Path) -> dict[str, dict]:
    """URL -> what Pagefind stored for the page (its text, filters and metadata)."""
    found = {}
    for path in (out / BUNDLE / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes())[len("pagefind_dcd"):])
        found[data["url"]] = data
    return found


@pytest.fixture
def built(make_site: SiteFactory, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build_site(BuildOptions(site=make_site(BILINGUAL), out=out))
    return out


def test_a_result_carries_its_own_and_its_projects_facts(built: Path) -> None:
    result = next(data for url, data in fragments(built).items() if url.startswith("/results/"))
    assert result["filters"] == {
        "kind": ["result"], "country": ["DE", "PL", "GR"], "field": ["SCH"], "action": ["KA220-SCH"],
        "year": ["2023"], "priority": ["inclusion"], "category": ["handbook-guide"], "licence": ["CC-BY-4.0"],
        "language": ["en", "de"], "readiness": ["3"], "status": [result["filters"]["status"][0]],
    }
    assert result["filters"]["status"][0] in ("planned", "ongoing", "finalised")
    assert result["meta"]["title"] == "A reusable toolkit"
    assert result["meta"]["country"] == "Germany, Poland, Greece"
    assert result["meta"]["year"] == "2023"
    assert result["meta"]["licence"] == "CC-BY-4.0"
    assert "3" in result["meta"]["readiness"]


def test_every_entry_kind_is_indexed_with_its_kind_and_sort_keys(built: Path) -> None:
    kinds = {tuple(data["filters"]["kind"]) for data in fragments(built).values()}
    assert kinds == {("project",), ("result",), ("organisation",)}
    organisation = next(d for u, d in fragments(built).items() if u.startswith("/organisations/"))
    assert organisation["filters"]["country"] in (["DE"], ["PL"], ["GR"])
    page = (built / "results" / "toolkit" / "index.html").read_text()
    sorts = dict(re.findall(r'data-pagefind-sort="(\w+)\[data-value\]" data-value="([^"]*)"', page))
    assert sorts == {"title": "a reusable toolkit", "readiness": "3"}  # no publication date given


def test_each_language_has_its_own_index(built: Path) -> None:
    entry = json.loads((built / BUNDLE / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"en", "de"}
    german = {url: data for url, data in fragments(built).items() if url.startswith("/de/")}
    assert [data["meta"]["title"] for data in german.values()] == ["Ein wiederverwendbarer Werkzeugkasten"]


def test_only_the_main_content_is_indexed(built: Path) -> None:
    result = next(data for url, data in fragments(built).items() if url.startswith("/results/"))
    assert "The result's body." in result["content"]
    assert "Skip to content" not in result["content"]  # the page frame is not searchable
    assert "Co-funded by the European Union" not in result["content"]


def test_words_of_adjacent_terms_and_definitions_stay_apart(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path / "out")
    writer.begin()
    indexer = SearchIndexer()
    indexer.add("/a/", '<html lang="en"><body><main data-pagefind-body><h1>A</h1>'
                       "<dl><dt>Authors</dt><dd>Ana Novak</dd></dl></main></body></html>")
    assert indexer.finish(writer) == 1
    [page] = fragments(writer.staging).values()
    assert "Authors Ana Novak" in page["content"]


def test_a_missing_pagefind_binary_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchError, match=r"pip install 'pagefind\[bin\]'"):
        SearchIndexer()


def test_the_search_doc_describes_every_filter_and_sort() -> None:
    text = (REPO_ROOT / "docs" / "search.md").read_text()
    missing = [name for name, _ in SEARCH_FACETS if f"`{name}`" not in text]
    missing += [f"sort {key}" for key in SEARCH_SORTS if f"`{key}`" not in text]
    assert missing == []
