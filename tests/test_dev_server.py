"""`make run`'s server: `flask dev` serves the site and restarts when a Python file changes, with
Werkzeug's stat reloader (its watchdog one overflowed inotify's queue without end)."""
import os
import subprocess
import sys
from pathlib import Path

from tests import served
from tests.conftest import ROOT

FLASK = Path(sys.executable).parent / "flask"


def test_flask_dev_serves_the_site_with_the_stat_reloader(tmp_path):
    port = served.free_port()
    env = os.environ | served.keys() | {"FLASK_APP": "app:create_app", "UPLOAD_DIR": str(tmp_path / "up"),
                                        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}", "REDIS_URL": ""}
    log = open(tmp_path / "dev.log", "w")  # noqa: SIM115 - the server writes to it until stop()
    process = subprocess.Popen([str(FLASK), "dev", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = served.Served(process, f"http://127.0.0.1:{port}", log)
    try:
        server.wait_until_serving("/panduan/")
        output = Path(log.name).read_text()
        assert "Restarting with stat" in output
        assert "overflow" not in output.lower()
    finally:
        server.stop()
