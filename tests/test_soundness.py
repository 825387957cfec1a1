"""Editors cannot break the site: what the pages need of the content (the figures the code names,
the checklist's links and guides) is checked by `flask content check` with the site's own
loader, a snapshot that fails it is never swapped in, and every `flask` command still runs on a
broken tree."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from blueprints.core.soundness import USED_FIGURES
from blueprints.guides.check import check_content
from tests.conftest import bump, make_app
from tests.test_content_check import TODAY, replace

ROOT = Path(__file__).resolve().parent.parent
NAMED = re.compile(r"""figures?\s*(?:\(|\[)\s*["']([a-z_]+\.[a-z0-9_]+)["']""")


def test_every_figure_the_code_or_a_template_names_is_declared():
    named = set()
    for folder, pattern in (("templates", "**/*.html"), ("blueprints", "**/*.py")):
        for path in (ROOT / folder).glob(pattern):
            named |= set(NAMED.findall(path.read_text(encoding="utf-8")))
    assert named and named <= USED_FIGURES, sorted(named - USED_FIGURES)


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


BREAKAGES = {
    "a figure the pages use, deleted": (
        "data/figures.yml", "  mobile_jkn:", "  mobile_jkn_lama:", "'kontak.mobile_jkn' dipakai situs"),
    "a checklist link to no page": ("checklists/belum-aktif.yml", "link: apply.start", "link: apply.strat",
                                    "link 'apply.strat' bukan halaman situs"),
    "a checklist guide that does not exist": (
        "checklists/belum-aktif.yml", "guide: tips-aktivasi-lancar", "guide: tips-aktivasi-lancr",
        "panduan 'tips-aktivasi-lancr' tidak ada"),
    "a broken search.yml": ("data/search.yml", "synonyms:", "synonyms: [", "search.yml"),
}


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_each_breakage_is_an_error_of_the_check_and_never_goes_live(tmp_path, content, case):
    name, old, new, said = BREAKAGES[case]
    app, cleanup = make_app(tmp_path, CONTENT_DIR=content, CONTENT_CHECK_INTERVAL=0)
    client = app.test_client()
    try:
        assert client.get("/bantuan/belum-aktif/kategori").status_code == 200
        replace(content / name, old, new)
        bump(content / name)
        errors, _warnings = check_content(content, app.url_map, ROOT / "static", TODAY)
        assert any(said in str(error) for error in errors), [str(e) for e in errors]
        for path in ("/", "/panduan/", "/daftar/", "/bantuan/belum-aktif/kategori"):  # the last good version
            assert client.get(path).status_code == 200, path
    finally:
        cleanup()


def flask(content: Path, *args) -> subprocess.CompletedProcess:
    env = os.environ | {"CONTENT_DIR": str(content), "DATABASE_URL": f"sqlite:///{content.parent / 'db.sqlite3'}",
                        "FLASK_APP": "app:create_app"}
    return subprocess.run([str(ROOT / ".venv/bin/flask"), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_every_flask_command_runs_on_a_broken_tree(content):
    replace(content / "data" / "figures.yml", "  mobile_jkn:", "  mobile_jkn_lama:")
    checked = flask(content, "content", "check")
    assert checked.returncode == 1 and "'kontak.mobile_jkn' dipakai situs" in checked.stdout, checked.stderr
    assert "Traceback" not in checked.stderr
    upgraded = flask(content, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert flask(content, "data", "purge").returncode == 0


def test_a_new_guide_s_front_matter_is_valid_for_any_title(tmp_path, content):
    app, cleanup = make_app(tmp_path, CONTENT_DIR=content)
    try:
        made = app.test_cli_runner().invoke(args=["content", "new", "Iuran: cara bayar #1 'mudah'"])
        assert made.exit_code == 0, made.output
        (path,) = [p for p in (content / "guides").glob("iuran*.md")]
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert front["title"] == "Iuran: cara bayar #1 'mudah'" and front["draft"] is True
        errors, _warnings = check_content(content, app.url_map, ROOT / "static", TODAY)
        assert not [e for e in errors if path.name in str(e)], [str(e) for e in errors]
    finally:
        cleanup()
