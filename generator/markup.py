"""Markdown to HTML, without I/O."""

from __future__ import annotations

import markdown

EXTENSIONS = ["extra", "sane_lists", "toc"]
"""No "smarty": typographic quotes doubled the cost of every document."""
EXTENSION_CONFIG = {"toc": {"permalink": False, "toc_depth": "2-4"}}


class MarkdownRenderer:
    """Converts editors' Markdown to HTML.

    Keeps one `markdown.Markdown` and resets it between documents: building the extension
    pipeline costs more than converting a typical body. Not thread-safe; one per process.
    """

    def __init__(self) -> None:
        self._converter = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIG, output_format="html"
        )

    def __call__(self, text: str) -> str:
        if not text.strip():
            return ""
        self._converter.reset()
        return self._converter.convert(text)
