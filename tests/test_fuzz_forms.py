"""Random and hostile input on the forms outside the application steps (feedback,
the checklist, inline checks, the regency list) never makes the server fail, and
feedback never stores a long number or an email address."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from blueprints.apply.questions import QUESTIONS
from blueprints.core.redact import EMAIL, LONG_NUMBER
from blueprints.guides.models import Feedback
from extensions import db
from tests.conftest import csrf_token, make_app
from tests.test_apply_fuzz import HOSTILE

GUIDE = "/panduan/tunggakan-dan-reaktivasi"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CHECKS = [(step, name) for step, question in QUESTIONS.items() for name in question.form_class.checked_inline]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    app, cleanup = make_app(tmp_path_factory.mktemp("fuzz-forms"))
    yield app
    cleanup()


@FUZZ
@given(answer=HOSTILE, comment=st.one_of(HOSTILE, st.text(min_size=400, max_size=700)),
       origin=st.sampled_from([None, "http://localhost", "https://evil.example", "null", ""]),
       htmx=st.booleans(), extra=st.dictionaries(HOSTILE, HOSTILE, max_size=3))
def test_feedback_takes_any_input_without_failing_or_keeping_personal_data(fuzz_app, answer, comment, origin,
                                                                          htmx, extra):
    headers = {"Origin": origin} if origin is not None else {}
    if htmx:
        headers |= {"HX-Request": "true", "HX-Target": "umpan-balik"}
    response = fuzz_app.test_client().post(f"{GUIDE}/umpan-balik", headers=headers,
                                           data=extra | {"membantu": answer, "komentar": comment})
    assert response.status_code in (200, 303, 403, 422, 429), response.status_code
    with fuzz_app.app_context():
        for stored in db.session.scalars(select(Feedback.comment)).all():
            assert not (stored and (LONG_NUMBER.search(stored) or EMAIL.search(stored))), stored


@FUZZ
@given(choices=st.lists(st.tuples(st.sampled_from(["kategori", "sudah-bayar", "mandiri-bayar", "x", ""]), HOSTILE),
                        max_size=6), restart=st.booleans())
def test_the_checklist_takes_any_answer_without_failing(fuzz_app, choices, restart):
    client = fuzz_app.test_client()
    token = csrf_token(client.get("/bantuan/belum-aktif/kategori").get_data(as_text=True))
    for step, choice in choices:
        response = client.post(f"/bantuan/belum-aktif/{step or 'kategori'}",
                               data={"pilihan": choice, "csrf_token": token})
        assert response.status_code in (303, 404, 422), response.status_code
    if restart:
        assert client.post("/bantuan/belum-aktif/mulai-ulang", data={"csrf_token": token}).status_code == 303


@FUZZ
@given(check=st.sampled_from(CHECKS), value=HOSTILE, province=HOSTILE)
def test_inline_checks_and_the_regency_list_take_any_value_without_failing(fuzz_app, check, value, province):
    client = fuzz_app.test_client()
    token = csrf_token(client.get("/daftar/jalur").get_data(as_text=True))
    step, name = check
    assert client.post(f"/daftar/{step}/cek/{name}", data={name: value, "csrf_token": token}).status_code == 200
    regencies = client.post("/daftar/domisili/kabupaten", data={"provinsi": province, "csrf_token": token})
    assert regencies.status_code == 200
