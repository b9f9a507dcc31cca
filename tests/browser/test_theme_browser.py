"""The default theme in headless Chromium, on every page kind of two sites: the repository's
demo site (a catalogue, in English and German) and the site `showcase init` creates (one
partnership). Checked: axe-core finds no WCAG 2.1 A/AA violation (nor two landmarks it cannot
tell apart) in light and dark mode, on every page of the demo,
the Nu HTML Checker finds no error, no request goes to another host, pages read the same
without JavaScript, nothing scrolls sideways at 320 px, and a result prints on one page.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import BuildOptions, built_graph
from generator.graph import PageNode

REPO_ROOT = Path(__file__).resolve().parents[2]

KINDS = (
    "home",
    "project",
    "result",
    "organisation",
    "event",
    "news",
    "page",
    "section",
    "taxonomy",
    "term",
    "search",
    "accessibility",
    "statistics",
    "not_found",
)
SCHEMES = ("light", "dark")
# The pages a visitor reads: they must not need JavaScript (the search page does).
READING_KINDS = ("home", "project", "result", "organisation", "event", "news", "section", "term", "statistics")


def built_pages(site: Path, out: Path) -> tuple[list[PageNode], str]:
    """The pages of a built site, as its build recorded them, and its default language."""
    with built_graph(BuildOptions(site=site, out=out)) as (graph, store):
        return sorted((PageNode.from_json(p.node) for p in store.page_products()), key=lambda n: n.url), (
            graph.default_language
        )


def one_page_per_kind(site: Path, out: Path) -> dict[str, str]:
    """kind -> the URL of one page of that kind, in the site's default language, and
    "<kind>@<lang>" for the home and a result in each further language."""
    nodes, default = built_pages(site, out)
    pages: dict[str, str] = {}
    for node in nodes:
        key = node.kind if node.lang == default else f"{node.kind}@{node.lang}"
        if node.kind in ("home", "result") or node.lang == default:
            pages.setdefault(key, node.url)
    return pages


@pytest.fixture(scope="session")
def demo_pages(demo_site: Path) -> dict[str, str]:
    return one_page_per_kind(demo_site.parent / "site", demo_site)


@pytest.fixture(scope="session")
def demo_result_urls(demo_site: Path) -> list[str]:
    nodes, default = built_pages(demo_site.parent / "site", demo_site)
    return [n.url for n in nodes if n.kind == "result" and n.lang == default]


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site `showcase init` writes (project mode), and its build."""
    root = tmp_path_factory.mktemp("project-site")
    site, out = root / "site", root / "out"
    for command in (["init", str(site)], ["build", "--site", str(site), "--out", str(out)]):
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return site, out


@pytest.fixture(scope="session")
def project_pages(project_site: tuple[Path, Path]) -> dict[str, str]:
    return one_page_per_kind(*project_site)


@pytest.fixture(scope="session")
def project_url(serve_folder, project_site: tuple[Path, Path]) -> str:
    return serve_folder(project_site[1])


def _url_of(pages: dict[str, str], kind: str) -> str:
    assert kind in pages, f"the site has no page of kind {kind!r}: add one to its content"
    return pages[kind]


# --- accessibility ----------------------------------------------------------------------


def test_every_demo_page_has_no_axe_violations(browser_page, site_url, demo_site, axe_violations):
    """Every page of the demo in each of its languages, light and dark: one browser page for
    all of them, axe-core injected once per page and run once per colour scheme."""
    nodes, _ = built_pages(demo_site.parent / "site", demo_site)
    page = browser_page.page
    found: dict[str, list[str]] = {}
    started = time.monotonic()
    for node in nodes:
        # Only the search page runs a script that changes it; the others are whole once loaded.
        page.goto(site_url + node.url, wait_until="networkidle" if node.kind == "search" else "load")
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            for violation in axe_violations(page):
                found.setdefault(f"{node.url} ({scheme})", []).append(str(violation))
    print(f"axe checked {len(nodes)} pages in light and dark in {time.monotonic() - started:.0f} s")
    assert len({node.lang for node in nodes}) > 1 and len(nodes) > 100
    assert found == {}, "\n".join(f"{where}: {v}" for where, violations in found.items() for v in violations)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", ["home", "project", "result", "organisation", "page", "section", "term", "statistics"])
def test_project_site_has_no_axe_violations(browser_page, project_url, project_pages, axe_violations, kind, scheme):
    browser_page.page.emulate_media(color_scheme=scheme)
    browser_page.goto(project_url + _url_of(project_pages, kind), wait_until="networkidle")
    assert axe_violations(browser_page) == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(browser_page, site_url, demo_pages):
    from playwright.sync_api import expect

    page = browser_page.page
    browser_page.goto(site_url + _url_of(demo_pages, "result"))
    skip_link = page.locator(".skip-link")
    expect(skip_link).not_to_be_in_viewport()  # out of sight until a keyboard user reaches it
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    expect(skip_link).to_be_in_viewport(ratio=1)  # then wholly on screen
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


# --- validity -----------------------------------------------------------------------------


def test_demo_site_is_valid_html(demo_site, nu_check):
    assert nu_check(demo_site) == []


def test_project_site_is_valid_html(project_site, nu_check):
    assert nu_check(project_site[1]) == []


# --- privacy and robustness ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_no_request_leaves_the_site_and_none_fails(browser_page, site_url, demo_pages, kind):
    browser_page.goto(site_url + _url_of(demo_pages, kind), wait_until="networkidle")
    elsewhere = [
        url for url in browser_page.requests if not url.startswith(site_url + "/") and not url.startswith("data:")
    ]
    assert elsewhere == []
    assert browser_page.failed_requests == []
    assert browser_page.console_errors == []


@pytest.fixture
def no_script_page(chromium):
    context = chromium.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", READING_KINDS)
def test_pages_read_the_same_without_javascript(browser_page, no_script_page, site_url, demo_pages, kind):
    url = site_url + _url_of(demo_pages, kind)
    browser_page.goto(url, wait_until="networkidle")
    # A button is a control, not text to read: a script shows the ones only it can work.
    text = "document.querySelectorAll('main button').forEach(b => b.remove()); document.querySelector('main').innerText"
    with_script = browser_page.page.evaluate(text)
    no_script_page.goto(url)
    assert no_script_page.inner_text("main") == with_script
    assert no_script_page.locator("h1").count() == 1
    form = no_script_page.locator("header form[role=search]")
    assert form.get_attribute("method") == "get" and form.locator("input[name=q]").count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_scrolls_sideways_at_320_pixels(browser_page, site_url, demo_pages, kind):
    page = browser_page.page
    page.set_viewport_size({"width": 320, "height": 640})
    browser_page.goto(site_url + _url_of(demo_pages, kind), wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_header_takes_at_most_a_third_of_a_phone_screen(browser_page, site_url, demo_site):
    """On every page kind, in each of the demo's languages: the page itself must be in sight."""
    nodes, _ = built_pages(demo_site.parent / "site", demo_site)
    page = browser_page.page
    page.set_viewport_size({"width": 360, "height": 740})
    first_of_each = {(node.kind, node.lang): node.url for node in reversed(nodes)}
    assert len({lang for _, lang in first_of_each}) > 1
    too_tall = {}
    for url in first_of_each.values():
        page.goto(site_url + url)
        height = page.locator(".site-header").bounding_box()["height"]
        if height > 740 / 3:
            too_tall[url] = height
    assert too_tall == {}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the menu scrolls in its row, not the page


def test_a_table_wider_than_a_phone_shows_that_it_scrolls(browser_page, site_url, demo_pages):
    page = browser_page.page
    page.set_viewport_size({"width": 360, "height": 740})
    browser_page.goto(site_url + _url_of(demo_pages, "project"), wait_until="networkidle")
    box = page.locator(".table-scroll").filter(has=page.locator("table.partners"))
    assert box.evaluate("e => e.scrollWidth > e.clientWidth + 20")  # more of it is off to the side
    box.scroll_into_view_if_needed()
    bounds = box.bounding_box()
    right_edge = {
        "x": bounds["x"] + bounds["width"] - 8,
        "y": bounds["y"],
        "width": 8,
        "height": min(bounds["height"], 200),
    }
    with_cue = page.screenshot(clip=right_edge)
    box.evaluate("e => { e.style.background = 'none' }")
    assert page.screenshot(clip=right_edge) != with_cue, "nothing on the right edge says the table goes on"


# --- the embeddable card ----------------------------------------------------------------------


def test_the_card_s_copy_button_copies_the_code(chromium, no_script_page, site_url, demo_pages):
    from playwright.sync_api import expect

    url = site_url + _url_of(demo_pages, "result")
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    page.locator("#embed-copy").click()
    expect(page.locator("#embed-copied")).to_have_text("Copied")
    code = page.locator("#embed-code").input_value()
    assert code.startswith("<") and page.evaluate("navigator.clipboard.readText()") == code
    context.close()
    # Without a script there is no button that does nothing: the code is there to select.
    no_script_page.goto(url)
    expect(no_script_page.locator("#embed-copy")).to_be_hidden()
    expect(no_script_page.locator("#embed-code")).to_be_visible()
    assert no_script_page.locator("#embed-code").input_value() == code


# --- print ----------------------------------------------------------------------------------


def test_every_result_prints_as_a_one_page_sheet_with_qr_code_and_emblem(browser_page, site_url, demo_result_urls):
    page = browser_page.page
    page.emulate_media(media="print")
    for url in demo_result_urls:
        browser_page.goto(site_url + url)
        for selector in (".qr img", ".eu-emblem", ".reuse", ".readiness", ".disclaimer"):
            assert page.locator(selector).first.is_visible(), (url, selector)
        for selector in (".embed", ".header-tools", ".breadcrumbs"):
            assert not page.locator(selector).first.is_visible(), (url, selector)
        pdf = page.pdf(print_background=True, prefer_css_page_size=True)  # A4, as the stylesheet's @page says
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, url
