"""Creating a new site (``showcase init``) and new content files (``showcase new``).

Both only ever create files: an existing file or a non-empty folder is never touched.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..models import KINDS
from ..sources import CONTENT_DIR

SCAFFOLD = Path(__file__).parent


class ScaffoldError(Exception):
    """The file or folder cannot be created without overwriting something."""


def create_site(directory: Path, title: str) -> list[Path]:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} already exists and is not empty; choose a new folder")
    template = SCAFFOLD / "site"
    shutil.copytree(template, directory, dirs_exist_ok=True)
    config = directory / "showcase.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("{title}", title.replace('"', "'")), encoding="utf-8")
    return sorted(p for p in directory.rglob("*") if p.is_file())


def create_entry(site: Path, kind: str, name: str) -> Path:
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", name):
        raise ScaffoldError(f"'{name}' cannot be an id: use lowercase letters, digits and hyphens")
    if not (site / "showcase.yaml").is_file():
        raise ScaffoldError(f"{site} is not a site folder (no showcase.yaml); pass --site DIR")
    path = site / CONTENT_DIR / KINDS[kind].folder / f"{name}.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # 'x': never overwrite, even in a race
        file.write((SCAFFOLD / "new" / f"{kind}.md").read_text(encoding="utf-8"))
    return path
