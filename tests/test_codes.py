"""Reference numbers and resume codes."""
from hypothesis import given
from hypothesis import strategies as st

from blueprints.apply.codes import ALPHABET, LENGTH, display_code, new_code, normalize_code

LOOK_ALIKES = set("0O1IL5S2Z8B")


def test_the_alphabet_has_no_look_alikes():
    assert not LOOK_ALIKES & set(ALPHABET)


def test_new_codes_use_the_alphabet_and_differ():
    codes = {new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)


def test_codes_are_accepted_as_people_type_them():
    code = new_code()
    for typed in (code, code.lower(), display_code(code), f" {code[:4]} {code[4:]} "):
        assert normalize_code(typed) == code


def test_anything_else_is_not_a_code():
    for typed in ("", None, "ABC", "0000OOOO", "ACDEFGHJK", "ACDE_FGHJ"):
        assert normalize_code(typed) is None


@given(st.text(max_size=30))
def test_normalizing_never_raises(text):
    result = normalize_code(text)
    assert result is None or len(result) == LENGTH
