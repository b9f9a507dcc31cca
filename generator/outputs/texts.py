"""The theme's UI strings, for the few words outputs write themselves (a feed's title)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class Strings(Protocol):
    """One language's strings: ``t("section.news")``; the renderer's `Translator` is one."""

    def __call__(self, key: str, **params: object) -> str: ...


Texts = Mapping[str, Strings]
"""language -> its strings, for every site language."""
