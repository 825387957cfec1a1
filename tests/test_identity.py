"""NIK, KK and card numbers: accepted as typed, each mistake with its own message."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blueprints.apply.identity import (
    CheckError,
    check_birth_date,
    check_card_number,
    check_kk,
    check_name,
    check_nik,
    nik_mismatch,
    region_name,
)

NIK_MAN = "3171011708450001"     # Jakarta Selatan, born 17-08-45
NIK_WOMAN = "3171015708450001"   # the same date, day + 40


@pytest.mark.parametrize("typed", [NIK_MAN, "3171 0117 0845 0001", "3171-0117-0845-0001", " 3171.011708450001 "])
def test_nik_accepts_spaces_dashes_and_dots(typed):
    assert check_nik(typed) == NIK_MAN


@pytest.mark.parametrize("typed, message", [
    ("", "Masukkan NIK."),
    (None, "Masukkan NIK."),
    ("317101170845000", "harus 16 angka; yang Anda masukkan 15 angka"),
    ("31710117084500011", "yang Anda masukkan 17 angka"),
    ("3171O11708450001", "hanya berisi angka"),
    ("٣١٧١٠١١٧٠٨٤٥٠٠٠١", "hanya berisi angka"),  # Arabic-Indic digits are not NIK digits
    ("9971011708450001", "Empat angka pertama NIK"),
    ("3171013202451234", "Angka ke-7 sampai ke-12"),   # 32nd day
    ("3171011713450001", "Angka ke-7 sampai ke-12"),   # 13th month
    ("3171010008450001", "Angka ke-7 sampai ke-12"),   # day 00
    ("3171014008450001", "Angka ke-7 sampai ke-12"),   # day 40: a woman's day 00
])
def test_each_nik_mistake_has_its_own_message(typed, message):
    with pytest.raises(CheckError) as error:
        check_nik(typed)
    assert message in error.value.message


def test_region_names_come_from_the_maintained_table():
    assert region_name("3171") == "Jakarta Selatan, Daerah Khusus Ibukota Jakarta"
    assert region_name("9999") is None


def test_a_nik_that_disagrees_with_the_birth_date_or_sex_is_only_a_warning():
    assert not nik_mismatch(NIK_MAN, datetime.date(1945, 8, 17), female=False)
    assert not nik_mismatch(NIK_WOMAN, datetime.date(1945, 8, 17), female=True)
    mismatch = nik_mismatch(NIK_MAN, datetime.date(1945, 8, 18), female=True)
    assert mismatch and mismatch.birth_date and mismatch.sex
    assert nik_mismatch(NIK_MAN, datetime.date(2045, 8, 17), female=False).birth_date is False


def test_kk_number():
    assert check_kk("3171-0120-0115-0003") == "3171012001150003"
    for typed, message in [("317101200115", "Nomor KK harus 16 angka"), ("3171019901150003", "harus tanggal")]:
        with pytest.raises(CheckError, match=message):
            check_kk(typed)


def test_jkn_card_number_has_13_digits():
    assert check_card_number("0001 9443 58911") == "0001944358911"
    with pytest.raises(CheckError, match="harus 13 angka"):
        check_card_number("000194435891")


@given(st.text(max_size=40))
def test_any_text_is_either_a_number_or_a_message(text):
    for check in (check_nik, check_kk, check_card_number):
        try:
            number = check(text)
        except CheckError as error:
            assert error.message
        else:
            assert number.isascii() and number.isdigit()


TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize("parts, message", [
    (("", "", ""), "Masukkan tanggal lahir."),
    (("17", "", "1985"), "isi juga bulan"),
    (("", "", "1985"), "isi juga tanggal dan bulan"),
    (("17", "agustus", "1985"), "hanya berisi angka"),
    (("17", "8", "85"), "4 angka"),
    (("31", "2", "1985"), "yang ada di kalender"),
    (("24", "11", "2026"), "sebelum hari ini"),
    (("1", "1", "1899"), "1900"),
])
def test_each_birth_date_mistake_has_its_own_message(parts, message):
    with pytest.raises(CheckError, match=message):
        check_birth_date(*parts, today=TODAY)


def test_birth_date_accepts_leading_zeros_and_spaces():
    assert check_birth_date(" 07", "08 ", "1985", today=TODAY) == datetime.date(1985, 8, 7)


def full_width(text: str) -> str:
    """Digits as some phone keyboards type them (U+FF10...)."""
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in text)


def test_full_width_digits_from_a_phone_keyboard_count_as_digits():
    assert check_nik(full_width("3171 0117 0885 0001")) == "3171011708850001"
    with pytest.raises(CheckError, match="hanya berisi angka"):
        check_nik("٣١٧١٠١١٧٠٨٨٥٠٠٠١")  # Arabic-Indic digits are not what a KTP shows


@pytest.mark.parametrize("typed", ["Budi\x00Santoso", "Budi \x1b[31mSantoso", "Budi\u202eosotnaS", "Bu\u200bdi"])
def test_a_name_with_invisible_characters_is_refused(typed):
    with pytest.raises(CheckError, match="tidak terlihat"):
        check_name(typed)


def test_a_name_is_trimmed_and_in_one_unicode_form():
    assert check_name("  Siti Nur'aini  ") == "Siti Nur'aini"
    assert check_name("Jose\u0301 Ramos") == "Jos\u00e9 Ramos"  # e + combining accent becomes é
