"""Maps of where organisations are: geometry, gazetteer, projection (`geography`) and SVG (`svg`).

The base geometry is Natural Earth's (public domain), simplified and projected by
``scripts/make_basemap.py`` into ``data/basemap.json``; see ``data/LICENCE.md``.
"""
