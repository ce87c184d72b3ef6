"""The window of a load, and where "since the last load" resumes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from k8s_operator.specs import warehouse_load_spec
from k8s_operator.windows import (
    LastLoad,
    Window,
    cli_time,
    last_load,
    load_window,
    newest,
    window_of_arguments,
)

JAN, FEB, MAR = (datetime(2018, m, 1, tzinfo=UTC) for m in (1, 2, 3))


def test_the_cli_gets_utc_without_a_zone_as_the_data_s_business_times_are() -> None:
    assert cli_time(datetime(2018, 1, 1, 2, tzinfo=UTC)) == "2018-01-01T02:00:00"
    berlin = datetime(2018, 1, 1, 3, tzinfo=UTC).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Berlin")
    )
    assert cli_time(berlin) == "2018-01-01T03:00:00"
    assert Window(JAN, FEB).arguments() == [
        "--from",
        "2018-01-01T00:00:00",
        "--to",
        "2018-02-01T00:00:00",
    ]
    assert Window(None, FEB).arguments() == ["--to", "2018-02-01T00:00:00"]
    assert Window().arguments() == []


def test_a_load_without_since_last_load_reads_its_own_window() -> None:
    spec = warehouse_load_spec(
        {"source": "/d", "from": "2018-01-01T00:00:00Z", "to": "2018-02-01T00:00:00Z"}
    )
    assert load_window(spec, LastLoad(MAR, window_to=MAR)) == Window(JAN, FEB)


def test_since_last_load_resumes_where_the_last_success_ended() -> None:
    spec = warehouse_load_spec(
        {"source": "/d", "sinceLastLoad": True, "from": "2018-01-01T00:00:00Z"}
    )
    assert load_window(spec, None) == Window(JAN, None)  # the spec's from until a load succeeded
    assert load_window(spec, LastLoad(MAR, window_to=FEB)) == Window(FEB, None)
    # no upper bound: resume at the start of that load's Job (overlap rather than a gap)
    assert load_window(spec, LastLoad(MAR, start_time=FEB)) == Window(FEB, None)
    assert load_window(spec, LastLoad(MAR)) == Window(MAR, None)


def test_the_last_load_survives_the_status_round_trip() -> None:
    load = LastLoad(MAR, FEB, "load-1", JAN, FEB)
    assert last_load({"lastSuccessfulLoad": load.record()}) == load
    assert last_load({}) is None
    assert last_load({"lastSuccessfulLoad": {"completionTime": "garbage"}}) is None
    assert last_load({"lastSuccessfulLoad": {"loadId": "x"}}) is None


def test_the_newest_load_is_the_last_to_complete() -> None:
    older, newer = LastLoad(JAN), LastLoad(JAN + timedelta(days=1))
    assert newest([None, newer, older]) == newer
    assert newest([None]) is None


def test_a_job_s_arguments_give_back_its_window() -> None:
    arguments = [
        "olist-dw",
        "load",
        "--source",
        "/d",
        *Window(JAN, FEB).arguments(),
        "--summary-file",
        "x",
    ]
    assert window_of_arguments(arguments) == Window(JAN, FEB)
    assert window_of_arguments(["olist-dw", "load", "--from", "soon"]) == Window()
