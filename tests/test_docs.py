"""The docs describe what exists: every content field, config field and command."""

from __future__ import annotations

import re

from conftest import REPO_ROOT

from generator.cli import main
from generator.models import (
    KINDS,
    Accessibility,
    Author,
    Contact,
    Defaults,
    Evidence,
    Participants,
    Partnership,
    Place,
    Publisher,
    ResultFile,
    SiteConfig,
    Transferability,
)


def _documented(text: str) -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", text))


def test_content_model_doc_lists_every_field() -> None:
    text = (REPO_ROOT / "docs/content-model.md").read_text()
    documented = _documented(text)
    missing = {
        f"{m.__name__}.{name}"
        for m in [*(kind.model for kind in KINDS.values()), Transferability]
        for name in m.model_fields
        if name not in documented
    }
    nested = [ResultFile, Evidence, Contact, Author, Place, Participants, Partnership]
    missing |= {
        f"{m.__name__}.{name}" for m in nested for name in m.model_fields if not re.search(rf"\b{name}\b", text)
    }
    assert missing == set()


def test_configuration_doc_lists_every_field() -> None:
    text = (REPO_ROOT / "docs/configuration.md").read_text()
    missing = {name for name in SiteConfig.model_fields if f"`{name}" not in text}
    missing |= {
        f"{prefix}.{name}"
        for prefix, model in (("defaults", Defaults), ("accessibility", Accessibility))
        for name in model.model_fields
        if f"`{prefix}.{name}`" not in text
    }
    missing |= {f"publisher.{name}" for name in Publisher.model_fields if name not in text}
    assert missing == set()


def test_readme_names_every_command_and_option() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    commands = [(name, command) for name, command in main.commands.items()]
    commands += [
        (f"{name} {sub}", subcommand)
        for name, command in main.commands.items()
        for sub, subcommand in getattr(command, "commands", {}).items()
    ]
    for name, command in commands:
        assert f"showcase {name}" in readme, name
        for option in command.params:
            for flag in getattr(option, "opts", []):
                if flag.startswith("--"):
                    assert flag in readme, f"showcase {name} {flag}"
