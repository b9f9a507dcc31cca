"""Themes: where templates, static files and UI strings come from.

A theme is a folder with ``theme.yaml`` (``name``, optional ``extends``), ``templates/``,
``static/`` and ``i18n/<lang>.yaml``. Lookup order, first match wins: the site's own
``templates/`` (one file overrides one template or partial), then the theme, then the
theme it extends. Static files merge the other way round, so the child wins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Report
from .sources import STATIC_DIR, TEMPLATES_DIR, THEMES_DIR, site_folder

BUILTIN_THEMES = Path(__file__).parent / "themes"
"""Themes shipped in the wheel; in a source checkout they are the repository's ``themes/``."""
SOURCE_THEMES = Path(__file__).parent.parent / "themes"


@dataclass
class Theme:
    """A resolved theme chain, child first."""

    name: str
    folders: list[Path]
    template_dirs: list[Path]
    """The site's templates/ (if any) then each theme's, child first."""
    static_dirs: list[Path]
    """Each theme's static/, base first, so that copying them in order lets the child win."""
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    """language -> key -> UI string, merged along the chain."""

    def templates_fingerprint(self) -> str:
        """Changes whenever any template of the chain changes: every page depends on it."""
        digest = hashlib.blake2b(digest_size=16)
        for folder in self.template_dirs:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(path.relative_to(folder).as_posix().encode())
                    digest.update(path.read_bytes())
        return digest.hexdigest()

    def strings_fingerprint(self) -> str:
        """Changes whenever a UI string changes: pages and the outputs that name things depend on it."""
        return hashlib.blake2b(
            repr(sorted((k, sorted(v.items())) for k, v in self.strings.items())).encode(), digest_size=16
        ).hexdigest()

    def static_signature(self) -> str:
        """Changes when a static file of the chain is added, removed or modified (not part of any page)."""
        digest = hashlib.blake2b(digest_size=16)
        for folder in self.static_dirs:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        return digest.hexdigest()


def _find_theme(name: str, site_root: Path) -> Path | None:
    for base in (site_root / THEMES_DIR, BUILTIN_THEMES, SOURCE_THEMES):
        if (base / name / "theme.yaml").is_file():
            return base / name
    return None


def load_theme(name: str, site_root: Path, report: Report) -> Theme | None:
    chain: list[Path] = []
    current: str | None = name
    while current:
        folder = _find_theme(current, site_root)
        if folder is None:
            report.error(
                "showcase.yaml",
                f"there is no theme '{current}'",
                field="theme",
                hint=f"use 'default', or put the theme in {THEMES_DIR}/{current}/ with a theme.yaml",
            )
            return None
        if folder in chain:
            report.error(
                f"{folder}/theme.yaml",
                f"the theme '{current}' extends itself through its parents",
                field="extends",
                hint="remove the loop from the 'extends' settings",
            )
            return None
        chain.append(folder)
        try:
            meta = yaml.safe_load((folder / "theme.yaml").read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            report.error(f"{folder}/theme.yaml", f"the YAML is malformed: {exc}")
            return None
        current = meta.get("extends")
    strings: dict[str, dict[str, str]] = {}
    for folder in reversed(chain):
        for path in sorted((folder / "i18n").glob("*.yaml")):
            strings.setdefault(path.stem, {}).update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    site_templates = site_folder(site_root, TEMPLATES_DIR, report)
    template_dirs = ([site_templates] if site_templates else []) + [f / TEMPLATES_DIR for f in chain]
    static_dirs = [f / STATIC_DIR for f in reversed(chain) if (f / STATIC_DIR).is_dir()]
    return Theme(name, chain, template_dirs, static_dirs, strings)
