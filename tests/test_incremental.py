"""Incremental builds change exactly the files whose content changes, and match a cold build.

For each kind of change the test builds twice into one folder (the second build incremental)
and once cold into another, then checks: the incremental output equals the cold output byte
for byte, and the files whose mtime moved are exactly the files whose bytes changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from conftest import CONFIG, PROJECT, RESULT, SiteFactory

from generator.build import BuildOptions, build_site
from generator.cache import CACHE_DIR
from generator.errors import ContentError
from generator.themes import SOURCE_THEMES

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)

MORE = {
    "content/projects/second.md": PROJECT.replace("000111222", "000333444")
    .replace("acronym: TEST", "acronym: TWO")
    .replace("title: Testing together", "title: Second project"),
    "content/results/guide.md": RESULT.replace("project: testing", "project: second").replace(
        "A reusable toolkit", "A second guide"
    ),
    "content/events/kick-off.md": "---\nproject: second\ntitle: Kick-off\ntype: transnational-meeting\n"
    "start: 2024-02-01\nplace: {name: Town hall, city: Patras, country: GR}\n"
    "participants: {total: 12}\n---\n",
    "content/news/launch.md": "---\ntitle: Launch\ndate: 2024-03-01\nproject: testing\nresults: [toolkit]\n---\n",
}


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def _build(site: Path, out: Path) -> None:
    build_site(BuildOptions(site=site, out=out, now=NOW, search=False, workers=2))


def _theme_file(site: Path, name: str) -> Path:
    """Copy one theme template into the site's templates/ (an override) and return it."""
    target = site / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SOURCE_THEMES / "default/templates" / name, target)
    return target


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _append_marker(path: Path) -> None:
    """Add visible output: inside the last block of a child template (Jinja ignores text outside blocks)."""
    text = path.read_text()
    head, block, tail = text.rpartition("{% endblock %}")
    path.write_text(f"{head}<!-- changed -->{block}{tail}" if block else text + "\n<!-- changed -->\n")


CHANGES: dict[str, Callable[[Path], None]] = {
    "a result": lambda site: (site / "content/results/toolkit.md").write_text(
        RESULT.replace("The result's body.", "A rewritten body.")
    ),
    "an organisation referenced by projects": lambda site: (site / "content/organisations/beta.md").write_text(
        "---\nname: Beta University of Technology\ntype: higher-education\ncountry: PL\n---\n"
    ),
    "an organisation's place on the maps": lambda site: (site / "content/organisations/gamma.md").write_text(
        "---\nname: Gamma NGO\ntype: ngo\ncountry: GR\ncity: Patras\n---\n"
    ),
    "the config": lambda site: (site / "showcase.yaml").write_text(
        (site / "showcase.yaml").read_text().replace("Test site", "Renamed site")
    ),
    "a vocabulary file": lambda site: _write(
        site / "vocabularies/result_categories.yaml",
        "handbook-guide: {label: Handbooks for teachers, schema_type: LearningResource}\n",
    ),
    "a template": lambda site: _append_marker(_theme_file(site, "result.html")),
    "a partial": lambda site: _append_marker(_theme_file(site, "partials/card.html")),
    "a deleted result": lambda site: (site / "content/results/guide.md").unlink(),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_build_changes_exactly_what_depends_on_the_change(
    make_site: SiteFactory, tmp_path: Path, change: str
) -> None:
    site = make_site(MORE)
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    _build(site, incremental)
    before_bytes, before_mtimes = _files(incremental), _mtimes(incremental)

    CHANGES[change](site)
    _build(site, incremental)
    shutil.rmtree(site / CACHE_DIR)
    _build(site, cold)

    after = _files(incremental)
    assert after == _files(cold)
    changed_bytes = {path for path in after if before_bytes.get(path) != after[path]}
    moved = {path for path, mtime in _mtimes(incremental).items() if before_mtimes.get(path) != mtime}
    assert moved == changed_bytes
    assert changed_bytes, "the change should show somewhere"
    assert len(changed_bytes) < len(after) or change == "the config"


def test_no_change_rebuild_does_nothing(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(MORE), tmp_path / "out"
    first = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    mtimes = _mtimes(out)
    second = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    assert first.pages_rendered == first.pages > 0
    assert second.pages_rendered == 0 and second.files_changed == 0
    assert _mtimes(out) == mtimes


def test_one_result_edit_renders_only_the_pages_that_show_it(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(MORE), tmp_path / "out"
    first = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    (site / "content/results/guide.md").write_text(
        RESULT.replace("project: testing", "project: second")
        .replace("A reusable toolkit", "A second guide")
        .replace("The result's body.", "Only the body changed.")
    )
    second = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    assert second.pages_rendered == 1 < first.pages


def test_the_build_date_moves_only_what_shows_it(make_site: SiteFactory, tmp_path: Path) -> None:
    """The kick-off on 1 February 2024 is upcoming on 31 January and past on 2 February: the pages
    that tell upcoming from past events change, the others are not even rendered."""
    site = make_site(MORE)
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    before_day, after_day = datetime(2024, 1, 31, 12, tzinfo=UTC), datetime(2024, 2, 2, 12, tzinfo=UTC)
    build_site(BuildOptions(site=site, out=incremental, now=before_day, search=False))
    before = _files(incremental)
    second = build_site(BuildOptions(site=site, out=incremental, now=after_day, search=False))
    shutil.rmtree(site / CACHE_DIR)
    build_site(BuildOptions(site=site, out=cold, now=after_day, search=False))
    after = _files(incremental)
    assert after == _files(cold)
    changed = {path for path in after if before.get(path) != after[path]}
    assert {"events/kick-off/index.html", "projects/second/index.html", "events/index.html"} <= changed
    assert "results/toolkit/index.html" not in changed
    assert 0 < second.pages_rendered < second.pages


def test_a_menu_page_body_edit_renders_that_page_only(make_site: SiteFactory, tmp_path: Path) -> None:
    """Every page shows the menu, which shows the About page's title, not its text."""
    about = "---\ntitle: About us\nmenu: 1\n---\nWho we are.\n"
    site, out = make_site({**MORE, "content/pages/about.md": about}), tmp_path / "out"
    first = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    (site / "content/pages/about.md").write_text(about.replace("Who we are.", "Who we are, and why."))
    second = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    assert second.pages_rendered == 1 < first.pages
    (site / "content/pages/about.md").write_text(about.replace("About us", "About the partnership"))
    third = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    assert third.pages_rendered == third.pages
    assert "About the partnership" in (out / "results/toolkit/index.html").read_text()


def test_a_damaged_cache_means_a_full_build(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    _build(site, out)
    for path in (site / CACHE_DIR).glob("*.sqlite"):
        path.write_bytes(b"not a database")
    _build(site, out)
    shutil.rmtree(site / CACHE_DIR)
    _build(site, tmp_path / "cold")
    assert _files(out) == _files(tmp_path / "cold")


def test_a_theme_static_file_change_is_published(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(
        {
            "themes/child/theme.yaml": "name: child\nextends: default\n",
            "themes/child/static/assets/extra.css": "body { margin: 0; }\n",
        }
    )
    (site / "showcase.yaml").write_text((site / "showcase.yaml").read_text() + "theme: child\n")
    out = tmp_path / "out"
    _build(site, out)
    assert (out / "assets/extra.css").read_text() == "body { margin: 0; }\n"
    (site / "themes/child/static/assets/extra.css").write_text("body { margin: 1rem; }\n")
    _build(site, out)
    assert (out / "assets/extra.css").read_text() == "body { margin: 1rem; }\n"


TWO_LANGUAGES = "languages: [en, pl]\n"
REUSABLE = RESULT.replace(
    "---\nThe result's body.",
    "transferability:\n  reuse: adapt\n  contexts: [rural libraries]\n"
    "  evidence:\n    - {kind: pilot, description: Used in three libraries, count: 120}\n"
    "  contact: {organisation: alpha, email: reuse@example.org}\n---\nThe result's body.",
).replace("languages: [en, de]", "languages: [en, pl]")
POLISH = "---\ntitle: Zestaw narzędzi\ntransferability:\n  contexts: [biblioteki wiejskie]\n---\nTreść po polsku.\n"
TRANSLATION_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    (
        "a nested field of the translation",
        lambda site: (site / "content/results/toolkit.pl.md").write_text(
            POLISH.replace("[biblioteki wiejskie]", "[biblioteki wiejskie, domy kultury]")
        ),
    ),
    (
        "a field the translation gives up (the original's shows, marked English)",
        lambda site: (site / "content/results/toolkit.pl.md").write_text(
            POLISH.replace("title: Zestaw narzędzi\n", "")
        ),
    ),
    (
        "a nested field of the original that the translation inherits",
        lambda site: (site / "content/results/toolkit.md").write_text(
            REUSABLE.replace("Used in three libraries", "Used in four libraries")
        ),
    ),
    (
        "the translation's body made the original's",
        lambda site: (site / "content/results/toolkit.pl.md").write_text(
            POLISH.replace("Treść po polsku.", "The result's body.")
        ),
    ),
    ("the translation deleted", lambda site: (site / "content/results/toolkit.pl.md").unlink()),
]


def test_translation_edits_build_as_from_nothing(make_site: SiteFactory, tmp_path: Path) -> None:
    """A translation lays its fields over its original's at any depth (`content.merge_translation`)
    and marks what it inherits as the original's language: each edit to either file, built
    incrementally, gives the bytes a build from nothing gives, and renders only some pages."""
    site = make_site(
        {
            "showcase.yaml": CONFIG.replace("languages: [en]\n", TWO_LANGUAGES),
            "content/results/toolkit.md": REUSABLE,
            "content/results/toolkit.pl.md": POLISH,
        }
    )
    incremental = tmp_path / "incremental"
    first = build_site(BuildOptions(site=site, out=incremental, now=NOW, search=False))
    for step, (edit, change) in enumerate(TRANSLATION_EDITS):
        before = _files(incremental)
        change(site)
        summary = build_site(BuildOptions(site=site, out=incremental, now=NOW, search=False))
        cold = tmp_path / f"cold-{step}"  # a folder of its own, so a cache of its own: a build from nothing
        build_site(BuildOptions(site=site, out=cold, now=NOW, search=False))
        after = _files(incremental)
        assert after == _files(cold), edit
        changed = {path for path in after.keys() | before.keys() if before.get(path) != after.get(path)}
        assert any(path.startswith("pl/results/toolkit/") for path in changed), edit
        assert 0 < summary.pages_rendered < first.pages, edit


WEBINAR = """\
---
project: testing
title: Afternoon webinar
type: webinar
start: 2026-12-03T15:00:00
end: 2026-12-03T16:30:00
online: https://test.example.org/webinar
---
"""


def _event_state(out: Path) -> tuple[str, str, str, bool]:
    """(the event page's upcoming/past, the project page's heading over it, its events held, in the feed)."""
    event = lxml.html.fromstring((out / "events/webinar/index.html").read_bytes())
    project = lxml.html.fromstring((out / "projects/testing/index.html").read_bytes())
    heading = project.xpath("//li[.//a[contains(@href, '/events/webinar/')]]/preceding::h3[1]")[0].text_content()
    held = project.xpath("//dt[.='Events held']/following-sibling::dd[1]")[0].text_content()
    feed = (out / "events/feed.xml").read_text(encoding="utf-8")
    return (
        event.xpath("//p[@class='eyebrow']")[0].text_content().split("·")[-1].strip(),
        heading,
        held,
        "webinar" in feed,
    )


def test_an_event_today_is_upcoming_until_it_ends(make_site: SiteFactory, tmp_path: Path) -> None:
    """A webinar today from 15:00 to 16:30 in the coordinator's zone (Berlin): upcoming at 13:19,
    under way at 15:30, past at 16:45, each rebuild as a build from nothing makes it."""
    site, out, cold = make_site({"content/events/webinar.md": WEBINAR}), tmp_path / "out", tmp_path / "cold"
    berlin = ZoneInfo("Europe/Berlin")
    expected = {13: ("upcoming", "Upcoming events", "0", True), 15: ("upcoming", "Upcoming events", "0", True)}
    expected[16] = ("past", "Past events", "1", False)
    for hour, minute in ((13, 19), (15, 30), (16, 45)):
        now = datetime(2026, 12, 3, hour, minute, tzinfo=berlin)
        build_site(BuildOptions(site=site, out=out, now=now, search=False))
        assert _event_state(out) == expected[hour], hour
        shutil.rmtree(site / CACHE_DIR)
        build_site(BuildOptions(site=site, out=cold, now=now, search=False))
        assert _files(out) == _files(cold), hour
        shutil.rmtree(cold)
        build_site(BuildOptions(site=site, out=out, now=now, search=False))  # the cache of `out` again


def test_an_event_s_times_show_its_date_once_and_its_zone(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"content/events/webinar.md": WEBINAR})
    build_site(BuildOptions(site=site, out=tmp_path / "out", now=NOW, search=False))
    event = lxml.html.fromstring((tmp_path / "out/events/webinar/index.html").read_bytes())
    assert (
        event.xpath("//dt[.='When']/following-sibling::dd[1]")[0].text_content() == "3 December 2026, 15:00–16:30 CET"
    )
    project = (tmp_path / "out/projects/testing/index.html").read_text(encoding="utf-8")
    assert ">3 December 2026, 15:00 CET</time>" in project


def test_links_follow_a_linked_entry_and_break_when_it_goes(make_site: SiteFactory, tmp_path: Path) -> None:
    """A body's link to another entry reads that entry's URL and headings: when the entry moves
    (its slug), the linking page is made again with the new URL; when it loses the heading or
    goes, the build fails at the line of the link, as a build from nothing does."""
    guide = "content/results/guide.md"
    linking = "Read [the guide](../results/guide.md#adapting-it) first.\n"
    site = make_site(
        {
            **MORE,
            guide: MORE[guide].replace("The result's body.", "## Adapting it\n"),
            "content/news/launch.md": MORE["content/news/launch.md"] + linking,
        }
    )
    incremental = tmp_path / "incremental"
    _build(site, incremental)
    assert 'href="/results/guide/#adapting-it"' in (incremental / "news/launch/index.html").read_text()

    (site / guide).write_text((site / guide).read_text().replace("\ntitle:", "\nslug: second-guide\ntitle:"))
    _build(site, incremental)
    _build(site, tmp_path / "cold")
    assert _files(incremental) == _files(tmp_path / "cold")
    assert 'href="/results/second-guide/#adapting-it"' in (incremental / "news/launch/index.html").read_text()

    line = "content/news/launch.md:7: error: '../results/guide.md"
    for change in (
        lambda: (site / guide).write_text((site / guide).read_text().replace("## Adapting it", "## Using it")),
        lambda: (site / guide).unlink(),
    ):
        change()
        for out in (incremental, tmp_path / "cold-again"):
            with pytest.raises(ContentError) as failed:
                _build(site, out)
            assert line in "\n".join(p.format() for p in failed.value.report.errors)
