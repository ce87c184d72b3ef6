"""Every SQL example of README.md's "Questions analysts can answer", run as the analyst
role against a warehouse loaded from a generated extract, and checked against the answer
computed independently from the source CSV files (tests/e2e/analyst_answers.py; the real
data set gets the same check in test_real_olist.py)."""

from __future__ import annotations

import psycopg
import pytest

from olist_dw.loading import load
from tests.e2e.analyst_answers import EXPECTED, Source, answer_of, readme_queries

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warehouse(start_stack, synthetic_source):
    stack = start_stack()
    load(stack, synthetic_source)
    return stack, Source(synthetic_source)


def test_the_readme_has_the_questions_this_test_checks():
    assert set(readme_queries()) == set(EXPECTED)


@pytest.mark.parametrize("question", sorted(EXPECTED, key=lambda q: int(q[1:])))
def test_each_readme_question_matches_the_source_files(warehouse, question):
    stack, source = warehouse
    with psycopg.connect(stack.database_url("olist_analyst")) as connection:
        assert answer_of(connection, question) == EXPECTED[question](source)
