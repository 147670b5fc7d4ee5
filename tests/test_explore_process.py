"""`innokg explore` as a real process: a signal to it stops its Streamlit server too."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

INNOKG = Path(sys.executable).with_name("innokg")
# A guard against a hung start, not a measurement: Streamlit starts in seconds.
START_GUARD_SECONDS = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
            return r.status == 200
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_explore_stops_streamlit_and_waits_for_it(sig, built_store, tmp_path):
    port = _free_port()
    log = (tmp_path / "explore.log").open("w+")
    proc = subprocess.Popen([str(INNOKG), "explore", "--store", str(built_store.path), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    streamlit: list[int] = []
    try:
        deadline = time.monotonic() + START_GUARD_SECONDS
        while not (streamlit and _healthy(port)):
            assert proc.poll() is None, "innokg explore ended before its server was up"
            assert time.monotonic() < deadline, "the explorer did not start"
            streamlit = streamlit or _children(proc.pid)
            time.sleep(0.2)
        proc.send_signal(sig)
        assert proc.wait() == 0
        # innokg returned only once Streamlit had ended, and Streamlit stopped cleanly.
        assert not any(_alive(pid) for pid in streamlit)
        assert not _healthy(port)
        log.seek(0)
        assert "Stopping..." in log.read()
    finally:
        for pid in [*streamlit, proc.pid]:
            if _alive(pid):
                subprocess.run(["kill", "-KILL", str(pid)], check=False)
        proc.wait()
        log.close()
