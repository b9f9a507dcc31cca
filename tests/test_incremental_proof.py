"""The proof that incremental builds are right: random edits, each followed by an incremental
build compared byte for byte with a build from nothing.

The edits are what editors and imports do: a field changed, a body rewritten, an entry
renamed, deleted or added, a translation added or edited (a field given up, a nested field
laid over the original's), a draft published, an event moved, a template or a vocabulary
overridden, a static file replaced, the date moving on. Some leave the site broken for a
while (a reference to an entry renamed away): such a build must fail in both ways alike and
leave the output as it was.

The number of edits per site is ``SHOWCASE_PROOF_EDITS`` (default 25, which CI runs); a run
with 200 edits on each site takes most of an hour on two cores, and is what bench/README.md
reports. The seed is printed with every failure, so a failing sequence can be replayed.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT, copy_demo_site

from generator.build import BuildOptions, build_site
from generator.cache import cache_path
from generator.errors import ContentError

EDITS = int(os.environ.get("SHOWCASE_PROOF_EDITS", "25"))
START = datetime(2026, 11, 27, 9, tzinfo=UTC)


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _split(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _join(path: Path, data: dict, body: str) -> None:
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


@dataclass
class Site:
    """A site under random edits."""

    root: Path
    rng: random.Random
    now: datetime = START

    def entries(self, folder: str) -> list[Path]:
        return sorted(p for p in (self.root / "content" / folder).glob("*.md") if p.stem.count(".") == 0)

    def referenced(self) -> set[str]:
        """The ids other files name (a deletion of one of them would only break the site)."""
        text = "\n".join(p.read_text(encoding="utf-8") for p in (self.root / "content").rglob("*.md"))
        return {word for word in set(text.replace(",", " ").replace("[", " ").replace("]", " ").split())}

    def pick(self, folder: str) -> Path | None:
        found = self.entries(folder)
        return self.rng.choice(found) if found else None

    # -- the edits -------------------------------------------------------------------------

    def change_title(self) -> str:
        path = self.pick(self.rng.choice(["projects", "results", "events", "news", "pages"]))
        if path is None:
            return "nothing"
        data, body = _split(path)
        data["title"] = f"{data['title']} {self.rng.choice(['revised', 'again', 'Ä', '2'])}"
        _join(path, data, body)
        return f"title of {path.name}"

    def change_summary(self) -> str:
        path = self.pick(self.rng.choice(["projects", "results", "events", "news"]))
        if path is None:
            return "nothing"
        data, body = _split(path)
        data["summary"] = f"{data.get('summary', '')} More words {self.rng.randint(0, 999)}."
        _join(path, data, body)
        return f"summary of {path.name}"

    def change_body(self) -> str:
        path = self.pick(self.rng.choice(["projects", "results", "organisations", "events", "news", "pages"]))
        if path is None:
            return "nothing"
        data, body = _split(path)
        _join(path, data, body + f"\nA new paragraph, number {self.rng.randint(0, 999)}.\n")
        return f"body of {path.name}"

    def change_result_facts(self) -> str:
        path = self.pick("results")
        if path is None:
            return "nothing"
        data, body = _split(path)
        choice = self.rng.randrange(5)
        if choice == 0:
            data["licence"] = self.rng.choice(["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"])
        elif choice == 1:
            data["category"] = self.rng.choice(
                ["handbook-guide", "learning-programme", "e-learning", "policy-recommendation"]
            )
        elif choice == 2:
            data["languages"] = self.rng.sample(["en", "de", "pl", "it", "fr"], self.rng.randint(1, 3))
        elif choice == 3:
            data["featured"] = not data.get("featured", False)
        else:
            data["published"] = date(2020 + self.rng.randint(0, 6), self.rng.randint(1, 12), 1)
        _join(path, data, body)
        return f"facts of {path.name}"

    def change_organisation_country(self) -> str:
        path = self.pick("organisations")
        if path is None:
            return "nothing"
        data, body = _split(path)
        data["country"] = self.rng.choice(["DE", "PL", "IT", "FI", "GR", "AT", "ES"])
        _join(path, data, body)
        return f"country of {path.name}"

    def move_event(self) -> str:
        path = self.pick("events")
        if path is None:
            return "nothing"
        data, body = _split(path)
        data.pop("end", None)
        if self.rng.random() < 0.5:
            data["start"] = (self.now + timedelta(days=self.rng.randint(-400, 400))).date()
        else:  # a time near the build's: what is upcoming changes within hours
            start = (self.now + timedelta(hours=self.rng.randint(-30, 30))).replace(tzinfo=None, minute=0)
            data["start"] = start
            if self.rng.random() < 0.5:
                data["end"] = start + timedelta(hours=2)
        _join(path, data, body)
        return f"date of {path.name}"

    def toggle_draft(self) -> str:
        path = self.pick(self.rng.choice(["news", "pages"]))
        if path is None:
            return "nothing"
        data, body = _split(path)
        data["draft"] = not data.get("draft", False)
        _join(path, data, body)
        return f"draft of {path.name}"

    def add_news(self) -> str:
        number = self.rng.randint(0, 99999)
        projects = [p.stem for p in self.entries("projects")]
        data = {"title": f"News number {number}", "date": self.now.date() - timedelta(days=self.rng.randint(0, 90))}
        if projects and self.rng.random() < 0.7:
            data["project"] = self.rng.choice(projects)
        _join(self.root / "content/news" / f"news-{number}.md", data, f"Text {number}.\n")
        return f"news-{number} added"

    def add_result(self) -> str:
        projects = [p.stem for p in self.entries("projects")]
        if not projects:
            return "nothing"
        number = self.rng.randint(0, 99999)
        data = {
            "project": self.rng.choice(projects),
            "title": f"Result number {number}",
            "category": "learning-programme",
            "languages": ["en"],
            "licence": "CC-BY-4.0",
            "files": [{"title": "Source", "url": "https://example.org/source.odt", "editable": True}],
        }
        _join(self.root / "content/results" / f"result-{number}.md", data, f"About result {number}.\n")
        return f"result-{number} added"

    def delete_unreferenced(self) -> str:
        referenced = self.referenced()
        candidates = [
            p
            for folder in ("news", "results", "events", "pages")
            for p in self.entries(folder)
            if p.stem not in referenced or folder in ("news", "pages")
        ]
        if not candidates:
            return "nothing"
        path = self.rng.choice(candidates)
        for translation in path.parent.glob(f"{path.stem}.*.md"):
            translation.unlink()
        path.unlink()
        return f"{path.name} deleted"

    def rename(self) -> str:
        """Rename an entry and, most of the time, the references to it too."""
        folder = self.rng.choice(["results", "organisations", "news"])
        path = self.pick(folder)
        if path is None:
            return "nothing"
        new = f"{path.stem}-{self.rng.randint(0, 999)}"
        fix_references = self.rng.random() < 0.8
        for other in (self.root / "content").rglob("*.md"):
            if fix_references and other != path:
                text = other.read_text(encoding="utf-8")
                replaced = yaml_safe_rename(text, path.stem, new)
                if replaced != text:
                    other.write_text(replaced, encoding="utf-8")
        for translation in path.parent.glob(f"{path.stem}.*.md"):
            translation.rename(translation.with_name(translation.name.replace(path.stem, new, 1)))
        path.rename(path.with_name(f"{new}.md"))
        return f"{path.name} renamed to {new}" + ("" if fix_references else " (references left broken)")

    def translate(self) -> str:
        path = self.pick(self.rng.choice(["results", "projects", "pages", "news"]))
        config = yaml.safe_load((self.root / "showcase.yaml").read_text(encoding="utf-8"))
        languages = config.get("languages", ["en"])
        if path is None or len(languages) < 2:
            return "nothing"
        data, body = _split(path)
        target = path.with_name(f"{path.stem}.{languages[1]}.md")
        _join(target, {"title": f"{data['title']} (übersetzt)"}, "Übersetzter Text.\n")
        return f"{target.name} written"

    def edit_translation(self) -> str:
        """Change an existing translation the way translators do: a field translated or given up
        (the original's then shows, marked with its language), a nested field laid over the
        original's (`content.merge_translation`), the original's body copied in, or the file deleted."""
        found = sorted((self.root / "content").rglob("*.*.md"))
        if not found:
            return "nothing"
        path = self.rng.choice(found)
        data, body = _split(path)
        original, original_body = _split(path.with_name(f"{path.name.split('.')[0]}.md"))
        choice = self.rng.randrange(5)
        if choice == 0 and "title" in original:
            data["title"] = f"{original['title']} (übersetzt {self.rng.randint(0, 999)})"
        elif choice == 1 and len(data) > 1:
            data.pop(self.rng.choice(sorted(data)))
        elif choice == 2 and isinstance(original.get("transferability"), dict):
            data["transferability"] = {"contexts": [f"Kontext {self.rng.randint(0, 999)}"]}
        elif choice == 3:
            body = original_body
        else:
            path.unlink()
            return f"{path.name} deleted"
        _join(path, data, body)
        return f"{path.name} edited ({choice})"

    def override_template(self) -> str:
        name = self.rng.choice(["result.html", "partials/card.html", "news.html"])
        target = self.root / "templates" / name
        if target.exists():
            target.unlink()
            return f"template {name} override removed"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (REPO_ROOT / "themes/default/templates" / name).read_text(encoding="utf-8")
        head, block, tail = text.rpartition("{% endblock %}")
        target.write_text(f"{head}<!-- edited -->{block}{tail}" if block else text + "\n<!-- edited -->\n")
        return f"template {name} overridden"

    def override_vocabulary(self) -> str:
        target = self.root / "vocabularies/result_categories.yaml"
        if target.exists():
            target.unlink()
            return "vocabulary override removed"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("learning-programme: {label: Courses for trainers, schema_type: Course}\n")
        return "vocabulary overridden"

    def replace_static_file(self) -> str:
        files = sorted((self.root / "static").rglob("*.*"))
        if not files:
            return "nothing"
        path = self.rng.choice(files)
        path.write_bytes(path.read_bytes() + b"\n")
        return f"static {path.name} changed"

    def time_passes(self) -> str:
        self.now += timedelta(hours=self.rng.choice([2, 24, 720, 4800]))
        return f"it is {self.now}"

    def edits(self) -> list[tuple[Callable[[], str], int]]:
        """Each edit with its weight: mostly what editors do every day."""
        return [
            (self.change_title, 6),
            (self.change_summary, 6),
            (self.change_body, 8),
            (self.change_result_facts, 6),
            (self.change_organisation_country, 2),
            (self.move_event, 3),
            (self.toggle_draft, 2),
            (self.add_news, 3),
            (self.add_result, 3),
            (self.delete_unreferenced, 3),
            (self.rename, 3),
            (self.translate, 2),
            (self.edit_translation, 3),
            (self.override_template, 1),
            (self.override_vocabulary, 1),
            (self.replace_static_file, 1),
            (self.time_passes, 1),
        ]

    def random_edit(self) -> str:
        edits = self.edits()
        edit = self.rng.choices([e for e, _ in edits], weights=[w for _, w in edits])[0]
        return edit()


def yaml_safe_rename(text: str, old: str, new: str) -> str:
    """Rename an id where the front matter names it as a value (`project: x`, `[x, y]`, `- x`)."""
    front_end = text.find("\n---\n", 4)
    front, rest = text[: front_end + 1], text[front_end + 1 :]
    for before, after in (
        (f": {old}\n", f": {new}\n"),
        (f"[{old},", f"[{new},"),
        (f" {old}]", f" {new}]"),
        (f"[{old}]", f"[{new}]"),
        (f" {old},", f" {new},"),
        (f"- {old}\n", f"- {new}\n"),
        (f": {old}}}", f": {new}}}"),
        (f": {old},", f": {new},"),
    ):
        front = front.replace(before, after)
    return front + rest


def _build(site: Site, out: Path) -> str:
    """Build; the problems' text when the content is wrong."""
    try:
        build_site(BuildOptions(site=site.root, out=out, now=site.now, search=False, workers=2))
    except ContentError as exc:
        return "\n".join(p.format() for p in exc.report.sorted())
    return ""


def _prove(site: Site, tmp_path: Path, seed: int, edits: int = EDITS) -> None:
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    assert _build(site, incremental) == ""
    history = []
    for step in range(edits):
        history.append(site.random_edit())
        failed = _build(site, incremental)
        cache_path(site.root, cold).unlink(missing_ok=True)
        shutil.rmtree(cold, ignore_errors=True)
        failed_cold = _build(site, cold)
        context = f"seed {seed}, step {step}: " + " / ".join(history[-5:])
        assert failed == failed_cold, context
        if failed:
            continue  # both refused the content; the output stays as the last good build left it
        got, want = _files(incremental), _files(cold)
        assert got.keys() == want.keys(), (
            f"{context}\nonly incremental: {sorted(got.keys() - want.keys())[:5]}"
            f"\nonly cold: {sorted(want.keys() - got.keys())[:5]}"
        )
        different = [path for path in got if got[path] != want[path]]
        assert not different, f"{context}\ndiffer: {different[:10]}"


@pytest.mark.parametrize("seed", [1])
def test_random_edits_to_the_demo_site_build_as_from_nothing(tmp_path: Path, seed: int) -> None:
    site = Site(copy_demo_site(tmp_path / "site"), random.Random(seed))
    _prove(site, tmp_path, seed)


@pytest.mark.parametrize("seed", [2])
def test_random_edits_to_a_catalogue_build_as_from_nothing(tmp_path: Path, seed: int) -> None:
    subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench/generate.py"),
            str(tmp_path / "catalogue"),
            "--projects",
            os.environ.get("SHOWCASE_PROOF_PROJECTS", "40"),
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
    )
    site = Site(tmp_path / "catalogue/site", random.Random(seed))
    # Fewer edits than on the demo: each step is a cold build too, and CI's budget is minutes.
    _prove(site, tmp_path, seed, edits=EDITS // 3)
