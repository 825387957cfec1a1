"""Hostile and random input on every question page never makes the server fail."""
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprints.apply.questions import QUESTIONS
from tests.conftest import Applicant
from tests.test_apply import REACTIVATION
from tests.test_apply_new import AFTER_FAMILY, APPLICANT, BEFORE_FAMILY

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


NEW_REGISTRATION = [*BEFORE_FAMILY, ("keluarga", APPLICANT), *AFTER_FAMILY]


def answers_before(step):
    """The answers that lead to a step, on whichever path asks it."""
    for path in (REACTIVATION, NEW_REGISTRATION):
        steps = [s for s, _ in path]
        if step in steps:
            return path[:steps.index(step)]
    return NEW_REGISTRATION  # the documents step comes after all of these


@pytest.mark.parametrize("step", [s for s in QUESTIONS if s != "dokumen"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_input_makes_a_step_fail(fuzz_app, step, data):
    applicant = Applicant(fuzz_app.test_client())
    for earlier, answer in answers_before(step):
        assert applicant.client.post(f"/daftar/{earlier}", data=answer).status_code == 303
    with fuzz_app.test_request_context():
        names = [name for name, _ in QUESTIONS[step].form_class()._fields.items() if name != "csrf_token"]
    values = {name: data.draw(HOSTILE, label=name) for name in names}
    response = applicant.client.post(f"/daftar/{step}", data=values)
    if response.status_code == 200:  # a province and no regency yet, without JavaScript: the list comes
        assert step == "domisili" and "Sekarang pilih kabupaten atau kota" in response.get_data(as_text=True)
    else:
        assert response.status_code in (303, 422), response.status_code


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.fixed_dictionaries({kind: st.binary(max_size=3000) for kind in ("ktp", "kk", "swafoto")}),
       remove=st.sampled_from(["", "ktp", "kk", "swafoto", "x", "KTP"]))
def test_no_upload_makes_the_documents_step_fail(fuzz_app, files, remove):
    applicant = Applicant(fuzz_app.test_client())
    for earlier, answer in NEW_REGISTRATION:
        applicant.client.post(f"/daftar/{earlier}", data=answer)
    upload = {kind: (io.BytesIO(content), f"{kind}.jpg") for kind, content in files.items()}
    path = f"/daftar/dokumen/hapus/{remove}" if remove else "/daftar/dokumen"
    response = applicant.client.post(path, data=upload, content_type="multipart/form-data")
    assert response.status_code in (303, 422), response.status_code


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=HOSTILE, day=HOSTILE, month=HOSTILE, year=HOSTILE)
def test_no_input_makes_resume_or_status_fail(fuzz_app, code, day, month, year):
    client = fuzz_app.test_client()
    birth = {"lahir_hari": day, "lahir_bulan": month, "lahir_tahun": year}
    assert client.post("/daftar/lanjutkan", data=birth | {"kode": code}).status_code in (303, 422, 429)
    assert client.post("/status", data=birth | {"referensi": code}).status_code in (200, 422, 429)
