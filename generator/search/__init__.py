"""The site's search index: our own static format, built from records in bounded memory.

- `records`: `SearchRecord`, what the index takes of an entry page (the views make it);
- `text`: words split, folded and stemmed per language;
- `encoding`: the bytes of the index files (shards, tails, filters, sorts);
- `layer`: one layer of a language's index, built from records with sorted runs spilled to disk;
- `update`: a full index, or the overlay of what changed since and its merge into the base.

search.js (in the default theme) reads the files; docs/search.md describes what is indexed.
"""

from .records import SearchRecord
from .update import FOLDER, SearchState, SearchUpdate, manifest_path

__all__ = ["FOLDER", "SearchRecord", "SearchState", "SearchUpdate", "manifest_path"]
