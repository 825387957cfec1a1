"""Hostile and random input on every question page never makes the server fail."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprints.apply.forms import STEP_FORMS
from tests.conftest import Applicant
from tests.test_apply import REACTIVATION

HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", " ", "0" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "𝟘𝟙𝟚",
                     "٣١٧١٠١١٧٠٨٤٥٠٠٠١", "9" * 40, "-1", "1e9", "31", "2", "3000"]),
)



@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from tests.conftest import make_app

    app, cleanup = make_app(tmp_path_factory.mktemp("fuzz"), WTF_CSRF_ENABLED=False)
    yield app
    cleanup()


@pytest.mark.parametrize("step", list(STEP_FORMS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_input_makes_a_step_fail(fuzz_app, step, data):
    applicant = Applicant(fuzz_app.test_client())
    for earlier, answer in REACTIVATION:
        if earlier == step:
            break
        applicant.client.post(f"/daftar/{earlier}", data=answer)
    with fuzz_app.test_request_context():
        names = [name for name, _ in STEP_FORMS[step]()._fields.items() if name != "csrf_token"]
    values = {name: data.draw(HOSTILE, label=name) for name in names}
    response = applicant.client.post(f"/daftar/{step}", data=values)
    assert response.status_code in (303, 422), response.status_code


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=HOSTILE, day=HOSTILE, month=HOSTILE, year=HOSTILE)
def test_no_input_makes_resume_or_status_fail(fuzz_app, code, day, month, year):
    client = fuzz_app.test_client()
    birth = {"lahir_hari": day, "lahir_bulan": month, "lahir_tahun": year}
    assert client.post("/daftar/lanjutkan", data=birth | {"kode": code}).status_code in (303, 422, 429)
    assert client.post("/status", data=birth | {"referensi": code}).status_code in (200, 422, 429)
