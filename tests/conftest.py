"""Shared fixtures: small sites written inline in the test, as Hugo's integration tests do."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import sources

REPO_ROOT = Path(__file__).resolve().parent.parent
SITE_PARTS = (
    sources.CONFIG_FILE,
    sources.CONTENT_DIR,
    sources.DATA_DIR,
    sources.LOCALE_DIR,
    sources.STATIC_DIR,
    sources.TEMPLATES_DIR,
    sources.THEMES_DIR,
    sources.VOCABULARIES_DIR,
)
"""What a site folder may hold: the repository root is the demo site."""

EU_LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr")
EU_LANGUAGES += ("hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")
"""The 24 official languages of the European Union."""


def copy_demo_site(folder: Path) -> Path:
    """Copy the demo site into `folder` (which must not exist) and return it. Tests build the
    copy, never the repository: a build keeps its cache in the site's ``.showcase-cache/``."""
    folder.mkdir(parents=True)
    for name in SITE_PARTS:
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, folder / name)
        elif (REPO_ROOT / name).is_file():
            shutil.copy2(REPO_ROOT / name, folder / name)
    return folder


CONFIG = """\
title: Test site
base_url: https://test.example.org/
mode: catalogue
languages: [en]
publisher: {name: Test Agency}
defaults:
  granting_authority: the Test National Agency (TNA)
"""

ORGANISATIONS = {
    "content/organisations/alpha.md": "---\nname: Alpha School\ntype: school-general\ncountry: DE\n---\nAlpha.\n",
    "content/organisations/beta.md": "---\nname: Beta University\ntype: higher-education\ncountry: PL\n---\n",
    "content/organisations/gamma.md": "---\nname: Gamma NGO\ntype: ngo\ncountry: GR\n---\n",
}

PROJECT = """\
---
code: 2023-1-DE03-KA220-SCH-000111222
acronym: TEST
title: Testing together
action: KA220-SCH
call_year: 2023
partners:
  - {organisation: alpha, role: coordinator}
  - {organisation: beta}
  - {organisation: gamma}
priorities: [inclusion]
summary: A project for tests.
---
The project's body.
"""

RESULT = """\
---
project: testing
title: A reusable toolkit
category: handbook-guide
languages: [en, de]
licence: CC-BY-4.0
files:
  - {title: Source, url: "https://test.example.org/toolkit.odt", editable: true}
---
The result's body.
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")


SiteFactory = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """Write a valid small catalogue, then apply `files` on top (None deletes a file)."""

    def make(files: dict[str, str | bytes | None] | None = None, *, base: bool = True) -> Path:
        root = tmp_path / "site"
        start: dict[str, str | bytes | None] = {}
        if base:
            start = {
                "showcase.yaml": CONFIG,
                **ORGANISATIONS,
                "content/projects/testing.md": PROJECT,
                "content/results/toolkit.md": RESULT,
            }
        start.update(files or {})
        write_files(root, {k: v for k, v in start.items() if v is not None})
        return root

    return make
