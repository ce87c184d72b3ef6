"""Whether a process the runtime started is still alive, as `down` and the supervisors see
it: an ended process whose parent has not reaped it yet is not."""

from __future__ import annotations

import subprocess

from olist_dw.runtime.processes import is_alive, wait_until


def test_an_ended_process_not_yet_reaped_by_its_parent_is_not_alive():
    # the grandchild ends at once; its parent (exec'd into sleep) never reaps it
    parent = subprocess.Popen(
        ["sh", "-c", "sleep 0.1 & echo $!; exec sleep 5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        grandchild = int(parent.stdout.readline())
        assert is_alive(grandchild)
        wait_until(lambda: not is_alive(grandchild), 3, "the grandchild to be seen as ended")
        with open(f"/proc/{grandchild}/stat") as stat:
            assert stat.read().rsplit(")", 1)[-1].split()[0] == "Z"  # still there, a zombie
        assert is_alive(parent.pid)
    finally:
        parent.kill()
        parent.wait()
