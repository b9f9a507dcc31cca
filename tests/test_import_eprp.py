"""Importing the Commission's Erasmus+ project lists: ``showcase import eprp``.

Every export here is the real sample in tests/fixtures/eprp/ (9 rows as the Commission
published them) or a variant derived from it in the test: other delimiters, no BOM, XLSX,
missing columns, broken rows, a newer export with changed values.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from generator.build import BuildOptions, build_site, check_site
from generator.cli import main
from generator.errors import ContentError, Report
from generator.importers.content_files import LEDGER_FILE
from generator.importers.eprp import RowFilter, import_eprp, parse_grant, town, website
from generator.sources import read_builtin_vocabularies
from generator.vocabularies import BUILTIN_FOLDER, eprp_label_key, merge_vocabularies

SAMPLE = Path(__file__).parent / "fixtures" / "eprp" / "projects-overview-2018-sample.csv"
KA200 = "content/projects/2014-1-li01-ka200-000005.md"
KA101_LI = "content/projects/2015-1-li01-ka101-000034.md"
SPORT = "content/projects/556927-epp-1-2014-1-lt-spo-scp.md"
KA3 = "content/projects/562155-epp-1-2015-1-es-eppka3-pi-forward.md"
ORGANISATIONS_IN_SAMPLE = 24
"""25 organisation slots; the Oberschule Eschen coordinates two projects."""


def sample() -> tuple[list[str], list[list[str]]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as file:
        header, *rows = list(csv.reader(file))
    return header, rows


def column(header: list[str], name: str) -> int:
    return next(i for i, h in enumerate(header) if h.startswith(name))


def row_of(rows: list[list[str]], code: str) -> list[str]:
    return next(r for r in rows if r[4] == code)


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    bom: bool = True,
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", encoding=("utf-8-sig" if bom else encoding), newline="") as file:
        csv.writer(file, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """As a spreadsheet program saves the CSV: years and amounts become numbers."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    numeric = {column(header, "Call year"), column(header, "EU Grant")}
    for row in rows:
        sheet.append([float(v) if i in numeric else (v or None) for i, v in enumerate(row)])
    workbook.save(path)
    return path


def front_matter(site: Path, rel: str) -> dict:
    text = (site / rel).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def body(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8").split("\n---\n", 1)[1]


def content_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "content").rglob("*.md"))}


def run(export: Path, site: Path, *only: str, dry_run: bool = False):
    return import_eprp(export, site, RowFilter.parse(only), dry_run=dry_run)


def messages(summary_or_report) -> str:
    report = getattr(summary_or_report, "report", summary_or_report)
    return "\n".join(p.format() for p in report.sorted())


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    summary = run(SAMPLE, site)
    assert not summary.report.errors, messages(summary)
    return site


# -- The first import --------------------------------------------------------------------------


def test_first_import_creates_every_project_and_organisation_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    summary = run(SAMPLE, site)
    assert (summary.rows, summary.filtered_out) == (9, 0)
    assert vars(summary.projects) == {"created": 9, "updated": 0, "unchanged": 0, "skipped": 0}
    assert vars(summary.organisations) == {
        "created": ORGANISATIONS_IN_SAMPLE,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
    }
    assert summary.config_created and yaml.safe_load((site / "showcase.yaml").read_text())["mode"] == "catalogue"
    assert len(list((site / "content/projects").glob("*.md"))) == 9
    assert len(list((site / "content/organisations").glob("*.md"))) == ORGANISATIONS_IN_SAMPLE
    assert summary.report.errors == [] and summary.report.warnings == []


def test_project_fields_are_mapped_from_the_export(imported: Path) -> None:
    project = front_matter(imported, KA200)
    assert project["code"] == "2014-1-LI01-KA200-000005"
    assert project["action"] == "KA200"  # "Strategic Partnerships addressing more than one field"
    assert (project["call_year"], project["agency"], project["status"]) == (2014, "LI01", "finalised")
    assert project["eu_grant"] == 112527.93
    assert project["platform"] == {"good_practice": True, "success_story": False, "results_available": True}
    assert project["topics"] == ["Intercultural/intergenerational education and (lifelong)learning"]
    assert project["summary"].startswith("Short summary in English: The Europäisches Institut")
    assert [p["role"] for p in project["partners"]] == ["coordinator"] + ["partner"] * 4
    assert "start" not in project and "end" not in project  # the export has no dates
    assert body(imported, KA200) == ""

    sport = front_matter(imported, SPORT)
    assert (sport["action"], sport["agency"]) == ("SPO-SCP", "EACEA")
    assert sport["website"] == "https://www.facebook.com/groups/578506935585056/"
    assert front_matter(imported, KA3)["action"] == "KA3-FLC"
    chair = front_matter(imported, "content/projects/553065-epp-1-2014-1-tr-eppjmo-chair.md")
    assert chair["action"] == "JMO-CHAIR" and chair["eu_grant"] == 50000


def test_organisations_are_mapped_and_shared_across_projects(imported: Path) -> None:
    organisations = imported / "content/organisations"
    coordinator_of = {
        rel: front_matter(imported, rel)["partners"][0]["organisation"]
        for rel in ("content/projects/2016-1-li01-ka101-000050.md", "content/projects/2018-1-li01-ka101-000090.md")
    }
    assert set(coordinator_of.values()) == {"oberschule-eschen-li"}

    school = front_matter(imported, "content/organisations/oberschule-eschen-li.md")
    assert school == {
        "name": "Oberschule Eschen",
        "type": "school-general",
        "country": "LI",
        "city": "Eschen",
        "website": "https://www.oberschule-eschen.li",
    }

    greek = front_matter(
        imported, "content/organisations/astiki-mi-kerdoskopiki-etaireia-kaimi-kubernitiki-organosi-gr.md"
    )
    assert greek["country"] == "GR" and greek["type"] == "ngo"  # EL; "Non profit organisations"
    assert greek["city"] == "ATHINA" and greek["region"] == "Aττική (Attiki)"
    vocational = front_matter(imported, "content/organisations/fondo-formacion-euskadi-sll-es.md")
    assert vocational["type"] == "school-vocational"  # written with an en dash in the export
    assert "website" not in vocational  # the export has none
    municipality = front_matter(imported, "content/organisations/birzu-rajono-savivaldybes-administracija-lt.md")
    assert municipality["type"] == "public-body" and municipality["website"] == "http://www.birzai.lt"
    assert len(list(organisations.glob("*.md"))) == ORGANISATIONS_IN_SAMPLE


def test_no_personal_data_is_imported(tmp_path: Path) -> None:
    header, rows = sample()
    extra = ["Coordinator contact person", "Coordinator contact e-mail", "Coordinator contact phone"]
    people = ["Maria Muster", "maria.muster@example.org", "+43 1 234567"]
    export = write_csv(tmp_path / "with-contacts.csv", header + extra, [r + people for r in rows])
    site = tmp_path / "site"
    summary = run(export, site)
    assert summary.personal_columns == extra
    assert vars(summary.projects)["created"] == 9
    written = b"".join(content_files(site).values()) + (site / LEDGER_FILE).read_bytes()
    for value in people:
        assert value.encode() not in written


def test_import_then_build_succeeds_without_hand_edits(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = build_site(BuildOptions(site=imported, out=out))
    assert summary.report.errors == []
    # The only warnings: projects without results, which the export cannot carry.
    assert {p.message for p in summary.report.warnings} == {"this project has no result yet"}
    assert (out / "projects/2014-1-li01-ka200-000005/index.html").is_file()
    assert (out / "organisations/oberschule-eschen-li/index.html").is_file()


def test_import_into_an_existing_site_keeps_its_config(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    config = (
        "title: Projects of the Liechtenstein agency\nbase_url: https://agency.example/\nmode: catalogue\n"
        "publisher: {name: Agentur für Internationale Bildungsangelegenheiten}\n"
    )
    (site / "showcase.yaml").write_text(config, encoding="utf-8")
    summary = run(SAMPLE, site, "country=LI")
    assert not summary.config_created and (site / "showcase.yaml").read_text(encoding="utf-8") == config
    assert vars(summary.projects)["created"] == 4
    assert check_site(site).errors == []


# -- What agencies do to the file -----------------------------------------------------------------


@pytest.mark.parametrize("variant", ["semicolon-no-bom", "tab", "xlsx"])
def test_spreadsheet_variants_import_exactly_like_the_original(variant: str, imported: Path, tmp_path: Path) -> None:
    header, rows = sample()
    export = {
        "semicolon-no-bom": lambda: write_csv(tmp_path / "export.csv", header, rows, delimiter=";", bom=False),
        "tab": lambda: write_csv(tmp_path / "export.txt", header, rows, delimiter="\t"),
        "xlsx": lambda: write_xlsx(tmp_path / "export.xlsx", header, rows),
    }[variant]()
    site = tmp_path / "variant"
    summary = run(export, site)
    assert not summary.report.problems, messages(summary)
    assert content_files(site) == content_files(imported)


def test_european_and_english_number_formats(tmp_path: Path) -> None:
    header, rows = sample()
    grant = column(header, "EU Grant")
    row_of(rows, "2014-1-LI01-KA200-000005")[grant] = "200.000,00"
    row_of(rows, "556927-EPP-1-2014-1-LT-SPO-SCP")[grant] = "58,630.50"
    site = tmp_path / "site"
    run(write_csv(tmp_path / "export.csv", header, rows), site)
    assert front_matter(site, KA200)["eu_grant"] == 200000
    assert front_matter(site, SPORT)["eu_grant"] == 58630.5


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("112527.93", 112527.93),
        ("200,000.00", 200000),
        ("200.000,00", 200000),
        ("112527,93", 112527.93),
        ("1 234 567,89", 1234567.89),
        ("50000", 50000),
        ("60.000", 60000),
        ("", None),
    ],
)
def test_grant_formats(text: str, amount: float | None) -> None:
    assert parse_grant(text) == amount


@pytest.mark.parametrize("text", ["12abc", "-5", "1,2,3", "EUR twelve"])
def test_grant_that_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_grant(text)


def test_addresses_and_websites() -> None:
    assert town("Kosmonautů 2217/15, 700 30, Ostrava") == "Ostrava"
    assert town("UL SIENKIEWICZA 55, 90 009, LODZ") == "LODZ"
    assert town("Hauptstraße 1, 1010 Wien") == "Wien"
    assert town("Hauptstraße 1") is None and town("Main Street 1, 12345") is None
    assert website("www.ua.es") == "https://www.ua.es"
    assert website("http://aldia-project.eu/") == "http://aldia-project.eu/"
    assert website("HTTPS://Example.org/x") == "https://Example.org/x"
    assert website("") is None
    assert website("example.org:8080/x") == "https://example.org:8080/x"
    for unsafe in ("www.one.de www.two.de", "javascript:alert(1)", "JavaScript://%0aalert(1)", "mailto:a@b.eu"):
        with pytest.raises(ValueError):
            website(unsafe)
    with pytest.raises(ValueError, match="not an http:// or https:// web address"):
        website("data:text/html,<script>alert(1)</script>")


def test_labels_match_whatever_dash_the_export_writes() -> None:
    vocabularies = merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, Report()), [], Report())
    types = vocabularies.by_eprp_label("organisation_types")
    for dash in ("-", "\u2013", "\u2014"):
        label = f"School/Institute/Educational centre {dash} Adult education"
        assert types[eprp_label_key(label)] == "school-adult"
    assert types[eprp_label_key("  higher EDUCATION institution (tertiary level) ")] == "higher-education"


# -- Files that are not usable ----------------------------------------------------------------------


def test_missing_columns_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    header, rows = sample()
    keep = [i for i, h in enumerate(header) if h not in ("Project Identifier", "Coordinator's country")]
    export = write_csv(tmp_path / "export.csv", [header[i] for i in keep], [[r[i] for i in keep] for r in rows])
    site = tmp_path / "site"
    with pytest.raises(ContentError) as failure:
        run(export, site)
    [problem] = failure.value.report.errors
    assert "not an Erasmus+ project list" in problem.message
    assert "Project Identifier" in problem.message and "Coordinator's country" in problem.message
    assert not site.exists()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b""), "the file is empty"),
        (lambda p: p.write_bytes("Projekt;Übersicht\n".encode("utf-16")), "UTF-16"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)), "old Excel workbook (.xls)"),
        (lambda p: p.write_bytes(b"PK\x03\x04 not really a workbook"), "cannot be read"),
        (lambda p: p.write_text("name,city\nCESIE,Palermo\n"), "lacks the column(s) Project Identifier"),
    ],
)
def test_unusable_files_get_a_clear_message(make, expected: str, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    make(export)
    with pytest.raises(ContentError) as failure:
        run(export, tmp_path / "site")
    assert expected in failure.value.report.errors[0].message
    assert failure.value.report.errors[0].hint


def test_a_file_in_another_encoding_names_the_line(tmp_path: Path) -> None:
    header, rows = sample()
    latin = [[cell.encode("cp1252", "replace").decode("cp1252") for cell in row] for row in rows]
    export = write_csv(tmp_path / "export.csv", header, latin, bom=False, encoding="cp1252")
    with pytest.raises(ContentError) as failure:
        run(export, tmp_path / "site")
    [problem] = failure.value.report.errors
    first_bad_line = next(n for n, line in enumerate(export.read_bytes().split(b"\n"), 1) if max(line, default=0) > 127)
    assert "not UTF-8" in problem.message and problem.line == first_bad_line
    assert "CSV UTF-8" in problem.hint
    assert not (tmp_path / "site").exists()


def test_bad_rows_are_reported_with_their_line_and_the_rest_imports(tmp_path: Path) -> None:
    header, rows = sample()
    row_of(rows, "2015-1-LI01-KA101-000034")[column(header, "EU Grant")] = "12abc"
    row_of(rows, "2016-1-LI01-KA101-000050").append("one cell too many")
    row_of(rows, "2018-1-LI01-KA101-000090")[column(header, "Call year")] = "2017"
    export = write_csv(tmp_path / "export.csv", header, rows)
    site = tmp_path / "site"
    summary = run(export, site)

    lines = export.read_text(encoding="utf-8-sig").split("\n")  # as an editor numbers them
    line_of = {
        code: next(n for n, line in enumerate(lines, 1) if f",{code}," in line)
        for code in ("2015-1-LI01-KA101-000034", "2016-1-LI01-KA101-000050", "2018-1-LI01-KA101-000090")
    }
    errors = {(p.line, p.message) for p in summary.report.errors}
    assert errors == {
        (line_of["2015-1-LI01-KA101-000034"], "EU Grant: '12abc' is not an amount in euro; the row is not imported"),
        (line_of["2016-1-LI01-KA101-000050"], "the row has 623 columns, the header 622; the row is not imported"),
        (
            line_of["2018-1-LI01-KA101-000090"],
            "the Call year 2017 contradicts the project code's 2018; the row is not imported",
        ),
    }
    assert all(p.file == str(export) for p in summary.report.errors)
    assert vars(summary.projects) == {"created": 6, "updated": 0, "unchanged": 0, "skipped": 3}
    assert not (site / KA101_LI).exists() and (site / KA200).exists()
    assert check_site(site).errors == []


def test_an_unknown_organisation_type_becomes_other_with_one_warning(tmp_path: Path) -> None:
    header, rows = sample()
    for row in rows:
        row[column(header, "Coordinating organisation type")] = "Space agency"
    summary = run(write_csv(tmp_path / "export.csv", header, rows), tmp_path / "site")
    [warning] = summary.report.warnings
    assert "'Space agency' is not in the vocabulary (8 organisation(s))" in warning.message
    assert warning.line == 2 and "organisation_types.yaml" in warning.hint
    assert front_matter(tmp_path / "site", KA200)["partners"][0]["organisation"]
    assert not summary.report.errors


def test_a_partner_with_an_unknown_country_is_left_out(tmp_path: Path) -> None:
    header, rows = sample()
    row_of(rows, "2014-1-LI01-KA200-000005")[column(header, "Partner 3 country")] = "XX"
    summary = run(write_csv(tmp_path / "export.csv", header, rows), tmp_path / "site")
    [warning] = summary.report.warnings
    assert warning.message == "partner 3 is left out: the country 'XX' is not a known country code"
    assert summary.organisations.skipped == 1
    partners = front_matter(tmp_path / "site", KA200)["partners"]
    assert len(partners) == 4 and "eu-warehouse-be" not in {p["organisation"] for p in partners}


def test_a_website_that_is_not_http_is_left_out_with_a_warning(tmp_path: Path) -> None:
    header, rows = sample()
    row_of(rows, "2014-1-LI01-KA200-000005")[column(header, "Project Website")] = "javascript:alert(1)"
    row_of(rows, "2014-1-LI01-KA200-000005")[column(header, "Partner 1 website")] = "vbscript:msgbox(1)"
    summary = run(write_csv(tmp_path / "export.csv", header, rows), tmp_path / "site")
    assert not summary.report.errors
    warnings = [w.message for w in summary.report.warnings]
    assert "Project Website: 'javascript:alert(1)' is not an http:// or https:// web address; imported without it" in (
        warnings
    )
    assert any("'vbscript:msgbox(1)' is not an http:// or https:// web address" in w for w in warnings)
    assert "website" not in front_matter(tmp_path / "site", KA200)
    assert "script:" not in "".join(p.read_text() for p in (tmp_path / "site" / "content").rglob("*.md"))


# -- Limits: long cells, workbooks that unzip to far more than they weigh ---------------------------


def test_a_long_summary_imports_and_an_oversized_cell_keeps_only_its_row_out(tmp_path: Path) -> None:
    header, rows = sample()
    long_summary = ("A summary of a large project. " * 7_000).strip()  # 210,000 characters, over csv's 128 KiB
    row_of(rows, "2014-1-LI01-KA200-000005")[column(header, "Project Summary")] = long_summary
    row_of(rows, "2015-1-LI01-KA101-000034")[column(header, "Project Summary")] = "x" * 10_000_000
    row_of(rows, "2016-1-LI01-KA101-000050")[column(header, "Topics")] = "Inclusion; " * 2_000
    row_of(rows, "2018-1-LI01-KA101-000090")[column(header, "Partner 1 address")] = "Street " * 1_000
    export = write_csv(tmp_path / "export.csv", header, rows)
    site = tmp_path / "site"
    summary = run(export, site)

    lines = export.read_text(encoding="utf-8-sig").split("\n")
    line_of = {
        code: next(n for n, line in enumerate(lines, 1) if f",{code}," in line)
        for code in ("2015-1-LI01-KA101-000034", "2016-1-LI01-KA101-000050", "2018-1-LI01-KA101-000090")
    }
    errors = {(p.line, p.message) for p in summary.report.errors}
    assert errors == {
        (
            line_of["2015-1-LI01-KA101-000034"],
            "Project Summary has 10,000,000 characters, more than the 250,000 an import takes; the row is not imported",
        ),
        (
            line_of["2016-1-LI01-KA101-000050"],
            "Topics has 22,000 characters, more than the 16,000 an import takes; the row is not imported",
        ),
        (
            line_of["2018-1-LI01-KA101-000090"],
            "Partner 1 address has 7,000 characters, more than the 2,000 an import takes; the row is not imported",
        ),
    }
    assert all(p.hint for p in summary.report.errors)
    assert vars(summary.projects) == {"created": 6, "updated": 0, "unchanged": 0, "skipped": 3}
    assert front_matter(site, KA200)["summary"] == long_summary
    assert not (site / KA101_LI).exists()
    assert max(p.stat().st_size for p in (site / "content").rglob("*.md")) < 300_000


def test_a_cell_larger_than_any_limit_names_its_row(tmp_path: Path) -> None:
    header, rows = sample()
    export = write_csv(tmp_path / "export.csv", header, rows[:2])
    line = export.read_bytes().count(b"\n") + 1
    with export.open("a", encoding="utf-8") as file:
        file.write('"' + "x" * (64 * 1024 * 1024 + 1) + '"\r\n')
    with pytest.raises(ContentError) as failure:
        run(export, tmp_path / "site")
    [problem] = failure.value.report.errors
    assert problem.message == f"a cell of the row from line {line} is longer than 67,108,864 characters"
    assert problem.line == line and "quote" in problem.hint
    assert csv.field_size_limit() == 131072  # raised only while reading
    assert not (tmp_path / "site").exists()


def zipped_again(workbook: Path, change) -> Path:
    """The workbook with its entries passed through `change(name, data) -> data`, plus any it adds."""
    bomb = workbook.with_name("bomb.xlsx")
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for entry in source.infolist():
            out.writestr(entry.filename, change(entry.filename, source.read(entry)))
        if extra := change("", b""):
            out.writestr("xl/media/padding.bin", extra)
    return bomb


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # 129 MiB of zeros weighs about 130 KB zipped.
        (lambda name, data: b"\0" * (129 * 2**20) if not name else data, "the workbook unzips to 129 MB, more than"),
        (
            lambda name, data: (
                data.replace(b"<sheetViews>", b'<dimension ref="A1:XFD1048576"/><sheetViews>')
                if name.startswith("xl/worksheets/")
                else data
            ),
            "declares 1,048,576 rows of 16,384 columns, more than the 16,000,000 cells",
        ),
    ],
    ids=["unzips-to-129-MB", "declares-17-billion-cells"],
)
def test_a_workbook_bomb_is_refused_before_it_is_unpacked(change, expected: str, tmp_path: Path) -> None:
    header, rows = sample()
    bomb = zipped_again(write_xlsx(tmp_path / "export.xlsx", header, rows), change)
    assert bomb.stat().st_size < 400_000
    with pytest.raises(ContentError) as failure:
        run(bomb, tmp_path / "site")
    [problem] = failure.value.report.errors
    assert expected in problem.message and "CSV UTF-8" in problem.hint
    assert not (tmp_path / "site").exists()


# -- Filters and dry runs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("only", "codes"),
    [
        (["action=KA101"], 5),
        (["action=KA2,SPO"], 2),
        (["country=LI"], 4),
        (["country=LI", "year=2014"], 1),
        (["participating=GR"], 1),
        (["participating=EL"], 1),
        (["agency=EACEA"], 3),
        (["status=finalized"], 6),
        (["field=SPORT"], 1),
    ],
)
def test_only_imports_matching_rows(only: list[str], codes: int, tmp_path: Path) -> None:
    summary = run(SAMPLE, tmp_path / "site", *only)
    assert summary.projects.created == codes and summary.filtered_out == 9 - codes
    assert len(list((tmp_path / "site/content/projects").glob("*.md"))) == codes
    assert check_site(tmp_path / "site").errors == []


@pytest.mark.parametrize("item", ["action", "colour=blue", "year="])
def test_a_wrong_filter_is_a_usage_error(item: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        RowFilter.parse([item])
    result = CliRunner().invoke(main, ["import", "eprp", str(SAMPLE), "--site", str(tmp_path), "--only", item])
    assert result.exit_code == 2 and "--only" in result.output


def test_a_filtered_out_row_is_never_an_error(tmp_path: Path) -> None:
    header, rows = sample()
    row_of(rows, "2015-1-LI01-KA101-000034")[column(header, "EU Grant")] = "12abc"
    summary = run(write_csv(tmp_path / "export.csv", header, rows), tmp_path / "site", "action=KA2")
    assert summary.report.errors == [] and summary.projects.created == 1


def test_dry_run_writes_nothing_and_counts_the_same(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dry = run(SAMPLE, site, dry_run=True)
    assert not site.exists()
    assert vars(dry.projects)["created"] == 9 and dry.organisations.created == ORGANISATIONS_IN_SAMPLE
    run(SAMPLE, site)
    before = content_files(site)
    header, rows = sample()
    row_of(rows, "2014-1-LI01-KA200-000005")[column(header, "Project Status")] = "ongoing"
    dry = run(write_csv(tmp_path / "newer.csv", header, rows), site, dry_run=True)
    assert (dry.projects.updated, dry.projects.unchanged) == (1, 8)
    assert content_files(site) == before


# -- Importing a newer export -------------------------------------------------------------------------


def edit(site: Path, rel: str, change) -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    fields, text_body = text.split("---\n")[1], text.split("\n---\n", 1)[1]
    data = yaml.safe_load(fields)
    text_body = change(data) or text_body
    path.write_text(
        "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + text_body, encoding="utf-8"
    )


def newer_export(tmp_path: Path) -> Path:
    """The next export: the KA200 project ended with a larger grant and a new title; another
    project got a new title; the Liechtenstein-Institut got a new address."""
    header, rows = sample()
    ka200 = row_of(rows, "2014-1-LI01-KA200-000005")
    ka200[column(header, "Project Title")] = "Community Education in Europe"
    ka200[column(header, "Project Summary")] = "A new summary from the platform."
    ka200[column(header, "EU Grant")] = "120,000.00"
    ka200[column(header, "Results Available")] = "No"
    ka200[column(header, "Partner 1 address")] = "Auf dem Kirchhügel 1, 9487, Gamprin-Bendern"
    row_of(rows, "2015-1-LI01-KA101-000034")[column(header, "Project Title")] = "English for better communication"
    return write_csv(tmp_path / "newer.csv", header, rows, delimiter=";")


def test_reimport_of_the_same_export_changes_nothing(imported: Path) -> None:
    before = {**content_files(imported), LEDGER_FILE: (imported / LEDGER_FILE).read_bytes()}
    mtimes = {p: p.stat().st_mtime_ns for p in (imported / "content").rglob("*.md")}
    summary = run(SAMPLE, imported)
    assert vars(summary.projects) == {"created": 0, "updated": 0, "unchanged": 9, "skipped": 0}
    assert vars(summary.organisations)["unchanged"] == ORGANISATIONS_IN_SAMPLE
    assert {**content_files(imported), LEDGER_FILE: (imported / LEDGER_FILE).read_bytes()} == before
    assert {p: p.stat().st_mtime_ns for p in (imported / "content").rglob("*.md")} == mtimes


def test_reimport_updates_export_fields_and_keeps_hand_edits(imported: Path, tmp_path: Path) -> None:
    (imported / "static/images").mkdir(parents=True)
    (imported / "static/images/ce-logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    def edit_ka200(data: dict) -> str:
        data["summary"] = "Our own summary, shorter than the platform's."
        data["acronym"] = "CE"
        data["logo"] = {"src": "images/ce-logo.png", "alt": "Community Education logo"}
        return "\nWhat the partnership did, written by the agency.\n"

    edit(imported, KA200, edit_ka200)
    edit(
        imported,
        "content/organisations/liechtenstein-institut-li.md",
        lambda data: data.update(name_en="Liechtenstein Institute") or "\nA research institute in Gamprin.\n",
    )
    (imported / "content/results").mkdir()
    (imported / "content/results/community-education-guide.md").write_text(
        "---\nproject: 2014-1-li01-ka200-000005\ntitle: Community education guide\ncategory: handbook-guide\n"
        "languages: [de, en]\nlicence: CC-BY-4.0\nstatus: draft\n"
        "transferability: {reuse: adapt, tested_countries: [LI, DE, BE]}\n---\n\nA guide.\n",
        encoding="utf-8",
    )

    summary = run(newer_export(tmp_path), imported)
    assert vars(summary.projects) == {"created": 0, "updated": 2, "unchanged": 7, "skipped": 0}
    assert vars(summary.organisations) == {
        "created": 0,
        "updated": 1,
        "unchanged": ORGANISATIONS_IN_SAMPLE - 1,
        "skipped": 0,
    }

    project = front_matter(imported, KA200)
    assert project["title"] == "Community Education in Europe"  # not edited: follows the export
    assert project["eu_grant"] == 120000
    assert project["platform"]["results_available"] is False
    assert project["summary"] == "Our own summary, shorter than the platform's."  # edited: kept
    assert project["acronym"] == "CE" and project["logo"]["src"] == "images/ce-logo.png"
    assert body(imported, KA200) == "\nWhat the partnership did, written by the agency.\n"
    [kept] = summary.report.warnings
    assert kept.file == KA200 and kept.field == "summary"
    assert "A new summary from the platform." in kept.message

    institute = front_matter(imported, "content/organisations/liechtenstein-institut-li.md")
    assert institute["city"] == "Gamprin-Bendern" and institute["name_en"] == "Liechtenstein Institute"
    assert (
        body(imported, "content/organisations/liechtenstein-institut-li.md") == "\nA research institute in Gamprin.\n"
    )
    assert front_matter(imported, KA101_LI)["title"] == "English for better communication"
    assert (
        (imported / "content/results/community-education-guide.md").read_text(encoding="utf-8").endswith("A guide.\n")
    )

    again = run(newer_export(tmp_path), imported)  # the edit stays kept, quietly, and nothing moves
    assert again.projects.unchanged == 9 and again.report.warnings == []
    out = tmp_path / "out"
    built = build_site(BuildOptions(site=imported, out=out, search=False))
    assert built.report.errors == []
    assert "What the partnership did" in (out / "projects/2014-1-li01-ka200-000005/index.html").read_text()


def test_a_field_the_newer_export_empties_is_removed_unless_edited(imported: Path, tmp_path: Path) -> None:
    header, rows = sample()
    for code in ("2014-1-LI01-KA200-000005", "556927-EPP-1-2014-1-LT-SPO-SCP"):
        row_of(rows, code)[column(header, "Topics")] = ""
        row_of(rows, code)[column(header, "Project Website")] = ""
    edit(imported, SPORT, lambda data: data.update(website="https://eubeactive.example.org/"))
    run(write_csv(tmp_path / "newer.csv", header, rows), imported)
    assert "topics" not in front_matter(imported, KA200)
    assert front_matter(imported, SPORT)["website"] == "https://eubeactive.example.org/"


def test_a_column_the_newer_export_lacks_leaves_its_field_alone(imported: Path, tmp_path: Path) -> None:
    header, rows = sample()
    drop = column(header, "Project Summary")
    export = write_csv(
        tmp_path / "trimmed.csv", header[:drop] + header[drop + 1 :], [r[:drop] + r[drop + 1 :] for r in rows]
    )
    summary = run(export, imported)
    assert summary.projects.unchanged == 9
    assert front_matter(imported, KA200)["summary"].startswith("Short summary in English")


def test_a_project_written_by_hand_is_adopted_not_duplicated(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run(SAMPLE, site, "action=KA101")  # its organisations exist already
    (site / "content/projects/community-education.md").write_text(
        "---\ncode: 2014-1-LI01-KA200-000005\ntitle: Community Education (our words)\naction: KA200\n"
        "call_year: 2014\npartners:\n- {organisation: oberschule-eschen-li, role: coordinator}\n---\n\nOurs.\n",
        encoding="utf-8",
    )
    summary = run(SAMPLE, site)
    assert (summary.projects.created, summary.projects.updated) == (3, 1)
    assert not (site / KA200).exists()
    adopted = front_matter(site, "content/projects/community-education.md")
    assert adopted["title"] == "Community Education (our words)"  # the editor's values win
    assert adopted["partners"] == [{"organisation": "oberschule-eschen-li", "role": "coordinator"}]
    assert adopted["eu_grant"] == 112527.93 and adopted["status"] == "finalised"  # missing ones are filled
    assert body(site, "content/projects/community-education.md") == "\nOurs.\n"


def test_a_project_deleted_by_hand_is_not_created_again(imported: Path) -> None:
    (imported / KA3).unlink()
    summary = run(SAMPLE, imported)
    assert summary.deleted_by_hand == 1 and summary.projects.unchanged == 8
    assert not (imported / KA3).exists()


def test_an_organisation_keeps_its_file_when_a_website_appears(imported: Path, tmp_path: Path) -> None:
    header, rows = sample()
    row_of(rows, "562155-EPP-1-2015-1-ES-EPPKA3-PI-FORWARD")[column(header, "Partner 1 website")] = "www.ffe.eus"
    summary = run(write_csv(tmp_path / "newer.csv", header, rows), imported)
    assert summary.organisations.created == 0 and summary.organisations.updated == 1
    assert (
        front_matter(imported, "content/organisations/fondo-formacion-euskadi-sll-es.md")["website"]
        == "https://www.ffe.eus"
    )


def test_same_name_in_two_countries_or_with_two_websites_is_two_organisations(tmp_path: Path) -> None:
    header, rows = sample()
    ka200 = row_of(rows, "2014-1-LI01-KA200-000005")
    for slot, (country, site_url) in enumerate([("DE", "www.a.de"), ("AT", "www.a.at"), ("DE", "www.b.de")], 1):
        ka200[column(header, f"Partner {slot} name")] = "Volkshochschule"
        ka200[column(header, f"Partner {slot} country")] = country
        ka200[column(header, f"Partner {slot} website")] = site_url
    site = tmp_path / "site"
    run(write_csv(tmp_path / "export.csv", header, rows), site)
    partners = [p["organisation"] for p in front_matter(site, KA200)["partners"][1:4]]
    assert partners == ["volkshochschule-de", "volkshochschule-at", "volkshochschule-de-2"]


def test_a_damaged_project_file_is_never_overwritten(imported: Path) -> None:
    damaged = "---\ntitle: [unclosed\n---\nAn editor's half-finished work.\n"
    (imported / KA200).write_text(damaged, encoding="utf-8")
    summary = run(SAMPLE, imported)
    [error] = summary.report.errors
    assert KA200 in error.message and "cannot be updated" in error.message
    assert summary.projects.skipped == 1 and (imported / KA200).read_text(encoding="utf-8") == damaged


def test_unreadable_ledger_keeps_every_value_in_the_files(imported: Path, tmp_path: Path) -> None:
    (imported / LEDGER_FILE).write_text("{not json", encoding="utf-8")
    summary = run(newer_export(tmp_path), imported)
    assert any(p.file == LEDGER_FILE for p in summary.report.warnings)
    assert front_matter(imported, KA200)["title"] == "Community Education"  # no base: the file's value wins
    again = run(newer_export(tmp_path), imported)
    assert again.projects.unchanged == 9


# -- The command line ----------------------------------------------------------------------------------


def test_command_has_help() -> None:
    result = CliRunner().invoke(main, ["import", "eprp", "--help"])
    assert result.exit_code == 0 and "--only KEY=VALUE" in result.output and "--dry-run" in result.output


def test_command_reports_counts_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    site = tmp_path / "site"
    result = runner.invoke(main, ["import", "eprp", str(SAMPLE), "--site", str(site)])
    assert result.exit_code == 0, result.output
    assert "Projects: 9 created, 0 updated, 0 unchanged, 0 skipped." in result.output
    assert f"Organisations: {ORGANISATIONS_IN_SAMPLE} created, 0 updated, 0 unchanged, 0 skipped." in result.output
    assert "Created showcase.yaml for a catalogue" in result.output

    build = runner.invoke(main, ["build", "--site", str(site)])
    assert build.exit_code == 0, build.output

    header, rows = sample()
    row_of(rows, "2015-1-LI01-KA101-000034")[column(header, "EU Grant")] = "12abc"
    broken = runner.invoke(
        main, ["import", "eprp", str(write_csv(tmp_path / "b.csv", header, rows)), "--site", str(site)]
    )
    assert broken.exit_code == 1
    assert "b.csv:19: error: EU Grant: '12abc' is not an amount in euro" in broken.output
    assert "Projects: 0 created, 0 updated, 8 unchanged, 1 skipped." in broken.output

    unusable = tmp_path / "notes.csv"
    unusable.write_text("name,city\n")
    failed = runner.invoke(main, ["import", "eprp", str(unusable), "--site", str(site)])
    assert failed.exit_code == 1 and "Import failed: nothing was written." in failed.output
    assert "Traceback" not in failed.output

    assert runner.invoke(main, ["import", "eprp", str(tmp_path / "missing.csv")]).exit_code == 2


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "export.csv"
    folder.mkdir()  # unreadable as a file, even for root (permissions are not)
    with pytest.raises(ContentError) as failure:
        run(folder, tmp_path / "site")
    [problem] = failure.value.report.errors
    assert problem.message.startswith("the file cannot be read") and problem.hint
