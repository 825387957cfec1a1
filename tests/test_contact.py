"""Mobile numbers and email addresses as people type them."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from blueprints.apply.checks import CheckError
from blueprints.apply.contact import check_email, check_mobile
from tests.test_identity import full_width


@pytest.mark.parametrize("typed", ["081234567890", "0812-3456-7890", "0812 3456 7890", "+62 812 3456 7890",
                                   "+6281234567890"])
def test_mobile_numbers_in_08_and_62_form(typed):
    assert check_mobile(typed) == "+6281234567890"


@pytest.mark.parametrize("typed, message", [
    ("", "Masukkan nomor HP."),
    ("nomor saya", "hanya berisi angka"),
    ("+1 650 253 0000", "nomor HP Indonesia"),
    ("021 555 1234", "bukan nomor HP"),
    ("0812", "bukan nomor HP"),
])
def test_each_mobile_mistake_has_its_own_message(typed, message):
    with pytest.raises(CheckError, match=message):
        check_mobile(typed)


def test_email_is_checked_for_shape_without_the_network():
    assert check_email(" budi@contoh.co.id ") == "budi@contoh.co.id"
    for typed in ("budi", "budi@", "budi@contoh", "budi @contoh.id"):
        with pytest.raises(CheckError, match=r"nama@contoh\.com"):
            check_email(typed)


@given(st.text(max_size=60))
def test_any_text_is_either_accepted_or_explained(text):
    for check in (check_mobile, check_email):
        try:
            check(text)
        except CheckError as error:
            assert error.message


@pytest.mark.parametrize("typed", ["0812-3456-789O", "0812 3456 78l0", "0812-FLOWERS"])
def test_letters_in_a_mobile_number_are_refused_not_read_as_keypad_digits(typed):
    with pytest.raises(CheckError, match="huruf O atau l"):
        check_mobile(typed)


def test_full_width_digits_in_a_mobile_number_are_read():
    assert check_mobile(full_width("0812 3456 7890")) == "+6281234567890"
