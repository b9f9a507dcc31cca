"""The browser and checker fixtures work, on a tiny hand-written site.

Each checker is shown both passing a good page and catching a planted defect,
so a checker that silently checks nothing cannot pass here.
"""

import subprocess
import urllib.request

import pytest

GOOD_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fixture check</title>
</head>
<body>
<header><p>Partnership Showcase</p></header>
<main>
<h1>Fixture check</h1>
<p>A page that <a href="/bad.html">links</a> to a worse one.</p>
<script src="/app.js"></script>
</main>
</body>
</html>
"""

# No lang, an image without alt text, an unknown element attribute, an unclosed element.
BAD_PAGE = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Bad</title></head>
<body>
<main>
<h1>Bad</h1>
<img src="/pixel.png" frobnicate="yes">
<p><span>unclosed
</main>
</body>
</html>
"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://127.0.0.1/</loc><lastmod>2024-05-01</lastmod></url>
</urlset>
"""


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-site")
    (root / "index.html").write_text(GOOD_PAGE, encoding="utf-8")
    (root / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    # Headless Chromium asks for /favicon.ico on its own and logs a 404 as a console error.
    (root / "favicon.ico").write_bytes(b"\0\0\1\0\0\0")
    (root / "app.js").write_text("document.body.dataset.ready = 'yes';\n", encoding="utf-8")
    (root / "boom.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Boom</title></head>'
        "<body><script>console.error('planted console error'); missingFunction();</script>"
        '<img src="/missing.png" alt="missing"></body></html>',
        encoding="utf-8",
    )
    (root / "search" / "en").mkdir(parents=True)
    (root / "search" / "en" / "index.json").write_text('{"layers": []}', encoding="utf-8")
    (root / "search" / "en" / "0.bin").write_bytes(b"\x1f\x8b")
    (root / "search.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    (root / "bad-sitemap.xml").write_text(SITEMAP.replace("2024-05-01", "May 2024"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tiny_url(serve_folder, tiny_site):
    return serve_folder(tiny_site)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/index.html", "text/html"),
        ("/app.js", "text/javascript"),
        ("/search.wasm", "application/wasm"),
        ("/search/en/index.json", "application/json"),
        ("/search/en/0.bin", "application/octet-stream"),
    ],
)
def test_server_serves_files_with_their_types(tiny_url, path, content_type):
    assert tiny_url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(tiny_url + path, timeout=10) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == content_type


def test_same_folder_gets_the_same_server(serve_folder, tiny_site, tiny_url):
    assert serve_folder(tiny_site) == tiny_url


def test_chromium_loads_a_served_page(browser_page, tiny_url):
    response = browser_page.goto(tiny_url + "/")
    assert response.ok
    assert browser_page.page.title() == "Fixture check"
    browser_page.page.wait_for_function("document.body.dataset.ready === 'yes'")
    assert browser_page.console_errors == []
    assert browser_page.failed_requests == []
    assert browser_page.requests == [tiny_url + "/", tiny_url + "/app.js"]


def test_console_errors_are_collected(browser_page, tiny_url):
    browser_page.goto(tiny_url + "/boom.html", wait_until="load")
    errors = "\n".join(browser_page.console_errors)
    assert "planted console error" in errors
    assert "uncaught: " in errors and "missingFunction" in errors
    assert "404" in errors  # Chromium reports the missing image on the console
    assert tiny_url + "/missing.png" in browser_page.requests


def test_axe_passes_a_good_page(browser_page, tiny_url, axe_violations):
    browser_page.goto(tiny_url + "/")
    assert axe_violations(browser_page) == []


def test_axe_finds_planted_violations(browser_page, tiny_url, axe_violations):
    browser_page.goto(tiny_url + "/bad.html")
    violations = {v.rule: v for v in axe_violations(browser_page)}
    assert {"html-has-lang", "image-alt"} <= violations.keys(), violations
    assert violations["image-alt"].targets == ["img"]
    assert violations["image-alt"].impact == "critical"
    assert "image-alt (critical)" in str(violations["image-alt"])


def test_nu_checker_flags_only_the_bad_page(nu_check, tiny_site):
    errors = nu_check(tiny_site)
    assert errors, "the Nu checker reported nothing for a page with planted errors"
    assert all(error.startswith("bad.html:") for error in errors), errors
    assert any("frobnicate" in error for error in errors), errors


def test_sitemap_schema_validates(xmllint_path, sitemap_xsd, tiny_site):
    def xmllint(name):
        command = [str(xmllint_path), "--noout", "--nonet", "--schema", str(sitemap_xsd), name]
        return subprocess.run(command, cwd=tiny_site, capture_output=True, text=True, timeout=60)

    good = xmllint("sitemap.xml")
    assert good.returncode == 0, good.stderr
    bad = xmllint("bad-sitemap.xml")
    assert bad.returncode != 0 and "lastmod" in bad.stderr, bad.stderr


def test_lighthouse_is_installed(lighthouse_cli):
    result = subprocess.run([str(lighthouse_cli), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("12."), result.stdout
