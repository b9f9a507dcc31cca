"""Port UI strings written for the old YAML catalogues to the theme's gettext catalogues.

Until issue 15 a theme's strings were ``i18n/<lang>.yaml`` files (key -> text with ``{name}``
placeholders) and templates called ``t("key", name=value)``. Branches written against that
layout are ported in three steps, from the repository root:

    python scripts/yaml_to_gettext.py templates themes/default templates/statistics.html ...
    pybabel extract -F babel.cfg -o themes/default/locale/messages.pot --no-location .
    pybabel update -i themes/default/locale/messages.pot -d themes/default/locale --no-location
    python scripts/yaml_to_gettext.py catalogues themes/default

``templates`` rewrites each ``t("key", ...)`` of the files given (all the theme's templates
when none is given) into ``_("English text", ...)``, or ``pgettext("context", ...)`` for
entries that name a context, from ``i18n/en.yaml``; it prints the calls it cannot rewrite
(keys joined at run time, plural messages) for a person to finish. ``catalogues`` copies the
translations of every other ``i18n/<lang>.yaml`` into ``locale/<lang>/LC_MESSAGES/messages.po``
(creating it from the template when missing), into the messages that match the English text
and are still untranslated; it prints the keys that match no message. Then delete ``i18n/``.

An entry of en.yaml is a text, or a mapping ``{text, plural, context}`` for a plural message
(``{num}`` is the number) or one with a gettext context; the other languages give a text, or
for a plural message the list of its forms in the order of the language's ``Plural-Forms``.
Calls in Python code (``views/``) are not rewritten: port them by hand to ``t.gettext()``,
``t.ngettext()`` or ``t.pgettext()``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

CALL = re.compile(r"""\bt\(\s*(["'])([\w.-]+)\1\s*([,)])""")
"""A call of the old translation function with a literal key."""
DYNAMIC = re.compile(r"""\bt\(\s*["'][\w.-]*["']\s*~""")
"""A call whose key is joined at run time: it needs a person."""


@dataclass(frozen=True)
class Message:
    context: str | None
    text: str
    plural: str | None = None

    @property
    def id(self) -> str | tuple[str, str]:
        return (self.text, self.plural) if self.plural else self.text


def gettext_text(text: str) -> str:
    """``{name}`` placeholders become ``%(name)s``; a literal percent sign doubles."""
    return re.sub(r"\{(\w+)\}", r"%(\1)s", text.replace("%", "%%"))


def english_messages(theme: Path) -> dict[str, Message]:
    entries = yaml.safe_load((theme / "i18n" / "en.yaml").read_text(encoding="utf-8")) or {}
    messages = {}
    for key, entry in entries.items():
        if isinstance(entry, dict):
            plural = entry.get("plural")
            messages[key] = Message(
                entry.get("context"), gettext_text(entry["text"]), gettext_text(plural) if plural else None
            )
        else:
            messages[key] = Message(None, gettext_text(str(entry)))
    return messages


def literal(text: str, quote: str) -> str:
    """A string literal in the quotes the call used, which may sit inside an HTML attribute."""
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def rewrite_templates(theme: Path, files: list[Path]) -> None:
    messages = english_messages(theme)
    for path in files or sorted((theme / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")

        def replace(match: re.Match[str], path: Path = path) -> str:
            quote, key, end = match[1], match[2], match[3]
            message = messages.get(key)
            if message is None or message.plural:
                print(f"{path}: t({key!r}) needs a person: {'no such key' if message is None else 'a plural'}")
                return match[0]
            if message.context:
                arguments = f"{literal(message.context, quote)}, {literal(message.text, quote)}"
                return f"pgettext({arguments}{', ' if end == ',' else ')'}"
            return f"_({literal(message.text, quote)}{end}"

        new = CALL.sub(replace, text)
        for match in DYNAMIC.finditer(new):
            line = new.count("\n", 0, match.start()) + 1
            print(f"{path}:{line}: a key joined at run time needs a person: {match[0]}")
        if new != text:
            path.write_text(new, encoding="utf-8")


def fill_catalogues(theme: Path) -> None:
    messages = english_messages(theme)
    template_path = theme / "locale" / "messages.pot"
    for source in sorted((theme / "i18n").glob("*.yaml")):
        lang = source.stem
        if lang == "en":
            continue
        path = theme / "locale" / lang / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            with path.open("rb") as file:
                catalogue = read_po(file, locale=lang)
        else:
            with template_path.open("rb") as file:
                template = read_po(file)
            catalogue = Catalog(locale=lang, project=template.project, fuzzy=False)
            catalogue.update(template)
        translations = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
        for key, translation in translations.items():
            english = messages.get(key)
            found = catalogue.get(english.id, english.context) if english else None
            if english is None or found is None:
                print(f"{source}: {key} matches no message of {path}")
                continue
            if isinstance(translation, list):
                forms = [gettext_text(str(form)) for form in translation]
                if not any(found.string):
                    found.string = tuple(forms)
            elif not found.string:
                found.string = gettext_text(str(translation))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            write_po(file, catalogue)


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[0] not in ("templates", "catalogues"):
        sys.exit(__doc__)
    theme = Path(argv[1])
    if argv[0] == "templates":
        rewrite_templates(theme, [Path(a) for a in argv[2:]])
    else:
        fill_catalogues(theme)


if __name__ == "__main__":
    main(sys.argv[1:])
