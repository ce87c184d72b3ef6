import gzip
import re
from pathlib import Path

import pytest

from services.loader.adapters.csv_source import EXTRA_FIELDS, CsvDirectorySource
from services.loader.application.ports import SourceError

COLUMNS = ("product_category_name", "product_category_name_english")
FILE = "product_category_name_translation.csv"


def write(directory: Path, data: bytes, name: str = FILE) -> CsvDirectorySource:
    (directory / name).write_bytes(data)
    return CsvDirectorySource(directory)


def test_reads_bom_crlf_and_quoted_newlines(tmp_path):
    source = write(tmp_path, b'\xef\xbb\xbfproduct_category_name,product_category_name_english\r\n'
                             b'beleza_saude,health_beauty\r\n"cama, mesa","bed\r\ntable"\r\n')
    rows = list(source.rows(FILE, COLUMNS))
    assert [r.row for r in rows] == [1, 2]
    assert rows[1].values == {"product_category_name": "cama, mesa",
                              "product_category_name_english": "bed\r\ntable"}


def test_reads_gzip_when_the_plain_file_is_absent(tmp_path):
    (tmp_path / f"{FILE}.gz").write_bytes(gzip.compress(
        "product_category_name,product_category_name_english\nutilidades_domésticas,housewares\n"
        .encode()))
    rows = list(CsvDirectorySource(tmp_path).rows(FILE, COLUMNS))
    assert rows[0].values["product_category_name"] == "utilidades_domésticas"


def test_columns_are_found_by_name_and_extra_fields_are_flagged(tmp_path):
    source = write(tmp_path, b"product_category_name_english,product_category_name\n"
                             b"toys,brinquedos\nbooks,livros,surplus\n")
    first, second = source.rows(FILE, COLUMNS)
    assert first.values["product_category_name"] == "brinquedos"
    assert EXTRA_FIELDS in second.values and EXTRA_FIELDS not in first.values


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"product_category_name\nx\n", "missing columns ['product_category_name_english']"),
    (b"product_category_name,product_category_name_english\ncaf\xe9,coffee\n", "not UTF-8"),
])
def test_unreadable_sources_fail_with_file_and_reason(tmp_path, data, message):
    source = write(tmp_path, data)
    with pytest.raises(SourceError, match=re.escape(message)):
        list(source.rows(FILE, COLUMNS))


def test_a_missing_file_or_directory_is_a_clear_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        list(CsvDirectorySource(tmp_path).rows(FILE, COLUMNS))
    with pytest.raises(SourceError, match="does not exist"):
        CsvDirectorySource(tmp_path / "nope")
