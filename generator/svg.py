"""Which SVG files may be published: none that can run code.

An SVG opened on its own (a link to ``/images/logo.svg``) is a document of the site's origin:
its scripts, event handlers and ``javascript:`` links run with the site's rights, whatever the
pages' Content-Security-Policy says. `sources` refuses such files; nothing here does I/O.
"""

from __future__ import annotations

import re
from xml.parsers import expat

ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})
"""Elements that run code or embed a document (SVG Tiny's handler and listener included)."""
_INVISIBLE = re.compile(r"[\x00-\x20]")
"""Browsers ignore these inside a URL's scheme: ``java\\tscript:`` is ``javascript:``."""


class _Found(Exception):
    """Stops the parse at the first active content."""


def active_svg_content(raw: bytes) -> tuple[int, str] | None:
    """(line, what) of the first thing in an SVG that could run code, or None when it has none.

    Parsed with expat, so that character references and namespace prefixes
    (``&#106;avascript:``, ``<svg:script>``) cannot hide anything; expat expands entities
    (with its limits on amplification) before the checks see the values.
    """
    parser = expat.ParserCreate(namespace_separator=" ")

    def found(what: str) -> None:
        raise _Found(parser.CurrentLineNumber, what)

    def start(name: str, attributes: dict[str, str]) -> None:
        element = name.rsplit(" ", 1)[-1]
        if element.lower() in ACTIVE_ELEMENTS:
            found(f"has a <{element}> element")
        for attribute, value in attributes.items():
            local = attribute.rsplit(" ", 1)[-1]
            if local.lower().startswith("on"):
                found(f"has an event handler ({local}) on <{element}>")
            if "javascript:" in _INVISIBLE.sub("", value).lower():
                found(f"has a javascript: URL in <{element} {local}>")

    parser.StartElementHandler = start
    try:
        parser.Parse(raw, True)
    except _Found as stop:
        line, what = stop.args
        return line, what
    except expat.ExpatError as exc:
        return exc.lineno, f"is not well-formed XML ({expat.ErrorString(exc.code)}), so it cannot be checked"
    return None
