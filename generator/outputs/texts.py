"""The theme's UI strings, for the few words outputs write themselves (a feed's title)."""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import Translator

Texts = Mapping[str, Translator]
"""language -> its interface strings, for every site language (`views.wording` names things with them)."""
