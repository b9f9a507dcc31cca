"""bench/generate.py writes a valid, deterministic catalogue and the same pages for the peers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import check_site

REPO_ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("organisations", "projects", "results", "events", "news")


def _generate(out: Path, *extra: str) -> None:
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "generate.py"), str(out), "--projects", "20", *extra],
        check=True,
        capture_output=True,
        text=True,
    )


def _files(content: Path, section: str) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in (content / section).glob("*.md")
        if path.name != "_index.md"
    }


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "catalogue"
    _generate(out, "--peers")
    return out


def test_the_catalogue_passes_check_without_problems(catalogue: Path) -> None:
    report = check_site(catalogue / "site")
    assert [p.format() for p in report.errors] == []
    assert [p.format() for p in report.warnings] == []


def test_the_catalogue_has_the_documented_shape(catalogue: Path) -> None:
    content = catalogue / "site" / "content"
    counts = {section: len(_files(content, section)) for section in SECTIONS}
    assert counts["projects"] == 20
    assert counts["organisations"] == 12  # half the projects, but never fewer than ten partners need
    assert 2 * 20 <= counts["results"] <= 6 * 20
    assert counts["events"] <= 2 * 20 and counts["news"] <= 2 * 20
    for text in _files(content, "projects").values():
        assert text.count("role: coordinator") == 1
        assert "\n## " in text and "](" in text
        partners = text.count("{organisation: ")
        assert 3 <= partners <= 10


def test_the_peer_sites_hold_the_same_pages_and_bodies(catalogue: Path) -> None:
    ours = catalogue / "site" / "content"
    for peer in ("hugo", "pelican"):
        content = catalogue / peer / "content"
        for section in SECTIONS:
            our_files, peer_files = _files(ours, section), _files(content, section)
            assert peer_files.keys() == our_files.keys()
            name = min(our_files)
            our_body = our_files[name].split("\n---\n", 1)[1]
            assert peer_files[name].endswith(our_body)
    assert (catalogue / "hugo" / "layouts" / "_default" / "single.html").is_file()
    assert (catalogue / "pelican" / "pelicanconf.py").is_file()


def test_the_same_seed_writes_the_same_files(catalogue: Path, tmp_path: Path) -> None:
    _generate(tmp_path / "again", "--peers")
    first = sorted(p.relative_to(catalogue) for p in catalogue.rglob("*.md"))
    second = sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*.md"))
    assert first == second
    assert all((catalogue / p).read_bytes() == (tmp_path / "again" / p).read_bytes() for p in first)


def test_a_non_empty_folder_is_refused(catalogue: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "generate.py"), str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "is not empty" in result.stderr
