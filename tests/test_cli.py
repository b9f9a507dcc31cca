"""The command line as a user runs it: help, version, exit codes, init and new."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import SiteFactory

from generator import __version__
from generator.cli import main
from generator.models import KINDS

COMMANDS = [[], ["build"], ["check"], ["init"], ["new"], ["serve"], ["vocab"], ["import"], ["import", "eprp"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_everywhere(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output.strip() == f"showcase, version {__version__}"


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"showcase, version {__version__}"


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(main, ["build", "--no-such-option"]).exit_code == 2
    assert CliRunner().invoke(main, ["new", "widget", "x"]).exit_code == 2


def test_init_creates_a_site_that_builds_at_once(tmp_path: Path) -> None:
    runner = CliRunner()
    site = tmp_path / "new-site"
    assert runner.invoke(main, ["init", str(site), "--title", "Green Schools"]).exit_code == 0
    assert 'title: "Green Schools"' in (site / "showcase.yaml").read_text()
    check = runner.invoke(main, ["check", "--site", str(site), "--strict"])
    assert check.exit_code == 0, check.output
    build = runner.invoke(main, ["build", "--site", str(site)])
    assert build.exit_code == 0, build.output
    assert (site / "output/projects/our-project/index.html").is_file()
    assert "Built " in build.output and "0 error(s)" in build.output


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "not empty" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


EPRP_SAMPLE = Path(__file__).parent / "fixtures" / "eprp" / "projects-overview-2018-sample.csv"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_catalogue_then_import_then_build_needs_no_hand_edit(tmp_path: Path) -> None:
    runner = CliRunner()
    site = tmp_path / "catalogue"
    result = runner.invoke(main, ["init", str(site), "--catalogue"])
    assert result.exit_code == 0, result.output
    assert "showcase import eprp" in result.output
    assert yaml.safe_load((site / "showcase.yaml").read_text())["mode"] == "catalogue"
    imported = runner.invoke(main, ["import", "eprp", str(EPRP_SAMPLE), "--site", str(site)])
    assert imported.exit_code == 0, imported.output
    assert "Projects: 9 created" in imported.output
    build = runner.invoke(main, ["build", "--site", str(site)])
    assert build.exit_code == 0, build.output
    assert "0 error(s)" in build.output
    home = (site / "output/index.html").read_text()
    assert "2014-1-LI01-KA200-000005" in (site / "output/projects/2014-1-li01-ka200-000005/index.html").read_text()
    assert 'href="/projects/"' in home and "featured-title" in home  # the catalogue's home page


def test_import_into_a_project_site_says_how_to_switch_and_writes_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    site = tmp_path / "partnership"
    assert runner.invoke(main, ["init", str(site)]).exit_code == 0
    before = _files(site)
    result = runner.invoke(main, ["import", "eprp", str(EPRP_SAMPLE), "--site", str(site)])
    assert result.exit_code == 1
    assert "showcase.yaml:5: error: mode is 'project'" in result.output
    assert "would give the site 10 projects" in result.output
    assert "'mode: catalogue' in showcase.yaml" in result.output and "showcase init DIR --catalogue" in result.output
    assert "nothing was written" in result.output
    assert _files(site) == before


def test_init_writes_gitignore_and_deployment_workflows(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert CliRunner().invoke(main, ["init", str(site)]).exit_code == 0
    ignored = (site / ".gitignore").read_text().split()
    assert {"/output/", "/public/", "/.showcase-cache/"} <= set(ignored)
    install = f'pip install "partnership-showcase=={__version__}"'

    github = yaml.safe_load((site / ".github/workflows/pages.yml").read_text())
    steps = [step for job in github["jobs"].values() for step in job["steps"]]
    actions = {step["uses"].split("@")[0] for step in steps if "uses" in step}
    assert {
        "actions/checkout",
        "actions/cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= actions
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert {".showcase-cache", "output"} <= set(cache["with"]["path"].split())  # a rebuild needs both
    assert github["env"]["SHOWCASE_CACHE_KEY_DIR"].endswith("/.showcase-cache")
    commands = " && ".join(step.get("run", "") for step in steps)
    assert install in commands and "showcase build" in commands
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output"
    assert github["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}

    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text())["pages"]
    assert {".showcase-cache/", "public/"} <= set(gitlab["cache"]["paths"])
    assert gitlab["artifacts"]["paths"] == ["public"]
    assert any(install in line for line in gitlab["script"])
    assert any("showcase build --out public" in line for line in gitlab["script"])
    assert gitlab["variables"]["SHOWCASE_CACHE_KEY_DIR"].endswith("/.showcase-cache")


@pytest.mark.parametrize("kind", ["project", "result", "organisation", "event", "news", "page"])
def test_new_writes_every_field_commented_and_never_overwrites(make_site: SiteFactory, kind: str) -> None:
    site = make_site()
    runner = CliRunner()
    result = runner.invoke(main, ["new", kind, "fresh-entry", "--site", str(site)])
    assert result.exit_code == 0, result.output
    folder = {
        "project": "projects",
        "result": "results",
        "organisation": "organisations",
        "event": "events",
        "news": "news",
        "page": "pages",
    }[kind]
    path = site / "content" / folder / "fresh-entry.md"
    text = path.read_text()
    front_matter = text.split("---\n")[1]
    assert front_matter.startswith("# ")  # it opens with what the kind is and which fields it requires
    assert [name for name in KINDS[kind].model.model_fields if f"{name}:" not in front_matter] == []
    path.write_text(text + "\nmy edit\n")
    again = runner.invoke(main, ["new", kind, "fresh-entry", "--site", str(site)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert path.read_text().endswith("my edit\n")


def test_new_files_mention_every_model_field() -> None:
    """The scaffold documents the whole model: a field added to a model must be added there too."""
    scaffold = Path(__file__).parent.parent / "generator/scaffold/new"
    for name, kind in KINDS.items():
        text = (scaffold / f"{name}.md").read_text()
        missing = [field for field in kind.model.model_fields if f"{field}:" not in text]
        assert missing == [], f"{name}.md does not mention {missing}"


def test_build_error_output_is_a_report_not_a_traceback(make_site: SiteFactory) -> None:
    site = make_site({"content/news/item.md": "---\ntitle: [broken\n---\n"})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site", str(site)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/news/item.md:3:1: error: the YAML is malformed" in result.stderr
    assert "the previous output is intact" in result.stderr
    assert not (site / "output").exists()


def test_vocab_lists_the_vocabularies_with_their_purpose_and_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["vocab", "--site", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "result_categories         15 codes  the category of a result" in result.output
    listed = json.loads(CliRunner().invoke(main, ["vocab", "--site", str(tmp_path), "--format", "json"]).output)
    countries = next(v for v in listed["vocabularies"] if v["name"] == "countries")
    assert countries["codes"] == 103 and "ISO 3166-1" in countries["purpose"]


def test_vocab_name_lists_codes_with_labels_and_says_where_a_toolkit_goes(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["vocab", "result_categories", "--site", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "\nhandbook-guide         Handbook / guide / tutorial / compendium\n" in result.output
    assert "Also toolkits" in result.output
    codes = json.loads(CliRunner().invoke(main, ["vocab", "event_types", "--format", "json"]).output)["codes"]
    assert {"code": "webinar", "label": "Webinar", "description": ""} in codes


def test_vocab_shows_the_site_s_own_codes(make_site: SiteFactory) -> None:
    site = make_site({"vocabularies/result_categories.yaml": "zine: {label: Zine}\n"})
    result = CliRunner().invoke(main, ["vocab", "result_categories", "--site", str(site), "--format", "json"])
    assert result.exit_code == 0, result.output
    codes = json.loads(result.output)["codes"]
    assert codes[-1] == {"code": "zine", "label": "Zine", "description": ""} and len(codes) == 16


@pytest.mark.parametrize("kind", ["project", "result", "organisation"])
def test_new_points_to_showcase_vocab_not_to_files_the_site_lacks(make_site: SiteFactory, kind: str) -> None:
    site = make_site()
    assert CliRunner().invoke(main, ["new", kind, "fresh", "--site", str(site)]).exit_code == 0
    text = (site / "content" / KINDS[kind].folder / "fresh.md").read_text()
    assert "vocabularies/" not in text and "showcase vocab " in text


def test_vocab_reports_a_broken_site_vocabulary_and_an_unknown_name(make_site: SiteFactory) -> None:
    site = make_site({"vocabularies/fields.yaml": "NEW: {name: no label}\n"})
    broken = CliRunner().invoke(main, ["vocab", "--site", str(site)])
    assert (
        broken.exit_code == 1
        and "vocabularies/fields.yaml:1: error: NEW: the entry 'NEW' needs a 'label'" in broken.output
    )
    unknown = CliRunner().invoke(main, ["vocab", "result_category"])
    assert unknown.exit_code == 2 and "did you mean 'result_categories'?" in unknown.output


TWO_LANGUAGES = (
    "title: Test\nbase_url: https://t.example.org/\nlanguages: [en, de]\npublisher: {name: T}\n"
    "defaults: {granting_authority: the Test National Agency (TNA)}\n"
)
TRANSLATABLE_RESULT = """\
---
project: testing
title: A reusable toolkit
category: handbook-guide
languages: [en, de]
licence: CC-BY-4.0
summary: "A toolkit: for adult educators."
files:
  - {title: Source, url: "https://test.example.org/toolkit.odt", editable: true}
transferability:
  reuse: adapt
  contexts: [rural libraries]
  evidence:
    - {kind: pilot, description: Used in three libraries, count: 120}
---
The result's body.
"""


def test_new_lang_writes_a_translation_of_the_original_s_texts(make_site: SiteFactory) -> None:
    site = make_site({"showcase.yaml": TWO_LANGUAGES, "content/results/toolkit.md": TRANSLATABLE_RESULT})
    result = CliRunner().invoke(main, ["new", "result", "toolkit", "--lang", "de", "--site", str(site)])
    assert result.exit_code == 0, result.output
    text = (site / "content/results/toolkit.de.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# The German translation of content/results/toolkit.md.\n")
    front, body = text.split("\n---\n")
    fields = yaml.safe_load(front.removeprefix("---\n"))
    assert fields == {
        "title": "A reusable toolkit",
        "summary": "A toolkit: for adult educators.",
        "files": [{"title": "Source", "url": "https://test.example.org/toolkit.odt", "editable": True}],
        "transferability": {
            "contexts": ["rural libraries"],
            "evidence": [{"kind": "pilot", "description": "Used in three libraries", "count": 120}],
        },
    }
    assert body == "The result's body.\n"
    check = CliRunner().invoke(main, ["check", "--site", str(site), "--strict"])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["result", "toolkit", "--lang", "fr"], "'fr' is not one of the site's other languages (de)"),
        (["result", "toolkit", "--lang", "en"], "'en' is the default language"),
        (["result", "handbook", "--lang", "de"], "create it first with: showcase new result handbook"),
        (["result", "toolkit.de", "--lang", "de"], "'toolkit.de' cannot be an id"),
    ],
)
def test_new_lang_explains_what_it_cannot_do(make_site: SiteFactory, arguments: list[str], message: str) -> None:
    site = make_site({"showcase.yaml": TWO_LANGUAGES, "content/results/toolkit.md": TRANSLATABLE_RESULT})
    result = CliRunner().invoke(main, ["new", *arguments, "--site", str(site)])
    assert result.exit_code == 2 and message in result.output, result.output


def test_new_lang_never_overwrites_a_translation(make_site: SiteFactory) -> None:
    site = make_site({"showcase.yaml": TWO_LANGUAGES, "content/results/toolkit.de.md": "---\ntitle: Mein\n---\n"})
    result = CliRunner().invoke(main, ["new", "result", "toolkit", "--lang", "de", "--site", str(site)])
    assert result.exit_code == 2 and "already exists" in result.output
    assert (site / "content/results/toolkit.de.md").read_text() == "---\ntitle: Mein\n---\n"


def test_check_translations_lists_what_each_language_lacks(make_site: SiteFactory) -> None:
    site = make_site({"showcase.yaml": TWO_LANGUAGES, "content/results/toolkit.de.md": "---\ntitle: Werkzeug\n---\n"})
    result = CliRunner().invoke(main, ["check", "--site", str(site), "--translations"])
    assert result.exit_code == 0, result.output
    assert "de: 1 of 5 entries translated\n  projects: testing\n  organisations: alpha, beta, gamma\n" in result.output
    as_json = CliRunner().invoke(main, ["check", "--site", str(site), "--translations", "--format", "json"])
    untranslated = json.loads(as_json.output)["untranslated"]
    assert untranslated["de"]["result"] == [] and untranslated["de"]["project"] == ["testing"]


def test_a_language_the_theme_cannot_speak_is_a_warning(make_site: SiteFactory) -> None:
    site = make_site({"showcase.yaml": TWO_LANGUAGES.replace("[en, de]", "[en, is]")})
    result = CliRunner().invoke(main, ["check", "--site", str(site)])
    assert result.exit_code == 0
    warning = "showcase.yaml:3: warning: the 2nd language: the theme 'default' has no interface strings in 'is'"
    assert warning in result.output
    assert CliRunner().invoke(main, ["check", "--site", str(site), "--strict"]).exit_code == 1


def test_strict_build_of_an_unchanged_site_fails_on_its_warnings(make_site: SiteFactory) -> None:
    """The second build finds nothing changed and replays the first's warnings from the cache:
    --strict must fail on them as it does when it reads the files."""
    site = make_site({"content/results/toolkit.md": None})  # the project has no result: a warning
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--site", str(site)]).exit_code == 0
    again = runner.invoke(main, ["build", "--site", str(site), "--strict"])
    assert "warning: code: this project has no result yet" in again.output
    assert again.exit_code == 1, again.output


def test_a_symbolic_link_out_of_static_fails_a_build_after_a_clean_one(make_site: SiteFactory) -> None:
    site = make_site({"static/files/guide.txt": "guide"})
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--site", str(site)]).exit_code == 0
    (site / "static/files/passwd.txt").symlink_to("/etc/passwd")
    for command in (["build"], ["check"], ["build", "--strict"]):
        result = runner.invoke(main, [*command, "--site", str(site)])
        assert (
            "static/files/passwd.txt: error: this is a symbolic link to /etc/passwd, outside static/" in result.output
        )
        assert result.exit_code == 1, (command, result.output)
