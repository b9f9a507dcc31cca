"""Validation: every mistake is reported with file:line, what is wrong and what to do."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONFIG, ORGANISATIONS, PROJECT, RESULT, SiteFactory

from generator.build import check_site
from generator.cli import main
from generator.errors import Problem

CASES = {
    "malformed YAML": (
        {"content/results/bad.md": "---\ntitle: [unclosed\n---\n"},
        "content/results/bad.md:3:1: error: the YAML is malformed: did not find expected ',' or ']'\n"
        "    check the indentation and quoting on this line; a value containing ': ' or starting with a "
        "special character needs quotes",
    ),
    "no front-matter fence": (
        {"content/results/nofence.md": "title: x\n"},
        "content/results/nofence.md:1: error: the file does not start with a front-matter fence\n"
        "    did you forget to add '---' on the first line, before the fields?",
    ),
    "front matter never closed": (
        {"content/results/open.md": "---\ntitle: x\n"},
        "content/results/open.md:1: error: the front matter is never closed\n"
        "    add a line with '---' after the last field",
    ),
    "not UTF-8": (
        {"content/results/latin.md": "---\ntitle: caf\xe9\n---\n".encode("latin-1")},
        "content/results/latin.md:2: error: the file is not UTF-8 (byte 0xe9 at offset 14)\n"
        "    save the file as UTF-8 in your editor",
    ),
    "unknown field": (
        {"content/projects/testing.md": PROJECT.replace("acronym: TEST", "acronym: TEST\nacronim: X")},
        "content/projects/testing.md:4:1: error: acronim: unknown field 'acronim'\n    did you mean 'acronym'?",
    ),
    "wrong type": (
        {"content/projects/testing.md": PROJECT.replace("call_year: 2023", "call_year: soon")},
        "content/projects/testing.md:6:1: error: call_year: 'soon': input should be a valid integer, "
        "unable to parse string as an integer",
    ),
    "invalid project code": (
        {"content/projects/testing.md": PROJECT.replace("2023-1-DE03-KA220-SCH-000111222", "2023-DE-KA220")},
        "content/projects/testing.md:2:1: error: code: '2023-DE-KA220' is not an Erasmus+ project code; expected "
        "e.g. 2021-1-DE01-KA220-SCH-000024914, 2019-1-AT01-KA201-050670, 556927-EPP-1-2014-1-LT-SPO-SCP or "
        "ERASMUS-SPORT-2025-SSCP-101245991",
    ),
    "code and call year disagree": (
        {"content/projects/testing.md": PROJECT.replace("call_year: 2023", "call_year: 2024")},
        "content/projects/testing.md:6:1: error: call_year: the project code says 2023 but call_year is 2024\n"
        "    correct one of them",
    ),
    "misspelt vocabulary value": (
        {"content/projects/testing.md": PROJECT.replace("action: KA220-SCH", "action: KA220-SHC")},
        "content/projects/testing.md:5:1: error: action: 'KA220-SHC' is not a known code in actions\n"
        "    did you mean 'KA220-SCH'?",
    ),
    "invalid country": (
        {"content/organisations/alpha.md": "---\nname: Alpha\ntype: ngo\ncountry: XX\n---\n"},
        "content/organisations/alpha.md:4:1: error: country: 'XX' is not a known code in countries\n"
        "    see the 103 allowed values with 'showcase vocab countries'",
    ),
    "invalid language": (
        {"content/results/toolkit.md": RESULT.replace("[en, de]", "[en, dee]")},
        "content/results/toolkit.md:5:17: error: the 2nd language: 'dee' is not a known code in languages\n"
        "    did you mean 'de'?",
    ),
    "licence without adaptation": (
        {"content/results/toolkit.md": RESULT.replace("CC-BY-4.0", "CC-BY-ND-4.0")},
        "content/results/toolkit.md:6:1: error: licence: CC-BY-ND-4.0 does not allow adaptation, which "
        "Erasmus+ requires for results\n    use CC-BY-4.0 or CC-BY-SA-4.0",
    ),
    "dangling reference": (
        {"content/results/toolkit.md": RESULT.replace("project: testing", "project: testng")},
        "content/results/toolkit.md:2:1: error: project: there is no project 'testng'\n    did you mean 'testing'?",
    ),
    "duplicated id": (
        {"content/organisations/more/alpha.md": ORGANISATIONS["content/organisations/alpha.md"]},
        "content/organisations/more/alpha.md:1: error: the organisation id 'alpha' is already used by "
        "content/organisations/alpha.md\n    rename one of the two files: ids must be unique within a kind",
    ),
    "slug leaving the site": (
        {"content/results/toolkit.md": RESULT.replace("title: A", "slug: ../../etc/passwd\ntitle: A")},
        "content/results/toolkit.md:3:1: error: slug: '../../etc/passwd' is not a valid slug\n"
        "    use lowercase letters, digits and hyphens, e.g. 'green-schools'",
    ),
    "file reference leaving the site": (
        {
            "content/results/toolkit.md": RESULT.replace(
                '{title: Source, url: "https://test.example.org/toolkit.odt", editable: true}',
                "{title: Secrets, path: ../../etc/passwd, editable: true}",
            )
        },
        "content/results/toolkit.md:8:22: error: path of the 1st file: '../../etc/passwd' is not a file inside "
        "static/: "
        "write a path relative to static/, without '..', a leading '/' or a drive letter",
    ),
    "absolute file reference": (
        {"content/news/item.md": "---\ntitle: N\ndate: 2024-01-01\nimage: {src: /etc/passwd, alt: x}\n---\n"},
        "content/news/item.md:4:9: error: image.src: '/etc/passwd' is not a file inside static/: write a path "
        "relative to static/, without '..', a leading '/' or a drive letter",
    ),
    "impossible date": (
        {"content/news/item.md": "---\ntitle: N\ndate: 2024-13-01\n---\n"},
        "content/news/item.md:3:7: error: date: '2024-13-01' is not a possible date: month must be in 1..12\n"
        "    dates are written YYYY-MM-DD, e.g. 2025-09-01; quote the value if it is meant as text",
    ),
    "field given twice": (
        {"content/news/item.md": "---\ntitle: N\ntitle: M\ndate: 2024-01-01\n---\n"},
        "content/news/item.md:3:1: error: title: this field is given twice; the second value would silently win\n"
        "    keep only one of them",
    ),
    "blank title": (
        {"content/results/toolkit.md": RESULT.replace("title: A reusable toolkit", 'title: "   "')},
        "content/results/toolkit.md:3:1: error: title: this field is empty\n    write its value after 'title:'",
    ),
    "title without a value": (
        {"content/events/meeting.md": "---\nproject: testing\ntitle:\ntype: webinar\nstart: 2024-01-01\n---\n"},
        "content/events/meeting.md:3:1: error: title: this field is empty\n    write its value after 'title:'",
    ),
    "date without a value, in a union of types": (
        {"content/events/meeting.md": "---\nproject: testing\ntitle: M\ntype: webinar\nstart:\n---\n"},
        "content/events/meeting.md:5:1: error: start: this field is empty\n    write its value after 'start:'",
    ),
    "date in another format": (
        {"content/news/item.md": "---\ntitle: N\ndate: 20.11.2023\n---\n"},
        "content/news/item.md:3:1: error: date: '20.11.2023' is not a date\n"
        "    dates are written YYYY-MM-DD, e.g. 2025-09-01",
    ),
    "end before the start": (
        {
            "content/projects/testing.md": PROJECT.replace(
                "call_year: 2023", "call_year: 2023\nstart: 2024-05-01\nend: 2023-01-01"
            )
        },
        "content/projects/testing.md:8:1: error: end: the end (2023-01-01) is before the start (2024-05-01)\n"
        "    correct 'start' or 'end'",
    ),
    "tab in the fields": (
        {"content/news/item.md": "---\ntitle: N\ndate: 2024-01-01\nresults:\n\t- toolkit\n---\n"},
        "content/news/item.md:5:1: error: the YAML holds a tab: tabs are not allowed in the fields\n"
        "    indent with spaces instead (most editors can insert spaces for the Tab key)",
    ),
    "sixth partner": (
        {
            "content/organisations/delta.md": "---\nname: Delta\ntype: ngo\ncountry: DE\n---\n",
            "content/organisations/epsilon.md": "---\nname: Epsilon\ntype: ngo\ncountry: DE\n---\n",
            "content/projects/testing.md": PROJECT.replace(
                "  - {organisation: gamma}",
                "  - {organisation: gamma}\n  - {organisation: delta}\n  - {organisation: epsilon}\n"
                "  - {organisation: zeta}",
            ),
        },
        "content/projects/testing.md:13:6: error: organisation of the 6th partner: there is no organisation 'zeta'\n"
        "    did you mean 'beta'?",
    ),
    "content in an unknown folder": (
        {"content/result/toolkit.md": RESULT},
        "content/result/toolkit.md:1: error: content files belong in one of the folders events, news, "
        "organisations, pages, projects, results\n    did you mean 'results'?",
    ),
}


def _formatted(site: Path) -> list[str]:
    return [p.format() for p in check_site(site).sorted()]


@pytest.mark.parametrize("name", list(CASES))
def test_each_mistake_is_reported_exactly(make_site: SiteFactory, name: str) -> None:
    files, expected = CASES[name]
    assert expected in _formatted(make_site(files))


def test_the_valid_site_has_no_problem(make_site: SiteFactory) -> None:
    assert _formatted(make_site()) == []


def test_symlink_outside_content_is_refused(make_site: SiteFactory, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    site = make_site()
    (site / "content/pages/leak.md").parent.mkdir(parents=True)
    os.symlink(outside, site / "content/pages/leak.md")
    assert (
        f"content/pages/leak.md: error: this is a symbolic link to {outside}, outside content/\n"
        "    copy the file into content/ instead of linking to it"
    ) in _formatted(site)


def test_empty_content_is_an_error(make_site: SiteFactory) -> None:
    site = make_site(
        {"showcase.yaml": "title: T\nbase_url: https://x.example.org/\npublisher: {name: P}\n"}, base=False
    )
    assert _formatted(site) == [
        "content/: error: there is no content: content/ has no .md files\n"
        "    add Markdown files under content/projects/, content/results/... or run 'showcase new project'"
    ]


def test_missing_config_says_what_to_do(tmp_path: Path) -> None:
    assert _formatted(tmp_path) == [
        f"showcase.yaml: error: no showcase.yaml in {tmp_path}\n    run the command in a site folder or pass "
        "--site DIR; to start a new site: showcase init DIR"
    ]


TEN_MISTAKES = {
    "content/projects/testing.md": PROJECT.replace("action: KA220-SCH", "action: KA220-SHC").replace(
        "acronym: TEST", "acronym: TEST\nacronim: X"
    ),
    "content/results/toolkit.md": RESULT.replace("[en, de]", "[en, xx]"),
    "content/results/nofence.md": "title: x\n",
    "content/results/latin.md": "---\ntitle: caf\xe9\n---\n".encode("latin-1"),
    "content/events/meeting.md": "---\nproject: testng\ntitle: E\ntype: webinar\nstart: 2024-01-01\n---\n",
    "content/organisations/more/alpha.md": ORGANISATIONS["content/organisations/alpha.md"],
    "content/news/item.md": "---\ntitle: N\ndate: 2024-13-01\n---\n",
    "content/organisations/delta.md": "---\nname: D\ntype: ngo\ncountry: DE\nwebsite: example.org\n---\n",
    "content/results/closed.md": RESULT.replace("CC-BY-4.0", "CC-BY-NC-ND-4.0"),
}


def test_check_lists_all_ten_mistakes_sorted_with_file_and_line(make_site: SiteFactory) -> None:
    site = make_site(TEN_MISTAKES)
    result = CliRunner().invoke(main, ["check", "--site", str(site), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    locations = [(p["file"], p["line"], p["field"]) for p in report["problems"]]
    assert locations == [
        ("content/events/meeting.md", 2, "project"),
        ("content/news/item.md", 3, "date"),  # JSON keeps the field's dotted path
        ("content/organisations/delta.md", 5, "website"),
        ("content/organisations/more/alpha.md", 1, ""),
        ("content/projects/testing.md", 4, "acronim"),
        ("content/projects/testing.md", 6, "action"),
        ("content/results/closed.md", 6, "licence"),
        ("content/results/latin.md", 2, ""),
        ("content/results/nofence.md", 1, ""),
        ("content/results/toolkit.md", 5, "languages.1"),
    ]
    assert report["errors"] == 10 and report["warnings"] == 0
    assert all(p["message"] for p in report["problems"])


def test_warnings_pass_unless_strict(make_site: SiteFactory) -> None:
    site = make_site({"content/results/toolkit.md": RESULT.replace("editable: true", "editable: false")})
    runner = CliRunner()
    relaxed = runner.invoke(main, ["check", "--site", str(site)])
    assert relaxed.exit_code == 0
    assert "content/results/toolkit.md:7:1: warning: files: this result has no editable source file" in relaxed.output
    strict = runner.invoke(main, ["check", "--site", str(site), "--strict"])
    assert strict.exit_code == 1


def test_image_without_alt_and_project_without_result_are_warnings(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "content/results/toolkit.md": None,
            "static/images/cover.png": b"\x89PNG",
            "content/news/item.md": (
                "---\ntitle: N\ndate: 2024-01-01\nimage: {src: images/cover.png}\n---\n"
                "![](../../static/images/cover.png)\n"
            ),
        }
    )
    problems = _formatted(site)
    assert problems == [
        "content/news/item.md:4:1: warning: image: this image has no alt text\n"
        "    add 'alt:' describing what it shows, so people who cannot see it know too",
        "content/news/item.md:6: warning: this image has no alt text\n"
        "    write what it shows between the brackets: ![a teacher at the board](...)",
        "content/projects/testing.md:2:1: warning: code: this project has no result yet\n"
        "    add one in content/results/ with 'project: testing' to show what others can reuse",
    ]


def test_drafts_are_left_out_and_references_to_them_explained(make_site: SiteFactory) -> None:
    site = make_site({"content/projects/testing.md": PROJECT.replace("summary:", "draft: true\nsummary:")})
    assert (
        "content/results/toolkit.md:2:1: error: project: the project 'testing' is a draft\n"
        "    publish it (draft: false) or build with --drafts"
    ) in _formatted(site)
    assert [p for p in check_site(site, drafts=True).errors] == []


def test_translation_inherits_untranslated_fields(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "showcase.yaml": (Path(make_site().joinpath("showcase.yaml")).read_text().replace("[en]", "[en, de]")),
            "content/results/toolkit.de.md": "---\ntitle: Ein wiederverwendbares Toolkit\n---\nDer Text.\n",
            "content/results/orphan.de.md": "---\ntitle: Waise\n---\n",
            "content/results/toolkit.fr.md": "---\ntitle: Une boîte à outils\n---\n",
        }
    )
    assert _formatted(site) == [
        "content/results/orphan.de.md:1: error: this translation has no en original\n    add content/results/orphan.md",
        "content/results/toolkit.fr.md:1: error: 'fr' is not one of the site's languages (en, de)\n"
        "    add it to 'languages' in showcase.yaml, or rename the file",
    ]


def test_build_refuses_a_blank_title_as_check_does(make_site: SiteFactory) -> None:
    """The pages name every entry by its title: what `check` passes, `build` must render."""
    site = make_site({"content/results/toolkit.md": RESULT.replace("title: A reusable toolkit", 'title: ""')})
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, "--site", str(site)])
        assert "content/results/toolkit.md:3:1: error: title: this field is empty" in result.output
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback


CASCADE = {
    "showcase.yaml": CONFIG.replace("[en]", "[en, pl]"),
    "content/projects/testing.pl.md": "---\ntitle: Testowanie razem\n---\n",
    "content/results/toolkit.pl.md": "---\ntitle: Zestaw\n---\n",
    "content/results/guide.md": RESULT.replace("editable: true", "editable: false"),
    "content/results/guide.pl.md": "---\ntitle: Przewodnik\n---\n",
    "content/events/meeting.md": (
        "---\nproject: testing\ntitle: M\ntype: webinar\nstart: 2024-01-01\nresults: [toolkit]\n---\n"
    ),
    "content/news/item.md": "---\ntitle: N\ndate: 2024-01-01\nresults: [toolkit]\n---\n",
}
BROKEN = {
    "content/results/toolkit.md": RESULT.replace("title: A reusable toolkit", "title: [A reusable toolkit"),
    "content/projects/testing.md": PROJECT.replace("call_year: 2023", "call_year: 2023\nstart: 2024-13-40"),
}


def _reported(site: Path, command: str) -> tuple[int, list[str]]:
    """The exit code of a command and the locations of the problems it printed."""
    result = CliRunner().invoke(main, [command, "--site", str(site)])
    return result.exit_code, [line.split(": ")[0] for line in result.output.splitlines() if line.startswith("content/")]


def test_a_broken_file_is_reported_once_not_by_what_refers_to_it(make_site: SiteFactory) -> None:
    """The event and the news item name the broken result, the translations have broken
    originals: none of them is a problem of its own; a translation does not repeat the
    warnings of its original's fields. From nothing, and after a clean build and check."""
    broken = [
        "content/projects/testing.md:7:8",
        "content/results/guide.md:7:1",  # no editable source file: once, not on guide.pl.md:1 too
        "content/results/toolkit.md:4:9",
    ]
    site = make_site(CASCADE)
    assert _reported(site, "check") == _reported(site, "build") == (0, ["content/results/guide.md:7:1"])
    make_site({**CASCADE, **BROKEN})
    assert _reported(site, "check") == _reported(site, "build") == (1, broken)
    shutil.rmtree(site / ".showcase-cache")
    assert _reported(site, "check") == _reported(site, "build") == (1, broken)


def test_the_preview_counts_list_items_as_an_editor_does() -> None:
    from generator.serve import overlay_markup  # the preview's libraries, which only it needs

    problem = Problem("content/projects/digigreen.md", 20, 6, "partners.5.organisation", "there is no organisation 'x'")
    assert "organisation of the 6th partner: there is no organisation" in overlay_markup([problem])
    assert problem.as_dict()["field"] == "partners.5.organisation"  # JSON keeps the path tools follow


BROKEN_LINKS = """\

## Using the toolkit

Read [the guide](../results/toolkit.md#using-the-toolkit) before [the handbook](../results/handbook.md).
See [how](../results/toolkit.md#how-to-adapt-it), [the German toolkit](../results/toolkit.de.md),
[the PDF](../../static/files/guide.pdf) and ![the logo](../../static/images/logo.png).
[Our site](https://example.org/notes.md) and [up](#using-the-toolkit) are not checked files.
"""
WRONG_LINKS = "Go [up](#nowhere), see [this](../stuff/notes.md) and ![a photo](photo.jpg).\n"


def test_links_of_a_body_to_missing_entries_headings_and_files_are_errors(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site(
        {
            "showcase.yaml": CONFIG.replace("[en]", "[en, de]"),
            "content/results/toolkit.md": RESULT.replace("The result's body.", "## Using the toolkit\n"),
            "content/projects/testing.md": PROJECT + BROKEN_LINKS,
            "content/news/item.md": "---\ntitle: N\ndate: 2024-01-01\n---\n" + WRONG_LINKS,
            "static/images/logo.png": b"\x89PNG",
        }
    )
    expected = [
        "content/news/item.md:5: error: the image 'photo.jpg' is not in static/\n"
        "    put it in static/ and write its path from this file's folder, e.g. ../../static/images/photo.jpg",
        "content/news/item.md:5: error: the link '#nowhere' points to no heading of this page\n    it has no headings",
        "content/news/item.md:5: error: the link '../stuff/notes.md' cannot lead to content/stuff/notes.md: content "
        "files belong in one of the folders events, news, organisations, pages, projects, results\n"
        "    write the path of a content file from this file's folder, e.g. ../results/toolkit.md",
        "content/projects/testing.md:18: error: '../results/handbook.md' points to content/results/handbook.md, "
        "which does not exist\n    correct the path, or add the file",
        "content/projects/testing.md:19: error: '../results/toolkit.de.md' points to content/results/toolkit.de.md, "
        "which does not exist\n    add it, or link to the original",
        "content/projects/testing.md:19: error: '../results/toolkit.md#how-to-adapt-it' points to a heading that "
        "the page of toolkit does not have\n    its anchors: #using-the-toolkit",
        "content/projects/testing.md:20: error: '../../static/files/guide.pdf' points to static/files/guide.pdf, "
        "which does not exist\n    correct the path, or add the file",
    ]
    assert _formatted(site) == expected
    runner = CliRunner()
    for command in ("check", "build"):
        result = runner.invoke(
            main, [command, "--site", str(site), *(["--out", str(tmp_path / "out")] * (command == "build"))]
        )
        assert result.exit_code == 1, command
        assert all(problem in result.output for problem in expected), command


FIRST_HOUR = {
    "showcase.yaml": CONFIG.replace("[en]", "[en, pl]"),
    **{
        f"content/organisations/{name}.md": f"---\nname: {name.title()}\ntype: ngo\ncountry: PL\n---\n"
        for name in ("delta", "epsilon")
    },
    # a 6th partner that does not exist
    "content/projects/testing.md": PROJECT.replace(
        "  - {organisation: gamma}",
        "  - {organisation: gamma}\n  - {organisation: delta}\n  - {organisation: epsilon}\n  - {organisation: zeta}",
    ),
    "content/projects/testing.pl.md": "---\ntitle: Testowanie razem\n---\n",
    # broken YAML, in a result that an event, a news item and a translation name
    "content/results/toolkit.md": RESULT.replace("title: A reusable toolkit", "title: [A reusable toolkit"),
    "content/results/toolkit.pl.md": "---\ntitle: Zestaw\n---\n",
    "content/results/blank.md": RESULT.replace("title: A reusable toolkit", 'title: "   "'),
    "content/events/launch.md": (
        "---\nproject: testing\ntitle:\ntype: webinar\nstart: 2024-01-01\nresults: [toolkit]\n---\n"
    ),
    "content/events/webinar.md": "---\nproject: testing\ntitle: W\ntype: webinar\nstart: 20.11.2023\n---\n",
    "content/events/school.md": (
        "---\nproject: testing\ntitle: S\ntype: webinar\nstart: 2024-09-01\nend: 2023-08-31\n---\n"
    ),
    "content/news/kick-off.md": "---\ntitle: K\ndate: 2024-13-40\nresults: [toolkit]\n---\n",
    "content/news/kick-off.pl.md": "---\ntitle: Start\n---\n",
    "content/news/tabbed.md": "---\ntitle: T\ndate: 2024-01-01\nresults:\n\t- toolkit\n---\n",
    # a body linking to a result that does not exist and showing an image that is not there
    "content/pages/about.md": "---\ntitle: About\n---\nSee [the guide](../results/guide.md).\n\n"
    "![Our logo](../../static/images/logo.png)\n",
    "static/files/guide.txt": "guide",
}


def test_the_first_hour_mistakes_are_each_reported_once_where_they_are(make_site: SiteFactory) -> None:
    """What a new editor gets wrong in the first hour, all in one site: `check` and `build` report
    each mistake once, at its file and line, with what to do, and exit 1; nothing that refers
    to a broken file adds a problem of its own."""
    site = make_site(FIRST_HOUR)
    assert CliRunner().invoke(main, ["build", "--site", str(site)]).exit_code == 1
    (site / "static/files/passwd.txt").symlink_to("/etc/passwd")
    expected = [
        "content/events/launch.md:3:1: error: title: this field is empty",
        "content/events/school.md:6:1: error: end: the end (2023-08-31) is before the start (2024-09-01)",
        "content/events/webinar.md:5:1: error: start: '20.11.2023' is not a date",
        "content/news/kick-off.md:3:7: error: date: '2024-13-40' is not a possible date: month must be in 1..12",
        "content/news/tabbed.md:5:1: error: the YAML holds a tab: tabs are not allowed in the fields",
        "content/pages/about.md:4: error: '../results/guide.md' points to content/results/guide.md, "
        "which does not exist",
        "content/pages/about.md:6: error: '../../static/images/logo.png' points to static/images/logo.png, "
        "which does not exist",
        "content/projects/testing.md:13:6: error: organisation of the 6th partner: there is no organisation 'zeta'",
        "content/results/blank.md:3:1: error: title: this field is empty",
        "content/results/toolkit.md:4:9: error: the YAML is malformed: did not find expected ',' or ']'",
        "static/files/passwd.txt: error: this is a symbolic link to /etc/passwd, outside static/",
    ]
    for command in (["check"], ["build"], ["build", "--strict"]):
        result = CliRunner().invoke(main, [*command, "--site", str(site)])
        lines = result.output.splitlines()
        problems = [line for line in lines if line.startswith(("content/", "static/", "showcase.yaml"))]
        assert problems == expected, command
        hints = [lines[lines.index(problem) + 1] for problem in problems]
        assert all(hint.startswith("    ") for hint in hints), hints  # each says what to do
        assert f"{len(expected)} error(s)" in result.output and result.exit_code == 1


def test_a_translation_showing_its_original_body_checks_its_links_in_its_language(make_site: SiteFactory) -> None:
    """The German project page shows the English body, whose link leads to the German toolkit
    page: a heading that page lacks is reported at the English line, once."""
    site = make_site(
        {
            "showcase.yaml": CONFIG.replace("[en]", "[en, de]"),
            "content/results/toolkit.md": RESULT.replace("The result's body.", "## Using it\n"),
            "content/results/toolkit.de.md": "---\ntitle: Werkzeug\n---\n## Anwendung\n",
            "content/projects/testing.md": PROJECT + "Read [how](../results/toolkit.md#using-it).\n",
            "content/projects/testing.de.md": "---\ntitle: Zusammen testen\n---\n",
        }
    )
    assert _formatted(site) == [
        "content/projects/testing.md:15: error: '../results/toolkit.md#using-it' points to a heading that the de "
        "page of toolkit does not have\n"
        "    translate the body in content/projects/testing.de.md and link to the de heading (its anchors: #anwendung)"
    ]
