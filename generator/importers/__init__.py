"""Importers: turning other systems' data into a site's content files.

Each importer reads its own input (``tables`` reads CSV and XLSX files as spreadsheet
programs leave them), maps it to the content model and hands the entries to
`content_files`, which merges them into ``content/`` without losing what editors wrote.
``eprp`` imports the Commission's Erasmus+ project lists.
"""
