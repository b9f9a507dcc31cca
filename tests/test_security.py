"""Hostile content and hostile files: nothing runs on a published page, nothing outside the site
is read, nothing hangs or ends in a traceback (docs/security.md)."""

from __future__ import annotations

import csv
import io
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import PROJECT, RESULT, SiteFactory

from generator.build import BuildOptions, build_site, check_site
from generator.csp import CONTENT_SECURITY_POLICY
from generator.errors import ContentError, Report
from generator.markup import MarkdownRenderer
from generator.sources import MAX_CONTENT_BYTES

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)

HOSTILE_BODY = """\
## Heading *one*

<script>document.title = "pwned"</script>
<img src="x.png" alt="x" onerror="document.title = 'pwned'">
[click](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">click</a> <a href="data:text/html,<script>1</script>">d</a>
<iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input name="q"></form>
<div style="background:url(javascript:alert(1))">styled</div><object data="x.swf"></object>

| left | right |
|:-----|------:|
| 1    | 2     |

Text with a note[^1] and HTML.

*[HTML]: HyperText Markup Language

[^1]: The note.
"""


def build(site: Path, out: Path, **options: object) -> Report:
    return build_site(BuildOptions(site=site, out=out, now=NOW, search=False, **options)).report  # type: ignore[arg-type]


def build_errors(site: Path, out: Path) -> list[str]:
    """The errors of a build that must fail, as 'file:line: message' lines."""
    with pytest.raises(ContentError) as failed:
        build(site, out)
    return [f"{p.location}: {p.message}" for p in failed.value.report.errors]


def messages(report: Report) -> list[str]:
    return [f"{p.location}: {p.severity.value}: {p.message}" for p in report.sorted()]


# --- 1. HTML in Markdown, the Content-Security-Policy, SVG -----------------------------


def test_markdown_html_is_sanitised_and_what_the_extensions_make_stays() -> None:
    html = MarkdownRenderer()(HOSTILE_BODY)
    for hostile in ("<script", "onerror", "javascript:", "JaVaScRiPt", "data:text", "<iframe", "<form", "<object"):
        assert hostile not in html, hostile
    assert "background" not in html
    assert '<h2 id="heading-one">' in html
    assert '<th style="text-align:left">left</th>' in html
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert 'id="fn:1"' in html and 'href="#fn:1"' in html
    assert '<img src="x.png" alt="x">' in html


def test_a_result_guide_and_body_publish_no_script(make_site: SiteFactory, tmp_path: Path) -> None:
    hostile_result = RESULT.replace(
        "files:",
        'transferability:\n  guide: "<img src=x onerror=alert(1)> [go](javascript:alert(1)) **bold**"\nfiles:',
    ).replace("The result's body.", HOSTILE_BODY)
    site = make_site({"content/results/toolkit.md": hostile_result})
    build(site, tmp_path / "out")
    page = (tmp_path / "out/results/toolkit/index.html").read_text(encoding="utf-8")
    main = page[page.index("<main") : page.index("</main>")]
    assert "<strong>bold</strong>" in main
    for hostile in ("onerror", "javascript:", "pwned", "<iframe", "<form"):
        assert hostile not in main, hostile


def test_unsafe_raw_html_publishes_html_as_written(make_site: SiteFactory, tmp_path: Path) -> None:
    from conftest import CONFIG

    site = make_site(
        {
            "showcase.yaml": CONFIG + "unsafe_raw_html: true\n",
            "content/results/toolkit.md": RESULT.replace("The result's body.", '<div class="x" data-y="1">raw</div>'),
        }
    )
    build(site, tmp_path / "out")
    page = (tmp_path / "out/results/toolkit/index.html").read_text(encoding="utf-8")
    assert '<div class="x" data-y="1">raw</div>' in page


def test_every_page_carries_the_content_security_policy_first(make_site: SiteFactory, tmp_path: Path) -> None:
    build(make_site(), tmp_path / "out")
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert {"default-src", "base-uri", "form-action", "img-src", "media-src"} <= directives.keys()
    pages = list((tmp_path / "out").rglob("*.html"))
    assert len(pages) > 10
    tag = f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert tag.replace("'", "&#39;") in html or tag in html, page
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/(ld\+)?json\")=?)", html), page


SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="1" height="1"/>\n<script>alert(1)</script>\n</svg>'
)
SVG_HANDLER = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1" onclick="alert(1)"/></svg>'
SVG_LINK = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    b'<a x:href="&#106;ava&#x09;script:alert(1)"><text>x</text></a></svg>'
)
SVG_FOREIGN = b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>'
SVG_CLEAN = b'<svg xmlns="http://www.w3.org/2000/svg"><title>logo</title><circle r="4"/></svg>'


def test_an_svg_that_can_run_code_is_refused(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(
        {
            "static/a-script.svg": SVG_SCRIPT,
            "static/b-handler.svg": SVG_HANDLER,
            "static/c-link.svg": SVG_LINK,
            "static/d-foreign.svg": SVG_FOREIGN,
            "static/logo.svg": SVG_CLEAN,
        }
    )
    errors = build_errors(site, tmp_path / "out")
    assert errors == [
        "static/a-script.svg:3: this SVG has a <script> element: opened from the site, it would run code on the "
        "site's pages",
        "static/b-handler.svg:1: this SVG has an event handler (onclick) on <rect>: opened from the site, it would "
        "run code on the site's pages",
        "static/c-link.svg:1: this SVG has a javascript: URL in <a href>: opened from the site, it would run code "
        "on the site's pages",
        "static/d-foreign.svg:1: this SVG has a <foreignObject> element: opened from the site, it would run code "
        "on the site's pages",
    ]
    assert not (tmp_path / "out").exists()


# --- 2. Formulas in the CSV exports -----------------------------------------------------


def test_csv_cells_never_start_a_formula(make_site: SiteFactory, tmp_path: Path) -> None:
    project = (
        PROJECT.replace("title: Testing together", 'title: "=HYPERLINK(\\"https://evil.example\\",\\"x\\")"')
        .replace("summary: A project for tests.", "summary: \"+1+cmd|' /C calc'!A0\"")
        .replace("priorities: [inclusion]", 'priorities: [inclusion]\ntopics: ["@SUM(1+1)", "-2+3"]\neu_grant: 250000')
    )
    organisation = '---\nname: "\\tAlpha"\ntype: school-general\ncountry: DE\n---\n'
    site = make_site({"content/projects/testing.md": project, "content/organisations/alpha.md": organisation})
    out = tmp_path / "out"
    build(site, out)
    rows = list(csv.reader(io.StringIO((out / "exports/projects.csv").read_text(encoding="utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=False))
    assert row["Project Title"] == '\'=HYPERLINK("https://evil.example","x")'
    assert row["Project Summary"] == "'+1+cmd|' /C calc'!A0"
    assert row["Topics"].startswith("Inclusion") and "@SUM" in row["Topics"]
    assert row["Call year"] == "2023"
    assert next(v for k, v in row.items() if k.startswith("EU Grant")) == "250000.00"
    results = list(csv.reader(io.StringIO((out / "exports/results.csv").read_text(encoding="utf-8-sig"))))
    assert results[1][1] == '\'=HYPERLINK("https://evil.example","x")'
    for table in (rows, results):
        for cells in table[1:]:
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells


# --- 3. Control characters and line breaks ---------------------------------------------


def test_titles_and_names_are_one_line_and_no_text_holds_control_characters(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/projects/testing.md": PROJECT.replace("title: Testing together", 'title: "A\\vB"'),
            "content/organisations/alpha.md": '---\nname: "a\\nb"\ntype: school-general\ncountry: DE\n---\n',
            "content/results/toolkit.md": RESULT.replace("The result's body.", "Body\n\nwith \x0b inside."),
            "content/pages/about.md": '---\ntitle: About\nsummary: "two\\nlines are fine, \\u0007 is not"\n---\n',
            "content/news/hello.md": '---\ntitle: "tab\\there"\ndate: 2026-01-01\n---\n',
        }
    )
    report = check_site(site)
    errors = [line for line in messages(report) if ": error: " in line]
    assert errors == [
        "content/news/hello.md:2:1: error: 'tab\\there' is not one line of text: it holds a tab; titles, names and "
        "the other short fields are one line without control characters",
        "content/organisations/alpha.md:2:1: error: 'a\\nb' is not one line of text: it holds a line break; titles, "
        "names and the other short fields are one line without control characters",
        "content/pages/about.md:3:1: error: 'two\\nlines are fine, \\x07 is not' is not plain text: it holds the "
        "control character U+0007, "
        "which no reader of the site's files accepts",
        "content/projects/testing.md:4:1: error: 'A\\x0bB' is not one line of text: it holds the control character "
        "U+000B; titles, names and the other short fields are one line without control characters",
        "content/results/toolkit.md:12: error: the text holds the control character U+000B, which no reader of the "
        "site's files accepts",
    ]


# --- 4. Folders that are links out of the site ------------------------------------------


@pytest.mark.parametrize("folder", ["static", "content", "data", "templates", "vocabularies"])
def test_a_top_level_folder_linking_outside_the_site_is_refused(
    make_site: SiteFactory, tmp_path: Path, folder: str
) -> None:
    site = make_site()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("canary", encoding="utf-8")
    if folder == "content":
        os.rename(site / "content", elsewhere / "content")
        (site / "content").symlink_to(elsewhere / "content")
    else:
        (site / folder).symlink_to(elsewhere)
    errors = build_errors(site, tmp_path / "out")
    assert f"{folder}: this is a symbolic link to {elsewhere.resolve()}" in "\n".join(errors)
    assert not list(tmp_path.glob("out/**/secret.txt"))


def test_a_top_level_folder_linking_inside_the_site_is_read(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"assets/files/guide.txt": "inside"})
    (site / "static").symlink_to(site / "assets")
    build(site, tmp_path / "out")
    assert (tmp_path / "out/files/guide.txt").read_text(encoding="utf-8") == "inside"


# --- 5. Files that hang or explode ------------------------------------------------------

ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9) if previous else ', '.join(['lol'] * 9)}]\n"
    for previous, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)


def test_yaml_aliases_are_refused_in_data_and_front_matter(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(
        {
            "data/bomb.yaml": ALIAS_BOMB,
            "content/pages/bomb.md": "---\ntitle: Bomb\n" + ALIAS_BOMB.replace("a: &a", "x:\n  a: &a") + "---\n",
            "content/pages/merge.md": "---\ntitle: &t Merge\nsummary: *t\n---\n",
        }
    )
    started = time.monotonic()
    errors = build_errors(site, tmp_path / "out")
    assert time.monotonic() - started < 30
    refused = "YAML anchors (&name) and aliases (*name) are not allowed"
    assert errors == [
        f"content/pages/bomb.md:4:6: {refused}",
        f"content/pages/merge.md:2:8: {refused}",
        f"data/bomb.yaml:1:4: {refused}",
    ]


def test_a_fifo_named_like_content_is_skipped_with_a_warning(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"static/files/guide.txt": "guide"})
    (site / "content/pages").mkdir()
    os.mkfifo(site / "content/pages/x.md")
    os.mkfifo(site / "static/files/pipe.pdf")
    report = build(site, tmp_path / "out")  # would block forever reading the FIFO
    assert (
        "content/pages/x.md: warning: this is not a regular file (a FIFO, a socket or a device); it is left out"
        in messages(report)
    )
    assert "static/files/pipe.pdf: warning: this is not a regular file" in "\n".join(messages(report))
    assert (tmp_path / "out/files/guide.txt").is_file()


def test_a_symlink_loop_is_an_error_not_a_traceback(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\n"})
    (site / "content/pages/loop").symlink_to("..")
    (site / "content/pages/self").symlink_to("self")
    report = check_site(site)
    assert messages(report)[:2] == [
        "content/pages/loop: error: this symbolic link leads to content/, which is read already",
        "content/pages/self: warning: this symbolic link leads nowhere; it is left out",
    ]


def test_a_content_file_over_the_limit_is_refused_before_it_is_read(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"content/pages/huge.md": "---\ntitle: Huge\n---\n" + "word " * (MAX_CONTENT_BYTES // 5 + 1)})
    started = time.monotonic()
    errors = build_errors(site, tmp_path / "out")
    assert time.monotonic() - started < 30
    assert errors == [
        "content/pages/huge.md: this file is 2.0 MB, more than the 2 MB a file of its kind may have",
    ]


def test_the_build_fingerprints_data_by_its_bytes(make_site: SiteFactory, tmp_path: Path) -> None:
    """A data file changed in place, to the same size and mtime, still counts as changed."""
    site, out = make_site({"data/links.yaml": "items: [a, b]\n"}), tmp_path / "out"
    options = BuildOptions(site=site, out=out, now=NOW, search=False)
    build_site(options)
    data = site / "data/links.yaml"
    stat = data.stat()
    data.write_text("items: [a, c]\n", encoding="utf-8")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "data" in build_site(options).note


# --- 6. Files that are not read ---------------------------------------------------------


def test_files_in_content_that_are_not_read_are_named_with_the_rule(make_site: SiteFactory) -> None:
    page = "---\ntitle: About\n---\n"
    left_out = ["x.MD", "x.markdown", "..about.md", ".hidden.md", "#x.md", "x.md~", "notes.txt"]
    site = make_site({f"content/pages/{name}": page for name in [*left_out, ".DS_Store", ".x.md.swp"]})
    warnings = [p for p in check_site(site).warnings if "is not read" in p.message]
    assert sorted(p.file for p in warnings) == sorted(f"content/pages/{name}" for name in left_out)
    assert "content files are named <id>.md or <id>.<language>.md" in warnings[0].message
