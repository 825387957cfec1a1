"""The guide loader: front matter, placeholders, sanitizing, table of contents."""
import shutil
from pathlib import Path

import pytest

from blueprints.core.content import ContentError
from blueprints.core.figures import load_figures
from blueprints.guides.articles import load_guides

ROOT = Path(__file__).resolve().parent.parent

GOOD = """---
title: Contoh panduan
summary: Ringkasan singkat.
category: persiapan
order: 9
updated: 2026-11-01
sources:
  - title: Sumber contoh
    url: https://www.bpjs-kesehatan.go.id/
    checked: 2026-11-01
---
Iuran Kelas I {{ iuran.kelas_1 }}.

## Bagian pertama

Isi.

## Bagian kedua

Isi lagi.
"""


@pytest.fixture
def content_dir(tmp_path):
    """A copy of the repository's content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def guides_in(root):
    return load_guides(root, load_figures(root / "data" / "figures.yml"))


def write_guide(content_dir, text, slug="contoh"):
    path = content_dir / "guides" / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_guides_load():
    guides = guides_in(ROOT / "content")
    assert len(guides.published()) >= 8
    assert {c.slug for c, _ in guides.by_category()} == {c.slug for c in guides.categories}


def test_a_guide_is_rendered_with_figures_and_a_table_of_contents(content_dir):
    write_guide(content_dir, GOOD)
    guide = guides_in(content_dir).by_slug["contoh"]
    assert "Rp150.000" in guide.html
    assert [h.title for h in guide.toc] == ["Bagian pertama", "Bagian kedua"]
    assert 'id="bagian-pertama"' in guide.html
    assert guide.sources[0].url == "https://www.bpjs-kesehatan.go.id/"


@pytest.mark.parametrize("text, message, line", [
    ("title: tanpa pembatas\n", "diawali baris '---'", 1),
    ("---\ntitle: belum ditutup\n", "belum ditutup", 1),
    ("---\ntitle: [rusak\nsummary: x\n---\nisi\n", "tidak valid", 2),  # the line where the broken value starts
    (GOOD.replace("summary: Ringkasan singkat.\n", ""), "'summary' belum diisi", 2),
    (GOOD.replace("order: 9", "order: sembilan"), "'order' harus berisi bilangan bulat", 5),
    (GOOD.replace("updated: 2026-11-01", "updated: kemarin"), "tanggal", 6),
    (GOOD.replace("category: persiapan", "category: lainnya"), "kategori 'lainnya' tidak dikenal", 4),
    (GOOD.replace("{{ iuran.kelas_1 }}", "{{ iuran.kelas_7 }}"), "iuran.kelas_7", 12),
    (GOOD.replace("https://www.bpjs-kesehatan.go.id/", "javascript:alert(1)"), "url sumber", 7),
])
def test_bad_guides_are_reported_with_file_and_line(content_dir, text, message, line):
    path = write_guide(content_dir, text)
    with pytest.raises(ContentError) as error:
        guides_in(content_dir)
    assert message in error.value.message
    assert error.value.path == path
    assert error.value.line == line


def test_unsafe_html_in_markdown_is_removed(content_dir):
    body = GOOD + (
        '\n<script>alert("x")</script>\n\n'
        '<p onclick="steal()">klik</p>\n\n'
        '[tautan](javascript:alert(1))\n\n'
        '<iframe src="https://example.com"></iframe>\n'
    )
    write_guide(content_dir, body)
    html = guides_in(content_dir).by_slug["contoh"].html
    for unsafe in ("<script", "alert(", "onclick", "javascript:", "<iframe"):
        assert unsafe not in html
    assert "klik" in html and "tautan" in html


def test_admonitions_and_tables_render(content_dir):
    write_guide(content_dir, GOOD + '\n!!! note "Catatan"\n    Isi catatan.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n')
    html = guides_in(content_dir).by_slug["contoh"].html
    assert '<div class="admonition note">' in html
    assert "<table>" in html and "<td>2</td>" in html


def test_drafts_are_loaded_but_not_published_or_searchable(content_dir):
    write_guide(content_dir, GOOD.replace("order: 9", "order: 9\ndraft: true").replace(
        "Ringkasan singkat.", "Zebrakuda rahasia."))
    guides = guides_in(content_dir)
    assert guides.by_slug["contoh"].draft
    assert guides.by_slug["contoh"] not in guides.published()
    assert guides.search("zebrakuda") == []


def test_neighbours_are_the_previous_and_next_guides_in_the_category():
    guides = guides_in(ROOT / "content")
    in_order = guides.published("aktivasi")
    previous, following = guides.neighbours(in_order[1])
    assert previous == in_order[0] and following == in_order[2]
    assert guides.neighbours(in_order[0])[0] is None
    assert guides.neighbours(in_order[-1])[1] is None


def test_plain_text_keeps_paragraphs_whole_and_blocks_apart(content_dir):
    write_guide(content_dir, GOOD.replace("Iuran Kelas I", "Baris pertama\nmasih kalimat yang sama. Iuran Kelas I"))
    lines = guides_in(content_dir).by_slug["contoh"].text.splitlines()
    assert lines[0].startswith("Baris pertama masih kalimat yang sama.")
    assert "Bagian pertama" in lines
