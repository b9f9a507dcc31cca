"""A site built from hostile content runs none of it (issue 19, item 1).

Every page of a small site whose bodies, guides and titles carry script tags, event handlers,
javascript: and data: links, inline SVG with script, CSS expressions, iframes, forms, <base>
and objects is loaded in headless Chromium, and its javascript: links clicked. Each payload
tries to set `window.__pwned`, change the title or open a dialog. Built twice: sanitised (the
default), and with `unsafe_raw_html: true`, where the payloads reach the HTML and only the
pages' Content-Security-Policy stands between them and the visitor.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import CONFIG, PROJECT, RESULT  # noqa: E402  (tests/conftest.py: the small site)

from generator.build import BuildOptions, build_site  # noqa: E402

RUN = "window.__pwned = (window.__pwned || 0) + 1; document.title = 'pwned'; alert('pwned')"
PAYLOADS = f"""
<script>{RUN}</script>
<script src="data:text/javascript,{RUN}"></script>
<img src="missing.png" alt="x" onerror="{RUN}">
<svg onload="{RUN}"><script>{RUN}</script><a href="javascript:{RUN}"><text>svg link</text></a></svg>
<a id="js-link" href="javascript:{RUN}">a javascript link</a> [markdown link](javascript:alert('pwned'))
<a href="data:text/html,&lt;script&gt;{RUN}&lt;/script&gt;">a data link</a>
<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe><iframe src="javascript:parent.__pwned=1"></iframe>
<object data="data:text/html,&lt;script&gt;parent.__pwned=1&lt;/script&gt;"></object>
<embed src="data:text/html,&lt;script&gt;parent.__pwned=1&lt;/script&gt;">
<div style="width: expression(alert('pwned')); background: url(javascript:alert('pwned'))">css</div>
<form action="javascript:{RUN}"><button id="js-submit">send</button></form>
<details open ontoggle="{RUN}"><summary>x</summary></details>
<video src="missing.mp4" onerror="{RUN}"></video>
<math><mtext><table><mglyph><style><img src=x onerror="{RUN}"></style></mglyph></table></mtext></math>
"""
HOSTILE_TITLE = "<script>window.__pwned=1</script><img src=x onerror=alert('pwned')>"


def _hostile_site(root: Path, *, raw_html: bool) -> Path:
    files = {
        "showcase.yaml": CONFIG + ("unsafe_raw_html: true\n" if raw_html else ""),
        "content/organisations/alpha.md": f'---\nname: "{HOSTILE_TITLE}"\ntype: school-general\ncountry: DE\n---\n'
        + PAYLOADS,
        "content/organisations/beta.md": "---\nname: Beta University\ntype: higher-education\ncountry: PL\n---\n",
        "content/organisations/gamma.md": "---\nname: Gamma NGO\ntype: ngo\ncountry: GR\n---\n",
        "content/projects/testing.md": PROJECT.replace("The project's body.", PAYLOADS).replace(
            "summary: A project for tests.", f'summary: "{HOSTILE_TITLE}"'
        ),
        "content/results/toolkit.md": RESULT.replace(
            "files:",
            "transferability:\n  guide: |\n" + "".join(f"    {line}\n" for line in PAYLOADS.splitlines()) + "files:",
        )
        .replace("title: A reusable toolkit", f'title: "{HOSTILE_TITLE}"')
        .replace("The result's body.", PAYLOADS),
        "content/pages/about.md": f'---\ntitle: "{HOSTILE_TITLE}"\nmenu: 1\n---\n' + PAYLOADS,
    }
    for rel, text in files.items():
        path = root / "site" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out = root / "out"
    build_site(BuildOptions(site=root / "site", out=out, search=True, workers=1))
    return out


@pytest.mark.parametrize("raw_html", [False, True], ids=["sanitised", "unsafe_raw_html"])
def test_no_hostile_script_runs_on_any_page(
    tmp_path: Path, serve_folder: Callable[[Path], str], chromium: object, raw_html: bool
) -> None:
    out = _hostile_site(tmp_path, raw_html=raw_html)
    base = serve_folder(out)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    page_text = (out / "about/index.html").read_text(encoding="utf-8")
    assert ("<script>window.__pwned" in page_text) == raw_html, "the payloads reach the HTML only when asked to"

    context = chromium.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(30_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("popup", lambda popup: dialogs.append(f"popup {popup.url}"))
    try:
        for path in pages:
            url = f"{base}/{path.relative_to(out).as_posix()}"
            page.goto(url, wait_until="load")
            for link in page.locator("a[href^='javascript:' i], #js-submit").all():
                link.click(force=True, no_wait_after=True)
            page.wait_for_timeout(50)  # handlers of late events (a failed image, a toggled <details>)
            assert page.evaluate("() => window.__pwned === undefined && window.parent.__pwned === undefined"), url
            assert page.title() != "pwned", url
            if page.url != url:  # a click may not even navigate away
                pytest.fail(f"{url} navigated to {page.url}")
        assert dialogs == []
    finally:
        context.close()
