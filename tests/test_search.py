"""The search index a build writes: what each page tells Pagefind, one index per language,
and the indexer's own behaviour. The search page itself is tested in a browser
(tests/browser/test_search.py)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from conftest import PROJECT, REPO_ROOT, RESULT, SiteFactory

from generator import search as search_module
from generator.build import BuildOptions, build_site
from generator.search import BUNDLE, MANIFEST, OVERLAY, SearchError, SearchIndexer
from generator.views.search_facts import SEARCH_FACETS, SEARCH_SORTS
from generator.writer import OutputWriter

BILINGUAL = {
    "showcase.yaml": "title: Test site\nbase_url: https://test.example.org/\nmode: catalogue\n"
    "languages: [en, de]\npublisher: {name: Test Agency}\n",
    # A field priority besides the horizontal one: the priority filter offers horizontal ones only.
    "content/projects/testing.md": PROJECT.replace(
        "priorities: [inclusion]", "priorities: [inclusion, sch-learning-disadvantage]"
    ),
    "content/results/toolkit.de.md": "---\ntitle: Ein wiederverwendbarer Werkzeugkasten\n---\nDer Text.\n",
}


def stored(out: Path, bundle: str = BUNDLE) -> dict[str, dict]:
    """Result id -> what Pagefind stored for the page (its URL, text, filters and metadata)."""
    folder = out / bundle / "fragment"
    return {
        path.stem: json.loads(gzip.decompress(path.read_bytes())[len("pagefind_dcd") :])
        for path in (folder.iterdir() if folder.is_dir() else [])
    }


def fragments(out: Path, bundle: str = BUNDLE) -> dict[str, dict]:
    """URL -> what Pagefind stored for the page."""
    return {data["url"]: data for data in stored(out, bundle).values()}


def ids(out: Path, bundle: str = BUNDLE) -> dict[str, str]:
    """URL -> the page's result id in the bundle."""
    return {data["url"]: id_ for id_, data in stored(out, bundle).items()}


@pytest.fixture
def built(make_site: SiteFactory, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build_site(BuildOptions(site=make_site(BILINGUAL), out=out))
    return out


def test_a_result_carries_its_own_and_its_projects_facts(built: Path) -> None:
    result = next(data for url, data in fragments(built).items() if url.startswith("/results/"))
    assert result["filters"] == {
        "kind": ["result"],
        "country": ["DE", "PL", "GR"],
        "field": ["SCH"],
        "action": ["KA220-SCH"],
        "year": ["2023"],
        "priority": ["inclusion"],
        "category": ["handbook-guide"],
        "licence": ["CC-BY-4.0"],
        "language": ["en", "de"],
        "readiness": ["3"],
        "status": ["ongoing"],  # the project gives no dates
    }
    assert result["meta"]["title"] == "A reusable toolkit"
    assert result["meta"]["country"] == "Germany, Poland, Greece"
    assert result["meta"]["year"] == "2023"
    assert result["meta"]["licence"] == "CC-BY-4.0"
    assert result["meta"]["readiness"] == "Reuse readiness: 3 of 7"


def test_every_entry_kind_is_indexed_with_its_kind_and_sort_keys(built: Path) -> None:
    kinds = {tuple(data["filters"]["kind"]) for data in fragments(built).values()}
    assert kinds == {("project",), ("result",), ("organisation",)}
    assert fragments(built)["/organisations/beta/"]["filters"]["country"] == ["PL"]
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
    indexer.add(
        "/a/",
        '<html lang="en"><body><main data-pagefind-body><h1>A</h1>'
        "<dl><dt>Authors</dt><dd>Ana Novak</dd></dl></main></body></html>",
    )
    [page] = indexer.finish(writer, BUNDLE).values()
    [stored] = fragments(writer.staging).values()
    assert "Authors Ana Novak" in stored["content"]
    assert page.filters == stored["filters"]


def test_a_missing_pagefind_binary_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchError, match=r"pip install 'pagefind\[bin\]'"):
        SearchIndexer()


def test_the_search_doc_describes_every_filter_and_sort() -> None:
    text = (REPO_ROOT / "docs" / "search.md").read_text()
    missing = [name for name, _ in SEARCH_FACETS if f"`{name}`" not in text]
    missing += [f"sort {key}" for key in SEARCH_SORTS if f"`{key}`" not in text]
    assert missing == []


# --- keeping the index up to date: the overlay ----------------------------------------------


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text())


def base_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in (out / BUNDLE).rglob("*")
        if p.is_file() and not p.is_relative_to(out / OVERLAY) and p != out / MANIFEST
    }


MORE_RESULTS = {
    f"content/results/guide-{n}.md": RESULT.replace("A reusable toolkit", f"Guide number {n}") for n in range(1, 4)
}


def test_an_edit_indexes_the_changed_pages_into_the_overlay_and_keeps_the_base(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site, out = make_site(MORE_RESULTS), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out))
    base, old = base_files(out), ids(out)
    assert manifest(out) == {"bundle": None, "replaced": {}, "positions": {}}

    (site / "content/results/guide-2.md").write_text(
        MORE_RESULTS["content/results/guide-2.md"]
        .replace("The result's body.", "A body about wetlands.")
        .replace("CC-BY-4.0", "CC-BY-SA-4.0")
    )
    build_site(BuildOptions(site=site, out=out))
    assert base_files(out) == base
    new = fragments(out, OVERLAY)
    # The project page's card of the result shows its licence, not its body.
    assert sorted(new) == ["/projects/testing/", "/results/guide-2/"]
    assert "wetlands" in new["/results/guide-2/"]["content"]
    replaced = manifest(out)["replaced"]
    assert sorted(replaced) == sorted([old["/results/guide-2/"], old["/projects/testing/"]])
    assert replaced[old["/results/guide-2/"]]["licence"] == ["CC-BY-4.0"]  # what the base counts it under
    assert sorted(manifest(out)["positions"]) == sorted(ids(out, OVERLAY).values())


def sort_keys(out: Path) -> list[dict[str, str]]:
    """The sort keys of every searchable page, as its HTML gives them to Pagefind."""
    return [
        dict(re.findall(r'data-pagefind-sort="(\w+)\[data-value\]" data-value="([^"]*)"', path.read_text()))
        for path in out.rglob("index.html")
        if "data-pagefind-body" in path.read_text()
    ]


def test_the_overlay_places_its_pages_in_the_base_sort_orders(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(MORE_RESULTS), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out))
    titles = sorted(keys["title"] for keys in sort_keys(out))
    (site / "content/results/guide-2.md").write_text(
        MORE_RESULTS["content/results/guide-2.md"].replace("Guide number 2", "Guide number 2b")
    )
    build_site(BuildOptions(site=site, out=out))
    placed = manifest(out)["positions"][ids(out, OVERLAY)["/results/guide-2/"]]
    # Pagefind scores a sorted result by its position in the base's order of titles (code points):
    # the edited page goes just before the first title that is not smaller, "guide number 3".
    assert placed["title"] == titles.index("guide number 3") - 0.5
    # Readiness is a number on every result, 3 on each: the page goes before all of them.
    assert placed["readiness"] == -0.5


def test_a_deleted_page_leaves_the_index_through_the_overlay(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(MORE_RESULTS), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out))
    gone = ids(out)["/results/guide-3/"]
    (site / "content/results/guide-3.md").unlink()
    build_site(BuildOptions(site=site, out=out))
    assert gone in manifest(out)["replaced"]
    assert "/results/guide-3/" not in fragments(out, OVERLAY)


def test_past_its_limit_the_overlay_gives_way_to_a_new_base(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = make_site(MORE_RESULTS), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out))
    monkeypatch.setattr(search_module, "overlay_limit", lambda base_pages: 0)
    (site / "content/results/guide-1.md").write_text(
        MORE_RESULTS["content/results/guide-1.md"].replace("The result's body.", "A body about wetlands.")
    )
    build_site(BuildOptions(site=site, out=out))
    assert manifest(out) == {"bundle": None, "replaced": {}, "positions": {}}
    assert not (out / OVERLAY).exists()
    assert "wetlands" in fragments(out)["/results/guide-1/"]["content"]


def test_an_incremental_index_holds_what_a_cold_one_holds(make_site: SiteFactory, tmp_path: Path) -> None:
    """The base (minus what the overlay replaces) plus the overlay: the same pages, texts and
    filters as a cold build of the same content."""
    site, out, cold = make_site(MORE_RESULTS), tmp_path / "out", tmp_path / "cold"
    build_site(BuildOptions(site=site, out=out))
    (site / "content/results/guide-1.md").write_text(
        MORE_RESULTS["content/results/guide-1.md"].replace("CC-BY-4.0", "CC0-1.0")
    )
    (site / "content/results/guide-3.md").unlink()
    build_site(BuildOptions(site=site, out=out))
    build_site(BuildOptions(site=site, out=cold))
    replaced = manifest(out)["replaced"]
    layered = {data["url"]: data for id_, data in stored(out).items() if id_ not in replaced}
    layered.update(fragments(out, OVERLAY))

    def comparable(found: dict[str, dict]) -> dict[str, tuple]:
        return {url: (data["content"], data["filters"]) for url, data in found.items()}

    assert comparable(layered) == comparable(fragments(cold))
