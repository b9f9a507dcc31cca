"""A QR code of each result's address, beside its page (``<result url>qr.svg``).

Partners print it on posters and handouts, and the result page shows it and prints it on the
one-page sheet. It is a file rather than a ``data:`` URI in the page: the page stays small,
the download link needs no second copy, and the search index does not take the code for the
result's picture.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import segno

from ..graph import PageNode, SiteGraph
from . import locations
from .texts import Texts

BORDER = 2
"""Modules of quiet zone around the code: scanners need some; the page adds its own margin."""


def qr_code_file(graph: SiteGraph, node: PageNode, texts: Texts) -> Iterable[tuple[str, bytes]]:
    """The code of a result page's address, in the page's language, dark on white in any colour scheme."""
    # A fixed mask: every mask decodes; choosing the "best" one tries all eight, five times the cost.
    code = segno.make(locations.absolute(graph, node.url), error="m", mask=0)
    svg = io.BytesIO()
    # No width or height, only a viewBox: the page and the print style sheet size it.
    code.save(
        svg,
        kind="svg",
        border=BORDER,
        dark="#000",
        light="#fff",
        xmldecl=False,
        svgclass=None,
        lineclass=None,
        omitsize=True,
    )
    yield locations.file_path(locations.qr_code(graph, node.key, node.lang)), svg.getvalue()
