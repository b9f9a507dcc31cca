"""The build: complete output, atomic replacement, nothing written outside the output folder."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import RESULT, SiteFactory, copy_demo_site

from generator import writer as writer_module
from generator.build import BuildOptions, build_site
from generator.errors import ContentError
from generator.writer import MARKER, OutputRefused

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def snapshot(folder: Path, *, skip: Path | None = None) -> dict[str, str]:
    """Every file under `folder` (but `skip`) with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (skip and p.is_relative_to(skip))
    }


def build(site: Path, out: Path, **options: object) -> None:
    build_site(BuildOptions(site=site, out=out, now=NOW, search=False, **options))  # type: ignore[arg-type]


def test_build_writes_every_page_kind(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    for page in (
        "index.html",
        "projects/index.html",
        "projects/testing/index.html",
        "results/toolkit/index.html",
        "organisations/alpha/index.html",
        "countries/gr/index.html",
        "fields/sch/index.html",
        "actions/ka220-sch/index.html",
        "years/2023/index.html",
        "priorities/inclusion/index.html",
        "categories/handbook-guide/index.html",
        "licences/cc-by-4.0/index.html",
        "languages/de/index.html",
        "search/index.html",
        "accessibility/index.html",
        "404.html",
        MARKER,
    ):
        assert (out / page).is_file(), page


def test_project_and_organisation_link_both_ways(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    project = (out / "projects/testing/index.html").read_text()
    organisation = (out / "organisations/beta/index.html").read_text()
    country = (out / "countries/pl/index.html").read_text()
    assert 'href="/organisations/beta/"' in project and 'href="/results/toolkit/"' in project
    assert 'href="/projects/testing/"' in organisation
    assert 'href="/organisations/beta/"' in country and 'href="/projects/testing/"' in country


def test_failed_build_leaves_previous_output_and_site_intact(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    before_out, before_site = snapshot(out), snapshot(site)
    (site / "content/results/toolkit.md").write_text(RESULT.replace("CC-BY-4.0", "CC-BY-ND-4.0"))
    before_site = snapshot(site)
    with pytest.raises(ContentError):
        build(site, out)
    assert snapshot(out) == before_out
    assert snapshot(site) == before_site
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_interrupted_build_leaves_previous_output_intact(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    before = snapshot(out)
    (site / "content/results/toolkit.md").write_text(RESULT.replace("A reusable toolkit", "A renamed toolkit"))
    real_write = writer_module.OutputWriter.write
    calls = 0

    def interrupted_write(self: writer_module.OutputWriter, rel: str, data: bytes) -> bool:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise KeyboardInterrupt
        return real_write(self, rel, data)

    monkeypatch.setattr(writer_module.OutputWriter, "write", interrupted_write)
    with pytest.raises(KeyboardInterrupt):
        build(site, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs, not even clean-up code."""


def _crash_on_first_move(monkeypatch: pytest.MonkeyPatch, staging: Path) -> None:
    """Make the first move of a staged file into the output fail as if the machine stopped."""
    real_replace = writer_module.os.replace
    crashed = False

    def replace(source: str | Path, target: str | Path) -> None:
        nonlocal crashed
        if Path(source).is_relative_to(staging) and not crashed:
            crashed = True
            raise Crash
        real_replace(source, target)

    monkeypatch.setattr(writer_module.os, "replace", replace)


@pytest.mark.parametrize("cut_off_by", ["an interrupt", "a crash"])
def test_a_publish_cut_off_half_way_is_finished(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut_off_by: str
) -> None:
    """An interrupt: the build's clean-up finishes the publish that had begun. A crash runs no
    clean-up: the next build finishes it."""
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    (site / "content/results/toolkit.md").write_text(RESULT.replace("A reusable toolkit", "A renamed toolkit"))
    _crash_on_first_move(monkeypatch, tmp_path / ".out.building")
    if cut_off_by == "a crash":
        monkeypatch.setattr(writer_module.OutputWriter, "abort", lambda self: None)
    with pytest.raises(Crash):
        build(site, out)
    monkeypatch.undo()
    if cut_off_by == "a crash":
        build(site, out)
    build(site, tmp_path / "cold")
    assert snapshot(out) == snapshot(tmp_path / "cold")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cold", "out", "site"]


def test_an_output_file_changed_or_deleted_by_hand_is_repaired(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    clean = snapshot(out)
    (out / "projects/testing/index.html").write_text("defaced")
    (out / "organisations/beta/index.html").unlink()
    (out / "licences/cc-by-4.0/index.html").write_bytes(b"")
    untouched = {p: p.stat().st_mtime_ns for p in out.rglob("*.html") if "licences" not in p.parts}
    summary = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    assert summary.files_changed == 3 and summary.files_removed == 0
    assert "3 file(s) of the output folder changed since the last build" in summary.note
    assert snapshot(out) == clean
    assert all(p.stat().st_mtime_ns == mtime for p, mtime in untouched.items() if "testing" not in p.parts)
    again = build_site(BuildOptions(site=site, out=out, now=NOW, search=False))
    assert (again.files_changed, again.pages_rendered, again.note) == (0, 0, "")


def test_a_repair_also_removes_the_files_no_longer_made(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    (out / "robots.txt").write_text("defaced")  # nothing the edit below changes
    (site / "content/results/toolkit.md").unlink()
    build(site, out)
    build(site, tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")
    assert not (out / "results/toolkit").exists()


def test_a_publish_crash_half_way_with_removals_is_repaired(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    (site / "content/results/toolkit.md").unlink()
    (site / "content/organisations/gamma.md").write_text(
        "---\nname: Gamma Renamed NGO\ntype: ngo\ncountry: GR\n---\n", encoding="utf-8"
    )
    _crash_on_first_move(monkeypatch, tmp_path / ".out.building")
    monkeypatch.setattr(writer_module.OutputWriter, "abort", lambda self: None)  # a kill runs no clean-up
    with pytest.raises(Crash):
        build(site, out)
    monkeypatch.undo()
    assert not (out / "results/toolkit").exists()  # the removals ran, no move did
    build(site, out)
    build(site, tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_unchanged_files_keep_bytes_and_mtime(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    (site / "content/results/toolkit.md").write_text(RESULT.replace("The result's body.", "A new body."))
    build(site, out)
    changed = {p.relative_to(out).as_posix() for p, mtime in mtimes.items() if p.stat().st_mtime_ns != mtime}
    assert changed == {"results/toolkit/index.html"}


def test_deleted_content_removes_its_pages(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build(site, out)
    assert (out / "licences/cc-by-4.0/index.html").exists()
    (site / "content/results/toolkit.md").unlink()
    build(site, out)
    assert not (out / "results/toolkit").exists()
    assert not (out / "licences/cc-by-4.0").exists()


def test_output_with_foreign_files_is_refused(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    with pytest.raises(OutputRefused, match="holds files that showcase did not build"):
        build(site, out)
    assert (out / "thesis.docx").read_text() == "years of work"


def test_output_cannot_be_the_site_itself(make_site: SiteFactory) -> None:
    site = make_site()
    with pytest.raises(OutputRefused, match="contains the site itself"):
        build(site, site)


def test_drafts_only_with_the_flag(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"content/news/soon.md": "---\ntitle: Soon\ndate: 2026-01-01\ndraft: true\n---\n"})
    build(site, tmp_path / "public")
    assert not (tmp_path / "public/news/soon").exists()
    build(site, tmp_path / "preview", drafts=True)
    assert (tmp_path / "preview/news/soon/index.html").exists()


def test_translations_live_under_their_language(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site()
    config = (site / "showcase.yaml").read_text().replace("[en]", "[en, de]")
    (site / "showcase.yaml").write_text(config)
    (site / "content/results/toolkit.de.md").write_text("---\ntitle: Ein Werkzeugkasten\n---\nAuf Deutsch.\n")
    out = tmp_path / "out"
    build(site, out)
    german = (out / "de/results/toolkit/index.html").read_text()
    assert 'lang="de"' in german and "Ein Werkzeugkasten" in german
    assert (out / "de/index.html").exists() and (out / "de/projects/index.html").exists()
    assert not (out / "de/projects/testing").exists()  # not translated: lists link to the English page


def test_demo_site_has_no_broken_internal_link(tmp_path: Path) -> None:
    """Every root-relative href/src in the demo site points at a file the build wrote."""
    out = tmp_path / "demo"
    build(copy_demo_site(tmp_path / "site"), out)
    broken = []
    for page in out.rglob("*.html"):
        for target in re.findall(r'(?:href|src)="(/[^"#?]*)', page.read_text()):
            path = out / target.lstrip("/")
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{page.relative_to(out)} -> {target}")
    assert broken == []


def test_results_published_counts_final_results_only(make_site: SiteFactory, tmp_path: Path) -> None:
    """`status: draft` and `planned` results are listed on the project page, but not published."""
    site = make_site(
        {
            "content/results/handbook.md": RESULT.replace("title: A", "status: draft\ntitle: A"),
            "content/results/course.md": RESULT.replace("title: A", "status: planned\ntitle: A"),
        }
    )
    build(site, tmp_path / "out")
    page = (tmp_path / "out/projects/testing/index.html").read_text()
    assert re.search(r"<dt>Results published</dt><dd>1</dd>", page)
