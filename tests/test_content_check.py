"""`flask content check` on broken copies of the content: each mistake with its file and line."""
import datetime
import shutil
from pathlib import Path

import pytest

from blueprints.core import clock
from blueprints.guides.check import check_content

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def check(app, content):
    return check_content(content, app.url_map, ROOT / "static", TODAY)


def replace(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def only_error(app, content):
    errors, _warnings = check(app, content)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_the_repository_content_has_no_errors(app):
    errors, warnings = check(app, ROOT / "content")
    assert errors == [] and warnings == []  # every source has a deep link, checked within the year


def test_the_command_exits_zero_with_warnings_and_one_with_errors(app, runner, content):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0 and "0 kesalahan" in result.output
    app.config["CONTENT_DIR"] = content
    replace(content / "guides" / "tips-aktivasi-lancar.md", "category: persiapan", "category: lain")
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1 and "tips-aktivasi-lancar.md:4: kategori 'lain' tidak dikenal" in result.output


def test_bad_yaml(app, content):
    guide = content / "guides" / "tips-aktivasi-lancar.md"
    replace(guide, "summary: Untuk Anda", "summary: [Untuk Anda")
    error = only_error(app, content)
    assert error.path == guide and error.line == 3 and "tidak valid" in error.message


def test_missing_field(app, content):
    guide = content / "guides" / "tips-aktivasi-lancar.md"
    replace(guide, "order: 2\n", "")
    error = only_error(app, content)
    assert error.path == guide and "'order' belum diisi" in error.message


def test_bad_file_name_for_a_slug(app, content):
    shutil.copy(content / "guides" / "tips-aktivasi-lancar.md", content / "guides" / "Tips Baru.md")
    error = only_error(app, content)
    assert error.path.name == "Tips Baru.md" and "huruf kecil" in error.message


def test_dead_link_to_a_guide(app, content):
    guide = content / "guides" / "tips-aktivasi-lancar.md"
    replace(guide, "(/panduan/aktivasi-lewat-pandawa)", "(/panduan/pandawa-lama)")
    error = only_error(app, content)
    assert error.path == guide and error.line == line_of(guide, "(/panduan/pandawa-lama)")
    assert "panduan 'pandawa-lama' tidak ada" in error.message


def test_dead_anchor(app, content):
    guide = content / "guides" / "masih-belum-aktif-setelah-bayar.md"
    replace(guide, "(/panduan/dari-pekerja-ke-mandiri-dan-phk)", "(/panduan/dari-pekerja-ke-mandiri-dan-phk#tidak-ada)")
    error = only_error(app, content)
    assert error.line == line_of(guide, "#tidak-ada") and "bagian '#tidak-ada'" in error.message


def test_links_to_the_site_s_own_pages_are_checked(app, content):
    guide = content / "guides" / "masih-belum-aktif-setelah-bayar.md"
    assert check(app, content)[0] == []  # /bantuan/belum-aktif exists
    replace(guide, "(/bantuan/belum-aktif)", "(/bantuan/tidak-ada)")
    assert "halaman yang tidak ada" in only_error(app, content).message


def test_missing_image(app, content):
    guide = content / "guides" / "tips-aktivasi-lancar.md"
    replace(guide, "## 4. HP dan email", "![Contoh foto KTP](/static/img/ktp.png)\n\n## 4. HP dan email")
    error = only_error(app, content)
    assert error.line == line_of(guide, "/static/img/ktp.png") and "gambar" in error.message


def test_unknown_placeholder(app, content):
    guide = content / "guides" / "besar-iuran-per-kelas.md"
    replace(guide, "{{ iuran.kelas_1 }}", "{{ iuran.kelas_satu }}")
    error = only_error(app, content)
    assert error.line == line_of(guide, "iuran.kelas_satu") and "iuran.kelas_satu" in error.message


def test_figure_without_a_source(app, content):
    figures = content / "data" / "figures.yml"
    text = figures.read_text(encoding="utf-8")
    start = text.index("  kelas_1:")
    source = text.index("    source:", start)
    figures.write_text(text[:source] + text[text.index("\n", source) + 1:], encoding="utf-8")
    errors, _ = check(app, content)
    assert errors[0].path == figures and errors[0].line == line_of(figures, "kelas_1:")
    assert "belum punya: source" in errors[0].message


def test_a_source_without_a_url_is_an_error(app, content):
    figures = content / "data" / "figures.yml"
    replace(figures, 'source: {title: "Seblang: Aktifkan Autodebit, Peserta JKN Tak Perlu Khawatir Lupa Bayar Iuran '
                     '(8 Agustus 2025)", url: "https://seblang.com/2025/08/08/aktifkan-autodebit-peserta-jkn-tak-perlu-'
                     'khawatir-lupa-bayar-iuran"}', 'source: {title: "Kata seorang kepala cabang"}')
    guide = content / "guides" / "pindah-faskes.md"
    text = guide.read_text(encoding="utf-8")
    first_url = next(line for line in text.splitlines() if line.strip().startswith("url: "))
    replace(guide, first_url + "\n", "")
    errors, _ = check(app, content)
    assert [(e.path.name, e.line) for e in errors] == [("figures.yml", line_of(figures, " jatuh_tempo:")),
                                                       ("pindah-faskes.md", 8)]
    assert all("sumber tanpa url" in e.message for e in errors)
    assert "'iuran.jatuh_tempo'" in errors[0].message


def test_a_home_page_or_an_old_check_is_a_warning(app, content):
    guide = content / "guides" / "pindah-faskes.md"
    text = guide.read_text(encoding="utf-8")
    first_url = next(line for line in text.splitlines() if line.strip().startswith("url: "))
    replace(guide, first_url, "    url: https://www.bpjs-kesehatan.go.id/")
    errors, warnings = check(app, content)
    assert errors == [] and len(warnings) == 1
    assert warnings[0].path == guide and "hanya halaman depan situs" in warnings[0].message
    _errors, later = check_content(content, app.url_map, ROOT / "static", datetime.date(2027, 12, 3))
    assert any("'kontak.care_center'" in w.message and "lebih dari 365 hari" in w.message for w in later)
    _errors, strict = check_content(content, app.url_map, ROOT / "static", datetime.date(2026, 12, 20),
                                    datetime.timedelta(days=7))
    assert any("lebih dari 7 hari" in w.message for w in strict)


def test_the_age_of_a_source_is_configured(app, runner, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 12, 5))
    assert "0 kesalahan, 0 peringatan" in runner.invoke(args=["content", "check"]).output
    app.config["CONTENT_SOURCE_MAX_AGE_DAYS"] = 1
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0 and "AWAS" in result.output and "lebih dari 1 hari lalu" in result.output


def test_worked_examples_need_no_source(app, content):
    figures = content / "data" / "figures.yml"
    replace(figures, "    example: true\n", "")
    errors, _ = check(app, content)
    assert [e.message for e in errors] == ["'contoh.denda_1_biaya': sumber tanpa url: tulis alamat halaman yang "
                                           "memuat fakta ini"]


def test_checklist_dead_end(app, content):
    checklist = content / "checklists" / "belum-aktif.yml"
    replace(checklist, "        next: ppu_phk", "        next: ppu_hilang")
    error = only_error(app, content)
    assert error.path == checklist and error.line == line_of(checklist, "ppu_masih_bekerja:")
    assert "'ppu_hilang' yang tidak ada" in error.message


def test_bad_faskes_row(app, content):
    faskes = content / "data" / "faskes.csv"
    with faskes.open("a", encoding="utf-8") as f:
        f.write("CONTOH-0001,Puskesmas Ganda,Puskesmas,3171,Jl. Dua\n")
    error = only_error(app, content)
    assert error.path == faskes and error.line == 14 and "dipakai dua kali" in error.message
