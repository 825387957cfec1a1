"""Figures: loading with sources, Indonesian formatting, placeholders."""
import datetime
from pathlib import Path

import pytest

from blueprints.core.content import ContentError
from blueprints.core.figures import format_value, load_figures, parse_figures, substitute

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "content" / "data" / "figures.yml"


def figure(**fields):
    spec = {"label": "Iuran", "value": 150000, "type": "rupiah",
            "source": {"title": "Perpres 63/2022"}, "checked": datetime.date(2025, 1, 3)}
    return spec | fields


def test_repository_figures_load_and_each_has_a_source_and_date():
    figures = load_figures(FIGURES)
    assert figures["iuran.kelas_1"].formatted() == "Rp150.000"
    for fig in figures.values():
        assert fig.source and isinstance(fig.checked, datetime.date)


def test_rupiah_and_dates_are_formatted_the_indonesian_way():
    assert format_value(30_000_000, "rupiah") == "Rp30.000.000"
    assert format_value(datetime.date(2026, 11, 10), "date") == "10 November 2026"
    assert format_value(5, "percent") == "5%"
    assert format_value(24, "months") == "24 bulan"


def test_opening_hours_are_formatted_with_day_names_and_zone():
    figures = parse_figures({"kontak": {"jam": figure(type="hours", value={
        "days": ["senin", "selasa", "rabu", "kamis", "jumat"], "opens": "08:00", "closes": "15:00"})}},
        Path("f.yml"))
    assert figures["kontak.jam"].formatted() == "Senin–Jumat, 08.00–15.00 waktu setempat"  # each office's own
    in_jakarta = parse_figures({"kontak": {"jam": figure(type="hours", value={
        "days": ["senin"], "opens": "08:00", "closes": "15:00", "timezone": "Asia/Jakarta"})}}, Path("f.yml"))
    assert in_jakarta["kontak.jam"].formatted() == "Senin, 08.00–15.00 WIB"
    with pytest.raises(ContentError, match="timezone 'WIB' tidak dikenal"):
        parse_figures({"kontak": {"jam": figure(type="hours", value={
            "days": ["senin"], "opens": "08:00", "closes": "15:00", "timezone": "WIB"})}}, Path("f.yml"))


def test_derived_figures_follow_their_inputs():
    figures = load_figures(FIGURES)
    expected = figures["iuran.kelas_3"].value - figures["iuran.subsidi_kelas_3"].value
    assert figures["iuran.kelas_3_peserta"].value == expected
    assert figures["contoh.denda_2_hasil"].value == figures["denda.batas"].value


@pytest.mark.parametrize("spec, message", [
    (figure(source=None) | {"source": {}}, "source"),
    ({k: v for k, v in figure().items() if k != "checked"}, "checked"),
    (figure(type="uang"), "type 'uang'"),
    (figure(value="Rp150.000"), "value harus angka"),
    (figure(checked="kemarin"), "TTTT-BB-HH"),
])
def test_a_figure_without_what_it_needs_is_an_error(spec, message):
    with pytest.raises(ContentError, match=message):
        parse_figures({"iuran": {"kelas_1": spec}}, Path("figures.yml"))


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "figures.yml"
    path.write_text("iuran:\n  kelas_1:\n    label: [tidak ditutup\n")
    with pytest.raises(ContentError) as error:
        load_figures(path)
    assert error.value.line is not None and error.value.path == path


def test_placeholders_are_replaced():
    figures = parse_figures({"iuran": {"kelas_1": figure()}}, Path("f.yml"))
    assert substitute("Iuran {{ iuran.kelas_1 }} per bulan", figures, Path("g.md")) == "Iuran Rp150.000 per bulan"


def test_unknown_placeholder_is_an_error_with_its_line():
    figures = parse_figures({"iuran": {"kelas_1": figure()}}, Path("f.yml"))
    with pytest.raises(ContentError) as error:
        substitute("baris satu\nbaris dua {{ iuran.kelas_9 }}", figures, Path("g.md"), first_line=10)
    assert error.value.line == 11
    assert "iuran.kelas_9" in error.value.message


def test_unconfirmed_figures_say_so_wherever_they_appear():
    figures = parse_figures({"masa": {"tunggu": figure(type="days", value=14, unconfirmed=True)}}, Path("f.yml"))
    assert substitute("{{ masa.tunggu }}", figures, Path("g.md")) == "14 hari (belum dipastikan)"
