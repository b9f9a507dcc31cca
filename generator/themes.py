"""Themes: where templates, static files and UI strings come from.

A theme is a folder with ``theme.yaml`` (``name``, optional ``extends``), ``templates/``,
``static/`` and ``locale/<lang>/LC_MESSAGES/messages.po`` (gettext catalogues, `i18n`).
Lookup order, first match wins: the site's own ``templates/`` (one file overrides one
template or partial), then the theme, then the theme it extends. Static files and
catalogues merge the other way round, so the child wins, and the site's own ``locale/``
wins over every theme.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Report
from .i18n import CATALOGUE, SOURCE_LANGUAGE, Translator, load_translator
from .sources import CONFIG_FILE, LOCALE_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR, SourceFile, site_folder

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
    catalogues: dict[str, list[Path]] = field(default_factory=dict)
    """language -> its ``.po`` files, base theme first and the site's own last, so the later win."""

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
        digest = hashlib.blake2b(digest_size=16)
        for lang, paths in sorted(self.catalogues.items()):
            for path in paths:
                digest.update(f"{lang}:{path}".encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()

    def translators(self, languages: list[str], report: Report, config: SourceFile | None) -> dict[str, Translator]:
        """The interface strings of each site language. A language with no catalogue anywhere in the
        chain is a warning (its pages show the English strings): `config` locates it."""
        self.missing_languages(languages, report, config)
        return {lang: load_translator(lang, self.catalogues.get(lang, []), report) for lang in languages}

    def missing_languages(self, languages: list[str], report: Report, config: SourceFile | None) -> None:
        """Warn about each site language with no catalogue anywhere in the chain (`translators`),
        without reading any catalogue."""
        for index, lang in enumerate(languages):
            if lang != SOURCE_LANGUAGE and lang not in self.catalogues:
                report.warning(
                    CONFIG_FILE,
                    f"the theme '{self.name}' has no interface strings in '{lang}': its pages show them in English",
                    line=config.position(("languages", index))[0] if config else 0,
                    field=f"languages.{index}",
                    hint=f"translate them in {LOCALE_DIR}/{lang}/{CATALOGUE} (docs/translating.md), "
                    "or remove the language",
                )

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
    catalogues: dict[str, list[Path]] = {}
    # The site's own locale/ is read like its templates/: only when it is inside the site.
    site_locale = site_folder(site_root, LOCALE_DIR, report)
    for folder in [*(f / LOCALE_DIR for f in reversed(chain)), *([site_locale] if site_locale else [])]:
        for path in sorted(folder.glob(f"*/{CATALOGUE}")):
            catalogues.setdefault(path.parent.parent.name, []).append(path)
    site_templates = site_folder(site_root, TEMPLATES_DIR, report)
    template_dirs = ([site_templates] if site_templates else []) + [f / TEMPLATES_DIR for f in chain]
    static_dirs = [f / STATIC_DIR for f in reversed(chain) if (f / STATIC_DIR).is_dir()]
    return Theme(name, chain, template_dirs, static_dirs, catalogues)
