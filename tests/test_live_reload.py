"""Content changes reach every gunicorn worker within about a second, without a restart."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
NEW_GUIDE = """---
title: Panduan yang baru ditambahkan
summary: Ditambahkan saat situs berjalan.
category: bantuan
order: 5
updated: 2026-11-23
---
Isi panduan baru.
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    port = free_port()
    env = os.environ | {"CONTENT_DIR": str(content), "CONTENT_CHECK_INTERVAL": "1",
                        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "UPLOAD_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    env |= {"HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2", "RATELIMIT_STORAGE_URI": "memory://"}
    server = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "app:create_app()"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/panduan/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, content
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=10)


def fetch_many(url, times=24):
    """Fetch a URL many times at once, so that both workers answer; return (status, body) pairs."""
    def one(_):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, range(times)))


def settle():
    time.sleep(1.3)  # one check interval and a little


def eventually(check, within=5.0):
    """Whether check() holds within a few seconds: with threads, requests that arrive while a worker
    reloads are answered from the snapshot it had, so the last ones see the change a moment later."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_add_change_and_remove_a_guide_under_two_workers(served):
    base, content = served
    assert {status for status, _ in fetch_many(base + "/panduan/baru")} == {404}
    fetch_many(base + "/panduan/tips-aktivasi-lancar")  # both workers cache the old page

    (content / "guides" / "baru.md").write_text(NEW_GUIDE, encoding="utf-8")
    settle()
    assert eventually(lambda: {status for status, _ in fetch_many(base + "/panduan/baru")} == {200})

    tips = content / "guides" / "tips-aktivasi-lancar.md"
    tips.write_text(tips.read_text().replace("title: Tips supaya aktivasi lancar", "title: Tips yang diubah"))
    settle()
    assert eventually(lambda: all("Tips yang diubah" in body
                                  for _, body in fetch_many(base + "/panduan/tips-aktivasi-lancar")))
    assert all("Panduan yang baru ditambahkan" in body for _, body in fetch_many(base + "/cari?q=ditambahkan"))

    (content / "guides" / "baru.md").unlink()
    settle()
    assert eventually(lambda: {status for status, _ in fetch_many(base + "/panduan/baru")} == {404})


def test_a_broken_file_keeps_the_last_good_version_live(served):
    base, content = served
    tips = content / "guides" / "tips-aktivasi-lancar.md"
    tips.write_text("---\ntitle: [rusak\n---\n")
    settle()
    results = fetch_many(base + "/panduan/tips-aktivasi-lancar")
    assert {status for status, _ in results} == {200}
    assert all("Tips supaya aktivasi lancar" in body for _, body in results)
