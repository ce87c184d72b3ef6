"""The load plan reads the nine Olist files as olist_files.py defines them: every file it
names is one of the nine, every column it reads is a column of that file, and every file
is read by some context."""

from services.loader.domain.olist_files import OLIST_FILES, columns_of
from services.loader.domain.plan import LOAD_PLAN


def test_every_planned_column_is_a_column_of_its_file():
    for source_file in LOAD_PLAN:
        assert source_file.name in OLIST_FILES, source_file.name
        missing = set(source_file.columns) - set(columns_of(source_file.name))
        assert not missing, f"{source_file.name} has no column {sorted(missing)}"


def test_every_one_of_the_nine_files_is_loaded():
    assert {source_file.name for source_file in LOAD_PLAN} == set(OLIST_FILES)
