"""Creating a new site (``showcase init``) and new content files (``showcase new``).

Both only ever create files: an existing file or a non-empty folder is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from .. import __version__
from ..errors import Report
from ..i18n import language_name
from ..models import KINDS
from ..sources import CONFIG_FILE, CONTENT_DIR, read_content, scan_site

SCAFFOLD = Path(__file__).parent


class ScaffoldError(Exception):
    """The file or folder cannot be created without overwriting something."""


@dataclass(frozen=True)
class SiteKind:
    """What `showcase init` fills into the example site for one `mode` of showcase.yaml."""

    mode: Literal["project", "catalogue"]
    title: str
    description: str
    about: str
    """The body of the example About page."""


SITE_KINDS = {
    kind.mode: kind
    for kind in (
        SiteKind(
            "project",
            "Our Erasmus+ partnership",
            "The dissemination site of our Erasmus+ cooperation partnership.",
            "Tell visitors about the partnership.",
        ),
        SiteKind(
            "catalogue",
            "Erasmus+ project catalogue",
            "Erasmus+ projects and their results, with what each result offers for reuse.",
            "Tell visitors who publishes this catalogue, which projects it lists and how to suggest one.",
        ),
    )
}
DOT = "dot-"
"""A scaffold file or folder named dot-NAME is written as .NAME: a package ships no hidden files."""


def create_site(directory: Path, kind: SiteKind, title: str | None = None) -> list[Path]:
    """The example site of `kind` in `directory`, which must be new or empty; the files written."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} already exists and is not empty; choose a new folder")
    values = {
        "{title}": (title or kind.title).replace('"', "'"),
        "{mode}": kind.mode,
        "{description}": kind.description,
        "{about}": kind.about,
        "{version}": __version__,
    }
    template = SCAFFOLD / "site"
    created = []
    for source in sorted(p for p in template.rglob("*") if p.is_file()):
        text = source.read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        parts = source.relative_to(template).parts
        path = directory.joinpath(*("." + part.removeprefix(DOT) if part.startswith(DOT) else part for part in parts))
        _write_new(path, text)
        created.append(path)
    return created


def create_entry(site: Path, kind: str, name: str) -> Path:
    _check_target(site, name)
    path = site / CONTENT_DIR / KINDS[kind].folder / f"{name}.md"
    _write_new(path, (SCAFFOLD / "new" / f"{kind}.md").read_text(encoding="utf-8"))
    return path


def create_translation(site: Path, kind: str, name: str, lang: str) -> Path:
    """``content/<kind>s/NAME.LANG.md``: the original's translatable fields and body, to translate.

    The site is read as a build reads it (`sources.scan_site`: no file through a link out of
    the site, none too large), and the original's front matter as written, not as validated,
    so that the translator gets the editor's own text."""
    _check_target(site, name)
    report = Report()
    scan = scan_site(site, report)
    config = scan.config
    languages = [str(code) for code in (config.data.get("languages") or [])] if config else []
    if lang not in languages[1:]:
        where = (
            "the default language, which the original is written in"
            if languages[:1] == [lang]
            else (
                f"not one of the site's other languages ({', '.join(languages[1:]) or 'none yet'}); "
                f"add it to 'languages' in {CONFIG_FILE} first"
            )
        )
        raise ScaffoldError(f"'{lang}' is {where}")
    folder = site / CONTENT_DIR / KINDS[kind].folder
    original_path = folder / f"{name}.md"
    rel = original_path.relative_to(site).as_posix()
    if rel not in scan.content:
        raise ScaffoldError(
            f"there is no {original_path} to translate; create it first with: showcase new {kind} {name}"
        )
    [original] = read_content(site, [rel], report)
    errors = [problem for problem in report.errors if problem.file == rel]
    if original is None or errors:
        raise ScaffoldError(f"fix {original_path} first: {errors[0].format() if errors else ''}")
    fields = _translatable(original.data, KINDS[kind].translatable)
    header = (
        f"# The {language_name(lang, 'en') or lang} translation of {rel}.\n"
        "# Translate the texts below; delete a field to show the original's, in its own language.\n"
        "# Everything else (codes, dates, links, partners...) always comes from the original.\n"
        "# A list is translated as a whole: keep each of its items, with their other fields.\n"
    )
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100) if fields else ""
    path = folder / f"{name}.{lang}.md"
    _write_new(path, f"---\n{header}{front}---\n{original.body}")
    return path


def _translatable(data: dict[str, Any], paths: tuple[str, ...]) -> dict[str, Any]:
    """The original's values at the translatable paths, nested as the original nests them."""
    found: dict[str, Any] = {}
    for path in paths:
        *parents, name = path.split(".")
        source: Any = data
        target = found
        for parent in parents:
            source = source.get(parent) if isinstance(source, dict) else None
            target = target.setdefault(parent, {})
        if isinstance(source, dict) and source.get(name) not in (None, "", []):
            target[name] = source[name]
    return {name: value for name, value in found.items() if value != {}}


def _check_target(site: Path, name: str) -> None:
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", name):
        raise ScaffoldError(f"'{name}' cannot be an id: use lowercase letters, digits and hyphens")
    if not (site / CONFIG_FILE).is_file():
        raise ScaffoldError(f"{site} is not a site folder (no {CONFIG_FILE}); pass --site DIR")


def _write_new(path: Path, text: str) -> None:
    if path.exists():
        raise ScaffoldError(f"{path} already exists; choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # 'x': never overwrite, even in a race
        file.write(text)
