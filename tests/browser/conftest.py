"""Fixtures for tests that drive real outside tools against a built site.

The tools: Debian's Chromium (through Playwright), axe-core (bundled by the
axe-playwright-python package), the Nu HTML Checker (npm's vnu-jar, run on
Java), xmllint with the sitemaps.org XSD (npm's sitemap package), and
Lighthouse (npm). `.ci/run` installs all of them.

A missing tool skips the tests that need it, with a message saying how to
install it; with SHOWCASE_REQUIRE_TOOLS=1 (as CI sets it) it fails them
instead, so a broken install cannot pass as a green run.

Tests here import nothing from this module: everything is a fixture.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlparse

import pytest
from conftest import copy_demo_site

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach outside hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

APT_HINT = "run `apt-get update && apt-get install -y {}`"
NPM_HINT = "run `npm install --no-package-lock --ignore-scripts` at the repository root"
PIP_HINT = "run `pip install -e '.[test]'`"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _tools_required() -> bool:
    return os.environ.get("SHOWCASE_REQUIRE_TOOLS", "") not in ("", "0")


def _missing(what: str, hint: str) -> None:
    message = f"{what} is missing: {hint}"
    if _tools_required():
        pytest.fail(f"{message} (SHOWCASE_REQUIRE_TOOLS is set)", pytrace=False)
    pytest.skip(message)


def _require_tool(name_or_path: str | Path, hint: str) -> Path:
    """Return the tool's path, or skip (fail under SHOWCASE_REQUIRE_TOOLS=1).

    A bare name is looked up on PATH; anything with a slash is a file path.
    """
    text = str(name_or_path)
    if os.sep in text:
        found = text if Path(text).exists() else None
    else:
        found = shutil.which(text)
    if found is None:
        _missing(text, hint)
    return Path(found)


def _require_module(name: str, hint: str = PIP_HINT) -> None:
    if importlib.util.find_spec(name) is None:
        _missing(f"Python package {name!r}", hint)


@pytest.fixture(scope="session")
def require_tool() -> Callable[[str | Path, str], Path]:
    """`require_tool(name_or_path, install_hint) -> Path`, for tools with no fixture of their own."""
    return _require_tool


@pytest.fixture(scope="session")
def require_module() -> Callable[[str], Any]:
    """`require_module("pyld.jsonld") -> module`: import a test-only Python package (skip or fail as above)."""

    def load(name: str) -> Any:
        _require_module(name.split(".")[0])
        return importlib.import_module(name)

    return load


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser` (pyproject.toml), new files too."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


# --- the tools ---------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return _require_tool(CHROMIUM, APT_HINT.format("chromium chromium-driver"))


@pytest.fixture(scope="session")
def java_path() -> Path:
    return _require_tool("java", APT_HINT.format("default-jre-headless"))


@pytest.fixture(scope="session")
def vnu_jar(java_path: Path) -> Path:
    return _require_tool(NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar", NPM_HINT)


@pytest.fixture(scope="session")
def xmllint_path() -> Path:
    return _require_tool("xmllint", APT_HINT.format("libxml2-utils"))


@pytest.fixture(scope="session")
def sitemap_xsd(xmllint_path: Path) -> Path:
    """The sitemaps.org 0.9 schema, for `xmllint --noout --nonet --schema XSD FILE`."""
    return _require_tool(NODE_MODULES / "sitemap" / "schema" / "sitemap.xsd", NPM_HINT)


@pytest.fixture(scope="session")
def lighthouse_cli(chromium_path: Path) -> Path:
    """Lighthouse 12's CLI. Run it with CHROME_PATH set to `chromium_path` and
    `--chrome-flags="--headless <CHROMIUM_ARGS>"`; its exit code ignores scores,
    so read `categories.*.score` from `--output=json`."""
    _require_tool("node", APT_HINT.format("nodejs npm"))
    return _require_tool(NODE_MODULES / ".bin" / "lighthouse", NPM_HINT)


# --- the site and a server for it --------------------------------------------


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo site (a copy), built once per session; returns the output folder."""
    root = tmp_path_factory.mktemp("demo-site")
    site, out = copy_demo_site(root / "site"), root / "out"
    command = [sys.executable, "-m", "generator", "build", "--site", str(site), "--out", str(out)]
    result = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, (
        f"{' '.join(command)} exited with {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # The search index's files are gzipped bytes named .bin, which the page inflates itself.
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".bin": "application/octet-stream",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".xml": "application/xml",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a connection early is not a test failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def serve_folder() -> Iterator[Callable[[Path], str]]:
    """`serve_folder(folder) -> base URL` such as "http://127.0.0.1:41234" (no trailing slash).

    Each folder gets one server on an ephemeral loopback port, stopped at session end.
    """
    servers: dict[Path, tuple[_QuietServer, threading.Thread]] = {}

    def serve(folder: Path) -> str:
        folder = Path(folder).resolve()
        if folder not in servers:
            handler = functools.partial(_QuietHandler, directory=str(folder))
            server = _QuietServer(("127.0.0.1", 0), handler)
            thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
            thread.start()
            servers[folder] = (server, thread)
        host, port = servers[folder][0].server_address[:2]
        return f"http://{host}:{port}"

    yield serve
    for server, thread in servers.values():
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(serve_folder: Callable[[Path], str], demo_site: Path) -> str:
    """Base URL of the served demo site, without a trailing slash."""
    return serve_folder(demo_site)


# --- the browser -------------------------------------------------------------
# Named `chromium` and `browser_page` so as not to clash with pytest-playwright's
# `browser` and `page` if that plugin is installed.


@pytest.fixture(scope="session")
def chromium(chromium_path: Path) -> Iterator[Any]:
    """A Playwright `Browser` running Debian's Chromium headless."""
    _require_module("playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BrowserPage:
    """A Playwright `Page` in a fresh context, with what it logged and requested."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def goto(self, url: str, **kwargs: Any) -> Any:
        return self.page.goto(url, **kwargs)


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[BrowserPage]:
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)  # shared 2-core machines: a loaded one can take long to load a page
    result = BrowserPage(page)

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location or {}
            result.console_errors.append(f"{message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})")

    page.on("console", on_console)
    # Uncaught exceptions are not console messages in Playwright: count them too.
    page.on("pageerror", lambda error: result.console_errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: result.requests.append(request.url))
    page.on(
        "requestfailed",
        lambda request: result.failed_requests.append(f"{request.url}: {request.failure}"),
    )
    yield result
    context.close()


# --- checkers ----------------------------------------------------------------


class AxeViolation(NamedTuple):
    rule: str
    impact: str | None
    targets: list[str]
    help: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help} at {', '.join(self.targets)}"


def _axe_target(target: list[Any]) -> str:
    # A node's target is a selector list that steps into iframes and shadow roots.
    return " >>> ".join(t if isinstance(t, str) else " ".join(t) for t in target)


@pytest.fixture(scope="session")
def axe_violations() -> Callable[..., list[AxeViolation]]:
    """`axe_violations(page, context=None) -> [AxeViolation]` for WCAG 2.0/2.1 A and AA, and
    `landmark-unique` (two landmarks of one role with one name: a screen reader's list of
    regions then shows two entries it cannot tell apart).

    `page` is a Playwright Page or a BrowserPage; `context` an optional CSS selector.
    One AxeViolation per failing rule, naming every element that fails it. axe-core is
    injected once per loaded document: running again on the same page (after switching the
    colour scheme, say) reuses it.
    """
    _require_module("axe_playwright_python")
    from axe_playwright_python.sync_playwright import Axe

    script = Axe().axe_script
    # Tag-restricted runs leave out the best-practice rules: the one kept is enabled by name.
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {"landmark-unique": {"enabled": True}},
        "resultTypes": ["violations"],
    }

    def run(page: Any, context: str | None = None) -> list[AxeViolation]:
        page = getattr(page, "page", page)
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(script)
        results = page.evaluate("([context, options]) => axe.run(context || document, options)", [context, options])
        return [
            AxeViolation(v["id"], v.get("impact"), [_axe_target(n["target"]) for n in v["nodes"]], v["help"])
            for v in results["violations"]
        ]

    return run


@pytest.fixture(scope="session")
def nu_check(java_path: Path, vnu_jar: Path) -> Callable[[Path], list[str]]:
    """`nu_check(folder) -> ["file:line: message", ...]`: the Nu HTML Checker's errors for
    every .html file under folder (paths relative to it); empty when all are valid."""

    def check(folder: Path) -> list[str]:
        folder = Path(folder).resolve()
        command = [
            str(java_path), "-jar", str(vnu_jar),
            "--skip-non-html", "--errors-only", "--format", "json", str(folder),
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        start = result.stderr.find("{")
        if result.returncode not in (0, 1) or start < 0:
            pytest.fail(
                f"the Nu checker exited with {result.returncode}\n"
                f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
                pytrace=False,
            )
        messages = json.loads(result.stderr[start:])["messages"]
        found = []
        for message in messages:
            path = Path(unquote(urlparse(message.get("url", "")).path))
            name = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)
            line = message.get("lastLine", "?")
            found.append(f"{name}:{line}: {message.get('type')}: {message.get('message')}")
        return found

    return check
