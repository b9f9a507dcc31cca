"""Markdown to HTML that runs no script, without I/O.

Python-Markdown passes raw HTML through, so an editor (or a spreadsheet imported by one) could
put ``<script>``, ``onerror=`` or a ``javascript:`` link on a published page. What it renders
is therefore cleaned by nh3 (the binding of Ammonia, a maintained allowlist sanitiser) against
`SAFE_TAGS` and `SAFE_ATTRIBUTES`: what our Markdown extensions produce, and nothing that runs.
A site opts out with ``unsafe_raw_html: true`` in showcase.yaml (docs/security.md).

Links and images of a body point to other content files and to static/ by their paths, as
editors see them (``../results/handbook.md#adapting``): a treeprocessor that runs after toc
has given headings their ids, and before anything is sanitised, hands every link target to a
function the caller gives (`Rewrite`), which turns it into the page's URL; `outline` lists
the targets and ids of a text, which validation checks (`content`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

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


LINKING = (("a", "href"), ("img", "src"))
"""The elements Markdown makes that point somewhere, and their attribute that does."""

RAW_ID = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)""")
"""An id attribute in raw HTML, which Markdown passes through untouched."""

Rewrite = Callable[[str], str]
"""A link target as written in Markdown -> the URL the page shows."""


@dataclass
class Outline:
    """What validation needs to know of a text's links, without its HTML."""

    targets: list[tuple[str, bool]] = field(default_factory=list)
    """(target as written, is an image) of every Markdown link and image, in the text's order."""
    ids: set[str] = field(default_factory=set)
    """The ids of its elements: headings (toc), footnotes, ``{: #id }``: where an anchor can point."""


class _Links(Treeprocessor):
    """Rewrites the targets of links and images (`rewrite`), and notes them and the ids (`outline`)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.rewrite: Rewrite | None = None
        self.outline = Outline()

    def run(self, root: Element) -> None:
        for html in self.md.htmlStash.rawHtmlBlocks:  # an editor's own <a id="...">
            self.outline.ids.update(RAW_ID.findall(html if isinstance(html, str) else html.text or ""))
        for element in root.iter():
            if element.get("id"):
                self.outline.ids.add(element.attrib["id"])
            for tag, attribute in LINKING:
                target = element.get(attribute) if element.tag == tag else None
                if target is not None:
                    self.outline.targets.append((target, tag == "img"))
                    if self.rewrite is not None:
                        element.set(attribute, self.rewrite(target))


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
        self._links = _Links(self._converter)
        # After toc (5), which gives headings their ids; before the inline HTML is put back (0).
        self._converter.treeprocessors.register(self._links, "links", 4)

    def __call__(self, text: str, *, raw_html: bool = False, rewrite: Rewrite | None = None) -> str:
        """The HTML of `text`, sanitised unless `raw_html` (the site's ``unsafe_raw_html``), with
        the targets of its links and images given by `rewrite` when there is one."""
        if not text.strip():
            return ""
        html = self._convert(text, rewrite)
        return html if raw_html else sanitise(html)

    def outline(self, text: str) -> Outline:
        """The targets of `text`'s links and images, and its ids (see `Outline`)."""
        self._convert(text, None)
        return self._links.outline

    def _convert(self, text: str, rewrite: Rewrite | None) -> str:
        self._converter.reset()
        self._links.rewrite, self._links.outline = rewrite, Outline()
        return self._converter.convert(text)
