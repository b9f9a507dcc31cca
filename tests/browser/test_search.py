"""The search page in headless Chromium, against sites built and served over HTTP.

Queries come from the built site, not from a list of titles: the rarest word of a result's
title must find that result, the commonest word of the catalogue gives enough results to
filter. Checked on the demo site: a query finds the page and highlights the words; a filter
narrows the results; a query without a match says so; the query, filters and sort live in the
URL, so reloading and the back button restore them; the header's search box leads there;
keyboard users get more results where they are; axe-core finds nothing with results and
filters shown; each language searches its own index; without JavaScript the page links to the
browse pages; an edited site searches like a cold one; and no page logs an error. On a small
bilingual site: a German inflected word finds the entry, and a query with no German match
offers the English search. On a generated catalogue of 500 projects: a very common word shows
its first results before its count is complete, and the counts are exact.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import REPO_ROOT, copy_demo_site
from lxml import html as lxml_html

from generator.build import BuildOptions, build_site
from generator.search import encoding
from generator.search.text import fold, stemmer

NO_MATCH = "qzxwvjkq"
RESULTS = ".search-result"
STATUS = "#search-status"


def indexed_texts(site: Path, lang_prefix: str = "") -> dict[str, str]:
    """URL -> the main text of every entry page in one language (what the index takes, roughly)."""
    texts = {}
    for url, data in read_index(site, lang_prefix.strip("/") or default_language(site)).items():
        path = site / url.strip("/") / "index.html"
        texts[url] = lxml_html.fromstring(path.read_bytes()).xpath("string(//main)") or data["row"][1]
    return texts


def default_language(site: Path) -> str:
    return lxml_html.fromstring((site / "index.html").read_bytes()).get("lang")


def read_index(site: Path, lang: str) -> dict[str, dict[str, Any]]:
    """URL -> (shown data, stems) of each document of a language's index, its layers merged as
    search.js merges them."""
    manifest = json.loads((site / "search" / lang / "index.json").read_text())
    found: dict[str, dict[str, Any]] = {}
    for number, info in enumerate(manifest["layers"]):
        folder = site / "search" / lang / info["path"]
        rows = []
        for chunk in range(-(-info["documents"] // info["chunk"])):
            rows += json.loads(encoding.unpack((folder / "d" / f"{chunk}.bin").read_bytes()))
        stems: list[set[str]] = [set() for _ in rows]
        for shard in range(len(info["shards"])):
            for position, (key, _, tails, head) in enumerate(
                encoding.decode_shard((folder / "s" / f"{shard}.bin").read_bytes())
            ):
                postings = list(head)
                for tail in range(tails):
                    postings += encoding.decode_tail((folder / "t" / f"{shard}-{position}-{tail}.bin").read_bytes())
                for posting in postings:
                    stems[posting >> 8].add(key)
        deleted = set(manifest["deleted"]) if number == 0 else set()
        for document, row in enumerate(rows):
            if document not in deleted and row is not None:
                found[row[0]] = {"row": row, "stems": stems[document]}
    return found


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{5,}", text.lower())


@pytest.fixture(scope="session")
def corpus(demo_site: Path) -> dict[str, str]:
    texts = indexed_texts(demo_site)
    assert texts, "the demo site has no indexed page"
    return texts


@pytest.fixture(scope="session")
def document_frequency(corpus: dict[str, str]) -> Counter[str]:
    return Counter(word for text in corpus.values() for word in set(words(text)))


@pytest.fixture(scope="session")
def rare_title(demo_site: Path, corpus: dict[str, str], document_frequency: Counter[str]) -> tuple[str, str]:
    """(word, URL): a result page and the word of its title that the fewest pages contain."""
    candidates = []
    for url in corpus:
        if not url.startswith("/results/"):
            continue
        tree = lxml_html.fromstring((demo_site / url.strip("/") / "index.html").read_bytes())
        for word in words(tree.xpath("string(//h1)")):
            candidates.append((document_frequency[word], word, url))
    assert candidates, "the demo site has no result page with a title to search for"
    _, word, url = min(candidates)
    return word, url


@pytest.fixture(scope="session")
def common_word(document_frequency: Counter[str]) -> str:
    """A word on many pages of several kinds, so that filtering by kind has something to remove."""
    return document_frequency.most_common(1)[0][0]


def open_search(browser_page: Any, site_url: str, query: str = "") -> Any:
    page = browser_page.page
    page.goto(f"{site_url}/search/{query}")
    page.wait_for_selector("#search:not([hidden])")
    return page


def wait_for_results(page: Any) -> int:
    """Wait until the status gives a count; return the number of results it announces."""
    page.wait_for_function(
        "() => /\\d/.test(document.getElementById('search-status').textContent)"
        " && !document.querySelector('[data-search-results][aria-busy]')"
    )
    return int(re.search(r"\d+", page.inner_text(STATUS)).group())


def query_of(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def no_errors(browser_page: Any) -> None:
    assert browser_page.console_errors == []
    # A navigation cancels the page's pending requests (its icon, say): not a failure.
    assert [r for r in browser_page.failed_requests if not r.endswith("net::ERR_ABORTED")] == []


def test_a_query_finds_the_page_and_highlights_the_words(browser_page, site_url, rare_title):
    word, url = rare_title
    page = open_search(browser_page, site_url)
    page.fill("#search-query", word)
    assert wait_for_results(page) >= 1
    links = page.locator(f"{RESULTS} h3 a")
    assert url in [links.nth(i).get_attribute("href") for i in range(links.count())]
    found = page.locator(RESULTS, has=page.locator(f'h3 a[href="{url}"]'))
    assert found.locator(".search-result-kind").inner_text() == "Result"
    assert word in [text.lower() for text in found.locator("mark").all_inner_texts()]
    assert "·" in found.locator(".search-result-facts").inner_text()  # country · year · licence · readiness
    assert query_of(page)["q"] == [word]
    no_errors(browser_page)


def test_a_filter_narrows_the_results(browser_page, site_url, common_word):
    page = open_search(browser_page, site_url, f"?q={common_word}")
    everything = wait_for_results(page)
    kinds = set(page.locator(f"{RESULTS} .search-result-kind").all_inner_texts())
    assert len(kinds) > 1, f"'{common_word}' should match pages of several kinds"

    page.click("[data-facet=kind] summary")
    page.check("[data-facet=kind] input[value=result]")
    page.wait_for_function("() => new URLSearchParams(location.search).get('kind') === 'result'")
    narrowed = wait_for_results(page)
    assert 0 < narrowed < everything
    assert set(page.locator(f"{RESULTS} .search-result-kind").all_inner_texts()) == {"Result"}
    assert query_of(page)["kind"] == ["result"]
    # The counts follow the query: the checked value's count is the number of results.
    count = page.inner_text("[data-facet=kind] input[value=result] + label [data-count]")
    assert count == f"({narrowed})"
    no_errors(browser_page)


def test_a_query_without_a_match_says_so(browser_page, site_url):
    page = open_search(browser_page, site_url)
    page.fill("#search-query", NO_MATCH)
    page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('No results')")
    assert page.locator(RESULTS).count() == 0
    assert page.get_attribute(STATUS, "role") == "status"  # announced to screen readers
    no_errors(browser_page)


def test_reloading_a_search_url_restores_the_query_filters_and_sort(browser_page, site_url, common_word):
    page = open_search(browser_page, site_url, f"?q={common_word}&kind=result&kind=project&sort=title")
    for attempt in ("first visit", "reload"):
        count = wait_for_results(page)
        assert count > 0, attempt
        assert page.input_value("#search-query") == common_word
        assert page.input_value("#search-sort") == "title"
        assert page.is_checked("[data-facet=kind] input[value=result]")
        assert page.is_checked("[data-facet=kind] input[value=project]")
        assert not page.is_checked("[data-facet=kind] input[value=organisation]")
        assert page.get_attribute("[data-facet=kind]", "open") is not None
        assert set(page.locator(f"{RESULTS} .search-result-kind").all_inner_texts()) <= {"Result", "Project"}
        titles = page.locator(f"{RESULTS} h3").all_inner_texts()
        assert titles == sorted(titles, key=str.casefold), attempt
        page.reload()
        page.wait_for_selector("#search:not([hidden])")
    no_errors(browser_page)


def test_the_back_button_restores_the_previous_search(browser_page, site_url, common_word):
    page = open_search(browser_page, site_url)
    page.fill("#search-query", common_word)
    everything = wait_for_results(page)
    page.click("[data-facet=kind] summary")
    page.check("[data-facet=kind] input[value=result]")
    page.wait_for_function("() => new URLSearchParams(location.search).get('kind') === 'result'")
    narrowed = wait_for_results(page)

    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('kind')")
    assert not page.is_checked("[data-facet=kind] input[value=result]")
    assert page.input_value("#search-query") == common_word
    page.wait_for_function(f"() => document.getElementById('search-status').textContent.startsWith('{everything} ')")

    page.go_forward()
    page.wait_for_function("() => new URLSearchParams(location.search).get('kind') === 'result'")
    assert page.is_checked("[data-facet=kind] input[value=result]")
    page.wait_for_function(f"() => document.getElementById('search-status').textContent.startsWith('{narrowed} ')")

    page.go_back()
    page.go_back()  # before the first query: the empty search page
    page.wait_for_function("() => location.search === ''")
    assert page.input_value("#search-query") == ""
    assert page.locator(RESULTS).count() == 0
    no_errors(browser_page)


def test_the_header_search_box_leads_to_the_search_page(browser_page, site_url, rare_title):
    word, url = rare_title
    page = browser_page.page
    page.goto(f"{site_url}/")
    page.fill("header input[name=q]", word)
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    wait_for_results(page)
    assert page.locator(f'{RESULTS} h3 a[href="{url}"]').count() == 1
    no_errors(browser_page)


def test_more_results_on_demand_keep_the_keyboard_in_place(browser_page, site_url):
    kinds = "&".join(f"kind={kind}" for kind in ("project", "result", "organisation", "event", "news"))
    page = open_search(browser_page, site_url, f"?{kinds}")
    total = wait_for_results(page)
    assert total > 10, "the demo site should have more than ten searchable entries"
    assert page.locator(RESULTS).count() == 10
    page.focus("[data-search-more]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 10")
    focused = page.evaluate(
        "() => document.activeElement.closest('.search-result') === document.querySelectorAll('.search-result')[10]"
    )
    assert focused
    assert page.locator(RESULTS).count() == min(total, 20)
    no_errors(browser_page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_with_results_and_filters_shown(
    browser_page, site_url, common_word, axe_violations, scheme
):
    browser_page.page.emulate_media(color_scheme=scheme)
    page = open_search(browser_page, site_url, f"?q={common_word}&kind=result")
    wait_for_results(page)
    page.click("[data-facet=country] summary")
    page.wait_for_function("() => document.querySelector('[data-facet=country] [data-count]').textContent !== ''")
    assert page.locator(RESULTS).count() > 0
    assert axe_violations(page) == []
    no_errors(browser_page)


def test_each_language_searches_its_own_index(browser_page, site_url, demo_site):
    german = indexed_texts(demo_site, "/de")
    if not german:
        pytest.skip("the demo site has no German entry pages")
    page = browser_page.page
    page.goto(f"{site_url}/de/search/?kind=result&kind=project&kind=news&kind=event&kind=organisation&kind=page")
    wait_for_results(page)
    hrefs = page.locator(f"{RESULTS} h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(href.startswith("/de/") for href in hrefs)
    assert "Treffer" in page.inner_text(STATUS)
    no_errors(browser_page)


def test_without_javascript_the_page_links_to_the_browse_pages(chromium, site_url, demo_site):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/search/")
        assert not page.is_visible("#search")
        links = page.locator("[data-search-browse] a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        taxonomies = {href.strip("/").split("/")[0] for href in links}
        assert {"countries", "fields", "actions", "years", "licences", "languages"} <= taxonomies
        for href in links:
            assert (demo_site / href.strip("/") / "index.html").is_file(), f"{href} leads nowhere"
        assert "JavaScript" in page.inner_text("[data-search-browse]")
    finally:
        context.close()


# --- an index in two layers: the base and the overlay of pages changed since ------------------


@pytest.fixture(scope="module")
def edited_demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo site built, edited and built again (its index then has an overlay), and the same
    edited content built from cold: the search must not tell them apart.

    The edits: a word that only one result's body has is replaced by an invented one, and another
    result changes licence (so the base still counts it under the old one)."""
    root = tmp_path_factory.mktemp("edited-demo")
    site = copy_demo_site(root / "site")
    layered, cold = root / "layered", root / "cold"
    build_site(BuildOptions(site=site, out=layered))

    # A word of a result's Markdown body that only that page holds, and that shares its first six
    # letters with no other word of the index (the last word typed also matches as a prefix).
    frequency = Counter(word for text in indexed_texts(layered).values() for word in set(words(text)))
    stems = Counter(word[:6] for word in frequency)
    bodies = {
        path: path.read_text().split("\n---\n", 1)
        for path in sorted((site / "content/results").glob("*.md"))
        if path.stem.count(".") == 0
    }
    rare, edited = next(
        (word, path)
        for path, (_, body) in bodies.items()
        for word in words(body)
        if frequency[word] == 1 and stems[word[:6]] == 1
    )
    front, body = bodies[edited]
    edited.write_text(front + "\n---\n" + re.sub(rf"\b{rare}\b", "zanzibarquux", body, flags=re.IGNORECASE))
    relicensed = next(path for path, (front, _) in bodies.items() if "licence: CC-BY-SA-4.0" in front)
    relicensed.write_text(relicensed.read_text().replace("licence: CC-BY-SA-4.0", "licence: CC-BY-4.0"))
    build_site(BuildOptions(site=site, out=layered))
    build_site(BuildOptions(site=site, out=cold))
    assert len(json.loads((layered / "search/en/index.json").read_text())["layers"]) == 2, "the edit makes an overlay"
    return {"layered": layered, "cold": cold, "edited": f"/results/{edited.stem}/"}


def shown(page: Any) -> list[tuple[str, str]]:
    """(link, facts line) of each result shown."""
    return [
        (item.locator("h3 a").get_attribute("href"), item.locator(".search-result-facts").inner_text())
        for item in page.locator(RESULTS).all()
    ]


def counts(page: Any, facet: str) -> dict[str, str]:
    """The counts shown beside a filter's values, its group opened first if it is closed."""
    if page.get_attribute(f"[data-facet={facet}]", "open") is None:
        page.click(f"[data-facet={facet}] summary")
    page.wait_for_function(
        f"() => [...document.querySelectorAll('[data-facet={facet}] [data-count]')].some((span) => span.textContent)"
    )
    return {
        box.get_attribute("value"): page.inner_text(
            f"[data-facet={facet}] [value='{box.get_attribute('value')}'] + label [data-count]"
        )
        for box in page.locator(f"[data-facet={facet}] input").all()
    }


def test_after_an_edit_the_search_finds_the_new_words_and_each_page_once(browser_page, serve_folder, edited_demo):
    url = serve_folder(edited_demo["layered"])
    page = open_search(browser_page, url, "?q=zanzibarquux")
    assert wait_for_results(page) == 1
    assert [link for link, _ in shown(page)] == [edited_demo["edited"]]
    # Its title's words are in both layers: the base's copy must not come back beside the overlay's.
    title = lxml_html.fromstring(
        (edited_demo["layered"] / edited_demo["edited"].strip("/") / "index.html").read_bytes()
    ).xpath("string(//h1)")
    query = f"?q={max(words(title), key=len)}&kind=result"
    totals = [
        wait_for_results(open_search(browser_page, serve_folder(edited_demo[build]), query))
        for build in ("layered", "cold")
    ]
    assert totals[0] == totals[1] > 0
    no_errors(browser_page)


@pytest.mark.parametrize("sort", ["", "title", "readiness"])
def test_an_index_with_an_overlay_counts_and_sorts_like_a_cold_one(browser_page, serve_folder, edited_demo, sort):
    seen = []
    for build in ("layered", "cold"):
        page = open_search(browser_page, serve_folder(edited_demo[build]), f"?kind=result&sort={sort}")
        total = wait_for_results(page)
        # By relevance only the numbers must agree (results of equal score may come in another
        # order); by readiness, results of equal score may come in either order.
        order = {
            "": [],
            "title": shown(page),
            "readiness": [re.search(r"readiness: \d", facts).group() for _, facts in shown(page)],
        }[sort]
        seen.append((total, order, counts(page, "licence")))
    assert seen[0] == seen[1]
    no_errors(browser_page)


# --- languages: stemming, and the offer to search the default language ----------------------

BILINGUAL_SITE = {
    "showcase.yaml": "title: Two languages\nbase_url: https://test.example.org/\nmode: catalogue\n"
    "languages: [en, de]\npublisher: {name: Test Agency}\n",
    "content/organisations/alpha.md": "---\nname: Alpha School\ntype: school-general\ncountry: DE\n---\n",
    "content/projects/testing.md": "---\ncode: 2023-1-DE03-KA220-SCH-000111222\ntitle: Testing together\n"
    "action: KA220-SCH\ncall_year: 2023\npartners:\n  - {organisation: alpha, role: coordinator}\n---\n",
    "content/results/kit.md": "---\nproject: testing\ntitle: A toolkit for teachers\ncategory: handbook-guide\n"
    "languages: [en, de]\nlicence: CC-BY-4.0\n---\nAbout wetlands.\n",
    "content/results/kit.de.md": "---\ntitle: Ein Werkzeugkasten für Lehrerinnen\n---\nÜber Feuchtgebiete.\n",
    "content/results/guide.md": "---\nproject: testing\ntitle: A guide\ncategory: handbook-guide\n"
    "languages: [en, de]\nlicence: CC-BY-4.0\n---\nA guide.\n",
    "content/results/guide.de.md": "---\ntitle: Ein Handbuch für Lehrer\n---\nEin Handbuch.\n",
}


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory, serve_folder) -> str:
    root = tmp_path_factory.mktemp("bilingual")
    for rel, text in BILINGUAL_SITE.items():
        (root / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / rel).write_text(text, encoding="utf-8")
    build_site(BuildOptions(site=root / "site", out=root / "out"))
    return serve_folder(root / "out")


def test_a_german_inflected_word_finds_the_entries_of_its_stem(browser_page, bilingual):
    # "Lehrer" is written only in the guide, "Lehrerinnen" only in the kit: both stem to "lehr".
    assert stemmer("de")("Lehrerinnen") == stemmer("de")("Lehrer")
    page = browser_page.page
    page.goto(f"{bilingual}/de/search/?q=Lehrer")
    page.wait_for_selector("#search:not([hidden])")
    assert wait_for_results(page) == 2
    links = sorted(page.locator(f"{RESULTS} h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert links == ["/de/results/guide/", "/de/results/kit/"]
    assert "Lehrerinnen" in page.locator(f"{RESULTS} mark").all_inner_texts()  # the stem's other form, highlighted
    no_errors(browser_page)


def test_a_query_without_a_match_in_the_language_offers_the_default_one(browser_page, bilingual):
    page = browser_page.page
    page.goto(f"{bilingual}/de/search/?q=wetlands")
    page.wait_for_selector("[data-search-offer] a")
    assert page.inner_text(STATUS) == "Keine Treffer in dieser Sprache."
    offer = page.locator("[data-search-offer] a")
    assert offer.inner_text() == "Auf English suchen (1 Treffer)"
    assert offer.get_attribute("hreflang") == "en"
    offer.click()
    page.wait_for_url(re.compile(r"/search/\?q=wetlands$"))
    assert wait_for_results(page) == 1
    assert page.locator(f"{RESULTS} h3 a").get_attribute("href") == "/results/kit/"
    no_errors(browser_page)


def test_a_query_that_filters_hide_offers_to_search_without_them(browser_page, bilingual):
    page = browser_page.page
    page.goto(f"{bilingual}/search/?q=wetlands&kind=project")
    page.wait_for_selector("[data-search-offer] button")
    assert page.inner_text(STATUS) == "No results match these filters."
    page.click("[data-search-offer] button")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('kind')")
    assert wait_for_results(page) == 1
    no_errors(browser_page)


# --- a catalogue of 500 projects ---------------------------------------------------------------


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory: pytest.TempPathFactory, serve_folder) -> dict[str, Any]:
    """bench/generate.py's catalogue of 500 projects (3,750 entries), built once per session."""
    root = tmp_path_factory.mktemp("catalogue")
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "generate.py"), str(root), "--projects", "500"],
        check=True,
        capture_output=True,
        timeout=600,
    )
    build_site(BuildOptions(site=root / "site", out=root / "out"))
    return {"site": root / "site", "out": root / "out", "url": serve_folder(root / "out")}


def test_a_very_common_word_shows_results_before_its_count_is_complete(browser_page, catalogue):
    index = read_index(catalogue["out"], "en")
    frequency = Counter(stem for data in index.values() for stem in data["stems"])
    stem, documents = frequency.most_common(1)[0]
    assert documents > encoding.HEAD, "the commonest word should have postings in tails"
    # A surface word of that stem, as a visitor types it: the shortest title word that stems to it.
    word = min(
        (w for data in index.values() for w in re.findall(r"[^\W\d_]+", data["row"][1]) if stemmer("en")(w) == stem),
        key=len,
    )
    page = browser_page.page
    held: list[Any] = []
    released = False

    def hold(route: Any) -> None:
        # The tails of very common words wait until the first results are checked.
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/search/en/*/t/*.bin", hold)
    page.goto(f"{catalogue['url']}/search/?q={fold(word)}%20")  # a space after it: the word, not a prefix
    page.wait_for_selector(f"{RESULTS}")
    assert page.inner_text(STATUS) == "Showing the best matches; still counting…"
    assert page.locator(RESULTS).count() == 10
    first = page.locator(f"{RESULTS} h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    released = True
    for route in held:
        route.continue_()
    page.wait_for_function("() => /^[\\d,.]+ results$/.test(document.getElementById('search-status').textContent)")
    assert wait_for_results(page) == documents  # every entry with the word, counted exactly
    # The first results were the best: a single word's postings come in impact order.
    assert page.locator(f"{RESULTS} h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == first
    no_errors(browser_page)


def test_counts_on_the_catalogue_are_exact(browser_page, catalogue):
    site = catalogue["site"]
    index = read_index(catalogue["out"], "en")
    frequency = Counter(stem for data in index.values() for stem in data["stems"])
    stem = next(s for s, n in frequency.most_common() if 300 < n < encoding.HEAD and s.isalpha() and len(s) > 4)
    word = next(
        w for data in index.values() for w in re.findall(r"[^\W\d_]+", data["row"][3]) if stemmer("en")(w) == stem
    )
    by_kind = Counter(data["row"][2] for data in index.values() if stem in data["stems"])
    page = open_search(browser_page, catalogue["url"], f"?q={fold(word)}%20")
    assert wait_for_results(page) == sum(by_kind.values())
    assert {kind: int(count.strip("()")) for kind, count in counts(page, "kind").items() if count != "(0)"} == by_kind
    # Without words, each kind counts every entry of its content folder.
    page = open_search(browser_page, catalogue["url"], "?kind=result")
    assert wait_for_results(page) == len(list((site / "content" / "results").glob("*.md")))
    files = {
        kind: len(list((site / "content" / f"{kind}s").glob("*.md"))) for kind in ("project", "organisation", "event")
    }
    files["news"] = len(list((site / "content" / "news").glob("*.md")))
    shown = counts(page, "kind")
    assert {kind: int(shown[kind].strip("()")) for kind in files} == files
    no_errors(browser_page)
