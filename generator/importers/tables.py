"""Reading a table from a CSV or XLSX file, as importers receive them.

Whatever a spreadsheet program did to the file (UTF-8 with or without BOM, ',' ';' or tab
as delimiter, saved as XLSX), the importer gets rows of text cells with the line each
starts on. What cannot be read at all raises `TableUnreadable` with a message and a hint
for the person importing, never a traceback.
"""

from __future__ import annotations

import csv
import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl


class TableUnreadable(Exception):
    """The file cannot be read as a table: not a spreadsheet, wrong encoding, broken quoting."""

    def __init__(self, message: str, hint: str = "", line: int = 0):
        super().__init__(message)
        self.hint = hint
        self.line = line


Row = tuple[int, int, list[str]]
"""(first line, last line, cells): a CSV record may span lines (summaries hold line breaks)."""

CSV_CELL_LIMIT = 64 * 1024 * 1024
"""The largest CSV cell read at all, in characters. The `csv` module's default (128 KiB)
would refuse a long but legitimate summary; the importer caps each column far lower, per row."""
XLSX_UNPACKED_LIMIT = 128 * 1024 * 1024
"""The largest workbook read, in bytes once unzipped: a few hundred KB can unzip to gigabytes."""
XLSX_CELL_LIMIT = 16_000_000
"""The most cells the first sheet may declare (rows x columns): a reader fills every declared cell."""


def read_table(path: Path) -> Iterator[Row]:
    """Every row of a CSV or XLSX file, the header first."""
    try:
        with path.open("rb") as probe:
            magic = probe.read(8)
    except OSError as exc:
        raise TableUnreadable(
            f"the file cannot be read: {exc.strerror}", "check that it exists and that you may read it"
        ) from None
    if magic.startswith(b"PK\x03\x04"):
        return _xlsx_rows(path)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableUnreadable(
            "this is an old Excel workbook (.xls), which cannot be read",
            "open it in a spreadsheet program and save it as .xlsx or as 'CSV UTF-8'",
        )
    if magic.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableUnreadable(
            "the file is UTF-16 text ('Unicode text' in Excel), not UTF-8",
            "save it as 'CSV UTF-8 (comma delimited)' and import it again",
        )
    return _csv_rows(path)


def _decoded_lines(path: Path) -> Iterator[str]:
    """The file's lines as text, decoded one by one so that an encoding error names its line."""
    with path.open("rb") as binary:
        for number, raw in enumerate(binary, start=1):
            try:
                yield (raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw).decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TableUnreadable(
                    f"the file is not UTF-8 text: byte 0x{raw[exc.start]:02x} on line {number} is not valid UTF-8",
                    "if a spreadsheet program saved it in another encoding, save it again as 'CSV UTF-8' "
                    "(or as .xlsx) and import that",
                    line=number,
                ) from None


def _csv_rows(path: Path) -> Iterator[Row]:
    lines = _decoded_lines(path)
    first = next(lines, None)
    if first is None or not first.strip():
        raise TableUnreadable(
            "the file is empty or its first line is blank",
            "export the file again: the first line must be the header",
            line=1,
        )
    # The delimiter that splits the header into the most columns: ',' as exported, ';' or
    # a tab after a spreadsheet program saved it in a European locale.
    delimiter = max(",;\t", key=lambda d: len(next(csv.reader([first], delimiter=d))))
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    # The limit is the csv module's only setting and it is process-wide: raised only while reading.
    previous_limit = csv.field_size_limit(CSV_CELL_LIMIT)
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise TableUnreadable(
                        f"a cell of the row from line {start} is longer than {CSV_CELL_LIMIT:,} characters",
                        "a quote is probably left open in that row, taking in the rows after it; fix it or "
                        "export the file again",
                        line=start,
                    ) from None
                raise TableUnreadable(
                    f"the CSV is malformed from line {start}: {exc}",
                    "a quote is probably left open in that row; fix it or export the file again",
                    line=start,
                ) from None
            yield start, reader.line_num, cells
    finally:
        csv.field_size_limit(previous_limit)


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook that would unzip to more than `XLSX_UNPACKED_LIMIT` before openpyxl unzips it.

    The sizes are the ones the zip declares; `zipfile` stops at the declared size when it
    unzips, so a file that lies about them gets no further than what it declared."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableUnreadable(
            f"the file looks like an Excel workbook but cannot be read ({exc})",
            "open it in a spreadsheet program and save it again as .xlsx or as 'CSV UTF-8'",
        ) from None
    if unpacked > XLSX_UNPACKED_LIMIT:
        raise TableUnreadable(
            f"the workbook unzips to {unpacked / 2**20:,.0f} MB, more than the "
            f"{XLSX_UNPACKED_LIMIT // 2**20} MB an import reads from a workbook",
            "save it as 'CSV UTF-8' and import that (a CSV has no such limit), or split the workbook",
        )


def _xlsx_rows(path: Path) -> Iterator[Row]:
    _check_unpacked_size(path)
    # openpyxl reports a damaged workbook with many unrelated exception types (zip, XML,
    # KeyError...): any of them means the same to the user, so they are caught broadly here.
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - see above
        raise TableUnreadable(
            f"the file looks like an Excel workbook but cannot be read ({exc})",
            "open it in a spreadsheet program and save it again as .xlsx or as 'CSV UTF-8'",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        declared = (sheet.max_row or 0) * (sheet.max_column or 0)
        if declared > XLSX_CELL_LIMIT:
            raise TableUnreadable(
                f"the workbook's first sheet declares {sheet.max_row:,} rows of {sheet.max_column:,} columns, "
                f"more than the {XLSX_CELL_LIMIT:,} cells an import reads from a workbook",
                "save it as 'CSV UTF-8' and import that (a CSV has no such limit), or delete the empty rows "
                "and columns after the table",
            )
        rows = sheet.iter_rows(values_only=True)
        width = 0
        for number in itertools.count(1):
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - see above
                raise TableUnreadable(
                    f"row {number} of the workbook cannot be read ({exc})",
                    "save the workbook again as .xlsx or as 'CSV UTF-8'",
                    line=number,
                ) from None
            cells = [_cell_text(v) for v in values]
            # A sheet has no column count per row: rows end at their last filled cell or at the
            # sheet's widest row. Fit them to the header, keeping filled cells beyond it.
            width = width or _filled_width(cells)
            yield number, number, cells[: max(width, _filled_width(cells))] + [""] * (width - len(cells))
    finally:
        workbook.close()


def _filled_width(cells: list[str]) -> int:
    return next((i + 1 for i in range(len(cells) - 1, -1, -1) if cells[i].strip()), 0)


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the CSV would have written it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
