"""The ``showcase`` command line: the top layer, which nothing imports.

Exit codes: 0 success, 1 the content (or the output folder) has problems, 2 wrong usage;
an interrupted build exits 130 (SIGINT) or 143 (SIGTERM).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click
from click.decorators import FC

from . import __version__
from .build import BuildOptions, build_site, check_content
from .errors import ContentError, Report, did_you_mean
from .models import KINDS
from .processes import BuildBusy, Interrupted, interruptible
from .scaffold import SITE_KINDS, ScaffoldError, create_entry, create_site, create_translation
from .vocabularies import REQUIRED, Vocabularies, load_vocabularies
from .writer import OutputRefused

EXIT_PROBLEMS = 1

site_option = click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The site folder (the one holding showcase.yaml).",
)


def format_option(json_help: str) -> Callable[[FC], FC]:
    """--format text|json, as `output_format`; `json_help` says what the JSON holds."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=json_help,
    )


def _print_report(report: Report, *, strict: bool) -> None:
    for problem in report.sorted():
        click.echo(problem.format(), err=True)
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        note = " (--strict: warnings fail the build)" if strict and warnings else ""
        click.echo(f"{errors} error(s), {warnings} warning(s){note}", err=True)


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="showcase")
def main() -> None:
    """Partnership Showcase: build the dissemination site of Erasmus+ partnerships and their results.

    Exit codes: 0 success, 1 problems in the content, 2 wrong usage.
    """


@main.command()
@site_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site  [default: SITE/output]",
)
@click.option("--drafts", is_flag=True, help="Include entries marked 'draft: true'.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=600,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait while another build of the same output folder runs; 0 gives up at once.",
)
def build(site: Path, out: Path | None, drafts: bool, strict: bool, wait: float) -> None:
    """Build the complete site into the output folder.

    The previous output stays intact if the build fails or is interrupted.
    """
    options = BuildOptions(site=site, out=out or site / "output", drafts=drafts, strict=strict, wait=wait)
    bar = None

    def waiting(message: str) -> None:
        click.echo(f"{message} (up to {wait:g} s; --wait sets how long)", err=True)

    try:
        with interruptible():
            if _interactive():
                bar = progress_bar = click.progressbar(length=1, label="Rendering", file=sys.stderr, show_pos=True)

                def progress(done: int, total: int) -> None:
                    progress_bar.length = total
                    progress_bar.update(done - progress_bar.pos)

                summary = build_site(options, progress, waiting)
                bar.render_finish()
            else:
                summary = build_site(options, waiting=waiting)
    except Interrupted as exc:
        if bar:
            bar.render_finish()
        click.echo("build interrupted", err=True)
        sys.exit(exc.exit_code)
    except BuildBusy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except ContentError as exc:
        if bar:
            bar.render_finish()
        _print_report(exc.report, strict=strict)
        click.echo("Build failed: nothing was written; the previous output is intact.", err=True)
        sys.exit(EXIT_PROBLEMS)
    except OutputRefused as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    _print_report(summary.report, strict=strict)
    click.echo(
        f"Built {summary.pages} pages ({summary.pages_rendered} rendered) into {options.out} "
        f"in {summary.seconds:.1f} s: "
        f"{summary.files_changed} file(s) changed, {summary.files_removed} removed, "
        f"{len(summary.report.errors)} error(s), {len(summary.report.warnings)} warning(s)."
    )
    if summary.report.fails(strict=strict):  # whichever stage found it: an error never exits 0
        sys.exit(EXIT_PROBLEMS)


@main.command()
@site_option
@click.option("--drafts", is_flag=True, help="Check drafts too.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@format_option("json prints one object with every problem, for editors and CI.")
@click.option(
    "--translations",
    is_flag=True,
    help="Also list, for each language after the default, the entries not translated into it.",
)
def check(site: Path, drafts: bool, strict: bool, output_format: str, translations: bool) -> None:
    """Validate the site's content without writing anything."""
    report, untranslated, entries = check_content(site, drafts=drafts, translations=translations)
    if output_format == "json":
        summary: dict[str, object] = {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "problems": [p.as_dict() for p in report.sorted()],
        }
        if untranslated is not None:
            summary["untranslated"] = untranslated
        click.echo(json.dumps(summary, indent=2))
    else:
        _print_report(report, strict=strict)
        if not report.problems:
            click.echo("No problems found.")
        if untranslated is not None:
            _print_untranslated(untranslated, entries)
    if report.fails(strict=strict):
        sys.exit(EXIT_PROBLEMS)


def _print_untranslated(untranslated: dict[str, dict[str, list[str]]], entries: int) -> None:
    if not untranslated:
        click.echo("The site has one language: there is nothing to translate.")
    for lang, by_kind in untranslated.items():
        missing = sum(len(ids) for ids in by_kind.values())
        click.echo(f"{lang}: {entries - missing} of {entries} entries translated")
        for kind, ids in by_kind.items():
            if ids:
                click.echo(f"  {KINDS[kind].folder}: {', '.join(ids)}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default=None, help="The site's title.  [default: an example title]")
@click.option(
    "--catalogue",
    is_flag=True,
    help="A catalogue of many projects (mode: catalogue), e.g. for 'showcase import eprp', "
    "instead of one partnership's site.",
)
def init(directory: Path, title: str | None, catalogue: bool) -> None:
    """Create a new site in DIRECTORY with a small example that builds at once.

    Also writes a .gitignore and deployment workflows for GitHub Pages and GitLab Pages.
    """
    try:
        created = create_site(directory, SITE_KINDS["catalogue" if catalogue else "project"], title)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from exc
    then = "showcase import eprp FILE && showcase build" if catalogue else "showcase build"
    click.echo(f"Created {len(created)} files in {directory}. Next: cd {directory} && {then}")


@main.command()
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("name")
@site_option
@click.option(
    "--lang",
    metavar="LANG",
    default=None,
    help="Create NAME's translation into LANG instead (content/<kind>s/NAME.LANG.md), "
    "with the original's texts to translate.",
)
def new(kind: str, name: str, site: Path, lang: str | None) -> None:
    """Create content/<kind>s/NAME.md with every field, commented.

    NAME becomes the entry's id and the last part of its URL (lowercase, digits, hyphens).
    With --lang, create the translation of the existing entry NAME instead.
    """
    try:
        path = create_translation(site, kind, name, lang) if lang else create_entry(site, kind, name)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"Created {path}. {'Translate' if lang else 'Fill in'} the fields, then run: showcase check")


@main.command()
@click.argument("name", required=False)
@site_option
@format_option("json prints one object, for editors' tools.")
def vocab(name: str | None, site: Path, output_format: str) -> None:
    """List the codes vocabulary NAME allows, with their labels; without NAME, list the vocabularies.

    The codes are the built-in ones with the site's own vocabularies/NAME.yaml laid over them.
    """
    report = Report()
    vocabularies = load_vocabularies(site, report)
    if report.errors:
        _print_report(report, strict=False)
        sys.exit(EXIT_PROBLEMS)
    if name is None:
        _print_vocabularies(vocabularies, output_format)
    elif name not in vocabularies.terms:
        raise click.BadParameter(
            f"there is no vocabulary '{name}'; {did_you_mean(name, list(vocabularies.terms))}", param_hint="NAME"
        )
    else:
        _print_codes(vocabularies, name, output_format)


def _print_vocabularies(vocabularies: Vocabularies, output_format: str) -> None:
    listed = [
        (name, REQUIRED.get(name, "the site's own"), len(codes)) for name, codes in sorted(vocabularies.terms.items())
    ]
    if output_format == "json":
        objects = [{"name": name, "purpose": purpose, "codes": count} for name, purpose, count in listed]
        click.echo(json.dumps({"vocabularies": objects}, indent=2, ensure_ascii=False))
        return
    width = max(len(name) for name, _, _ in listed)
    for name, purpose, count in listed:
        click.echo(f"{name:<{width}}  {count:>4} codes  {purpose}")
    click.echo("Run 'showcase vocab NAME' for a vocabulary's codes and labels.")


def _print_codes(vocabularies: Vocabularies, name: str, output_format: str) -> None:
    codes = [
        {"code": code, "label": entry["label"], "description": entry.get("description", "")}
        for code, entry in vocabularies[name].items()
    ]
    if output_format == "json":
        purpose = REQUIRED.get(name, "the site's own")
        click.echo(json.dumps({"name": name, "purpose": purpose, "codes": codes}, indent=2, ensure_ascii=False))
        return
    width = max((len(c["code"]) for c in codes), default=0)
    for c in codes:
        click.echo(f"{c['code']:<{width}}  {c['label']}")
        if c["description"]:
            click.echo(f"{'':<{width}}  {c['description']}")


@main.command()
@site_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. 0.0.0.0 shows the preview, drafts included, to your whole network.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your web browser.")
@click.option(
    "--no-search",
    is_flag=True,
    help="Leave out the search index: saves time on big sites, but the preview's search page then finds nothing.",
)
def serve(site: Path, host: str, port: int, open_browser: bool, no_search: bool) -> None:
    """Preview the site, drafts included, rebuilding and reloading the browser on every save.

    When a change breaks the build, the pages keep showing the last build that worked, with
    the problems listed over them until a save fixes them. Ctrl-C stops the server.
    """
    # Imported here: the server's libraries (tornado, livereload, watchdog) are needed by no other command.
    from .serve import ServeError, ServeOptions, serve_site

    try:
        serve_site(
            ServeOptions(site=site, host=host, port=port, open_browser=open_browser, search=not no_search),
            log=click.echo,
        )
    except ServeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)


@main.group("import")
def import_() -> None:
    """Import projects from other systems into a site's content."""


@import_.command("eprp")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@site_option
@click.option(
    "--only",
    multiple=True,
    metavar="KEY=VALUE",
    help="Import only matching rows; repeat it, e.g. --only action=KA220,KA210 --only country=PL. "
    "Keys: action, field, year, country, participating, agency, status.",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def import_eprp_command(export: Path, site: Path, only: tuple[str, ...], dry_run: bool) -> None:
    """Import a project list (CSV or XLSX) exported from the Erasmus+ Project Results Platform.

    Creates or updates content/projects/ and content/organisations/. Fields that come from the
    export follow it; anything an editor added or changed is kept (docs/import.md).
    Exit code 1 when a row was left out for an error or the file cannot be used.
    """
    from .importers.eprp import RowFilter, import_eprp  # loads openpyxl only for this command

    try:
        row_filter = RowFilter.parse(only)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--only") from exc
    try:
        summary = import_eprp(export, site, row_filter, dry_run=dry_run)
    except ContentError as exc:
        _print_report(exc.report, strict=False)
        click.echo("Import failed: nothing was written.", err=True)
        sys.exit(EXIT_PROBLEMS)
    _print_report(summary.report, strict=False)
    verb = "would be" if dry_run else "were"
    filtered = f", {summary.filtered_out} left out by --only" if only else ""
    click.echo(f"Read {summary.rows} project row(s) from {export}{filtered}.")
    for kind, counts in (("Projects", summary.projects), ("Organisations", summary.organisations)):
        click.echo(
            f"{kind}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged, "
            f"{counts.skipped} skipped."
        )
    if summary.deleted_by_hand:
        click.echo(
            f"{summary.deleted_by_hand} project(s) deleted by hand since the last import {verb} not created again."
        )
    if summary.personal_columns:
        names = ", ".join(summary.personal_columns[:3]) + (", ..." if len(summary.personal_columns) > 3 else "")
        click.echo(
            f"Personal data: {len(summary.personal_columns)} column(s) with contact persons, e-mails or "
            f"phones ({names}) {verb} not imported."
        )
    if summary.config_created:
        click.echo(
            f"{'Would create' if dry_run else 'Created'} showcase.yaml for a catalogue: set title, base_url "
            "and publisher before you publish."
        )
    if dry_run:
        click.echo("Dry run: nothing was written.")
    if summary.report.errors:
        sys.exit(EXIT_PROBLEMS)
