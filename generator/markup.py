"""Markdown to HTML that runs no script, without I/O.

Python-Markdown passes raw HTML through, so an editor (or a spreadsheet imported by one) could
put ``<script>``, ``onerror=`` or a ``javascript:`` link on a published page. What it renders
is therefore cleaned by nh3 (the binding of Ammonia, a maintained allowlist sanitiser) against
`SAFE_TAGS` and `SAFE_ATTRIBUTES`: what our Markdown extensions produce, and nothing that runs.
A site opts out with ``unsafe_raw_html: true`` in showcase.yaml (docs/security.md).
"""

from __future__ import annotations

import markdown
import nh3

EXTENSIONS = ["extra", "sane_lists", "toc"]
"""No "smarty": typographic quotes doubled the cost of every document."""
EXTENSION_CONFIG = {"toc": {"permalink": False, "toc_depth": "2-4"}}

SAFE_TAGS = (nh3.ALLOWED_TAGS | {"tfoot", "audio", "video", "source", "track"}) - {"map", "area"}
"""Ammonia's default text and table elements, plus media (results are often videos), without
image maps (their links would be one more place to check)."""
SAFE_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attributes) for tag, attributes in nh3.ALLOWED_ATTRIBUTES.items()},
    # Heading ids from toc, footnote ids and classes, attr_list's {: .class #id }, abbr's title.
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    # The tables extension aligns columns with style="text-align: ..." (see SAFE_STYLES).
    "th": nh3.ALLOWED_ATTRIBUTES["th"] | {"style"},
    "td": nh3.ALLOWED_ATTRIBUTES["td"] | {"style"},
    "audio": {"src", "controls", "preload", "loop", "muted"},
    "video": {"src", "controls", "poster", "preload", "loop", "muted", "playsinline", "width", "height"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
SAFE_STYLES = {"text-align"}
"""The only CSS property a style attribute keeps."""
SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}
"""Schemes links and media may use; relative URLs are kept. No javascript:, data: or vbscript:."""


def sanitise(html: str) -> str:
    """The HTML without anything that could run script or leave the allowlist (see the module's doc)."""
    return nh3.clean(
        html,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        filter_style_properties=SAFE_STYLES,
        link_rel=None,  # our links are ordinary links: no rel="noopener noreferrer" on every one
        strip_comments=True,
    )


class MarkdownRenderer:
    """Converts editors' Markdown to HTML.

    Keeps one `markdown.Markdown` and resets it between documents: building the extension
    pipeline costs more than converting a typical body. Not thread-safe; one per process.
    """

    def __init__(self) -> None:
        self._converter = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIG, output_format="html"
        )

    def __call__(self, text: str, *, raw_html: bool = False) -> str:
        """The HTML of `text`, sanitised unless `raw_html` (the site's ``unsafe_raw_html``)."""
        if not text.strip():
            return ""
        self._converter.reset()
        html = self._converter.convert(text)
        return html if raw_html else sanitise(html)
