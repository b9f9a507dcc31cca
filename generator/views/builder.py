"""Building view models: the graph's facts turned into what templates print.

`ViewBuilder` fills the views of `contract` for one language: translated labels instead of
codes, URLs, dates and amounts formatted for the language, rendered Markdown. UI words come
from the theme's catalogue through the `Translator` the builder is given (`wording` names
the codes), so a view in German says "laufend" where the English one says "ongoing".

Every text drawn from content or vocabularies is a `Text` that knows its language when it is
not the page's: an entry shown in its original language because it has no translation, a
field a translation leaves to its original, a label with no translation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, Literal
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup, escape

from ..content import Document, link_target, shows_original
from ..csp import CONTENT_SECURITY_POLICY
from ..graph import LEGACY_PERIOD, READINESS_CRITERIA, TAXONOMIES, PageNode, SiteGraph, event_start
from ..i18n import Translator, text_direction
from ..markup import MarkdownRenderer, Rewrite
from ..models import (
    KIND_SECTION,
    KINDS,
    SECTIONS,
    Entry,
    Event,
    Image,
    News,
    Organisation,
    Page,
    Project,
    Result,
    ResultFile,
)
from . import figures, wording
from .contract import (
    AccessibilityView,
    Card,
    CitationView,
    ContactView,
    EventView,
    EvidenceView,
    FileView,
    Funding,
    HomeView,
    LanguageOption,
    LicenceView,
    Link,
    ListView,
    NewsView,
    OrganisationView,
    Partner,
    Picture,
    PlainPageView,
    ProjectView,
    PublisherView,
    QRCode,
    ReadinessView,
    ResultView,
    SiteView,
    TermGroup,
    Text,
)

Moment = date | datetime
"""An event's start or end: a day, or a day and time."""

FORMAT_LOCALES = {"en": "en_IE"}
"""Locales for dates and numbers where the language's default region reads oddly to
European readers: English pages write "1 June 2026", as the EU's own sites do."""

QR_SIZE = 132
"""CSS pixels of the QR code on screen: about 3 px a module for a result's address (41 modules
with the quiet zone), which phones read; the print style sheet sets 36 mm."""

EMBED_CARD = Markup(
    '<div style="max-width:32rem;border:1px solid #767676;border-left:6px solid #003399;'
    'border-radius:4px;padding:0.75rem 1rem;font:inherit;line-height:1.4">'
    '<p style="margin:0 0 0.25rem;font-size:0.85em">{category}</p>'
    '<p style="margin:0 0 0.5rem;font-size:1.15em;font-weight:bold">'
    '<a href="{url}">{title}</a></p>'
    '<p style="margin:0 0 0.5rem">{summary}</p>'
    '<p style="margin:0;font-size:0.85em">{licence} &middot; {languages} &middot; {project}</p>'
    '<p style="margin:0.25rem 0 0;font-size:0.85em">{statement}</p>'
    "</div>"
)
"""The card partners paste into their own sites: self-contained (inline styles, absolute
links, no script, no image), so it needs nothing from this site but the link target."""


class ViewBuilder:
    """Builds view models for the pages of one graph in one language."""

    def __init__(self, graph: SiteGraph, markdown: MarkdownRenderer, lang: str, t: Translator):
        self.graph = graph
        self.vocab = graph.vocabularies
        self.config = graph.config
        self.markdown = markdown
        self.lang = lang
        self.locale = FORMAT_LOCALES.get(lang, lang)
        self.t = t
        self.prefix = graph.lang_prefix(lang)

    # -- small pieces ---------------------------------------------------------------------

    def date(self, value: date | datetime | None) -> str:
        """A date, or a date and time (an event's, in its zone) with the zone's name."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            return f"{format_datetime(value, 'd MMMM y, HH:mm', locale=self.locale)} {self.zone_name(value)}"
        return format_date(value, "long", locale=self.locale)

    def zone_name(self, moment: datetime) -> str:
        """The time zone of an event's time: the time zone database's abbreviation (CET, EEST,
        IST), which readers across Europe know and which names the zone the calendar files
        give; for a zone it has none for (a bare "+03"), the zone's long name in the page's
        language. (CLDR's abbreviations exist in few languages, and swap Dublin's GMT and IST.)"""
        abbreviation = moment.tzname() or ""
        return abbreviation if abbreviation.isalpha() else format_datetime(moment, "zzzz", locale=self.locale)

    def event_moment(self, event: Event, value: Moment) -> Moment:
        """A date as it is; a time in the event's zone."""
        return self.graph.zoned(event, value) if isinstance(value, datetime) else value

    def when(self, event: Event) -> str:
        """An event's dates and times, each date once: "3 December 2026, 15:00–16:30 CET"."""
        start = self.event_moment(event, event.start)
        end = self.event_moment(event, event.end) if event.end else start
        if end == start:
            return self.date(start)
        if (
            isinstance(start, datetime)
            and isinstance(end, datetime)
            and start.date() == end.date()
            and self.zone_name(start) == self.zone_name(end)
        ):
            day_and_hour = format_datetime(start, "d MMMM y, HH:mm", locale=self.locale)
            return f"{day_and_hour}–{format_datetime(end, 'HH:mm', locale=self.locale)} {self.zone_name(end)}"
        return f"{self.date(start)} – {self.date(end)}"

    def money(self, amount: float | None) -> str:
        if amount is None:
            return ""
        pattern = Locale.parse(self.locale).currency_formats["standard"].pattern
        if amount == int(amount):  # grants are mostly round lump sums: no ",00" / ".00"
            pattern = pattern.replace(".00", "")
        return format_currency(amount, "EUR", format=pattern, locale=self.locale, currency_digits=False)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def text(self, value: str, lang: str) -> Text:
        """`value`, marked with its language unless that is the page's."""
        return Text(value, "" if lang == self.lang else lang)

    def label(self, vocabulary: str, code: str, attribute: str = "label") -> Text:
        """A vocabulary entry's label in the page's language, or in English when it has no translation."""
        return self.text(*self.vocab.text(vocabulary, code, self.lang, attribute))

    def written(self, doc: Document[Entry], field: Callable[[Any], object]) -> str:
        """The language a field of `doc` is written in: a translation leaves the fields it does not
        set to its original, so a field equal to the original's is in the original's language."""
        original = self.graph.doc(doc.kind, doc.id)
        if doc is not original and field(doc.entry) == field(original.entry):
            return original.lang
        return doc.lang

    def field_text(self, doc: Document[Entry], field: Callable[[Any], str | None]) -> Text:
        """A text field of an entry, marked with its language (see `written`)."""
        return self.text(field(doc.entry) or "", self.written(doc, field))

    def field_texts(self, doc: Document[Entry], field: Callable[[Any], list[str]]) -> list[Text]:
        """A list of texts: a translation replaces a list as a whole, so its items share a language."""
        lang = self.written(doc, field)
        return [self.text(item, lang) for item in field(doc.entry)]

    def absolute(self, url: str) -> str:
        return self.config.base_url.rstrip("/") + url

    def term_link(self, taxonomy: str, code: str | int) -> Link:
        vocabulary = TAXONOMIES[taxonomy]
        label = self.label(vocabulary, str(code)) if vocabulary else Text(str(code))
        term = self.graph.term(taxonomy, str(code))
        return Link(label, self.graph.term_url(term, self.lang) if term else "")

    def entry_name(self, doc: Document[Entry]) -> Text:
        """How links and lists name an entry; an organisation's name is a proper name, in no
        language of the site's, so it is not marked."""
        if isinstance(doc.entry, Organisation):
            return Text(doc.entry.name)
        return self.field_text(doc, lambda e: entry_title(e, doc.id))

    def entry_link(self, kind: str, id_: str) -> Link:
        return Link(self.entry_name(self.graph.doc(kind, id_, self.lang)), self.graph.url(kind, id_, self.lang))

    def picture(self, doc: Document[Entry], image: Callable[[Any], Image | None]) -> Picture | None:
        """An entry's image; its text alternative is a `Text`, inherited like any field."""
        found = image(doc.entry)
        if found is None:
            return None
        return Picture("/" + found.src, self.text(found.alt, self.written(doc, lambda e: getattr(image(e), "alt", ""))))

    def prose(self, text: str, rewrite: Rewrite | None = None) -> str:
        """Editors' Markdown as HTML, sanitised unless the site opted into raw HTML."""
        return self.markdown(text, raw_html=self.config.unsafe_raw_html, rewrite=rewrite)

    def body(self, doc: Document[Entry]) -> Text:
        """The entry's body as HTML. A translation without a body of its own, or with the
        original's unchanged, shows the original's, in the original's language. Its links to
        content files lead to their entries' pages in the page's language (`link_url`)."""
        original = self.graph.doc(doc.kind, doc.id)
        source = doc
        if doc is not original and shows_original(self.graph.body(doc), self.graph.body(original)):
            source = original
        html = self.prose(self.graph.body(source), lambda written: self.link_url(written, source.path))
        return self.text(html, source.lang)

    def link_url(self, written: str, path: str) -> str:
        """The URL of a link target written in the body of the file `path`: a content file's is
        its entry's page in the page's language (or the one its name gives), a static file's is
        where the site serves it; any other target stays as written."""
        target = link_target(written, path, self.graph.languages)
        if target is None:
            return written
        if not target.kind:
            return "/" + quote(target.id)
        url = self.graph.url(target.kind, target.id, target.lang or self.lang)
        return f"{url}#{quote(target.anchor)}" if target.anchor else url

    # -- cards ----------------------------------------------------------------------------

    def card(self, kind: str, id_: str) -> Card:
        doc = self.graph.doc(kind, id_, self.lang)
        entry = doc.entry
        url = self.graph.url(kind, id_, self.lang)
        title = self.entry_name(doc)
        summary = self.field_text(doc, lambda e: getattr(e, "summary", ""))
        if isinstance(entry, Project):
            facts = self.graph.project(id_)
            return Card(
                kind,
                title,
                url,
                summary,
                [
                    entry.action,
                    str(entry.call_year),
                    ", ".join(facts.countries),
                    wording.project_status(self.t, facts.status),
                ],
                draft=entry.draft,
            )
        if isinstance(entry, Result):
            readiness = self.graph.readiness(id_)
            return Card(
                kind,
                title,
                url,
                summary,
                [self.label("result_categories", entry.category), entry.licence, ", ".join(entry.languages).upper()],
                self.date(entry.published),
                entry.published.isoformat() if entry.published else "",
                readiness.score,
                readiness.total,
                entry.draft,
            )
        if isinstance(entry, Organisation):
            return Card(
                kind,
                title,
                url,
                self.text(entry.name_en or "", "en"),  # the English name stands in for a summary
                [self.label("organisation_types", entry.type), self.label("countries", entry.country)],
                draft=entry.draft,
            )
        if isinstance(entry, Event):
            place = (entry.place.city or entry.place.name) if entry.place else self.t.gettext("Online")
            return Card(
                kind,
                title,
                url,
                summary,
                [self.label("event_types", entry.type), place],
                self.date(self.event_moment(entry, entry.start)),
                event_start(entry).date().isoformat(),
                draft=entry.draft,
                upcoming=self.graph.upcoming(id_),
            )
        if isinstance(entry, News):
            return Card(
                kind,
                title,
                url,
                summary,
                [],
                self.date(entry.date),
                entry.date.isoformat(),
                draft=entry.draft,
            )
        return Card(kind, title, url, summary, draft=entry.draft)

    def cards(self, kind: str, ids: list[str]) -> list[Card]:
        return [self.card(kind, id_) for id_ in ids]

    # -- funding --------------------------------------------------------------------------

    def funding(self, node: PageNode) -> Funding:
        """The statement for the page's project, or the general one for pages about many."""
        project_id = self._project_of(node)
        if project_id is None:
            project_id = self.graph.site_project()
        if project_id is None:
            t = self.t
            authority = self.site_authority() or self.text(t.gettext("the granting authorities"), self.lang)
            return Funding(
                "general",
                wording.funding_statement(t, "general"),
                self.disclaimer(
                    t.catalogue.gettext(
                        "The projects presented on this site are co-funded by the Erasmus+ programme of the European "
                        "Union. Views and opinions expressed are however those of the author(s) only and do not "
                        "necessarily reflect those of the European Union or %(authority)s. Neither the European Union "
                        "nor %(authority)s can be held responsible for them."
                    ),
                    authority,
                ),
                authority,
            )
        return self.project_funding(project_id)

    def project_funding(self, project_id: str) -> Funding:
        t = self.t
        facts = self.graph.project(project_id)
        if facts.period == LEGACY_PERIOD:
            disclaimer = t.gettext(
                "This project has been funded with support from the European Commission. This publication reflects "
                "the views only of the author, and the Commission cannot be held responsible for any use which may be "
                "made of the information contained therein."
            )
            return Funding("legacy", wording.funding_statement(t, "legacy"), disclaimer, "")
        kind = facts.funding_statement
        authority = self.granting_authority(project_id)
        disclaimer = self.disclaimer(
            t.catalogue.gettext(
                "Funded by the European Union. Views and opinions expressed are however those of the author(s) only "
                "and do not necessarily reflect those of the European Union or %(authority)s. Neither the European "
                "Union nor %(authority)s can be held responsible for them."
            ),
            authority,
        )
        return Funding(kind, wording.funding_statement(t, kind), disclaimer, authority)

    def disclaimer(self, translated: str, authority: Text) -> str:
        """A translated disclaimer with the authority's name in it, marked when in another language."""
        name = Markup('<span lang="{}">{}</span>').format(authority.lang, authority) if authority.lang else authority
        return Markup(escape(translated)) % {"authority": name}

    def site_authority(self) -> Text | None:
        """``defaults.granting_authority`` in the page's language, when showcase.yaml gives it."""
        default = self.config.defaults.granting_authority
        if not default:
            return None
        translation = self.config.translations.get(self.lang)
        if translation and translation.granting_authority:
            return self.text(translation.granting_authority, self.lang)
        return self.text(default, self.graph.default_language)

    def granting_authority(self, project_id: str) -> Text:
        """Who granted the project, as the disclaimer names it: the project's own name, else the
        site's default, else one made from its agency."""
        facts = self.graph.project(project_id)
        doc = self.graph.doc(Project, project_id, self.lang)
        if doc.entry.granting_authority:
            return self.field_text(doc, lambda e: e.granting_authority)
        if facts.granting_authority:
            return self.site_authority() or self.text(facts.granting_authority, self.graph.default_language)
        t = self.t
        if facts.agency == "EACEA":
            return Text(t.gettext("the European Education and Culture Executive Agency (EACEA)"))
        if facts.agency:
            return Text(t.gettext("the Erasmus+ National Agency %(code)s", code=facts.agency))
        return Text(t.gettext("the granting authority"))

    def _project_of(self, node: PageNode) -> str | None:
        if node.kind == "project":
            return node.key
        entry = self.graph.doc(node.kind, node.key).entry if node.kind in KINDS else None
        return entry.project if isinstance(entry, Result | Event | News) else None

    # -- entry pages ----------------------------------------------------------------------

    def project(self, id_: str) -> ProjectView:
        doc = self.graph.doc(Project, id_, self.lang)
        project = doc.entry
        facts = self.graph.project(id_)
        partners = []
        for partner in project.partners:
            organisation = self.graph.doc(Organisation, partner.organisation).entry
            location = self.graph.location(partner.organisation)
            partners.append(
                Partner(
                    self.entry_link("organisation", partner.organisation),
                    self.term_link("countries", organisation.country),
                    wording.partner_role(self.t, partner.role),
                    self.label("organisation_types", organisation.type),
                    figures.place_name(self, organisation, location) if location else "",
                    figures.precision(self, location),
                )
            )
        events = facts.events
        upcoming = [e for e in events if self.graph.upcoming(e)]
        flags = project.platform
        url = self.graph.url("project", id_, self.lang)
        return ProjectView(
            id=id_,
            title=self.field_text(doc, lambda e: e.title),
            acronym=project.acronym or "",
            code=project.code,
            url=url,
            action=self.term_link("actions", project.action),
            field=self.term_link("fields", facts.education_field),
            year=self.term_link("years", project.call_year),
            agency=project.agency or self.config.defaults.agency or "",
            eu_grant=self.money(project.eu_grant),
            start=self.date(project.start),
            end=self.date(project.end),
            duration_months=months_between(project.start, project.end),
            status=wording.project_status(self.t, facts.status),
            period=facts.period,
            partners=partners,
            map=figures.partner_map(self, id_),
            countries=[self.term_link("countries", c) for c in facts.countries],
            priorities=[self.term_link("priorities", p) for p in project.priorities],
            topics=self.field_texts(doc, lambda e: e.topics),
            target_groups=self.field_texts(doc, lambda e: e.target_groups),
            languages=[self.term_link("languages", code) for code in project.languages],
            summary=self.field_text(doc, lambda e: e.summary),
            website=project.website or "",
            platform_url=facts.platform_url,
            platform_flags=[
                wording.platform_flag(self.t, name)
                for name in ("good_practice", "success_story")
                if flags and getattr(flags, name)
            ],
            logo=self.picture(doc, lambda e: e.logo),
            results=self.cards("result", facts.results),
            upcoming_events=self.cards("event", upcoming),
            past_events=self.cards("event", [e for e in events if e not in upcoming][::-1]),
            news=self.cards("news", facts.news),
            events_held=facts.events_held,
            people_reached=facts.people_reached,
            results_published=facts.results_published,
            feed_url=url + "feed.xml",
            calendar_url=url + "events.ics",
            body=self.body(doc),
        )

    def result(self, id_: str) -> ResultView:
        doc = self.graph.doc(Result, id_, self.lang)
        result = doc.entry
        t = self.t
        transfer = result.transferability
        licence = self.licence(result.licence)
        readiness = self.graph.readiness(id_)
        project = self.entry_link("project", result.project)
        project_entry = self.graph.doc(Project, result.project).entry
        who = transfer.contact
        contact = (
            ContactView(
                self.entry_link("organisation", who.organisation) if who.organisation else None,
                who.name or "",
                who.email or "",
                who.url or "",
            )
            if who
            else None
        )
        url = self.graph.url("result", id_, self.lang)
        absolute_url = self.absolute(url)
        authors = [a.name for a in result.authors]
        source = project_entry.acronym or project_entry.title
        creators = join_names(authors, t.pgettext("between the last two names of a list", "and")) or t.gettext(
            "%(project)s partnership", project=source
        )
        languages = [self.term_link("languages", code) for code in result.languages]
        evidence_lang = self.written(doc, lambda e: e.transferability.evidence)
        return ResultView(
            id=id_,
            title=self.field_text(doc, lambda e: e.title),
            url=url,
            absolute_url=absolute_url,
            project=project,
            category=self.term_link("categories", result.category),
            kind=wording.result_kind(t, result.kind),
            status=wording.result_status(t, result.status),
            published=self.date(result.published),
            languages=languages,
            summary=self.field_text(doc, lambda e: e.summary),
            files=[self.file(f, self.written(doc, lambda e: e.files)) for f in result.files],
            doi=result.doi or "",
            licence=licence,
            credit=t.gettext(
                "“%(title)s” by %(creators)s, Erasmus+ project %(project)s, licensed under %(licence)s (%(url)s)",
                title=result.title,
                creators=creators,
                project=source,
                licence=licence.code,
                url=licence.url or absolute_url,
            )
            if authors
            else t.gettext(
                "“%(title)s” by the %(project)s partnership (Erasmus+), licensed under %(licence)s (%(url)s)",
                title=result.title,
                project=source,
                licence=licence.code,
                url=licence.url or absolute_url,
            ),
            authors=authors,
            audience=self.field_texts(doc, lambda e: e.audience),
            educational_levels=[self.label("educational_levels", c) for c in result.educational_levels],
            accessibility=[self.label("accessibility_features", c) for c in result.accessibility],
            keywords=self.field_texts(doc, lambda e: e.keywords),
            image=self.picture(doc, lambda e: e.image),
            readiness=ReadinessView(
                readiness.score,
                readiness.total,
                [(wording.readiness_criterion(t, key), key in readiness.met) for key, _ in READINESS_CRITERIA],
            ),
            reuse=wording.reuse_way(t, transfer.reuse) if transfer.reuse else "",
            tested_countries=[self.term_link("countries", c) for c in transfer.tested_countries],
            tested_fields=[self.label("fields", c) for c in transfer.tested_fields],
            contexts=self.field_texts(doc, lambda e: e.transferability.contexts),
            prerequisites=self.field_texts(doc, lambda e: e.transferability.prerequisites),
            effort=wording.effort(t, transfer.effort) if transfer.effort else "",
            guide=self.text(self.prose(transfer.guide or ""), self.written(doc, lambda e: e.transferability.guide)),
            guide_file="/" + transfer.guide_file if transfer.guide_file else "",
            evidence=[
                EvidenceView(
                    wording.evidence_kind(t, e.kind),
                    self.text(e.description, evidence_lang),
                    self.number(e.count) if e.count is not None else "",
                    self.text(e.unit or "", evidence_lang),
                    self.date(e.date),
                    self.label("countries", e.country) if e.country else Text(""),
                )
                for e in transfer.evidence
            ],
            sustainability=self.field_text(doc, lambda e: e.transferability.sustainability),
            contact=contact,
            events=self.cards("event", self.graph.events_of(id_)),
            citation=CitationView(
                citation_text(
                    creators,
                    result.published.year if result.published else None,
                    result.title,
                    t.gettext("Erasmus+ project %(project)s (%(code)s)", project=source, code=project_entry.code),
                    f"https://doi.org/{result.doi}" if result.doi else absolute_url,
                ),
                url + "citation.bib",
                url + "citation.ris",
                url + "CITATION.cff",
            ),
            qr=QRCode(url + "qr.svg", QR_SIZE, t.gettext("QR code linking to %(url)s", url=absolute_url)),
            embed=embed_card(
                url=absolute_url,
                title=result.title,
                summary=result.summary,
                category=self.label("result_categories", result.category),
                licence=licence.code,
                languages=", ".join(link.label for link in languages),
                project=source,
                statement=self.project_funding(result.project).statement,
            ),
            body=self.body(doc),
        )

    def licence(self, code: str) -> LicenceView:
        licence = self.vocab["licences"][code]
        return LicenceView(
            code,
            self.label("licences", code),
            licence.get("url", ""),
            self.label("licences", code, "plain"),
            bool(licence.get("open")),
            bool(licence.get("adapt")),
            bool(licence.get("commercial")),
            bool(licence.get("share_alike")),
            bool(licence.get("attribution")),
        )

    def file(self, file: ResultFile, lang: str) -> FileView:
        """A result's file. Its title is in the file's language when the file has one (a result's
        files often come in several languages, each titled in its own), else in `lang`, the
        language of the result's list of files."""
        size = ""
        if file.path:
            size = human_size(self.graph.static_size(file.path) or 0, self.locale)
        fmt = file.format or PurePosixPath(file.path or file.url or "").suffix.lstrip(".").upper()
        return FileView(
            self.text(file.title, file.language or lang),
            "/" + file.path if file.path else file.url or "",
            fmt,
            size,
            self.label("languages", file.language) if file.language else Text(""),
            file.language or "",
            file.editable,
        )

    def organisation(self, id_: str) -> OrganisationView:
        doc = self.graph.doc(Organisation, id_, self.lang)
        org = doc.entry
        return OrganisationView(
            id=id_,
            name=org.name,
            name_en=org.name_en or "",
            url=self.graph.url("organisation", id_, self.lang),
            type=self.label("organisation_types", org.type),
            country=self.term_link("countries", org.country),
            region=org.region or "",
            city=org.city or "",
            oid=org.oid or "",
            pic=org.pic or "",
            website=org.website or "",
            logo=self.picture(doc, lambda e: e.logo),
            projects=[
                (self.card("project", p), wording.partner_role(self.t, role)) for p, role in self.graph.projects_of(id_)
            ],
            map=figures.organisation_map(self, id_),
            precision=figures.precision(self, self.graph.location(id_)),
            body=self.body(doc),
        )

    def event(self, id_: str) -> EventView:
        doc = self.graph.doc(Event, id_, self.lang)
        event = doc.entry
        counts = event.participants.model_dump() if event.participants else {}
        return EventView(
            id=id_,
            title=self.field_text(doc, lambda e: e.title),
            url=self.graph.url("event", id_, self.lang),
            type=self.label("event_types", event.type),
            project=self.entry_link("project", event.project),
            when=self.when(event),
            upcoming=self.graph.upcoming(id_),
            place=", ".join(x for x in (event.place.name, event.place.city) if x) if event.place else "",
            country=self.term_link("countries", event.place.country) if event.place else None,
            online=event.online or "",
            host=self.entry_link("organisation", event.host) if event.host else None,
            languages=[self.label("languages", c) for c in event.languages],
            participants=[
                (wording.participants_label(self.t, key), self.number(value))
                for key, value in counts.items()
                if value is not None
            ],
            results=self.cards("result", event.results),
            images=[
                Picture("/" + image.src, self.text(image.alt, self.written(doc, lambda e: e.images)))
                for image in event.images
            ],
            calendar_url=self.graph.url("project", event.project, self.lang) + "events.ics",
            summary=self.field_text(doc, lambda e: e.summary),
            body=self.body(doc),
        )

    def news(self, id_: str) -> NewsView:
        doc = self.graph.doc(News, id_, self.lang)
        item = doc.entry
        return NewsView(
            id_,
            self.field_text(doc, lambda e: e.title),
            self.graph.url("news", id_, self.lang),
            self.date(item.date),
            self.entry_link("project", item.project) if item.project else None,
            self.field_text(doc, lambda e: e.summary),
            self.cards("result", item.results),
            self.picture(doc, lambda e: e.image),
            self.body(doc),
        )

    def plain_page(self, id_: str) -> PlainPageView:
        doc = self.graph.doc(Page, id_, self.lang)
        return PlainPageView(
            id_,
            self.field_text(doc, lambda e: e.title),
            self.graph.url("page", id_, self.lang),
            self.field_text(doc, lambda e: e.summary),
            self.body(doc),
        )

    def accessibility(self) -> AccessibilityView:
        facts = self.config.accessibility
        return AccessibilityView(
            self.config.publisher.name,
            facts.status,
            self.date(facts.reviewed),
            facts.contact or self.config.publisher.email or "",
            facts.enforcement_url or "",
        )

    # -- lists ----------------------------------------------------------------------------

    def list_view(self, node: PageNode, title: str, taxonomy: str = "") -> ListView:
        cards = [self.card(kind, id_) for kind, id_ in node.items]
        base = node.url.split("page/")[0]
        return ListView(
            title=title,
            taxonomy=taxonomy,
            cards=cards,
            groups=self._groups(node, cards),
            terms=[],
            # On the first page only: the map is the country's, not the page's share of its list.
            map=figures.country_map(self, node.key.split("/", 1)[1])
            if node.key.startswith("countries/") and node.page_number == 1
            else None,
            page_number=node.page_number,
            page_count=node.page_count,
            previous=(base if node.page_number == 2 else f"{base}page/{node.page_number - 1}/")
            if node.page_number > 1
            else "",
            next=f"{base}page/{node.page_number + 1}/" if node.page_number < node.page_count else "",
        )

    def _groups(self, node: PageNode, cards: list[Card]) -> list[tuple[str, list[Card]]]:
        if node.kind == "section":
            if node.key != "events":
                return []
            # The section lists the newest first; upcoming events read better soonest first.
            upcoming = [c for c in cards if c.upcoming][::-1]
            past = [c for c in cards if not c.upcoming]
            return [
                (heading, group)
                for heading, group in (
                    (self.t.gettext("Upcoming events"), upcoming),
                    (self.t.gettext("Past events"), past),
                )
                if group
            ]
        by_kind: dict[str, list[Card]] = {}
        for card in cards:
            by_kind.setdefault(card.kind, []).append(card)
        return [(wording.section_title(self.t, KIND_SECTION[kind]), group) for kind, group in by_kind.items()]

    def term_label(self, taxonomy: str, code: str) -> Text:
        """A term's label in the page's language (a year is its own label)."""
        vocabulary = TAXONOMIES[taxonomy]
        return self.label(vocabulary, code) if vocabulary else Text(code)

    def term_links(self, taxonomy: str) -> list[tuple[Link, int]]:
        return [
            (Link(self.term_label(taxonomy, t.code), self.graph.term_url(t, self.lang)), t.count)
            for t in self.graph.taxonomy(taxonomy)
        ]

    def home(self) -> HomeView:
        graph = self.graph
        project_id = graph.site_project()
        counts = [
            (Link(wording.section_count(self.t, section, count), f"{self.prefix}/{section}/"), count)
            for kind, section in KIND_SECTION.items()
            for count in (graph.count(kind),)
        ]
        return HomeView(
            project=self.project(project_id) if project_id else None,
            featured=self.cards("result", graph.featured_results(6)),
            recent_news=self.cards("news", graph.latest("news", 3)),
            upcoming_events=self.cards("event", graph.coming_events(3)),
            counts=counts,
            browse=[
                TermGroup(
                    wording.taxonomy_title(self.t, taxonomy),
                    f"{self.prefix}/{taxonomy}/",
                    self.term_links(taxonomy)[:12],
                )
                for taxonomy in ("fields", "countries", "priorities", "categories")
                if graph.taxonomy(taxonomy)
            ],
            map=figures.catalogue_map(self) if self.config.mode == "catalogue" else None,
            statistics_url=f"{self.prefix}/statistics/",
        )

    # -- the site -------------------------------------------------------------------------

    def site_text(self, name: Literal["title", "description"]) -> Text:
        """The site's title or description in the page's language, else in the default language."""
        return self.text(*self.config.text_in(name, self.lang))

    def site(self, current_url: str, alternates: dict[str, str]) -> SiteView:
        graph = self.graph
        prefix = self.prefix
        menu = [Link(wording.section_title(self.t, section), f"{prefix}/{section}/") for section in SECTIONS]
        menu += [Link(self.text(title, lang), url) for title, url, lang in graph.menu(self.lang)]
        for link in menu:
            link.current = current_url.startswith(link.url)
        languages = [
            LanguageOption(
                code,
                self.vocab.text("languages", code, code)[0],
                alternates.get(code) or f"{graph.lang_prefix(code)}/",
                code == self.lang,
            )
            for code in graph.languages
        ]
        config = self.config
        t = self.t
        feeds = [
            Link(t.gettext("News feed (Atom)"), f"{prefix}/feed.xml"),
            Link(t.gettext("Events calendar (iCalendar)"), f"{prefix}/events.ics"),
            Link(t.gettext("Catalogue (JSON)"), "/exports/catalogue.json"),
            Link(t.gettext("Catalogue metadata (DCAT-AP, JSON-LD)"), "/exports/dcat.jsonld"),
            Link(t.gettext("Projects (CSV)"), "/exports/projects.csv"),
            Link(t.gettext("Results (CSV)"), "/exports/results.csv"),
            Link(t.gettext("Statistics (CSV)"), figures.STATISTICS_CSV),
            Link(t.gettext("Sitemap (XML)"), "/sitemap.xml"),
        ]
        return SiteView(
            title=self.site_text("title"),
            description=self.site_text("description"),
            base_url=config.base_url,
            mode=config.mode,
            lang=self.lang,
            dir=text_direction(self.lang),
            default_language=graph.default_language,
            menu=menu,
            languages=languages,
            publisher=PublisherView(config.publisher.name, config.publisher.url or "", config.publisher.email or ""),
            search=config.search,
            home_url=f"{prefix}/",
            search_url=f"{prefix}/search/",
            accessibility_url=f"{prefix}/accessibility/",
            statistics_url=f"{prefix}/statistics/",
            feeds=feeds,
            content_security_policy=CONTENT_SECURITY_POLICY,
        )


def sentence_case(text: str) -> str:
    """The status words are written for the middle of a sentence; a list item starts with a capital."""
    return text[:1].upper() + text[1:]


def title_of(doc: Document) -> str:
    return entry_title(doc.entry, doc.id)


def entry_title(entry: Entry, id_: str) -> str:
    """How lists and links name an entry: a project with its acronym, an organisation by its name."""
    if isinstance(entry, Project):
        return f"{entry.acronym}: {entry.title}" if entry.acronym else entry.title
    if isinstance(entry, Organisation):
        return entry.name
    return getattr(entry, "title", id_)


def months_between(start: date | None, end: date | None) -> int | None:
    if not start or not end:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day else 0)


def human_size(size: int, locale: str = "en") -> str:
    amount = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            break
        amount /= 1024
    if unit == "bytes":
        return f"{size} {unit}"
    return f"{format_decimal(amount, format='#,##0.0', locale=locale)} {unit}"


def join_names(names: list[str], and_word: str) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {and_word} {names[-1]}"


def citation_text(creators: str, year: int | None, title: str, source: str, link: str) -> str:
    """One citation line in the author-date style most readers know: who (year). What. Where. Link."""
    when = f" ({year})" if year else ""
    return f"{creators}{when}. {title.rstrip('.')}. {source}. {link}"


def embed_card(
    *, url: str, title: str, summary: str, category: str, licence: str, languages: str, project: str, statement: str
) -> str:
    """The embeddable card's HTML; every value is escaped (`Markup.format` does it)."""
    return str(
        EMBED_CARD.format(
            url=url,
            title=title,
            summary=summary,
            category=category,
            licence=licence,
            languages=languages,
            project=project,
            statement=statement,
        )
    )
