"""Personal data typed into free text is removed before it is stored."""
import pytest

from blueprints.core.redact import redact


@pytest.mark.parametrize("text", [
    "NIK saya 3171234567890001 tolong dicek",
    "NIK 3171 2345 6789 0001",
    "hubungi 0812-3456-7890",
    "hubungi +62 812 3456 7890",
    "kartu 0001944358911",
    "rekening 123.456.7890",
    "NIK 3171/0117/0890/0001",
    "NIK 3171 - 0117 - 0890 - 0001",
    "wa 0812_3456_7890",
    "rekening 3,171,234,567",
    "nomor 3171 , 2345 , 6789",
    "email saya budi.santoso@contoh.co.id ya",
])
def test_personal_data_is_removed(text):
    cleaned, changed = redact(text)
    assert changed
    assert "[dihapus]" in cleaned
    assert "@" not in cleaned
    for run in ("3171", "3456", "0001944358911", "budi"):
        assert run not in cleaned


@pytest.mark.parametrize("text", [
    "Iuran kelas 3 Rp35.000 per bulan, bayar sebelum tanggal 10.",
    "Saya menunggak 24 bulan sejak 2023.",
    "Telepon 165 sangat membantu",
])
def test_ordinary_text_is_kept(text):
    assert redact(text) == (text, False)
