"""What the search index takes of an entry: a `SearchRecord`, made by the views
(views/search_facts.py) from what the entry page shows, never parsed back from its HTML."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

FIELD_WEIGHTS = {
    "title": 5,
    "summary": 2,
    "topics": 2,
    "keywords": 2,
    "target_groups": 2,
    "audience": 2,
    "body": 1,
}
"""How much an occurrence of a word counts in each field: the title most, then the fields that
say what the entry is about, then the body. docs/search.md lists them for editors."""

BODY_WORDS = 300
"""Words of the body that are indexed, from its start."""


@dataclass(frozen=True)
class SearchRecord:
    """One entry page as the search index takes it."""

    url: str
    """The page's URL, the result's link."""
    lang: str
    """The page's language: each language has its own index, stemmed for it."""
    kind: str
    """project, result, organisation, event, news or page."""
    title: str
    """The title the page shows (an organisation's name)."""
    fields: dict[str, str]
    """Indexed text by field (`FIELD_WEIGHTS`): title, summary, topics, keywords, target groups,
    audience, and the body's plain text (of which the first `BODY_WORDS` words count)."""
    excerpt: str
    """The text a result shows under its title: the summary, or the body's start (its first 40
    words are kept)."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """Filter name -> the codes the entry is counted under (views/search_facts.py)."""
    sorts: dict[str, str] = field(default_factory=dict)
    """Sort key -> value: ISO date, casefolded title, readiness score."""
    meta: dict[str, str] = field(default_factory=dict)
    """Facts a result shows under its title (countries, year, date, licence, readiness)."""

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)  # every field is already plain JSON data

    @classmethod
    def from_json(cls, data: dict) -> SearchRecord:
        return cls(**data)

    def digest(self) -> str:
        """Changes whenever anything the index holds of the entry changes."""
        text = json.dumps(self.__dict__, sort_keys=True, ensure_ascii=False)
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
