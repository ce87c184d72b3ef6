"""The rules of backups that need no server: retention said briefly, as Barman's policy;
what a verification reports of a copy that differs from its checkpoint."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from olist_dw.backup.barman import render_config
from olist_dw.backup.checkpoint import Checkpoint
from olist_dw.backup.operations import backup_name, differences
from olist_dw.backup.retention import RetentionInvalid, retention_policy
from olist_dw.backup.settings import BackupSettings
from olist_dw.backup.streaming import RecoverableUntil, lsn


@pytest.mark.parametrize(
    ("said", "policy"),
    [
        ("7d", "RECOVERY WINDOW OF 7 DAYS"),
        ("4W", "RECOVERY WINDOW OF 4 WEEKS"),
        (" 6m ", "RECOVERY WINDOW OF 6 MONTHS"),
        ("3", "REDUNDANCY 3"),
    ],
)
def test_retention_is_a_window_or_a_count(said, policy):
    assert retention_policy(said) == policy


@pytest.mark.parametrize("said", ["0", "0d", "7 days", "-1", "", "1y"])
def test_a_retention_barman_cannot_take_is_refused_with_examples(said):
    with pytest.raises(RetentionInvalid, match=r"e\.g\. 7d"):
        retention_policy(said)


def test_a_copy_is_compared_table_by_table_with_its_checkpoint():
    checkpoint = Checkpoint(
        "c1",
        datetime(2026, 12, 7, tzinfo=UTC),
        {"sales.order": "10:99", "dw.fact_order": "10:5", "dw.gone": "1:1", "sales.same": "2:2"},
    )
    found = {"sales.order": "10:98", "dw.fact_order": "9:4", "sales.same": "2:2", "dw.new": "0:0"}

    assert differences(checkpoint, found) == [
        "dw.gone: missing",
        "dw.new: not in checkpoint",
        "dw.fact_order: 10 rows at the checkpoint, 9 now",
        "sales.order: 10 rows at the checkpoint, 10 now (other contents)",
    ]


def test_the_barman_configuration_streams_wal_and_keeps_the_retention(tmp_path):
    settings = BackupSettings(tmp_path, "host=127.0.0.1 port=5 user=postgres password=a%b", "7d")

    config = render_config(settings, "olistdw")

    assert "streaming_archiver = on" in config and "backup_method = postgres" in config
    assert "retention_policy = RECOVERY WINDOW OF 7 DAYS" in config
    assert "password=a%%b" in config  # configparser would read a bare % as interpolation


def test_backup_names_sort_by_time():
    earlier = backup_name(datetime(2026, 12, 7, 3, 0, tzinfo=UTC))
    later = backup_name(datetime(2026, 12, 7, 3, 0, 0, 1, tzinfo=UTC))
    assert earlier < later


def test_a_wal_position_reads_as_a_number_in_order():
    assert lsn("0/16B3748") == 0x16B3748
    assert lsn("1/0") == 1 << 32
    assert lsn("16/B374D848") > lsn("15/FFFFFFFF")


def test_the_recoverable_point_is_the_newest_sample_the_receiver_has_written_past():
    until = RecoverableUntil()
    at = [datetime(2026, 12, 7, 9, 0, second, tzinfo=UTC) for second in range(4)]

    until.observe(at[0], 100, written=None)  # not streaming yet
    until.observe(at[1], 200, written=90)  # behind both samples
    assert until.moment is None
    until.observe(at[2], 300, written=250)  # past the first two
    assert until.moment == at[1]
    until.observe(at[3], 300, written=300)  # caught up
    assert until.moment == at[3]
    until.observe(datetime(2026, 12, 7, 9, 0, 9, tzinfo=UTC), 500, written=None)
    assert until.moment == at[3]  # a receiver gone keeps the point it reached
