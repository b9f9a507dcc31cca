"""Fuzzing `check` and `build` with generated files: every outcome is a report, never a traceback
or a hang (issue 19). Hypothesis writes a content file with a generated name, front matter
(well-formed YAML of the model's fields with odd values, or any text at all) and body into a
valid small site; `showcase check` (through the CLI) and `build_site` must finish within
the deadline with a list of problems or a site.
"""

from __future__ import annotations

import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CONFIG, ORGANISATIONS, PROJECT, RESULT, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, build_site
from generator.cli import main
from generator.errors import ContentError
from generator.models import KINDS

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)

FIELDS = sorted({name for kind in KINDS.values() for name in kind.model.model_fields})
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.text(max_size=40),
    st.sampled_from(["alpha", "testing", "toolkit", "DE", "en", "CC-BY-4.0", "KA220-SCH", "https://x.example/"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(FIELDS + ["src", "alt"]), children, max_size=4)
    ),
    max_leaves=12,
)
front_matters = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=8).map(
        lambda data: yaml.safe_dump(data, allow_unicode=True)
    ),
    st.text(max_size=200),  # anything at all: malformed YAML, control characters, a stray '---'
)
# File names: no '/' or NUL (the file system refuses them), up to the 255 bytes of one name.
names = st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda name: name not in (".", "..") and len(name.encode()) <= 250
)
suffixes = st.sampled_from([".md", ".md", ".MD", ".markdown", ".md~", ""])
folders = st.sampled_from(["projects", "results", "organisations", "events", "news", "pages", "elsewhere"])


@settings(
    max_examples=25,
    deadline=timedelta(seconds=60),  # generous for a loaded shared machine; a hang never ends
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(folder=folders, name=names, suffix=suffixes, front=front_matters, body=st.text(max_size=300))
def test_check_and_build_report_problems_and_never_crash_or_hang(
    tmp_path_factory: pytest.TempPathFactory, folder: str, name: str, suffix: str, front: str, body: str
) -> None:
    site = tmp_path_factory.mktemp("fuzz")
    files: dict[str, str | bytes] = {
        "showcase.yaml": CONFIG,
        **ORGANISATIONS,
        "content/projects/testing.md": PROJECT,
        "content/results/toolkit.md": RESULT,
    }
    write_files(site, files)
    target = site / "content" / folder / (name + suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass"))

    checked = CliRunner().invoke(main, ["check", "--site", str(site)])
    assert checked.exit_code in (0, 1), checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit), "".join(
        traceback.format_exception(checked.exception)
    )
    try:
        build_site(BuildOptions(site=site, out=site / "output", now=NOW, search=False, workers=1))
    except ContentError as failed:
        assert failed.report.errors, "a build that fails names the problems"
    assert not (site / "output").exists() or (site / "output" / "index.html").is_file()


def test_the_fuzzed_site_builds_without_the_generated_file(tmp_path: Path) -> None:
    """The base the fuzz test adds its file to is valid: every failure above comes from that file."""
    write_files(
        tmp_path,
        {
            "showcase.yaml": CONFIG,
            **ORGANISATIONS,
            "content/projects/testing.md": PROJECT,
            "content/results/toolkit.md": RESULT,
        },
    )
    build_site(BuildOptions(site=tmp_path, out=tmp_path / "output", now=NOW, search=False, workers=1))
