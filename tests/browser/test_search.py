"""The search page in headless Chromium, against the demo site built and served over HTTP.

Queries come from the built site, not from a list of titles: the rarest word of a result's
title must find that result, the commonest word of the catalogue gives enough results to
filter. Checked: a query finds the page and highlights the words; a filter narrows the
results; a query without a match says so; the query, filters and sort live in the URL, so
reloading and the back button restore them; the header's search box leads there; keyboard
users get more results where they are; axe-core finds nothing with results and filters
shown; each language searches its own index; without JavaScript the page links to the
browse pages; and no page logs an error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import copy_demo_site
from lxml import html as lxml_html

from generator.build import BuildOptions, build_site

NO_MATCH = "qzxwvjkq"
RESULTS = ".search-result"
STATUS = "#search-status"


def indexed_texts(site: Path, lang_prefix: str = "") -> dict[str, str]:
    """URL -> the text Pagefind indexes (the data-pagefind-body element) of every page in one language."""
    texts = {}
    for path in site.rglob("index.html"):
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        url = url.replace("//", "/")
        in_language = url.startswith(f"{lang_prefix}/") if lang_prefix else not re.match(r"^/[a-z]{2}/", url)
        if not in_language:
            continue
        body = lxml_html.fromstring(path.read_bytes()).xpath("//*[@data-pagefind-body]")
        if body:
            texts[url] = body[0].text_content()
    return texts


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{5,}", text.lower())


@pytest.fixture(scope="session")
def corpus(demo_site: Path) -> dict[str, str]:
    texts = indexed_texts(demo_site)
    assert texts, "the demo site has no page marked data-pagefind-body"
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
    assert word in found.locator(".search-result-excerpt mark").first.inner_text().lower()
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
    # letters with no other word of the index (Pagefind matches stems and prefixes).
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
    assert json.loads((layered / "pagefind/overlay.json").read_text())["bundle"], "the edit should make an overlay"
    return {"layered": layered, "cold": cold, "edited": f"/results/{edited.stem}/"}


def shown(page: Any) -> list[tuple[str, str]]:
    """(link, facts line) of each result shown."""
    return [
        (item.locator("h3 a").get_attribute("href"), item.locator(".search-result-facts").inner_text())
        for item in page.locator(RESULTS).all()
    ]


def counts(page: Any, facet: str) -> dict[str, str]:
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
        # By relevance, which the overlay's own word statistics may shift, only the numbers must
        # agree; by readiness, results of equal score may come in either order.
        order = {
            "": [],
            "title": shown(page),
            "readiness": [re.search(r"readiness: \d", facts).group() for _, facts in shown(page)],
        }[sort]
        seen.append((total, order, counts(page, "licence")))
    assert seen[0] == seen[1]
    no_errors(browser_page)
