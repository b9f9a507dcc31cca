"""View models: what templates see of the site graph.

- `contract`: the view dataclasses, the API a theme relies on (docs/themes.md lists them);
- `builder`: `ViewBuilder`, which fills them from the graph in one language;
- `search_facts`: what an entry page tells the search index and what the search page lists.
"""
