"""Interface strings in the site's languages: gettext catalogues, plural rules, CLDR names.

The theme's words are gettext messages: English source text in the templates (``_()``,
``ngettext``, ``pgettext`` of Jinja's i18n extension) and in the views, translated in
``locale/<lang>/LC_MESSAGES/messages.po`` catalogues that Babel manages (docs/translating.md).
The build reads the ``.po`` files themselves, so there is no compiled ``.mo`` file to keep in
step with them and a catalogue takes effect as soon as it is saved; reading one costs tens of
milliseconds. A chain of catalogues for one language (the base theme's, a child theme's, the
site's) is merged message by message, the later winning, so a child theme or a site translates
or rewords only the messages it changes. Plural forms follow each catalogue's ``Plural-Forms``
header, which Babel writes from CLDR's plural rules. Fuzzy messages are left out, as
``msgfmt`` and ``pybabel compile`` leave them out: a translator marks a guess fuzzy to keep it
off the site.

Names of countries and languages come from CLDR through Babel, in every language it knows.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from .errors import Report

SOURCE_LANGUAGE = "en"
"""The language the messages are written in: it needs no catalogue."""

CATALOGUE = "LC_MESSAGES/messages.po"
"""A language's catalogue inside a ``locale/<lang>/`` folder (gettext's layout, Babel's default domain)."""


@dataclass(frozen=True)
class Translator:
    """The interface strings of one language. Each call translates a message and fills in its
    ``%(name)s`` placeholders from the keyword arguments (plural forms also get ``num``); like
    Jinja's new-style gettext it always formats, so a literal percent sign is written ``%%``.
    The method names are gettext's, so that ``pybabel extract`` finds the messages in Python too."""

    lang: str
    catalogue: gettext.NullTranslations
    """The merged catalogue, for the template functions of Jinja's i18n extension."""

    def gettext(self, message: str, **params: object) -> str:
        return self.catalogue.gettext(message) % params

    def ngettext(self, singular: str, plural: str, count: int, **params: object) -> str:
        return self.catalogue.ngettext(singular, plural, count) % {"num": count, **params}

    def pgettext(self, context: str, message: str, **params: object) -> str:
        return self.catalogue.pgettext(context, message) % params

    def npgettext(self, context: str, singular: str, plural: str, count: int, **params: object) -> str:
        return self.catalogue.npgettext(context, singular, plural, count) % {"num": count, **params}


def read_catalogue(path: Path, lang: str, report: Report) -> Catalog | None:
    """One ``.po`` file, without its fuzzy messages and without translations whose placeholders
    differ from the English (they would fail the page); each problem is reported at its line."""
    try:
        with path.open("rb") as file:
            catalogue = read_po(file, locale=lang, abort_invalid=True)
    except PoFileError as exc:
        report.error(
            str(path),
            f"the catalogue cannot be read: {exc}",
            line=exc.lineno or 0,
            hint="fix the line, or run pybabel update",
        )
        return None
    except (OSError, UnknownLocaleError, ValueError) as exc:
        report.error(str(path), f"the catalogue cannot be read: {exc}", hint="check the file and its Language header")
        return None
    for message in catalogue:
        # Babel checks placeholders only in messages flagged python-format, which a hand-written
        # catalogue may lack: every message with one must be checked, or a typo fails the page.
        if "%(" in str(message.id):
            message.flags.add("python-format")
    for message, errors in list(catalogue.check()):
        for error in errors:
            report.error(
                str(path),
                f"the translation of {message.id!r} is wrong: {error}",
                line=message.lineno or 0,
                hint="keep every %(name)s placeholder of the English text, and give every plural form",
            )
        catalogue.delete(message.id, message.context)
    return catalogue


def load_translator(lang: str, paths: list[Path], report: Report) -> Translator:
    """The catalogues of one language merged in order (later files win); English needs none."""
    merged: gettext.NullTranslations = gettext.NullTranslations()
    for path in paths:
        catalogue = read_catalogue(path, lang, report)
        if catalogue is None:
            continue
        compiled = io.BytesIO()
        write_mo(compiled, catalogue, use_fuzzy=False)
        compiled.seek(0)
        translations = Translations(compiled)
        if isinstance(merged, Translations):
            merged.merge(translations)
        else:
            merged = translations
    return Translator(lang, merged)


@cache
def cldr_locale(lang: str) -> Locale | None:
    """Babel's locale for a language code; None for a code CLDR does not know."""
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return None


def country_name(code: str, lang: str) -> str | None:
    """A country's name in `lang` from CLDR (XK, Kosovo, included); None when unknown."""
    locale = cldr_locale(lang)
    return locale.territories.get(code) if locale else None


def language_name(code: str, lang: str) -> str | None:
    """A language's name in `lang` from CLDR; in its own language for `lang` == `code`."""
    locale = cldr_locale(lang)
    return locale.languages.get(code) if locale else None


def text_direction(lang: str) -> str:
    """``ltr`` or ``rtl``, from CLDR's character order of the language."""
    locale = cldr_locale(lang)
    return locale.text_direction if locale else "ltr"


def plural_samples(lang: str) -> dict[str, int]:
    """For each CLDR plural category a language uses for whole numbers, the smallest number in
    it: what a script needs to pick the right form with ``Intl.PluralRules``."""
    locale = cldr_locale(lang) or cldr_locale(SOURCE_LANGUAGE)
    assert locale is not None, "Babel knows English"
    samples: dict[str, int] = {}
    for number in range(1000):
        samples.setdefault(locale.plural_form(number), number)
    return samples
