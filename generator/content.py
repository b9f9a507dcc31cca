"""Validating what `sources` read into typed content, with every problem located.

Order of the checks: each file on its own (fields, types, vocabularies), then the files
together (duplicate ids, references, translations, rules that span entries). All problems
go into one `Report`; a file with errors is left out of the content so that later checks
do not pile up consequences of the same mistake.
"""

from __future__ import annotations

import hashlib
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Annotated, Any, Generic, TypeVar, Union, cast, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .errors import Report, did_you_mean
from .models import (
    FOLDERS,
    KIND_OF_MODEL,
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
from .sources import CONTENT_DIR, STATIC_DIR, FieldPath, SiteFiles, SourceFile
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


@dataclass(frozen=True)
class Document(Generic[EntryT]):
    """One validated content file, typed by the kind of entry it holds."""

    kind: str
    id: str
    """The file name without ``.md`` and language: how other files refer to it."""
    lang: str
    entry: EntryT
    path: str
    body: str
    body_line: int
    front_digest: str
    """Hash of the front matter alone: what the entry's fields come from (with its default-language
    document's, for a translation), while the body is the page's own."""

    @property
    def slug(self) -> str:
        return self.entry.slug or self.id


@dataclass
class Content:
    """A site's validated content: what the site graph is built from."""

    config: SiteConfig
    vocabularies: Vocabularies
    documents: dict[str, dict[str, dict[str, Document[Entry]]]]
    """kind -> id -> language -> document; every id has its default-language document."""
    data: dict[str, Any] = field(default_factory=dict)
    static: dict[str, int] = field(default_factory=dict)

    def entries(self, model: type[AnyEntry]) -> dict[str, Document[AnyEntry]]:
        """The default-language document of every entry of a kind."""
        default = self.config.languages[0]
        return {id_: typed(langs[default], model) for id_, langs in self.documents[KIND_OF_MODEL[model]].items()}


def typed(doc: Document[Entry], model: type[AnyEntry]) -> Document[AnyEntry]:
    """The document as one of its kind: `Content.documents` holds every kind in one table, keyed by
    the kind's name, so the type its entry has is known from the key, not from the table."""
    assert isinstance(doc.entry, model), f"{doc.path} holds a {type(doc.entry).__name__}, not a {model.__name__}"
    return cast(Document[AnyEntry], doc)


def _message_for(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    kind, value = error["type"], error.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else "this value"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        allowed = _fields_at(model, error["loc"][:-1])
        return f"unknown field '{name}'", did_you_mean(name, allowed, source="docs/content-model.md")
    if kind == "missing":
        return "this required field is missing", f"add '{error['loc'][-1]}: ...'"
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
                did_you_mean(value, list(vocabularies[marker.name]), source=f"vocabularies/{marker.name}.yaml"),
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

    def model(self, model: type[BaseModel], source: SourceFile, data: dict[str, Any]) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                message, hint = _message_for(error, model)
                loc = tuple(error["loc"])
                if error["type"] == "missing":
                    self.error(source, loc[:-1], message, hint) if loc[:-1] else self.report.error(
                        source.path, message, line=1, field=".".join(map(str, loc)), hint=hint
                    )
                else:
                    self.error(source, loc, message, hint)
            return None


def load_config(site: SiteFiles, report: Report) -> SiteConfig | None:
    if site.config is None:
        return None
    return _Checker(report).model(SiteConfig, site.config, site.config.data)


def _split_name(source: SourceFile, languages: list[str], report: Report) -> tuple[str, str, str] | None:
    """(kind, id, language) from a path like ``content/results/toolkit.fr.md``."""
    rel = PurePosixPath(source.path).relative_to(CONTENT_DIR)
    folder = rel.parts[0] if len(rel.parts) > 1 else ""
    if folder not in FOLDERS:
        report.error(
            source.path,
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
                source.path,
                f"'{lang}' is not one of the site's languages ({', '.join(languages)})",
                line=1,
                hint="add it to 'languages' in showcase.yaml, or rename the file",
            )
            return None
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", stem):
        report.error(
            source.path,
            f"the file name '{stem}' cannot be used as an id",
            line=1,
            hint="rename it with lowercase letters, digits and hyphens, e.g. green-schools.md",
        )
        return None
    return FOLDERS[folder], stem, lang


def validate(site: SiteFiles, vocabularies: Vocabularies, report: Report, *, drafts: bool) -> Content | None:
    """Turn a site's files into content, or None if the config itself is unusable."""
    check = _Checker(report)
    config_source = site.config
    config = load_config(site, report)
    if config_source is None or config is None:
        return None
    for problem in _vocabulary_problems(SiteConfig, config_source.data, vocabularies):
        check.error(config_source, *problem)
    languages = config.languages
    if not site.content:
        report.error(
            f"{CONTENT_DIR}/",
            f"there is no content: {CONTENT_DIR}/ has no .md files",
            hint=f"add Markdown files under {CONTENT_DIR}/projects/, {CONTENT_DIR}/results/... "
            "or run 'showcase new project'",
        )

    documents: dict[str, dict[str, dict[str, Document[Entry]]]] = {kind: {} for kind in KINDS}
    sources: dict[tuple[str, str, str], SourceFile] = {}
    named = [(s, name) for s in site.content if (name := _split_name(s, languages, report))]
    originals = {(kind, id_): s for s, (kind, id_, lang) in named if lang == languages[0]}
    for source, (kind, id_, lang) in named:
        if (kind, id_, lang) in sources:
            first = sources[(kind, id_, lang)]
            report.error(
                source.path,
                f"the {kind} id '{id_}' is already used by {first.path}",
                line=1,
                hint="rename one of the two files: ids must be unique within a kind",
            )
            continue
        sources[(kind, id_, lang)] = source
        data = source.data
        if lang != languages[0]:
            original = originals.get((kind, id_))
            if original is None:
                report.error(
                    source.path,
                    f"this translation has no {languages[0]} original",
                    line=1,
                    hint=f"add {PurePosixPath(source.path).parent}/{id_}.md",
                )
                continue
            data = {**original.data, **source.data}  # a translation only repeats what it translates
        model = KINDS[kind].model
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
            continue
        if entry is None:
            continue
        documents[kind].setdefault(id_, {})[lang] = Document(
            kind,
            id_,
            lang,
            entry,
            source.path,
            source.body,
            source.body_line,
            hashlib.blake2b(source.yaml_text.encode(), digest_size=16).hexdigest(),
        )

    drafted: set[tuple[str, str]] = set()
    for kind, by_id in documents.items():
        for id_ in [i for i, langs in by_id.items() if languages[0] not in langs]:
            del by_id[id_]  # its original is invalid; the translation cannot stand alone
        if not drafts:
            for id_ in [i for i, langs in by_id.items() if langs[languages[0]].entry.draft]:
                del by_id[id_]
                drafted.add((kind, id_))
    content = Content(config, vocabularies, documents, site.data, site.static)
    _check_across_files(content, sources, drafted, check)
    _check_site_project(content, config_source, check)
    return content


def _check_site_project(content: Content, config_source: SourceFile, check: _Checker) -> None:
    """In project mode the site must know which project it is about."""
    projects = content.documents["project"]
    wanted = content.config.project
    if wanted is not None and wanted not in projects:
        check.error(
            config_source,
            ("project",),
            f"there is no project '{wanted}'",
            did_you_mean(wanted, list(projects)) if projects else "add it in content/projects/",
        )
    elif content.config.mode == "project" and wanted is None and len(projects) > 1:
        check.error(
            config_source,
            ("mode",),
            "mode is 'project' but the site has several projects",
            "set 'project: <id>' to the project the site is about, or use mode: catalogue",
        )


def _check_across_files(
    content: Content, sources: dict[tuple[str, str, str], SourceFile], drafted: set[tuple[str, str]], check: _Checker
) -> None:
    ids = {kind: set(by_id) for kind, by_id in content.documents.items()}
    sources_ids = {(kind, id_) for (kind, id_, _lang) in sources}
    invalid = sources_ids - {(kind, id_) for kind, by_id in content.documents.items() for id_ in by_id} - drafted
    # From the raw data, so that a result with an error does not also make its project look empty.
    projects_with_results = {
        str(s.data.get("project")) for (kind, _id, _lang), s in sources.items() if kind == "result"
    }

    for kind, by_id in content.documents.items():
        slugs: dict[str, str] = {}
        for id_, langs in by_id.items():
            for lang, doc in langs.items():
                source = sources[(kind, id_, lang)]
                if lang == content.config.languages[0]:
                    if doc.slug in slugs and slugs[doc.slug] != doc.path:
                        check.error(
                            source,
                            ("slug",),
                            f"the URL '{doc.slug}' is already used by {slugs[doc.slug]}",
                            "choose another slug",
                        )
                    slugs[doc.slug] = doc.path
                for path, marker, value in marked_values(type(doc.entry), doc.entry):
                    if isinstance(marker, Ref) and value not in ids[marker.kind]:
                        if (marker.kind, value) in invalid:
                            continue  # that file's own errors are reported; a second one here would only repeat them
                        if (marker.kind, value) in drafted:
                            check.error(
                                source,
                                path,
                                f"the {marker.kind} '{value}' is a draft",
                                "publish it (draft: false) or build with --drafts",
                            )
                        else:
                            known = {i for k, i in sources_ids if k == marker.kind}
                            check.error(
                                source,
                                path,
                                f"there is no {marker.kind} '{value}'",
                                did_you_mean(value, known)
                                if known
                                else f"add content/{KINDS[marker.kind].folder}/{value}.md",
                            )
                _check_static_files(doc, source, content, check)
                _check_rules(doc, source, content, check, projects_with_results)


def _check_static_files(doc: Document[Entry], source: SourceFile, content: Content, check: _Checker) -> None:
    for path, image in _images(doc.entry):
        if image.src not in content.static:
            check.error(
                source,
                path + ("src",),
                f"there is no file {STATIC_DIR}/{image.src}",
                did_you_mean(image.src, list(content.static)) if content.static else f"put the image in {STATIC_DIR}/",
            )
        if not image.alt:
            check.warning(
                source,
                path,
                "this image has no alt text",
                "add 'alt:' describing what it shows, so people who cannot see it know too",
            )
    for match in re.finditer(r"!\[\s*\]\(", doc.body):
        line = doc.body_line + doc.body.count("\n", 0, match.start())
        check.report.warning(
            doc.path,
            "this image has no alt text",
            line=line,
            hint="write what it shows between the brackets: ![a teacher at the board](...)",
        )
    files = getattr(doc.entry, "files", None) or []
    for index, file in enumerate(files):
        if file.path and file.path not in content.static:
            check.error(
                source,
                ("files", index, "path"),
                f"there is no file {STATIC_DIR}/{file.path}",
                did_you_mean(file.path, list(content.static)) if content.static else f"put the file in {STATIC_DIR}/",
            )
    guide = getattr(getattr(doc.entry, "transferability", None), "guide_file", None)
    if guide and guide not in content.static:
        check.error(source, ("transferability", "guide_file"), f"there is no file {STATIC_DIR}/{guide}")


def _check_project(
    project: Project,
    doc: Document[Entry],
    source: SourceFile,
    content: Content,
    check: _Checker,
    projects_with_results: set[str],
) -> None:
    match = next(m for form in PROJECT_CODE_FORMS.values() if (m := form.match(project.code)))
    year = int(match["year"])
    if year != project.call_year:
        check.error(
            source,
            ("call_year",),
            f"the project code says {year} but call_year is {project.call_year}",
            "correct one of them",
        )
    action = content.vocabularies["actions"].get(project.action, {})
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
    if doc.lang == content.config.languages[0] and doc.id not in projects_with_results:
        check.warning(
            source,
            ("code",),
            "this project has no result yet",
            "add one in content/results/ with 'project: " + doc.id + "' to show what others can reuse",
        )


def _check_result(result: Result, source: SourceFile, content: Content, check: _Checker) -> None:
    licence = content.vocabularies["licences"].get(result.licence, {})
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


def _check_rules(
    doc: Document[Entry], source: SourceFile, content: Content, check: _Checker, projects_with_results: set[str]
) -> None:
    """The rules of a kind that its model alone cannot check."""
    entry = doc.entry
    if isinstance(entry, Project):
        _check_project(entry, doc, source, content, check, projects_with_results)
    elif isinstance(entry, Result):
        _check_result(entry, source, content, check)
    elif isinstance(entry, Page):
        _check_page(doc, source, check)
