"""Validating what `sources` read into typed content, with every problem located.

Two steps, so that a rebuild validates only what an edit can change:
- each file on its own (`validate_file`): fields, types, vocabulary codes, the rules of its
  kind. The result depends only on the file's bytes (and its original's, for a translation),
  the configuration and the vocabularies, so the build cache keeps it by the file's digest;
- each document against the others (`check_across`): references to other entries, files in
  static/, slugs taken twice, projects without results. The build runs it for the documents
  an edit can affect, asking the content index (`Lookup`) about the rest.
A file with errors yields no document, and later checks do not pile up consequences of the
same mistake: a reference to it, or a translation of it, is no problem of its own (the
file's errors say why); a translation is answerable only for the fields it sets.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import Annotated, Any, Generic, NamedTuple, Protocol, TypeVar, Union, cast, get_args, get_origin
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ValidationError

from .errors import Problem, Report, Severity, did_you_mean
from .markup import MarkdownRenderer
from .models import (
    FOLDERS,
    KINDS,
    NOT_IN_TEXT,
    PROJECT_CODE_FORMS,
    RESERVED_SLUGS,
    Entry,
    Image,
    Page,
    Project,
    Ref,
    Result,
    SiteConfig,
    Vocab,
    character_name,
)
from .sources import CONTENT_DIR, STATIC_DIR, FieldPath, SourceFile
from .vocabularies import Vocabularies

PATTERN_MESSAGES = {
    r"^[a-z0-9][a-z0-9-]*$": ("is not a valid slug", "use lowercase letters, digits and hyphens, e.g. 'green-schools'"),
    r"^https?://[^\s/$.?#][^\s]*$": ("is not a web address", "write the full address, starting with https://"),
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": ("is not an e-mail address", "write it as name@example.org"),
    r"^E\d{8}$": ("is not an organisation ID (OID)", "an OID is 'E' followed by 8 digits, e.g. E10260330"),
    r"^\d{9}$": ("is not a PIC", "a PIC has 9 digits, e.g. 912345678"),
    r"^([A-Z]{2}\d{2}|EACEA)$": ("is not a National Agency code", "write the agency code, e.g. DE02 or PL01, or EACEA"),
    r"^10\.\d{4,9}/\S+$": ("is not a DOI", "write the DOI without https://doi.org/, e.g. 10.5281/zenodo.1234567"),
    r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$": ("is not an ORCID iD", "write the 16 characters, e.g. 0000-0002-1825-0097"),
}
STATIC_PATH_MESSAGE = (
    f"must be a file inside {STATIC_DIR}/: no absolute path, no '..', no backslash",
    f"put the file in {STATIC_DIR}/ and write its path relative to that folder, e.g. files/guide.pdf",
)


EntryT = TypeVar("EntryT", bound=Entry, covariant=True)
AnyEntry = TypeVar("AnyEntry", bound=Entry)
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Document(Generic[EntryT]):
    """One validated content file, typed by the kind of entry it holds."""

    kind: str
    id: str
    """The file name without ``.md`` and language: how other files refer to it."""
    lang: str
    entry: EntryT
    path: str
    body_line: int
    """Line of the file on which the Markdown body starts."""
    front_digest: str
    """Hash of the front matter alone: what the entry's fields come from (with its default-language
    document's, for a translation), while the body is the page's own."""
    body_digest: str
    """Hash of the Markdown body; the body itself is read when a page shows it (`SiteGraph.body`)."""
    body_links: tuple[BodyLink, ...] = ()
    """The links and images of the body its page shows that point to other entries or into static/,
    for the checks across files. Validation finds them; the content index keeps them as links
    (`graph.entry_links`), and only the build's checks (`build.ContentIndex`) read them back."""

    @property
    def slug(self) -> str:
        return self.entry.slug or self.id


class LinkTarget(NamedTuple):
    """What a relative link of a body points to."""

    kind: str
    """The kind of entry; empty for a file of static/."""
    id: str
    """The entry's id, or the file's path under static/."""
    lang: str = ""
    """The language its file name gives (``handbook.pl.md``); empty for the page's own."""
    anchor: str = ""


@dataclass(frozen=True)
class BodyLink:
    """A link or image of a body to another entry or a file of static/, where it is written."""

    target: LinkTarget
    written: str
    """The target as the editor wrote it."""
    file: str
    """The file that holds the body: the document's own, or its original's for a translation that
    shows the original's body."""
    line: int


RELATIVE_TARGET = re.compile(r"\][(:](?![ \t]*<?([a-zA-Z][a-zA-Z0-9+.-]*:|/))")
"""The end of a Markdown link's text, or of a link definition's label, not followed by a web
address or an address on the site: a body without one has no link to check."""


def shows_original(own_body: str, original_body: str) -> bool:
    """A translation without a body of its own, or with the original's unchanged, shows the original's."""
    own = own_body.strip()
    return own in ("", original_body.strip())


def _resolve(written: str, path: str) -> tuple[str, str] | None:
    """(site-relative path, anchor) a relative link target in the file `path` points to; None for
    a web address, an address on the site (``/results/``) or an anchor on the same page."""
    parts = urlsplit(written)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
    return resolved, unquote(parts.fragment)


def link_target(written: str, path: str, languages: list[str]) -> LinkTarget | None:
    """The entry or static file a link target written in the file `path` points to; None when it
    points to neither (see `_resolve`), or to a content path that names no entry."""
    found = _resolve(written, path)
    if found is None:
        return None
    resolved, anchor = found
    if resolved.startswith(f"{STATIC_DIR}/"):
        return LinkTarget("", resolved.removeprefix(f"{STATIC_DIR}/"))
    if not resolved.endswith(".md") or not resolved.startswith(f"{CONTENT_DIR}/"):
        return None
    name = entry_name(resolved, languages, Report())
    if name is None:
        return None
    return LinkTarget(name.kind, name.id, "" if resolved.endswith(f"{name.id}.md") else name.lang, anchor)


def _line_of(written: str, source: SourceFile, start: int) -> tuple[int, int]:
    """The line of the file on which a link target is written, searching the body from `start`
    (links are found in the order they are written); and where to search for the next one."""
    at = source.body.find(written, start)
    if at < 0:
        return source.body_line, start
    return source.body_line + source.body.count("\n", 0, at), at + len(written)


def _body_links(source: SourceFile, markdown: MarkdownRenderer, languages: list[str], report: Report) -> list[BodyLink]:
    """The links of a body to entries and static files; reports those that cannot work whatever
    the other files hold: a path that names no content file, an image outside static/, an anchor
    missing from the same page."""
    if not RELATIVE_TARGET.search(source.body):
        return []  # spare the conversion: most bodies link only to web addresses and site pages
    outline = markdown.outline(source.body)
    links, start = [], 0
    for written, image in outline.targets:
        line, start = _line_of(written, source, start)
        if written.startswith("#"):
            if unquote(written[1:]) not in outline.ids:
                report.error(
                    source.path,
                    f"the link '{written}' points to no heading of this page",
                    line=line,
                    hint=_closest(unquote(written[1:]), outline.ids, _headings(outline.ids)),
                )
            continue
        resolved = _resolve(written, source.path)
        target = link_target(written, source.path, languages)
        if target is not None:
            links.append(BodyLink(target, written, source.path, line))
        elif resolved is not None and resolved[0].endswith(".md"):
            why = Report()
            if resolved[0].startswith(f"{CONTENT_DIR}/"):
                entry_name(resolved[0], languages, why)  # says what is wrong with the name
            reason = why.problems[0].message if why.problems else f"it is outside {CONTENT_DIR}/"
            report.error(
                source.path,
                f"the link '{written}' cannot lead to {resolved[0]}: {reason}",
                line=line,
                hint="write the path of a content file from this file's folder, e.g. ../results/toolkit.md",
            )
        elif resolved is not None and image:
            report.error(
                source.path,
                f"the image '{written}' is not in {STATIC_DIR}/",
                line=line,
                hint=f"put it in {STATIC_DIR}/ and write its path from this file's folder, "
                f"e.g. ../../{STATIC_DIR}/images/photo.jpg",
            )
    return links


def typed(doc: Document[Entry], model: type[AnyEntry]) -> Document[AnyEntry]:
    """The document as one of its kind: documents of every kind come from one table, keyed by
    the kind's name, so the type its entry has is known from the key, not from the table."""
    assert isinstance(doc.entry, model), f"{doc.path} holds a {type(doc.entry).__name__}, not a {model.__name__}"
    return cast(Document[AnyEntry], doc)


def digest_text(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _message_for(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    kind, value = error["type"], error.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else "this value"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        allowed = _fields_at(model, error["loc"][:-1])
        return f"unknown field '{name}'", did_you_mean(name, allowed, listed="in docs/content-model.md")
    if kind == "missing":
        return "this required field is missing", f"add '{error['loc'][-1]}: ...'"
    if kind == "blank" or value is None:  # `title: ""`, `title: "  "` or a bare `title:`
        return "this field is empty", f"write its value after '{_field_name(error['loc'])}:'"
    if kind == "end_before_start":
        return error["msg"], "correct 'start' or 'end'"
    if kind.startswith(("date_", "datetime_")) and isinstance(value, str):
        return f"{shown} is not a date", "dates are written YYYY-MM-DD, e.g. 2025-09-01"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        return f"{shown} is not allowed", did_you_mean(str(value), allowed)
    if kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        message, hint = PATTERN_MESSAGES.get(pattern, STATIC_PATH_MESSAGE)
        return f"{shown} {message}", hint
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ").replace("is not", f"{shown} is not", 1), ""
    if kind.startswith(("int_", "float_", "bool_", "date_", "datetime_", "string_", "list_", "model_", "dict_")):
        return f"{shown}: {error['msg'][0].lower()}{error['msg'][1:]}", ""
    return error["msg"], ""


def _field_name(loc: tuple[str | int, ...]) -> str:
    """The name of the field an error is at, as its line starts: ``- title:`` for ``files.0.title``."""
    return next(str(part) for part in reversed(loc) if isinstance(part, str))


def _field_path(model: type[BaseModel], loc: tuple[str | int, ...]) -> FieldPath:
    """An error's location as the field path an editor wrote, without the names pydantic gives
    the types of a union (``start.date`` is ``start``)."""
    path: list[str | int] = []
    annotation: Any = model
    for part in loc:
        models = [t for t in _flatten(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if isinstance(part, int):
            path.append(part)
        elif models and part in models[0].model_fields:
            path.append(part)
            annotation = models[0].model_fields[part].annotation
        elif get_origin(annotation) is dict:  # a key, e.g. the language of ``translations.pl``
            path.append(part)
            annotation = get_args(annotation)[1]
        elif models:  # a field the model does not have
            path.append(part)
            annotation = None
    return tuple(path)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at `loc` inside `model`, following nested models and lists."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation if part in current.model_fields else None
        nested = [t for t in _flatten(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not nested:
            return []
        current = nested[0]
    return list(current.model_fields)


def _flatten(annotation: Any) -> list[Any]:
    """Every type an annotation may hold, looking through Optional, unions, lists, Annotated."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, Annotated):
        return [t for arg in get_args(annotation)[: (1 if origin is Annotated else None)] for t in _flatten(arg)]
    return [annotation]


@cache
def _marked_fields(model: type[BaseModel]) -> list[tuple[tuple[str, ...], Vocab | Ref | type[Image]]]:
    """Paths (with '*' for list items) of every field marked with `Vocab` or `Ref`, and of every image.

    Worked out once per model, so checking thousands of entries only follows known paths.
    """
    found: list[tuple[tuple[str, ...], Vocab | Ref | type[Image]]] = []

    def visit(annotation: Any, path: tuple[str, ...]) -> None:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *meta = get_args(annotation)
            found.extend((path, m) for m in meta if isinstance(m, (Vocab, Ref)))
            visit(base, path)
        elif origin in (Union, types.UnionType):
            for arg in get_args(annotation):
                visit(arg, path)
        elif origin is list:
            visit(get_args(annotation)[0], path + ("*",))
        elif annotation is Image:
            found.append((path, Image))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for name, info in annotation.model_fields.items():
                found.extend((path + (name,), m) for m in info.metadata if isinstance(m, (Vocab, Ref)))
                visit(info.annotation, path + (name,))

    visit(model, ())
    return found


def _values_at(value: Any, spec: tuple[str, ...], path: FieldPath = ()) -> typing.Iterator[tuple[FieldPath, Any]]:
    """Values at a marked path, in a model or in the raw YAML data (before it validates)."""
    if value is None:
        return
    if not spec:
        yield path, value
        return
    head, rest = spec[0], spec[1:]
    if head == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _values_at(item, rest, path + (index,))
    elif isinstance(value, dict):
        yield from _values_at(value.get(head), rest, path + (head,))
    elif isinstance(value, BaseModel):
        yield from _values_at(getattr(value, head, None), rest, path + (head,))


def marked_values(
    model: type[BaseModel],
    data: BaseModel | dict[str, Any],
) -> typing.Iterator[tuple[FieldPath, Vocab | Ref, str]]:
    """Every vocabulary code and reference in an entry (or its raw data), with its field path."""
    for spec, marker in _marked_fields(model):
        if not isinstance(marker, (Vocab, Ref)):
            continue  # an image
        for path, value in _values_at(data, spec):
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                yield path, marker, str(value)


def _vocabulary_problems(
    model: type[BaseModel],
    data: dict[str, Any],
    vocabularies: Vocabularies,
) -> typing.Iterator[tuple[FieldPath, str, str]]:
    for path, marker, value in marked_values(model, data):
        if isinstance(marker, Vocab) and value not in vocabularies[marker.name]:
            yield (
                path,
                f"'{value}' is not a known code in {marker.name}",
                did_you_mean(value, list(vocabularies[marker.name]), listed=f"with 'showcase vocab {marker.name}'"),
            )


def _images(entry: Entry) -> typing.Iterator[tuple[FieldPath, Image]]:
    for spec, marker in _marked_fields(type(entry)):
        if marker is Image:
            yield from _values_at(entry, spec)


class _Checker:
    """Reports problems at the right line of a source file."""

    def __init__(self, report: Report):
        self.report = report

    def error(self, source: SourceFile, path: FieldPath, message: str, hint: str = "") -> None:
        line, column = source.position(path)
        self.report.error(source.path, message, line=line, column=column, field=".".join(map(str, path)), hint=hint)

    def warning(self, source: SourceFile, path: FieldPath, message: str, hint: str = "") -> None:
        line, column = source.position(path)
        self.report.warning(source.path, message, line=line, column=column, field=".".join(map(str, path)), hint=hint)

    def model(self, model: type[ModelT], source: SourceFile, data: dict[str, Any]) -> ModelT | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            seen: set[FieldPath] = set()
            for error in exc.errors():
                loc = ("end",) if error["type"] == "end_before_start" else _field_path(model, tuple(error["loc"]))
                if loc in seen:
                    continue  # one problem per field: a value a union refuses fails each of its types
                seen.add(loc)
                message, hint = _message_for({**error, "loc": loc}, model)
                if error["type"] == "missing":
                    self.error(source, loc[:-1], message, hint) if loc[:-1] else self.report.error(
                        source.path, message, line=1, field=".".join(map(str, loc)), hint=hint
                    )
                else:
                    self.error(source, loc, message, hint)
            return None


def load_config(source: SourceFile, vocabularies: Vocabularies, report: Report) -> SiteConfig | None:
    """showcase.yaml as settings, or None (with its problems reported) when it is unusable."""
    check = _Checker(report)
    config = check.model(SiteConfig, source, source.data)
    for problem in _vocabulary_problems(SiteConfig, source.data, vocabularies):
        check.error(source, *problem)
    return config


@dataclass(frozen=True, order=True)
class EntryName:
    """Which entry a content file holds, from its path: ``content/results/toolkit.fr.md``."""

    kind: str
    id: str
    lang: str


def entry_name(path: str, languages: list[str], report: Report) -> EntryName | None:
    """The entry a content file's path names, or None (with the problem reported)."""
    rel = PurePosixPath(path).relative_to(CONTENT_DIR)
    folder = rel.parts[0] if len(rel.parts) > 1 else ""
    if folder not in FOLDERS:
        report.error(
            path,
            f"content files belong in one of the folders {', '.join(sorted(FOLDERS))}",
            line=1,
            hint=(
                f"{did_you_mean(folder, list(FOLDERS))}"
                if folder
                else f"move it to {CONTENT_DIR}/pages/ for a plain page"
            ),
        )
        return None
    stem = rel.name.removesuffix(".md")
    lang = languages[0]
    if "." in stem:
        stem, lang = stem.rsplit(".", 1)
        if lang not in languages:
            report.error(
                path,
                f"'{lang}' is not one of the site's languages ({', '.join(languages)})",
                line=1,
                hint="add it to 'languages' in showcase.yaml, or rename the file",
            )
            return None
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", stem):
        report.error(
            path,
            f"the file name '{stem}' cannot be used as an id",
            line=1,
            hint="rename it with lowercase letters, digits and hyphens, e.g. green-schools.md",
        )
        return None
    return EntryName(FOLDERS[folder], stem, lang)


def merge_translation(original: dict[str, Any], translation: dict[str, Any]) -> dict[str, Any]:
    """A translation's fields laid over its original's: a translation sets only what it
    translates. Mappings merge field by field at any depth (a translated
    ``transferability.contexts`` keeps the original's reuse way, evidence and contact); any other
    value, a list included, replaces the original's as a whole."""
    merged = dict(original)
    for name, value in translation.items():
        if isinstance(value, dict) and isinstance(original.get(name), dict):
            merged[name] = merge_translation(original[name], value)
        else:
            merged[name] = value
    return merged


def validate_file(
    source: SourceFile,
    name: EntryName,
    original: SourceFile | None,
    config: SiteConfig,
    vocabularies: Vocabularies,
    markdown: MarkdownRenderer,
) -> tuple[Document[Entry] | None, list[Problem]]:
    """One content file on its own: its fields, types, codes and the rules of its kind, and the
    links of its body (`markdown` finds them).

    A translation is validated as its original with the translation's fields laid over it
    (`merge_translation`): it only repeats what it translates. The result depends on both
    files' bytes, which the build reads again together whenever either changes. What depends on
    other files (references, slugs, files in static/) is `check_across`'s."""
    report = Report()
    check = _Checker(report)
    data = source.data
    if name.lang != config.languages[0]:
        if original is None:
            return None, []  # `check_across` says why: the original is missing, or did not load
        data = merge_translation(original.data, source.data)
    model = KINDS[name.kind].model
    entry = check.model(model, source, data)
    for problem in _vocabulary_problems(model, data, vocabularies):
        check.error(source, *problem)
    if found := NOT_IN_TEXT.search(source.body):
        report.error(
            source.path,
            f"the text holds {character_name(found[0])}, which no reader of the site's files accepts",
            line=source.body_line + source.body.count("\n", 0, found.start()),
            hint="delete it (most editors do not show it: retype the line)",
        )
    if original is not None and shows_original(source.body, original.body):
        # Its page shows the original's body: the original reports what is wrong with it.
        links = _body_links(original, markdown, config.languages, Report())
    else:
        links = _body_links(source, markdown, config.languages, report)
    if entry is None or report.errors:
        return None, _own_problems(report, source, original)
    doc = Document(
        name.kind,
        name.id,
        name.lang,
        entry,
        source.path,
        source.body_line,
        digest_text(source.yaml_text),
        digest_text(source.body),
        tuple(links),
    )
    _check_images(entry, source, check)
    if isinstance(entry, Project):
        _check_project(entry, source, vocabularies, check)
    elif isinstance(entry, Result):
        _check_result(entry, source, vocabularies, check)
    elif isinstance(entry, Page):
        _check_page(doc, source, check)
    return (None if report.errors else doc), _own_problems(report, source, original)


def _own_problems(report: Report, source: SourceFile, original: SourceFile | None) -> list[Problem]:
    """A file's problems; a translation's only at the fields it sets (and in its text): what the
    original's fields give alone, its file says already."""
    if original is None:
        return report.problems
    return [p for p in report.problems if not p.field or p.field.split(".")[0] in source.data]


def translation_findings(findings: list[Finding], translation: SourceFile) -> list[Finding]:
    """A translation's findings across files at the fields it sets, and its URL (which is taken
    per language): a reference it inherits, its original reports."""
    return [f for f in findings if not f.field or f.field[0] in translation.data or f.field == ("slug",)]


@dataclass(frozen=True)
class Finding:
    """A problem found across files, before it is placed on a line of its file."""

    field: FieldPath
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    line: int = 0
    """The line, for a problem of the body (which has no field)."""
    file: str = ""
    """The file, when not the document's own (a translation showing its original's body)."""


class Lookup(Protocol):
    """What checks across files ask about the other files (`build` answers from the content index)."""

    def state(self, kind: str, id_: str) -> str:
        """ "ok", "draft" (left out of this build), "failed" (the file has errors) or "missing"."""

    def ids(self, kind: str) -> list[str]:
        """Every id of a kind that a file names, for did-you-mean hints."""

    def static_files(self) -> dict[str, int]:
        """The files in static/ with their sizes."""

    def slug_owner(self, kind: str, slug: str, lang: str) -> str:
        """The path of the document of a kind that takes this slug in a language ("" for none)."""

    def has_results(self, project_id: str) -> bool:
        """Some result file names this project (even one with errors: it is being written)."""

    def translated(self, kind: str, id_: str, lang: str) -> bool:
        """The entry has a document in this language."""

    def anchors(self, kind: str, id_: str, lang: str) -> set[str]:
        """The ids of the entry's page in a language (`markup.Outline.ids` of the body it shows)."""


def check_across(doc: Document[Entry], default_language: str, lookup: Lookup) -> list[Finding]:
    """What is wrong with a document given the other files: references to entries that are
    missing, drafts or broken, files missing from static/, a slug taken twice, a project
    without results."""
    findings = []
    entry = doc.entry
    for path, marker, value in marked_values(type(entry), entry):
        if not isinstance(marker, Ref):
            continue
        state = lookup.state(marker.kind, value)
        if state == "draft":
            findings.append(
                Finding(
                    path, f"the {marker.kind} '{value}' is a draft", "publish it (draft: false) or build with --drafts"
                )
            )
        elif state == "missing":
            known = lookup.ids(marker.kind)
            findings.append(
                Finding(
                    path,
                    f"there is no {marker.kind} '{value}'",
                    did_you_mean(value, known) if known else f"add content/{KINDS[marker.kind].folder}/{value}.md",
                )
            )
    for link in doc.body_links:
        findings += _link_findings(doc, link, default_language, lookup)
    static = None
    for path, wanted in static_references(entry):
        static = lookup.static_files() if static is None else static
        if wanted not in static:
            hint = did_you_mean(wanted, list(static)) if static else f"put the file in {STATIC_DIR}/"
            findings.append(Finding(path, f"there is no file {STATIC_DIR}/{wanted}", hint))
    owner = lookup.slug_owner(doc.kind, doc.slug, doc.lang)
    if owner and owner != doc.path:
        findings.append(Finding(("slug",), f"the URL '{doc.slug}' is already used by {owner}", "choose another slug"))
    if isinstance(entry, Project) and doc.lang == default_language and not lookup.has_results(doc.id):
        findings.append(
            Finding(
                ("code",),
                "this project has no result yet",
                f"add one in content/results/ with 'project: {doc.id}' to show what others can reuse",
                Severity.WARNING,
            )
        )
    return findings


def _link_findings(doc: Document[Entry], link: BodyLink, default_language: str, lookup: Lookup) -> list[Finding]:
    """What is wrong with a link of a body: its entry, translation, heading or static file is missing.

    A translation that shows its original's body reports only what is wrong on its own page: a
    heading its language's page of the target lacks."""
    found = _link_problem(doc, link, default_language, lookup)
    if found is None:
        return []
    return [Finding((), *found, line=link.line, file="" if link.file == doc.path else link.file)]


def _link_problem(
    doc: Document[Entry], link: BodyLink, default_language: str, lookup: Lookup
) -> tuple[str, str] | None:
    target, written, borrowed = link.target, link.written, link.file != doc.path
    if not target.kind:
        static = lookup.static_files()
        if target.id in static or borrowed:
            return None
        return f"'{written}' points to {STATIC_DIR}/{target.id}, which does not exist", _closest(target.id, static)
    folder = f"{CONTENT_DIR}/{KINDS[target.kind].folder}"
    state = lookup.state(target.kind, target.id)
    if state != "ok":
        if borrowed or state == "failed":  # a file with errors says why itself
            return None
        if state == "draft":
            return f"'{written}' points to a draft", "publish it (draft: false) or build with --drafts"
        message = f"'{written}' points to {folder}/{target.id}.md, which does not exist"
        return message, _closest(target.id, lookup.ids(target.kind))
    if target.lang and not lookup.translated(target.kind, target.id, target.lang):
        file = f"{folder}/{target.id}.{target.lang}.md"
        return (
            None
            if borrowed
            else (f"'{written}' points to {file}, which does not exist", "add it, or link to the original")
        )
    if not target.anchor:
        return None
    lang = target.lang or doc.lang
    ids = lookup.anchors(target.kind, target.id, lang)
    if target.anchor in ids:
        return None
    if borrowed and target.anchor not in lookup.anchors(target.kind, target.id, default_language):
        return None  # broken on the original's page too, where the original reports it
    page = "page" if lang == default_language else f"{lang} page"
    hint = _closest(target.anchor, ids, _headings(ids))
    if borrowed:  # the original's body, shown on the translation's page
        hint = f"translate the body in {doc.path} and link to the {lang} heading ({_headings(ids)})"
    return f"'{written}' points to a heading that the {page} of {target.id} does not have", hint


def _closest(wanted: str, known: Iterable[str], otherwise: str = "correct the path, or add the file") -> str:
    """A hint naming what a link may have meant, or else `otherwise`."""
    hint = did_you_mean(wanted, list(known))
    return hint if hint.startswith("did you mean") else otherwise


def _headings(ids: set[str]) -> str:
    return "its anchors: " + ", ".join(f"#{id_}" for id_ in sorted(ids)[:12]) if ids else "it has no headings"


def static_references(entry: Entry) -> list[tuple[FieldPath, str]]:
    """(field, path under static/) of every file an entry names: images, result files, guides."""
    found = [(path + ("src",), image.src) for path, image in _images(entry)]
    if isinstance(entry, Result):
        found += [(("files", n, "path"), f.path) for n, f in enumerate(entry.files) if f.path]
        if entry.transferability.guide_file:
            found.append((("transferability", "guide_file"), entry.transferability.guide_file))
    return found


def locate(findings: list[Finding], source: SourceFile) -> list[Problem]:
    """Findings as problems at their lines of the source file."""
    problems = []
    for finding in findings:
        line, column = (finding.line, 0) if finding.line else source.position(finding.field)
        problems.append(
            Problem(
                finding.file or source.path,
                line,
                column,
                ".".join(map(str, finding.field)),
                finding.message,
                finding.hint,
                finding.severity,
            )
        )
    return problems


def _check_images(entry: Entry, source: SourceFile, check: _Checker) -> None:
    for path, image in _images(entry):
        if not image.alt:
            check.warning(
                source,
                path,
                "this image has no alt text",
                "add 'alt:' describing what it shows, so people who cannot see it know too",
            )
    for match in re.finditer(r"!\[\s*\]\(", source.body):
        line = source.body_line + source.body.count("\n", 0, match.start())
        check.report.warning(
            source.path,
            "this image has no alt text",
            line=line,
            hint="write what it shows between the brackets: ![a teacher at the board](...)",
        )


def _check_project(project: Project, source: SourceFile, vocabularies: Vocabularies, check: _Checker) -> None:
    match = next(m for form in PROJECT_CODE_FORMS.values() if (m := form.match(project.code)))
    year = int(match["year"])
    if year != project.call_year:
        check.error(
            source,
            ("call_year",),
            f"the project code says {year} but call_year is {project.call_year}",
            "correct one of them",
        )
    action = vocabularies["actions"].get(project.action, {})
    coded = match.groupdict().get("action")
    if coded and coded.startswith("KA") and not project.action.startswith(coded):
        check.error(
            source,
            ("action",),
            f"the project code names {coded} but action is {project.action}",
            f"use an action starting with {coded}",
        )
    coded_field = match.groupdict().get("field")
    if coded_field and action and action.get("field") not in (coded_field, "MIX", None):
        check.error(
            source,
            ("action",),
            f"the project code names field {coded_field} but {project.action} is in {action['field']}",
            "correct the action or the code",
        )
    coordinators = [i for i, p in enumerate(project.partners) if p.role == "coordinator"]
    if len(coordinators) != 1:
        check.error(
            source,
            ("partners",),
            f"a project has exactly one coordinator, this one has {len(coordinators)}",
            "set 'role: coordinator' on the coordinating organisation only",
        )
    seen: set[str] = set()
    for index, partner in enumerate(project.partners):
        if partner.organisation in seen:
            check.error(
                source,
                ("partners", index, "organisation"),
                f"'{partner.organisation}' is listed twice",
                "list each organisation once",
            )
        seen.add(partner.organisation)


def _check_result(result: Result, source: SourceFile, vocabularies: Vocabularies, check: _Checker) -> None:
    licence = vocabularies["licences"].get(result.licence, {})
    if licence and not licence.get("open"):
        instead = " or ".join(licence.get("instead", ["CC-BY-4.0", "CC-BY-SA-4.0"]))
        reason = "does not allow adaptation" if not licence.get("adapt") else "is not an open licence"
        check.error(
            source, ("licence",), f"{result.licence} {reason}, which Erasmus+ requires for results", f"use {instead}"
        )
    if result.status == "final" and not any(f.editable for f in result.files):
        check.warning(
            source,
            ("files",),
            "this result has no editable source file",
            "add the file others can adapt (DOCX, ODT, PPTX, SVG, source code) with 'editable: true'",
        )


def _check_page(doc: Document[Entry], source: SourceFile, check: _Checker) -> None:
    if doc.slug in RESERVED_SLUGS:
        check.error(
            source,
            ("slug",) if doc.entry.slug else (),
            f"the URL /{doc.slug}/ is used by the site itself",
            "give the page another slug, e.g. 'slug: about-" + doc.slug + "'",
        )


def check_site_project(config: SiteConfig, projects: list[str], source: SourceFile, report: Report) -> None:
    """In project mode the site must know which project it is about."""
    check = _Checker(report)
    wanted = config.project
    if wanted is not None and wanted not in projects:
        check.error(
            source,
            ("project",),
            f"there is no project '{wanted}'",
            did_you_mean(wanted, projects) if projects else "add it in content/projects/",
        )
    elif config.mode == "project" and wanted is None and len(projects) > 1:
        check.error(
            source,
            ("mode",),
            "mode is 'project' but the site has several projects",
            "set 'project: <id>' to the project the site is about, or use mode: catalogue",
        )
