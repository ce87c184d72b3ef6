"""Writing the files as the Kaggle release has them: headers, quoting, line endings."""

from __future__ import annotations

import gzip
import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from olist_dw.synth.calibration import (
    CENT,
)
from services.loader.domain.olist_files import (
    CATEGORY_TRANSLATION_FILE,
    OLIST_FILES,
    REVIEWS_FILE,
    columns_of,
)

# --------------------------------------------------------------------------
# Files, headers and line endings (exactly as in the Kaggle release)
# --------------------------------------------------------------------------


def _quoted_header(*columns: str) -> str:
    return ",".join(f'"{column}"' for column in columns)


HEADERS: dict[str, str] = {
    file: _quoted_header(*columns_of(file))
    for file in OLIST_FILES
    if file != CATEGORY_TRANSLATION_FILE
} | {
    # The original has a UTF-8 BOM, an unquoted header and CRLF line endings.
    CATEGORY_TRANSLATION_FILE: "\ufeff" + ",".join(columns_of(CATEGORY_TRANSLATION_FILE)),
}

# The reviews and the translation table were saved on Windows: CRLF, also
# inside quoted comments. Every other file uses LF.
CRLF_FILES = frozenset({REVIEWS_FILE, CATEGORY_TRANSLATION_FILE})


# ==========================================================================
# Rendering CSV cells (the original's convention)
# ==========================================================================
# Text is quoted only when it starts with a digit or holds a comma, a quote or
# a line break; numbers and timestamps are never quoted; null is empty.


def text_cell(value: str) -> str:
    if not value:
        return ""
    if value[0].isdigit() or "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def id_cell(hex_id: str) -> str:
    return f'"{hex_id}"' if hex_id[0] <= "9" else hex_id


def zip_cell(prefix: int) -> str:
    return f'"{prefix:05d}"'


def timestamp_cell(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(" ")


def money_cell(amount: Decimal) -> str:
    return f"{amount.quantize(CENT)}"


def number_cell(value: int | None) -> str:
    return "" if value is None else str(value)


class CsvFile:
    """One output file: header first, then rows; counts the data rows."""

    def __init__(
        self, out_dir: Path, name: str, compress: bool, final_newline: bool = True
    ) -> None:
        self.name = name + (".gz" if compress else "")
        self.rows = 0
        self._line_end = "\r\n" if name in CRLF_FILES else "\n"
        self._final_newline = final_newline
        path = out_dir / self.name
        if compress:
            # mtime=0 keeps the gzip header, hence the bytes, reproducible.
            binary = gzip.GzipFile(filename=path, mode="wb", compresslevel=6, mtime=0)
            self._out: io.TextIOWrapper = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        else:
            self._out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self._out.write(HEADERS[name])

    def row(self, *cells: str) -> None:
        # The line end goes before each row so the last one can be left out.
        self._out.write(self._line_end + ",".join(cells))
        self.rows += 1

    def close(self) -> None:
        if self._final_newline:
            self._out.write(self._line_end)
        self._out.close()

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
