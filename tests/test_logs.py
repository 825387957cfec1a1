"""Logs carry a request id and never personal data; the 500 page names the same id."""
import io
import logging
import re

import pytest
from sqlalchemy import text

from blueprints.core.logs import masked_handler
from blueprints.core.redact import LONG_NUMBER
from extensions import db
from tests.conftest import Applicant, csrf_token
from tests.test_apply import REACTIVATION

SENTINELS = {"nik": "3171011708850001", "card": "0001944358911", "phone": "081299887766",
             "email": "sentinel.person@contoh.co.id", "account": "998877665544"}


@pytest.fixture
def log_output():
    """What the production handler would write, for the duration of one test."""
    stream = io.StringIO()
    handler = masked_handler(stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_the_filter_masks_messages_arguments_and_tracebacks(log_output):
    logger = logging.getLogger("jkn.test")
    logger.info("NIK %s email %s", SENTINELS["nik"], SENTINELS["email"])
    try:
        raise ValueError(f"bad phone {SENTINELS['phone']}")
    except ValueError:
        logger.exception("failed")
    written = log_output.getvalue()
    assert "ValueError" in written and "[dihapus]" in written
    for value in SENTINELS.values():
        assert value not in written


def test_a_whole_application_and_an_error_leave_no_personal_data(app, log_output):
    applicant = Applicant(app.test_client())
    card = dict(REACTIVATION[2][1], nomor_kartu=SENTINELS["card"], nik=SENTINELS["nik"])
    contact = {"ponsel": SENTINELS["phone"], "email": SENTINELS["email"], "kabar": "email"}
    steps = [*REACTIVATION[:2], ("kartu", card), REACTIVATION[3], ("kontak", contact), REACTIVATION[5]]
    applicant.through(steps)
    token = csrf_token(applicant.client.get("/daftar/periksa").get_data(as_text=True))
    with app.app_context():  # force an error at the last step: the table is gone
        db.session.execute(text("DROP TABLE application_niks"))
        db.session.commit()
    response = applicant.client.post("/daftar/periksa", data={"csrf_token": token})
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    written = log_output.getvalue()
    assert "database error" in written
    for value in SENTINELS.values():
        assert value not in written
        assert value not in body


def test_every_request_gets_an_id_and_the_500_page_shows_it(app, log_output):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/rusak")
    def broken():
        raise RuntimeError(f"contains {SENTINELS['nik']}")

    response = app.test_client().get("/rusak")
    error_id = response.headers["X-Request-Id"]
    assert response.status_code == 500 and f"sebutkan kode {error_id}" in response.get_data(as_text=True)
    written = log_output.getvalue()
    assert re.search(rf"ERROR .*request={error_id}", written)  # Flask's exception log line
    assert re.search(rf"request={error_id} method=GET path=/rusak status=500", written)
    assert SENTINELS["nik"] not in written


@pytest.mark.parametrize("given, kept", [
    ("req-4f2a9c", True),
    ("lb-2026-abc", True),
    ("3171011708850001", False),  # a NIK
    ("x-0812-3456-7890", False),  # a phone number
    ("a b", False),
    ("x" * 41, False),
])
def test_a_client_s_request_id_is_kept_only_in_a_safe_shape(client, given, kept):
    answered = client.get("/", headers={"X-Request-Id": given}).headers["X-Request-Id"]
    assert (answered == given) is kept
    assert not LONG_NUMBER.search(answered)
