"""The CSV source on small files: every kind of bad input is either a SourceError naming
the file, the line and the reason, or a row with a `problem` (docs/bad-input.md)."""

import gzip
import re
from pathlib import Path

import pytest

from contracts.imports import ImportBatch
from services.chassis.intake.records import parse_batch
from services.chassis.personal_data import TextKeys, personal_data_of
from services.loader.adapters.csv_records import FIELD_LIMIT
from services.loader.adapters.csv_source import CsvDirectorySource
from services.loader.application.load import check_source
from services.loader.application.ports import SourceError
from services.loader.domain.plan import CATEGORY_TRANSLATIONS, SELLERS
from services.marketplace.adapters.records import MAPPINGS

COLUMNS = ("product_category_name", "product_category_name_english")
FILE = "product_category_name_translation.csv"
HEADER = b"product_category_name,product_category_name_english\n"


def write(directory: Path, data: bytes, name: str = FILE) -> CsvDirectorySource:
    (directory / name).write_bytes(data)
    return CsvDirectorySource(directory)


def read(tmp_path: Path, body: bytes, header: bytes = HEADER) -> list:
    return list(write(tmp_path, header + body).rows(FILE, COLUMNS))


def problems(rows) -> dict[int, str]:
    return {r.row: r.problem for r in rows if r.problem}


def test_reads_bom_crlf_and_quoted_newlines(tmp_path):
    source = write(
        tmp_path,
        b"\xef\xbb\xbfproduct_category_name,product_category_name_english\r\n"
        b'beleza_saude,health_beauty\r\n"cama, mesa","bed\r\ntable"\r\n',
    )
    rows = list(source.rows(FILE, COLUMNS))
    assert [r.row for r in rows] == [1, 2]
    assert rows[1].values == {
        "product_category_name": "cama, mesa",
        "product_category_name_english": "bed\r\ntable",
    }
    assert problems(rows) == {}


def test_a_bom_before_a_quoted_header_is_not_part_of_the_first_column(tmp_path):
    source = write(
        tmp_path,
        b'\xef\xbb\xbf"product_category_name","product_category_name_english"\nbebes,baby\n',
    )
    assert source.check(FILE, COLUMNS) == COLUMNS
    assert next(source.rows(FILE, COLUMNS)).values["product_category_name"] == "bebes"


def test_reads_gzip_when_the_plain_file_is_absent(tmp_path):
    (tmp_path / f"{FILE}.gz").write_bytes(
        gzip.compress(
            "product_category_name,product_category_name_english\nutilidades_domésticas,housewares\n".encode()
        )
    )
    rows = list(CsvDirectorySource(tmp_path).rows(FILE, COLUMNS))
    assert rows[0].values["product_category_name"] == "utilidades_domésticas"


def test_columns_are_found_by_name_and_blank_lines_are_no_rows(tmp_path):
    rows = read(
        tmp_path,
        b"toys,brinquedos\n\nbooks,livros\n",
        header=b"product_category_name_english,product_category_name\n",
    )
    assert [(r.row, r.values["product_category_name"]) for r in rows] == [
        (1, "brinquedos"),
        (2, "livros"),
    ]


def test_a_row_with_too_many_fields_has_a_problem_and_the_rest_loads(tmp_path):
    rows = read(tmp_path, b"toys,brinquedos\nbooks,livros,surplus\nbaby,bebes\n")
    assert problems(rows) == {2: "line 3: too many fields (3, the header has 2)"}
    assert rows[1].values == {
        "product_category_name": "books",
        "product_category_name_english": "livros",
    }
    assert len(rows) == 3


def test_a_row_with_too_few_fields_has_a_problem_even_if_the_missing_value_may_be_empty(tmp_path):
    rows = read(tmp_path, b"toys,brinquedos\nbooks\n")
    assert problems(rows) == {2: "line 3: too few fields (1, the header has 2)"}
    assert rows[1].values["product_category_name_english"] is None


def test_an_unbalanced_quote_costs_its_own_line_only(tmp_path):
    rows = read(
        tmp_path, b'toys,brinquedos\nbooks,"livros\nbaby,bebes\n"cama, mesa",bed\naudio,audio\n'
    )
    assert problems(rows) == {
        2: "line 3: unbalanced quote: a quoted field opens on this line and never closes"
    }
    assert [r.values["product_category_name"] for r in rows] == [
        "toys",
        "books",
        "baby",
        "cama, mesa",
        "audio",
    ]
    assert [r.row for r in rows] == [1, 2, 3, 4, 5]


def test_an_unbalanced_quote_on_the_last_line_is_a_problem_not_a_swallowed_file(tmp_path):
    rows = read(tmp_path, b'toys,brinquedos\nbooks,"livros')
    assert problems(rows) == {
        2: "line 3: unbalanced quote: a quoted field opens on this line and never closes"
    }


def test_a_quote_in_the_wrong_place_is_a_malformed_line(tmp_path):
    rows = read(tmp_path, b'toys,brinquedos\n"books"x,livros\nbaby,bebes\n')
    assert list(problems(rows).values()) == ["line 3: malformed CSV: ',' expected after '\"'"]
    assert len(rows) == 3


def test_a_byte_that_is_not_utf8_is_a_problem_of_that_row_only(tmp_path):
    rows = read(tmp_path, b"toys,brinquedos\ncaf\xe9,coffee\nbaby,beb\xc3\xaas\n")
    assert problems(rows) == {2: "line 3, column product_category_name: not UTF-8 at byte 4 (0xe9)"}
    assert rows[1].values["product_category_name"] == "caf\ufffd"  # what quarantine keeps
    assert rows[2].values["product_category_name_english"] == "bebês"


def test_the_byte_position_counts_bytes_on_the_line_of_the_bad_byte(tmp_path):
    rows = read(tmp_path, b'"caf\xc3\xa9\ncom leite","milky \xff"\n')
    assert problems(rows) == {
        1: "line 3, column product_category_name_english: not UTF-8 at byte 19 (0xff)"
    }


def test_a_nul_character_is_a_problem_of_that_row(tmp_path):
    rows = read(tmp_path, b"to\x00ys,brinquedos\nbaby,bebes\n")
    assert problems(rows) == {1: "line 2, column product_category_name: NUL character at byte 3"}
    assert rows[0].values["product_category_name"] == "to\ufffdys"


def test_a_huge_field_is_a_problem_and_its_value_is_cut(tmp_path):
    huge = b"x" * (FIELD_LIMIT + 1)
    rows = read(tmp_path, b"toys,brinquedos\nbooks," + huge + b"\nbaby,bebes\n")
    assert problems(rows) == {
        2: f"line 3, column product_category_name_english: field of"
        f" {FIELD_LIMIT + 1:,} bytes, more than the limit of"
        f" {FIELD_LIMIT:,} bytes"
    }
    assert len(rows[1].values["product_category_name_english"]) < 2000
    assert len(rows) == 3


def test_a_huge_quoted_field_over_many_lines_is_one_row(tmp_path):
    huge = b'"' + b"linha\n" * (FIELD_LIMIT // 6 + 1) + b'"'
    rows = read(tmp_path, b"books," + huge + b"\nbaby,bebes\n")
    assert list(problems(rows)) == [1]
    assert "more than the limit" in rows[0].problem
    assert [r.row for r in rows] == [1, 2]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "product_category_name_translation.csv: empty file"),
        (b"\n", "line 1: header: empty line"),
        (
            b"product_category_name\nx\n",
            "line 1: missing columns ['product_category_name_english']",
        ),
        (
            b"product_category_name,product_category_nam\xe9_english\nx,y\n",
            "line 1: header: not UTF-8 at byte 43 (0xe9)",
        ),
        (
            b"product_category_name,product_category_name_english,product_category_name\n",
            "line 1: duplicate columns ['product_category_name']",
        ),
    ],
)
def test_unreadable_files_fail_with_file_line_and_reason_on_check_and_on_read(
    tmp_path, data, message
):
    source = write(tmp_path, data)
    with pytest.raises(SourceError, match=re.escape(message)):
        source.check(FILE, COLUMNS)
    with pytest.raises(SourceError, match=re.escape(message)):
        list(source.rows(FILE, COLUMNS))


def test_a_truncated_gzip_is_a_clear_error(tmp_path):
    data = gzip.compress(HEADER + b"toys,brinquedos\n" * 50_000)
    (tmp_path / f"{FILE}.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match=re.escape(f"{FILE}: line ")):
        list(CsvDirectorySource(tmp_path).rows(FILE, COLUMNS))


def test_a_missing_file_or_directory_is_a_clear_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        list(CsvDirectorySource(tmp_path).rows(FILE, COLUMNS))
    with pytest.raises(SourceError, match="not found"):
        CsvDirectorySource(tmp_path).check(FILE, COLUMNS)
    with pytest.raises(SourceError, match="does not exist"):
        CsvDirectorySource(tmp_path / "nope")


def test_check_returns_the_header_without_reading_the_rows(tmp_path):
    source = write(tmp_path, HEADER + b'books,"livros\n' + b"\xff" * 10)
    assert source.check(FILE, COLUMNS) == COLUMNS


def test_the_load_checks_every_header_first_and_lists_every_unreadable_file(tmp_path):
    write(tmp_path, b"")
    write(tmp_path, b"seller_id,seller_city\n1,x\n", name=SELLERS.name)
    with pytest.raises(SourceError) as refused:
        check_source(CsvDirectorySource(tmp_path), (CATEGORY_TRANSLATIONS, SELLERS))
    message = str(refused.value)
    assert "nothing was staged" in message
    assert f"{FILE}: empty file" in message
    assert (
        f"{SELLERS.name}: line 1: missing columns ['seller_zip_code_prefix', 'seller_state']"
    ) in message


def test_unknown_columns_are_ignored_with_a_warning(tmp_path):
    source = write(
        tmp_path, b"product_category_name,note,product_category_name_english\nbebes,fofo,baby\n"
    )
    assert check_source(source, (CATEGORY_TRANSLATIONS,)) == [
        f"{FILE}: unknown columns ['note'] ignored"
    ]
    (row,) = source.rows(FILE, COLUMNS)
    assert row.problem is None and row.values == {
        "product_category_name": "bebes",
        "product_category_name_english": "baby",
    }


def test_a_context_quarantines_a_row_with_a_problem_with_that_reason_unvalidated(tmp_path):
    rows = read(tmp_path, b"toys,brinquedos\nbooks,livros,surplus\n")
    batch = ImportBatch.model_validate(
        {
            "source_file": FILE,
            "rows": [{"row": r.row, "values": r.values, "problem": r.problem} for r in rows],
        }
    )
    accepted, rejected = parse_batch(
        MAPPINGS["category_translations"],
        batch,
        personal_data_of("a test key of thirty-two characters", TextKeys.new_key_setting("t")),
    )
    assert [a.row for a in accepted] == [1]
    assert [(r.source_file, r.source_row, r.reason) for r in rejected] == [
        (FILE, 2, "line 3: too many fields (3, the header has 2)")
    ]
