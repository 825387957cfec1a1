"""Editors' workflow: drafts and preview, provenance, the edit link, sitemap and feed, new guides."""
import datetime
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from blueprints.core import clock
from blueprints.guides.articles import last_changed
from tests.conftest import bump, make_app

ROOT = Path(__file__).resolve().parent.parent
DRAFT = """---
title: Panduan rahasia zebrakuda
summary: Belum terbit.
category: bantuan
order: 9
draft: true
---
Isi draf.
"""


@pytest.fixture
def editor_app(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "guides" / "draf.md").write_text(DRAFT, encoding="utf-8")
    app, cleanup = make_app(tmp_path, CONTENT_DIR=content, CONTENT_PREVIEW_TOKEN="rahasia-editor",
                            CONTENT_EDIT_URL="https://git.example/edit/main/{path}")
    yield app
    cleanup()


def test_a_draft_is_hidden_from_index_search_sitemap_and_feed(editor_app):
    client = editor_app.test_client()
    assert client.get("/panduan/draf").status_code == 404
    assert "zebrakuda" not in client.get("/panduan/").get_data(as_text=True)
    assert "Belum ada panduan" in client.get("/cari?q=zebrakuda").get_data(as_text=True)
    assert "/panduan/draf" not in client.get("/sitemap.xml").get_data(as_text=True)
    assert "/panduan/draf" not in client.get("/panduan/terbaru.atom").get_data(as_text=True)


def test_a_draft_is_previewable_with_the_token_and_never_cached(editor_app):
    client = editor_app.test_client()
    assert client.get("/panduan/draf?pratinjau=salah").status_code == 404
    response = client.get("/panduan/draf?pratinjau=rahasia-editor")
    assert response.status_code == 200 and "Pratinjau" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_make_run_shows_drafts_without_a_token(editor_app):
    editor_app.config["CONTENT_PREVIEW_ALL"] = True  # what `make run` sets
    response = editor_app.test_client().get("/panduan/draf")
    assert response.status_code == 200 and "zebrakuda" in response.get_data(as_text=True)


def test_the_edit_link_names_the_file(editor_app):
    page = editor_app.test_client().get("/panduan/tips-aktivasi-lancar").get_data(as_text=True)
    assert 'href="https://git.example/edit/main/content/guides/tips-aktivasi-lancar.md">Ubah halaman ini' in page


def test_no_edit_link_without_configuration(client):
    assert "Ubah halaman ini" not in client.get("/panduan/tips-aktivasi-lancar").get_data(as_text=True)


def test_updated_falls_back_to_the_last_commit_then_the_file_date(tmp_path):
    guide = tmp_path / "g.md"
    guide.write_text("x")
    saved_on = datetime.datetime.fromtimestamp(guide.stat().st_mtime, clock.zone()).date()
    assert last_changed(guide) == saved_on  # not a git checkout
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "g.md"], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x",
                    "--date", "2024-05-06T10:00:00"], cwd=tmp_path, check=True,
                   env={"GIT_COMMITTER_DATE": "2024-05-06T10:00:00", "PATH": "/usr/bin:/bin"})
    assert last_changed(guide) == datetime.date(2024, 5, 6)


def test_sitemap_lists_the_published_guides(app, client):
    site = app.config["SITE_URL"].rstrip("/")
    response = client.get("/sitemap.xml", headers={"Host": "evil.example"})  # a forged Host is not used
    tree = ET.fromstring(response.data)
    locations = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{site}/panduan/tunggakan-dan-reaktivasi" in locations and len(locations) >= 24
    assert all(location.startswith(site + "/") for location in locations)
    assert response.mimetype == "application/xml"


def test_feed_is_atom_newest_first(app, client):
    feed = client.get("/panduan/terbaru.atom", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in feed and app.config["SITE_URL"].rstrip("/") + "/panduan/" in feed
    tree = ET.fromstring(feed)
    entries = tree.findall("{http://www.w3.org/2005/Atom}entry")
    updated = [e.find("{http://www.w3.org/2005/Atom}updated").text for e in entries]
    assert entries and updated == sorted(updated, reverse=True)


def test_content_new_creates_a_draft_that_passes_the_check(editor_app):
    runner = editor_app.test_cli_runner()
    result = runner.invoke(args=["content", "new", "Cara Cek Iuran di ATM"])
    path = Path(editor_app.config["CONTENT_DIR"]) / "guides" / "cara-cek-iuran-di-atm.md"
    assert result.exit_code == 0 and path.is_file()
    assert "draft: true" in path.read_text()
    assert runner.invoke(args=["content", "check"]).exit_code == 0
    assert runner.invoke(args=["content", "new", "Cara Cek Iuran di ATM"]).exit_code != 0  # no overwrite
    bump(path)
    assert editor_app.test_client().get("/panduan/cara-cek-iuran-di-atm?pratinjau=rahasia-editor").status_code == 200
