"""`make run`'s server: `flask dev` serves the site and restarts when a Python file changes, with
Werkzeug's stat reloader (its watchdog one overflowed inotify's queue without end)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests import served
from tests.conftest import ROOT

FLASK = Path(sys.executable).parent / "flask"


def test_flask_dev_serves_the_site_with_the_stat_reloader(tmp_path):
    port = served.free_port()
    log = tmp_path / "dev.log"
    env = os.environ | served.keys() | {"FLASK_APP": "app:create_app", "UPLOAD_DIR": str(tmp_path / "up"),
                                        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}", "REDIS_URL": ""}
    with log.open("w") as output:
        process = subprocess.Popen([str(FLASK), "dev", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                                   env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/panduan/", timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(log.read_text()[-3000:])
                time.sleep(0.2)
        assert response.status_code == 200
        assert "Restarting with stat" in log.read_text()
        assert "overflow" not in log.read_text().lower()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
