"""Reading a site folder: the one place that reads the site's files.

Everything here turns bytes on disk into `SourceFile`s (front matter as plain data with
the line of every field, the Markdown body) and inventories (static files with sizes,
templates with hashes). Nothing here knows what a project or a result is: that is the
job of `content`, which validates what this module read.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .errors import Problem, Report
from .svg import active_svg_content

try:  # The C loader is several times faster on catalogues of thousands of files.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

PARALLEL_PARSE = 2000
"""Below this many files to parse, forking costs more than it saves."""
PARSE_SHARE = 500
"""Files a parsing process takes at a time."""

MEGABYTE = 1024 * 1024
MAX_CONTENT_BYTES = 2 * MEGABYTE
"""A content file's limit: a long handbook chapter is 100 KB; a larger file is a mistake or an
attack (Markdown's cost grows faster than the text)."""
MAX_DATA_BYTES = 5 * MEGABYTE
"""The limit of a data or vocabulary file (YAML)."""
MAX_CONFIG_BYTES = MEGABYTE

CONFIG_FILE = "showcase.yaml"
CONTENT_DIR = "content"
DATA_DIR = "data"
STATIC_DIR = "static"
TEMPLATES_DIR = "templates"
THEMES_DIR = "themes"
LOCALE_DIR = "locale"
"""A theme's (and a site's) interface strings: ``locale/<lang>/LC_MESSAGES/messages.po``."""
VOCABULARIES_DIR = "vocabularies"

Position = tuple[int, int]
"""1-based (line, column) in the source file."""

FieldPath = tuple[str | int, ...]


@dataclass
class SourceFile:
    """One parsed file: front matter (or a whole YAML file) plus its Markdown body."""

    path: str
    """Path relative to the site folder, forward slashes: what error messages show."""
    data: dict[str, Any]
    """The YAML mapping, as plain Python data."""
    yaml_text: str = ""
    yaml_line: int = 1
    """Line of the file on which the YAML starts (2 for front matter)."""
    body: str = ""
    body_line: int = 1
    """Line of the file on which the Markdown body starts."""
    digest: str = ""
    """Hash of the file's bytes: what the incremental build compares."""
    _positions: dict[FieldPath, Position] | None = field(default=None, repr=False, compare=False)

    @property
    def positions(self) -> dict[FieldPath, Position]:
        """Where each field and list item starts. Worked out only when a problem needs it:
        composing the node tree again costs more than the parse itself."""
        if self._positions is None:
            self._positions = yaml_positions(self.yaml_text, self.yaml_line)[0]
        return self._positions

    def position(self, path: FieldPath) -> Position:
        """The position of the deepest known field on `path` (or the file's first line)."""
        for end in range(len(path), 0, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return found
        return (1, 0)


@dataclass
class SiteScan:
    """What a build learns of a site folder before it reads any content file.

    The settings files (showcase.yaml, data/, vocabularies/) are small and read every time;
    content and static files are only listed, with their sizes and mtimes: the build reads
    the content files whose size or mtime changed (`read_content`)."""

    root: Path
    config: SourceFile | None
    data: dict[str, SourceFile] = field(default_factory=dict)
    """Reusable data files, by file stem."""
    vocabularies: list[SourceFile] = field(default_factory=list)
    """The site's own vocabulary files, which add to or override the built-in ones."""
    content: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Content file (site-relative path) -> (size, mtime_ns)."""
    static: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Static file (relative to ``static/``) -> (size, mtime_ns)."""


def _walk_positions(
    node: yaml.Node, path: FieldPath, out: dict[FieldPath, Position], duplicates: list[tuple[FieldPath, Position]]
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            child = path + (key,)
            if key in seen:
                duplicates.append((child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1)))
            seen.add(key)
            out[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk_positions(value_node, child, out, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = path + (index,)
            out[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _walk_positions(item, child, out, duplicates)


def _unreadable_scalar(node: yaml.Node, offset: int) -> tuple[Position, FieldPath, str]:
    """The position, field and text of the first scalar that a loader cannot turn into a value."""
    loader = _Loader("")
    pending: list[tuple[yaml.Node, FieldPath]] = [(node, ())]
    while pending:
        current, path = pending.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                loader.construct_object(current, deep=True)
            except ValueError:
                return (current.start_mark.line + 1 + offset, current.start_mark.column + 1), path, current.value
        elif isinstance(current, yaml.SequenceNode):
            pending.extend((item, (*path, index)) for index, item in enumerate(current.value))
        elif isinstance(current, yaml.MappingNode):
            pending.extend((value, (*path, key.value)) for key, value in current.value)
    return (offset + 1, 0), (), ""


class _DuplicateAwareLoader(_Loader):
    """Notices a key given twice (PyYAML keeps the last silently) for the price of a len()."""

    has_duplicates = False

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            self.has_duplicates = True
        return mapping


def yaml_positions(text: str, first_line: int) -> tuple[dict[FieldPath, Position], list[tuple[FieldPath, Position]]]:
    """Where each field starts, and the fields given twice."""
    positions: dict[FieldPath, Position] = {}
    duplicates: list[tuple[FieldPath, Position]] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None:
        _walk_positions(node, (), positions, duplicates)
    offset = first_line - 1
    return (
        {k: (line + offset, col) for k, (line, col) in positions.items()},
        [(k, (line + offset, col)) for k, (line, col) in duplicates],
    )


def _anchor_or_alias(text: str) -> yaml.Event | None:
    """The first anchor (``&name``) or alias (``*name``) of a well-formed YAML text."""
    if "&" not in text and "*" not in text:
        return None  # neither can occur: spares the second parse almost every file
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return event
    return None


def _tab_at(text: str, index: int) -> bool:
    """Whether the YAML parser stopped at a tab (or in the blanks before one, where it reports some)."""
    rest = text[index:]
    return rest.lstrip(" ").startswith("\t")


def parse_yaml(text: str, path: str, report: Report, *, first_line: int = 1) -> dict[str, Any] | None:
    """Parse a YAML mapping. None (with the problem reported) when it is unusable.

    Anchors and aliases are refused: editors do not need them, and a few nested aliases
    expand into billions of values (an "alias bomb") in everything that walks the data."""
    offset = first_line - 1
    loader = _DuplicateAwareLoader(text)
    node = None
    try:
        node = loader.get_single_node()
        if reused := _anchor_or_alias(text):
            mark = reused.start_mark
            report.error(
                path,
                "YAML anchors (&name) and aliases (*name) are not allowed",
                line=mark.line + 1 + offset if mark else first_line,
                column=mark.column + 1 if mark else 0,
                hint="write the value out in full; put quotes around text that starts with '&' or '*'",
            )
            return None
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        column = mark.column + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        if mark and _tab_at(text, mark.index) or "tab" in problem:
            report.error(
                path,
                "the YAML holds a tab: tabs are not allowed in the fields",
                line=line,
                column=column,
                hint="indent with spaces instead (most editors can insert spaces for the Tab key)",
            )
            return None
        report.error(
            path,
            f"the YAML is malformed: {problem}",
            line=line,
            column=column,
            hint="check the indentation and quoting on this line; a value containing ': ' "
            "or starting with a special character needs quotes",
        )
        return None
    except yaml.reader.ReaderError as exc:
        report.error(
            path,
            f"the file holds the control character U+{exc.character:04X}, which YAML does not allow",
            line=text.count("\n", 0, exc.position) + first_line,
            hint="delete it (most editors do not show it: retype the line)",
        )
        return None
    except yaml.YAMLError as exc:
        report.error(path, f"the YAML is malformed: {exc}", line=first_line)
        return None
    except ValueError as exc:  # a well-formed scalar with an impossible value, e.g. 2024-13-01
        (line, column), field_path, value = (
            _unreadable_scalar(node, offset) if node is not None else ((first_line, 0), (), "")
        )
        report.error(
            path,
            f"'{value}' is not a possible date: {exc}" if value else f"a value cannot be read: {exc}",
            line=line,
            column=column,
            field=".".join(map(str, field_path)),
            hint="dates are written YYYY-MM-DD, e.g. 2025-09-01; quote the value if it is meant as text",
        )
        return None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        report.error(
            path,
            f"expected a mapping of 'field: value' lines, found a {type(data).__name__}",
            line=first_line,
            hint="write one 'field: value' per line",
        )
        return None
    if loader.has_duplicates:
        for dup_path, (line, col) in yaml_positions(text, first_line)[1]:
            report.error(
                path,
                "this field is given twice; the second value would silently win",
                line=line,
                column=col,
                field=".".join(map(str, dup_path)),
                hint="keep only one of them",
            )
    return data


def _decode(raw: bytes, path: str, report: Report) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(
            path,
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            line=line,
            hint="save the file as UTF-8 in your editor",
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def split_front_matter(text: str, path: str, report: Report) -> tuple[str, int, str, int] | None:
    """Split a Markdown file into (front matter, its first line, body, body's first line)."""
    if not text.startswith("---\n"):
        report.error(
            path,
            "the file does not start with a front-matter fence",
            line=1,
            hint="did you forget to add '---' on the first line, before the fields?",
        )
        return None
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        report.error(
            path, "the front matter is never closed", line=1, hint="add a line with '---' after the last field"
        )
        return None
    front = text[4 : end + 1]
    body_start = end + 5
    body_line = text.count("\n", 0, body_start) + 1
    return front, 2, text[body_start:], body_line


def read_markdown(raw: bytes, path: str, report: Report) -> SourceFile | None:
    text = _decode(raw, path, report)
    if text is None:
        return None
    parts = split_front_matter(text, path, report)
    if parts is None:
        return None
    front, front_line, body, body_line = parts
    data = parse_yaml(front, path, report, first_line=front_line)
    if data is None:
        return None
    return SourceFile(path, data, front, front_line, body, body_line, hashlib.blake2b(raw, digest_size=16).hexdigest())


def read_yaml(raw: bytes, path: str, report: Report) -> SourceFile | None:
    text = _decode(raw, path, report)
    if text is None:
        return None
    data = parse_yaml(text, path, report)
    if data is None:
        return None
    return SourceFile(path, data, text, digest=hashlib.blake2b(raw, digest_size=16).hexdigest())


@dataclass(frozen=True)
class FoundFile:
    """A regular file found under one of the site's folders."""

    rel: str
    """Path relative to the folder, with forward slashes."""
    size: int
    mtime_ns: int


def site_folder(root: Path, name: str, report: Report) -> Path | None:
    """The site's folder `name` when it exists and is inside the site: a folder that is a symbolic
    link to somewhere else would publish (or read) that place, so it is refused like the links
    inside the folders are."""
    folder = root / name
    if not folder.is_symlink():
        return folder if folder.is_dir() else None
    try:
        real = folder.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop of links, on Python 3.11 and 3.12
        report.error(name, "this is a symbolic link that leads nowhere", hint=f"replace it with the {name}/ folder")
        return None
    if not real.is_relative_to(root.resolve()):
        report.error(
            name,
            f"this is a symbolic link to {real}, outside the site",
            hint=f"move or copy that folder into the site as {name}/ instead of linking to it",
        )
        return None
    return folder if real.is_dir() else None


def _files_inside(folder: Path, root: Path, report: Report) -> list[FoundFile]:
    """The regular files under `folder`, refusing symbolic links that lead outside it or back to
    a folder already read (a loop), and skipping hidden folders (``.git``) and what is not a
    regular file (a FIFO or a device would hang the build), with a warning.

    Sorted by folder, then name, so that every run sees files in the same order (stable
    output, stable errors). Plain strings and `os.scandir`, and only links are resolved: a
    catalogue has tens of thousands of files.
    """
    real_folder = folder.resolve()
    visited = {real_folder}

    def problem(path: str, message: str, hint: str, *, warning: bool = False) -> None:
        (report.warning if warning else report.error)(Path(path).relative_to(root).as_posix(), message, hint=hint)

    def followed(entry: os.DirEntry[str]) -> bool:
        """Whether a symbolic link may be followed; reports why not."""
        try:
            real = Path(entry.path).resolve(strict=True)
        except (OSError, RuntimeError):
            problem(entry.path, "this symbolic link leads nowhere; it is left out", "remove it", warning=True)
            return False
        if not real.is_relative_to(real_folder):
            problem(
                entry.path,
                f"this is a symbolic link to {real}, outside {folder.name}/",
                f"copy the file into {folder.name}/ instead of linking to it",
            )
            return False
        if real in visited:
            problem(
                entry.path,
                f"this symbolic link leads to {real.relative_to(real_folder.parent).as_posix()}/, "
                "which is read already",
                "remove the link: it makes a loop, or shows the same files twice",
            )
            return False
        if real.is_dir():
            visited.add(real)
        return True

    def unreadable(exc: OSError, path: str) -> None:
        problem(exc.filename or path, f"this cannot be read: {exc.strerror}", "check the name and the permissions")

    found: list[FoundFile] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(folder / relative) as scanned:
                entries = list(scanned)
        except OSError as exc:
            unreadable(exc, str(folder / relative))
            continue
        for entry in entries:
            name = entry.name
            if entry.is_symlink() and not followed(entry):
                continue
            rel = f"{relative}/{name}" if relative else name
            try:
                if entry.is_dir():
                    if not name.startswith("."):
                        pending.append(rel)
                elif entry.is_file():
                    stat = entry.stat()
                    found.append(FoundFile(rel, stat.st_size, stat.st_mtime_ns))
                else:
                    problem(
                        entry.path,
                        "this is not a regular file (a FIFO, a socket or a device); it is left out",
                        f"remove it from {folder.name}/",
                        warning=True,
                    )
            except OSError as exc:  # gone since the folder was listed, or not ours to read
                unreadable(exc, entry.path)
    return sorted(found, key=lambda file: file.rel.split("/"))


def is_content_name(name: str) -> bool:
    """Which files of content/ are read: ``<id>.md`` and ``<id>.<lang>.md``, not hidden, no lock file."""
    return name.endswith(".md") and not name.startswith((".", "#"))


def _content_files(folder: Path, root: Path, report: Report) -> list[FoundFile]:
    """The content files, with a warning for every other file that might have been meant as one."""
    files = []
    for file in _files_inside(folder, root, report):
        name = file.rel.rsplit("/", 1)[-1]
        if is_content_name(name):
            files.append(file)
        elif not (name.startswith(".") and not name.endswith(".md")):  # .DS_Store, .gitkeep, .x.md.swp
            report.warning(
                f"{CONTENT_DIR}/{file.rel}",
                "this file is not read: content files are named <id>.md or <id>.<language>.md, "
                "in lowercase, and do not start with '.' or '#'",
                hint="rename it if it is content (docs/content-model.md); otherwise move it out of content/",
            )
    return files


def _editor_file(rel: str) -> bool:
    """Hidden files and editors' backup and lock files, which data/, vocabularies/ and static/ leave out."""
    name = rel.rsplit("/", 1)[-1]
    return name.startswith((".", "#")) or name.endswith("~")


def _read_bytes(path: Path | str, rel: str, report: Report) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        report.error(rel, f"the file cannot be read: {exc.strerror}", hint="check its permissions")
        return None


def _parse_markdown_files(root: Path, rels: list[str]) -> tuple[list[SourceFile | None], list[Problem]]:
    """Read and parse content files; what a parsing process does with its share."""
    report = Report()
    parsed = []
    for rel in rels:
        raw = _read_bytes(root / rel, rel, report)
        parsed.append(read_markdown(raw, rel, report) if raw is not None else None)
    return parsed, report.problems


def read_content(root: Path, rels: list[str], report: Report, workers: int = 1) -> list[SourceFile | None]:
    """Read and parse content files, across `workers` forked processes when there are many.

    PyYAML's constructors are Python: parsing a catalogue's 75,000 files takes the better part
    of a minute in one process. Never called from a process with threads (it forks)."""
    if workers <= 1 or len(rels) < PARALLEL_PARSE:
        parsed, problems = _parse_markdown_files(root, rels)
        report.problems.extend(problems)
        return parsed
    shares = [rels[start : start + PARSE_SHARE] for start in range(0, len(rels), PARSE_SHARE)]
    sources: list[SourceFile | None] = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for parsed, problems in pool.imap(functools.partial(_parse_markdown_files, root), shares):
            sources.extend(parsed)
            report.problems.extend(problems)
    return sources


class FileChanged(Exception):
    """A content file changed while the build was reading it."""


def read_body(root: Path, rel: str) -> str:
    """The Markdown body of a content file, for a page that shows it (its fields come from the cache)."""
    report = Report()
    raw = _read_bytes(root / rel, rel, report)
    text = _decode(raw, rel, report) if raw is not None else None
    parts = split_front_matter(text, rel, report) if text is not None else None
    if parts is None:
        raise FileChanged(f"{rel} changed while the site was being built")
    return parts[2]


def _too_large(rel: str, size: int, limit: int, report: Report) -> bool:
    if size <= limit:
        return False
    report.error(
        rel,
        f"this file is {size / MEGABYTE:.1f} MB, more than the {limit // MEGABYTE} MB a file of its kind may have",
        hint="split it into several files, or move large text into a file under static/ and link to it "
        "(docs/security.md lists the limits)",
    )
    return True


def scan_site(root: Path, report: Report) -> SiteScan:
    """Read the settings files and list the content and static files of a site."""
    config_path = root / CONFIG_FILE
    config = None
    if config_path.is_file():
        if not _too_large(CONFIG_FILE, config_path.stat().st_size, MAX_CONFIG_BYTES, report):
            raw = _read_bytes(config_path, CONFIG_FILE, report)
            config = read_yaml(raw, CONFIG_FILE, report) if raw is not None else None
    else:
        report.error(
            CONFIG_FILE,
            f"no {CONFIG_FILE} in {root}",
            hint="run the command in a site folder or pass --site DIR; to start a new site: showcase init DIR",
        )
    scan = SiteScan(root=root, config=config)
    if content := site_folder(root, CONTENT_DIR, report):
        for file in _content_files(content, root, report):
            rel = f"{CONTENT_DIR}/{file.rel}"
            if not _too_large(rel, file.size, MAX_CONTENT_BYTES, report):
                scan.content[rel] = (file.size, file.mtime_ns)
    scan.data = {PurePosixPath(source.path).stem: source for source in _yaml_files(root, DATA_DIR, report)}
    scan.vocabularies = read_site_vocabularies(root, report)
    if static := site_folder(root, STATIC_DIR, report):
        for file in _files_inside(static, root, report):
            if _editor_file(file.rel):
                continue
            scan.static[file.rel] = (file.size, file.mtime_ns)
            if file.rel.lower().endswith(".svg"):
                _check_svg(root / STATIC_DIR / file.rel, f"{STATIC_DIR}/{file.rel}", report)
    return scan


def read_site_vocabularies(root: Path, report: Report) -> list[SourceFile]:
    """The site's additions to the vocabularies: its ``vocabularies/*.yaml``."""
    return _yaml_files(root, VOCABULARIES_DIR, report, suffixes=(".yaml",))


def _yaml_files(
    root: Path, name: str, report: Report, suffixes: tuple[str, ...] = (".yaml", ".yml")
) -> list[SourceFile]:
    """The YAML files of one of the site's settings folders (data/, vocabularies/), parsed."""
    sources = []
    folder = site_folder(root, name, report)
    for file in _files_inside(folder, root, report) if folder else []:
        rel = f"{name}/{file.rel}"
        if (
            _editor_file(file.rel)
            or not file.rel.endswith(suffixes)
            or _too_large(rel, file.size, MAX_DATA_BYTES, report)
        ):
            continue
        raw = _read_bytes(root / rel, rel, report)
        if raw is not None and (source := read_yaml(raw, rel, report)):
            sources.append(source)
    return sources


def _check_svg(path: Path, rel: str, report: Report) -> None:
    raw = _read_bytes(path, rel, report)
    found = active_svg_content(raw) if raw is not None else None
    if found:
        line, what = found
        report.error(
            rel,
            f"this SVG {what}: opened from the site, it would run code on the site's pages",
            line=line,
            hint="export the drawing again without scripts, event handlers and embedded HTML "
            "(e.g. as 'plain SVG'), or publish it as PNG",
        )


def read_builtin_vocabularies(folder: Path, report: Report) -> list[SourceFile]:
    sources = []
    for path in sorted(folder.glob("*.yaml")):
        source = read_yaml(path.read_bytes(), f"{folder.name}/{path.name}", report)
        if source:
            sources.append(source)
    return sources
