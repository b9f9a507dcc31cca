"""The content model: what an editor may write in ``showcase.yaml`` and in front matter.

Each model documents its fields; docs/content-model.md is the editor-facing version of
the same. Unknown fields are errors. Values drawn from a controlled vocabulary carry a
`Vocab` marker and references to other entries a `Ref` marker: `content` checks both
after parsing, because they depend on the site's vocabularies and on the other files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime as DateTime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class Vocab:
    """Marks a value that must be a code of the named vocabulary."""

    name: str


@dataclass(frozen=True)
class Ref:
    """Marks a value that must be the id of an entry of the given kind."""

    kind: str


_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
"""Control characters (but tab and line feed), lone surrogates (a YAML escape such as "\\ud800"
makes one) and the non-characters U+FFFE and U+FFFF: no XML, iCalendar or CSV reader takes them."""
NOT_IN_TEXT = re.compile(f"[{_CONTROL}]")
_NOT_IN_LINE = re.compile(f"[{_CONTROL}\t\n\r\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    if found := _NOT_IN_LINE.search(text):
        raise ValueError(
            f"is not one line of text: it holds {character_name(found[0])}; titles, names and the other "
            "short fields are one line without control characters"
        )
    return text


def _plain_text(text: str) -> str:
    if found := NOT_IN_TEXT.search(text):
        raise ValueError(
            f"is not plain text: it holds {character_name(found[0])}, which no reader of the site's files accepts"
        )
    return text


def character_name(char: str) -> str:
    return {"\n": "a line break", "\r": "a line break", "\t": "a tab"}.get(
        char, f"the control character U+{ord(char):04X}"
    )


Line = Annotated[str, AfterValidator(_one_line)]
"""One line of text: a title, a name, a keyword. No line breaks, tabs or control characters."""
Text = Annotated[str, AfterValidator(_plain_text)]
"""Text that may run over several lines (a summary): no control characters but tab and line feed."""


def _not_blank(text: str) -> str:
    if not text:  # the models strip whitespace first: "   " is blank too
        raise PydanticCustomError("blank", "this field is empty")
    return text


Name = Annotated[Line, AfterValidator(_not_blank)]
"""A title or a name: one line that is not blank, since pages, lists and links show it."""

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]
Country = Annotated[str, Vocab("countries")]
Language = Annotated[str, Vocab("languages")]
Url = Annotated[Line, Field(pattern=r"^https?://[^\s/$.?#][^\s]*$")]
Email = Annotated[Line, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


def _inside_static(path: str) -> str:
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or ".." in parts or re.match(r"^[A-Za-z]:", path):
        raise ValueError(
            "is not a file inside static/: write a path relative to static/, "
            "without '..', a leading '/' or a drive letter"
        )
    return path


StaticPath = Annotated[str, AfterValidator(_inside_static)]
"""A file under the site's ``static/`` folder; never absolute, never with ``..``."""

PROJECT_CODE_FORMS = {
    "2021-2027 agency": re.compile(
        r"^(?P<year>20\d\d)-[1-3]-[A-Z]{2}\d{2}-(?P<action>KA\d{3})-(?P<field>SCH|VET|HED|ADU|YOU)-\d{9}$"
    ),
    "2014-2020 agency": re.compile(r"^(?P<year>20\d\d)-[1-3]-[A-Z]{2}\d{2}-(?P<action>KA\d{3})(-[A-Z]{2,3})?-\d{6}$"),
    "2014-2020 EACEA": re.compile(r"^\d{6}-EPP-1-(?P<year>20\d\d)-\d-[A-Z]{2}-[A-Z0-9-]+$"),
    "2021-2027 EACEA": re.compile(r"^ERASMUS-(?P<programme>[A-Z]+)-(?P<year>20\d\d)-(?P<action>[A-Z-]+)-\d{9}$"),
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Image(Strict):
    """A picture from the site's ``static/`` folder."""

    src: StaticPath
    """Path under ``static/``, e.g. ``images/kick-off.jpg``."""
    alt: Line = ""
    """What the picture shows, for people who cannot see it. Empty only for decoration."""


class Entry(Strict):
    """Fields every content file may have."""

    slug: Slug | None = None
    """The last part of the page's URL; defaults to the file name without ``.md``."""
    draft: bool = False
    """A draft is shown by ``showcase serve`` and left out of ``showcase build`` unless ``--drafts``."""


class Partnership(Strict):
    """An organisation's place in a project."""

    organisation: Annotated[str, Ref("organisation")]
    role: Literal["coordinator", "partner", "associated-partner"] = "partner"


class PlatformFlags(Strict):
    """Flags the Commission's platform sets; filled by the importer, never by the project."""

    good_practice: bool = False
    success_story: bool = False
    results_available: bool = False


class Project(Entry):
    """A funded partnership: ``content/projects/<id>.md``."""

    code: str
    """The grant's project code, e.g. ``2023-1-DE02-KA220-ADU-000123456``."""
    acronym: Line | None = None
    title: Name
    action: Annotated[str, Vocab("actions")]
    """Action type code, e.g. ``KA220-ADU``."""
    field: Annotated[str, Vocab("fields")] | None = None
    """Field of education; defaults to the action's field."""
    call_year: int = Field(ge=2014, le=2100)
    agency: Annotated[str, Field(pattern=r"^([A-Z]{2}\d{2}|EACEA)$")] | None = None
    """The National Agency (e.g. ``PL01``) or ``EACEA``."""
    granting_authority: Line | None = None
    """Named in the disclaimer; defaults to ``defaults.granting_authority`` in showcase.yaml."""
    funding_statement: Literal["co-funded", "funded"] | None = None
    start: Date | None = None
    end: Date | None = None
    status: Literal["planned", "ongoing", "finalised"] | None = None
    """Defaults to what the dates say on the day of the build."""
    eu_grant: float | None = Field(default=None, ge=0)
    """The EU grant in euro."""
    partners: list[Partnership] = Field(min_length=1)
    priorities: list[Annotated[str, Vocab("priorities")]] = []
    topics: list[Line] = []
    target_groups: list[Line] = []
    languages: list[Language] = []
    summary: Text = ""
    website: Url | None = None
    platform_url: Url | None = None
    """The project card on the Commission's platform; derived from the code when absent."""
    platform: PlatformFlags | None = None
    logo: Image | None = None

    @field_validator("code")
    @classmethod
    def _known_code_form(cls, code: str) -> str:
        if not any(form.match(code) for form in PROJECT_CODE_FORMS.values()):
            raise ValueError(
                "is not an Erasmus+ project code; expected e.g. 2021-1-DE01-KA220-SCH-000024914, "
                "2019-1-AT01-KA201-050670, 556927-EPP-1-2014-1-LT-SPO-SCP or ERASMUS-SPORT-2025-SSCP-101245991"
            )
        return code

    @model_validator(mode="after")
    def _dates_in_order(self) -> Project:
        if self.start and self.end and self.end < self.start:
            raise _ends_before_start(self.start, self.end)
        return self


class Organisation(Entry):
    """A partner organisation: ``content/organisations/<id>.md``."""

    name: Name
    name_en: Line | None = None
    """The English name, when ``name`` is in another language."""
    oid: Annotated[str, Field(pattern=r"^E\d{8}$")] | None = None
    pic: Annotated[str, Field(pattern=r"^\d{9}$")] | None = None
    type: Annotated[str, Vocab("organisation_types")]
    country: Country
    region: Line | None = None
    city: Line | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    """With ``longitude``, the organisation's location on the maps; else its city's, else its country's centre."""
    longitude: float | None = Field(default=None, ge=-180, le=180)
    website: Url | None = None
    logo: Image | None = None

    @field_validator("pic", "oid", mode="before")
    @classmethod
    def _identifier_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _both_coordinates(self) -> Organisation:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both 'latitude' and 'longitude' (the location on the maps), or neither")
        return self


class ResultFile(Strict):
    """A downloadable file or link of a result."""

    title: Name
    path: StaticPath | None = None
    """A file under ``static/``; its size is measured at build time."""
    url: Url | None = None
    """Or a link to where the file lives (an open repository, the platform)."""
    format: Line | None = None
    """e.g. PDF, DOCX, ODT, MP4; defaults to the file's extension."""
    language: Language | None = None
    editable: bool = False
    """True for the source others can adapt (DOCX, ODT, PPTX, SVG, source code...)."""

    @model_validator(mode="after")
    def _path_or_url(self) -> ResultFile:
        if bool(self.path) == bool(self.url):
            raise ValueError("give either 'path' (a file under static/) or 'url', not both and not neither")
        return self


class Evidence(Strict):
    """One piece of evidence that the result was used."""

    kind: Literal["pilot", "adoption", "training", "policy-uptake", "adaptation", "other"]
    description: Text
    count: int | None = Field(default=None, ge=0)
    unit: Line | None = None
    """What was counted: learners, teachers, schools..."""
    date: Date | None = None
    country: Country | None = None


class Contact(Strict):
    """Who to ask about reusing a result. An organisation address rather than a person's is best."""

    organisation: Annotated[str, Ref("organisation")] | None = None
    name: Line | None = None
    email: Email | None = None
    url: Url | None = None


class Transferability(Strict):
    """What someone needs to know to reuse the result elsewhere."""

    reuse: Literal["as-is", "adapt", "inspire"] | None = None
    """Use it as it is, adapt it, or be inspired by it."""
    tested_countries: list[Country] = []
    tested_fields: list[Annotated[str, Vocab("fields")]] = []
    contexts: list[Line] = []
    """Settings where it was tested, e.g. 'rural primary schools'."""
    prerequisites: list[Line] = []
    effort: Literal["low", "medium", "high"] | None = None
    """Effort needed to adapt it."""
    guide: Text | None = None
    """How to adapt it (Markdown)."""
    guide_file: StaticPath | None = None
    evidence: list[Evidence] = []
    sustainability: Text | None = None
    """How it stays available and maintained after the funding ends."""
    contact: Contact | None = None


class Author(Strict):
    name: Name
    orcid: Annotated[str, Field(pattern=r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")] | None = None
    organisation: Annotated[str, Ref("organisation")] | None = None


class Result(Entry):
    """A project result: ``content/results/<id>.md``."""

    project: Annotated[str, Ref("project")]
    title: Name
    category: Annotated[str, Vocab("result_categories")]
    kind: Literal["output", "outcome"] = "output"
    status: Literal["planned", "draft", "final"] = "final"
    published: Date | None = None
    languages: list[Language] = Field(min_length=1)
    summary: Text = ""
    files: list[ResultFile] = []
    doi: Annotated[Line, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    licence: Annotated[str, Vocab("licences")]
    """An SPDX id; results need an open licence (one that allows adaptation)."""
    authors: list[Author] = []
    audience: list[Line] = []
    educational_levels: list[Annotated[str, Vocab("educational_levels")]] = []
    accessibility: list[Annotated[str, Vocab("accessibility_features")]] = []
    keywords: list[Line] = []
    image: Image | None = None
    featured: bool = False
    """Shown first among the featured results on a catalogue's home page."""
    transferability: Transferability = Transferability()


class Place(Strict):
    name: Name
    city: Line | None = None
    country: Country


class Participants(Strict):
    """Aggregate counts only: never names."""

    total: int = Field(ge=0)
    international: int | None = Field(default=None, ge=0)
    """Participants from other countries than the host's."""
    fewer_opportunities: int | None = Field(default=None, ge=0)
    """Participants with fewer opportunities."""


class Event(Entry):
    """A meeting, multiplier event, training or webinar: ``content/events/<id>.md``."""

    project: Annotated[str, Ref("project")]
    title: Name
    type: Annotated[str, Vocab("event_types")]
    start: Date | DateTime
    end: Date | DateTime | None = None
    place: Place | None = None
    online: Url | None = None
    host: Annotated[str, Ref("organisation")] | None = None
    languages: list[Language] = []
    participants: Participants | None = None
    results: list[Annotated[str, Ref("result")]] = []
    """Results presented at the event."""
    summary: Text = ""
    images: list[Image] = []

    @model_validator(mode="after")
    def _ends_after_start(self) -> Event:
        if self.end and moment(self.end) < moment(self.start):
            raise _ends_before_start(self.start, self.end)
        return self


def _ends_before_start(start: Date | DateTime, end: Date | DateTime) -> PydanticCustomError:
    """The error of a project or event whose dates are the wrong way round; `content` places it at `end`."""
    return PydanticCustomError(
        "end_before_start", "the end ({end}) is before the start ({start})", {"start": start, "end": end}
    )


def moment(value: Date | DateTime) -> DateTime:
    """A comparable moment: the local clock time, so that dates, naive and zoned times compare."""
    if isinstance(value, DateTime):
        return value.replace(tzinfo=None)
    return DateTime(value.year, value.month, value.day)


class News(Entry):
    """A news item: ``content/news/<id>.md``."""

    title: Name
    date: Date
    project: Annotated[str, Ref("project")] | None = None
    """The project it is about; none for news of the whole catalogue."""
    summary: Text = ""
    results: list[Annotated[str, Ref("result")]] = []
    image: Image | None = None


RESERVED_SLUGS = frozenset(
    {
        "projects",
        "results",
        "organisations",
        "events",
        "news",
        "countries",
        "fields",
        "actions",
        "years",
        "priorities",
        "categories",
        "licences",
        "languages",
        "search",
        "accessibility",
        "feeds",
        "assets",
        "files",
        "images",
        "page",
        "exports",
        "citations",
        "statistics",
    }
)
"""URL segments the site's own pages use at the root, which plain pages cannot take."""


class Page(Entry):
    """A plain page (about, contact...): ``content/pages/<id>.md``."""

    title: Name
    summary: Text = ""
    menu: int | None = None
    """Position in the main menu; pages without it are not in the menu."""


class Defaults(Strict):
    """Values projects inherit when they do not set their own."""

    agency: Annotated[str, Field(pattern=r"^([A-Z]{2}\d{2}|EACEA)$")] | None = None
    granting_authority: Line | None = None
    """e.g. 'the Foundation for the Development of the Education System (FRSE)'."""
    funding_statement: Literal["co-funded", "funded"] = "co-funded"


class Publisher(Strict):
    """Who publishes the site: named in feeds, exports and the accessibility statement."""

    name: Name
    url: Url | None = None
    email: Email | None = None


class Accessibility(Strict):
    """Facts for the accessibility statement page."""

    status: Literal["full", "partial", "non-compliant"] = "partial"
    """Conformance with WCAG 2.1 AA. ``full`` only after the publisher has assessed the content too:
    the software's tests cannot judge what editors publish."""
    reviewed: Date | None = None
    contact: Email | None = None
    enforcement_url: Url | None = None
    """The national enforcement body's page."""


class SiteTranslation(Strict):
    """The site's own texts in one more language: ``translations.<lang>`` in showcase.yaml."""

    title: Line | None = None
    description: Text | None = None
    granting_authority: Line | None = None
    """``defaults.granting_authority`` in that language, as the disclaimer names it."""


class SiteConfig(Strict):
    """``showcase.yaml``: the site's settings."""

    title: Name
    description: Text = ""
    base_url: Url
    """Where the site is published, e.g. ``https://example.org/``; URLs in feeds and sitemaps use it."""
    mode: Literal["project", "catalogue"] = "catalogue"
    """``project``: one partnership's site; ``catalogue``: an agency's or network's catalogue."""
    project: Annotated[str, Ref("project")] | None = None
    """In project mode, the project the site is about (defaults to the only one)."""
    languages: list[Language] = ["en"]
    """Site languages; the first is the default, served at the root."""
    theme: Slug = "default"
    publisher: Publisher
    defaults: Defaults = Defaults()
    accessibility: Accessibility = Accessibility()
    page_size: int = Field(default=50, ge=5, le=1000)
    """Items per page on list pages."""
    search: bool = True
    """Build the search index (docs/search.md)."""
    unsafe_raw_html: bool = False
    """Publish the HTML in Markdown as written, without removing scripts, event handlers and
    ``javascript:`` links. Only for a site whose every editor is trusted (docs/security.md)."""
    translations: dict[str, SiteTranslation] = {}
    """The title, description and default granting authority in the site's other languages;
    what a language does not give is shown in the default language."""

    @field_validator("base_url")
    @classmethod
    def _trailing_slash(cls, url: str) -> str:
        return url if url.endswith("/") else url + "/"

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, languages: list[str]) -> list[str]:
        if not languages:
            raise ValueError("list at least one language")
        if len(set(languages)) != len(languages):
            raise ValueError("a language is listed twice")
        return languages

    def text_in(self, name: Literal["title", "description"], lang: str) -> tuple[str, str]:
        """The site's title or description in `lang`, and the language it is in: the default
        language's when `translations` does not give it."""
        translation = self.translations.get(lang)
        translated = getattr(translation, name) if translation else None
        return (translated, lang) if translated else (getattr(self, name), self.languages[0])

    @model_validator(mode="after")
    def _translations_in_site_languages(self) -> SiteConfig:
        others = [lang for lang in self.translations if lang not in self.languages[1:]]
        if others:
            raise ValueError(
                f"'translations' gives {', '.join(others)}, which 'languages' does not list after the default "
                f"language ({', '.join(self.languages[1:]) or 'none listed'}): add it there, or remove its translations"
            )
        return self


@dataclass(frozen=True)
class Kind:
    """One kind of content file: everything the other layers need to know about it.

    `ENTRY_KINDS` lists them once; every other list of kinds (folders, sections, searchable
    pages, the templates' entry pages, ``showcase new``) is derived from it, so a new kind of
    entry is one line here plus its model and templates."""

    name: str
    """The kind's name: the template that renders its pages, ``showcase new NAME``, search's ``kind`` filter."""
    model: type[Entry]
    folder: str
    """Its folder under ``content/``."""
    section: str | None
    """The URL segment of its pages and of the list of all of them (``/results/``); None for plain
    pages, which sit at the root and have no list."""
    translatable: tuple[str, ...] = ()
    """The fields written in a language, as dotted paths: what ``showcase new KIND ID --lang``
    puts in a translation file (the body too). A translation may set any field, but these are
    the ones that differ between languages; a list is translated as a whole."""


ENTRY_KINDS: tuple[Kind, ...] = (
    Kind(
        "project",
        Project,
        "projects",
        "projects",
        ("title", "summary", "topics", "target_groups", "granting_authority", "logo.alt"),
    ),
    Kind(
        "result",
        Result,
        "results",
        "results",
        (
            "title",
            "summary",
            "files",
            "audience",
            "keywords",
            "image.alt",
            "transferability.contexts",
            "transferability.prerequisites",
            "transferability.guide",
            "transferability.evidence",
            "transferability.sustainability",
        ),
    ),
    Kind("organisation", Organisation, "organisations", "organisations", ("logo.alt",)),
    Kind("event", Event, "events", "events", ("title", "summary", "images")),
    Kind("news", News, "news", "news", ("title", "summary", "image.alt")),
    Kind("page", Page, "pages", None, ("title", "summary")),
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in ENTRY_KINDS}
"""Each kind by its name."""
KIND_OF_MODEL: dict[type[Entry], str] = {kind.model: kind.name for kind in ENTRY_KINDS}
FOLDERS: dict[str, str] = {kind.folder: kind.name for kind in ENTRY_KINDS}
"""Folder under ``content/`` -> the kind of the files in it."""
SECTIONS: dict[str, str] = {kind.section: kind.name for kind in ENTRY_KINDS if kind.section}
"""Section (URL segment of a kind's list) -> kind, in menu order."""
KIND_SECTION: dict[str, str] = {kind: section for section, kind in SECTIONS.items()}
