"""``python -m generator`` runs the ``showcase`` command."""

from .cli import main

main(prog_name="showcase")
