"""Loading the whole history as daily event-time windows, in order, each window an
incremental load of the rows it is about, gives the warehouse of one full load."""

from __future__ import annotations

import pytest

from olist_dw import synth
from olist_dw.loading import load, replay
from services.reporting.adapters.warehouse_reads import checksums as dw_checksums

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def small_source(tmp_path_factory):
    directory = tmp_path_factory.mktemp("daily")
    synth.generate(directory, orders=300, seed=11)
    return directory


def test_daily_windows_in_order_equal_one_full_load(start_stack, small_source):
    full, daily = start_stack(), start_stack()
    load(full, small_source)
    summary = replay(daily, small_source, step_days=1)
    assert dw_checksums(daily.database_url()) == dw_checksums(full.database_url())
    assert summary.windows > 500 and summary.loaded_windows > 300  # two years, day by day
