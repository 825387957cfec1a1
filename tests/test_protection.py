"""Every state-changing POST is refused without its token; a database outage is explained."""
import re

from sqlalchemy import func, select

from app import create_app
from blueprints.apply.models import Application, Draft
from blueprints.guides.models import Feedback
from extensions import db
from tests.test_apply_new import photos, up_to_documents, upload

SAMPLES = {"step": "kontak", "name": "ponsel", "slug": "tips-aktivasi-lancar", "kind": "ktp", "index": "1",
           "reference": "ACDEFGHJ", "to": "aktif", "number": "1"}
EXAMPLES = {"/bantuan/belum-aktif/<name>": "/bantuan/belum-aktif/kategori"}


def post_routes(app):
    """Every POST route with real values in its placeholders."""
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            url = EXAMPLES.get(rule.rule) or re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES[m.group(1)], rule.rule)
            yield rule.rule, url


def state(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Application)),
                db.session.scalar(select(func.count()).select_from(Feedback)),
                [d.answers for d in db.session.scalars(select(Draft))])


def test_every_post_route_refuses_a_request_without_a_token(app, applicant):
    up_to_documents(applicant)  # a live session with a whole family and every step answered,
    upload(applicant, photos())  # so only the token is missing
    applicant.through([("persetujuan", {"setuju": "y"})])
    before = state(app)
    routes = list(post_routes(app))
    assert len(routes) >= 10
    for rule, url in routes:
        headers = {"Origin": "https://jahat.example"}  # the feedback form's guard is the origin
        response = applicant.client.post(url, data={"ponsel": "0811 0000 0000", "membantu": "ya",
                                                    "pilihan": "0", "setuju": "y"}, headers=headers)
        if rule.startswith("/petugas/") and rule != "/petugas/masuk":  # not signed in: sent to sign in
            assert response.status_code in (302, 303) and "/petugas/masuk" in response.headers["Location"], rule
            continue  # (tests/test_desk.py sends each desk form without its token while signed in)
        assert response.status_code in (400, 403, 422), (rule, response.status_code)
    assert state(app) == before


def test_a_database_outage_is_a_503_that_says_what_happened_to_the_answers(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/gone/db.sqlite3",
                      "WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/daftar/jalur", data={"jalur": "reaktivasi"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Jawaban di halaman terakhir belum tersimpan" in page and "Traceback" not in page
