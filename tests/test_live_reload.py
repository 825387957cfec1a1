"""Content changes reach every gunicorn worker within about a second, without a restart."""
import shutil
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import served as serving
from tests.conftest import ROOT

NEW_GUIDE = """---
title: Panduan yang baru ditambahkan
summary: Ditambahkan saat situs berjalan.
category: bantuan
order: 5
updated: 2026-11-23
---
Isi panduan baru.
"""


@pytest.fixture
def served(tmp_path):
    """`make serve` with two workers on a copy of content/, each watching it. It waits until a guide
    answers, however long a busy machine takes to preload the content, and fails with the server's log
    if it never does."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    server = serving.start(tmp_path, {"CONTENT_DIR": str(content),
                                      "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                                      "UPLOAD_DIR": str(tmp_path / "up"), "REDIS_URL": "",
                                      "WEB_CONCURRENCY": "2", "RATELIMIT_STORAGE_URI": "memory://", **serving.keys()})
    try:
        server.wait_until_serving("/panduan/")
        yield server.url, content
    finally:
        server.stop()


def fetch_many(url, times=24):
    """Fetch a URL many times at once, so that both workers answer; return (status, body) pairs."""
    def one(_):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, range(times)))


def settle():
    time.sleep(1.0)  # the watcher's 50 ms of quiet and a reload, with room for a busy machine


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
