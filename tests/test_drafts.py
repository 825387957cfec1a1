"""What a draft keeps and lets go of: a sent one is closed, changing the path drops the other
path's answers and photos, a change that never committed leaves no photo behind, files nobody
names are purged, and two changes to one draft at the same moment both stay (PostgreSQL too)."""
import os
import re
import threading
import time

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from blueprints.apply import drafts
from blueprints.apply.models import Draft
from blueprints.apply.questions import DOCUMENTS, FAMILY, Answers
from extensions import db
from tests.conftest import Applicant, csrf_token
from tests.test_apply import REACTIVATION
from tests.test_apply_new import APPLICANT, SPOUSE, photos, upload
from tests.test_privacy import stored_files


def test_a_sent_application_is_not_resumed_and_its_photos_are_no_longer_served(app, family):
    upload(family, photos())
    family.through([("persetujuan", {"setuju": "y"})])
    assert family.client.get("/daftar/dokumen/ktp.jpg").status_code == 200
    family.submit()
    assert family.client.get("/daftar/dokumen/ktp.jpg").status_code == 404
    with app.app_context():
        code = db.session.scalar(db.select(Draft.resume_code))
    phone = Applicant(app.test_client())
    token = csrf_token(phone.client.get("/daftar/lanjutkan").get_data(as_text=True))
    resumed = phone.client.post("/daftar/lanjutkan", data={"kode": code, "lahir_hari": "17", "lahir_bulan": "8",
                                                          "lahir_tahun": "1985", "csrf_token": token})
    assert resumed.status_code == 422 and "Location" not in resumed.headers  # followed at /status instead


def test_choosing_the_other_path_drops_the_answers_and_photos_of_the_first(app, family):
    upload(family, photos())
    assert len(stored_files(app)) == 6
    changed = family.answer("jalur", {"jalur": "reaktivasi"}, path="/daftar/jalur?ubah=1")
    assert changed.headers["Location"].endswith("/daftar/kategori")
    with app.app_context():
        stored = db.session.scalar(db.select(Draft.answers))
    assert set(stored) == {"jalur", "kontak"}  # contact details serve both paths; kk, keluarga... are gone
    assert stored_files(app) == []


def test_a_change_that_does_not_commit_leaves_no_photo_behind(app, family, monkeypatch):
    def fail():
        raise OperationalError("COMMIT", {}, Exception("the database went away"))

    with app.test_request_context():
        monkeypatch.setattr(db.session, "commit", fail)
        response = upload(family, photos())
    assert response.status_code == 503
    assert stored_files(app) == []


def test_purge_removes_photo_files_that_no_draft_or_application_names(app, family, runner):
    upload(family, photos())
    named = set(stored_files(app))
    stray = os.path.join(app.config["UPLOAD_DIR"], "A" * 32 + ".jpg")
    fresh = os.path.join(app.config["UPLOAD_DIR"], "B" * 32 + ".jpg")
    for path in (stray, fresh):
        with open(path, "wb") as file:
            file.write(b"sealed bytes of a photo whose answer never committed")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stray, (two_days_ago, two_days_ago))
    result = runner.invoke(args=["data", "purge"])
    assert result.exit_code == 0, result.output
    assert set(stored_files(app)) == named | {fresh}  # a fresh file may be an upload still being saved


def pressed_together(app, applicant, page, post_to, forms, **options) -> list[int]:
    """Two tabs of the applicant's draft open `page` and send one form each to `post_to` at the
    same moment (a barrier releases both); the status codes they get."""
    cookie = applicant.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    tabs = [app.test_client() for _ in forms]
    for tab in tabs:
        tab.set_cookie(cookie.key, cookie.value)
    tokens = [csrf_token(tab.get(page).get_data(as_text=True)) for tab in tabs]
    start, results = threading.Barrier(len(forms)), []

    def press(tab, token, form):
        start.wait()
        results.append(tab.post(post_to, data=form | {"csrf_token": token}, **options).status_code)

    threads = [threading.Thread(target=press, args=args) for args in zip(tabs, tokens, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_people_added_at_the_same_moment_are_both_kept(app, applicant):
    """Two tabs of one draft press "Simpan dan tambah orang lain" together. Each request reads the
    family, adds its person and writes the family back; without the row lock one write overwrote
    the other on PostgreSQL (8 times out of 8)."""
    applicant.through([("jalur", {"jalur": "baru"}), ("kk", {"nomor_kk": "3171-0120-0115-0003"})])
    assert applicant.add_person(APPLICANT).status_code == 303
    people = [SPOUSE, SPOUSE | {"nama": "Rina O'Connor Situmorang", "nik": "3171016506100003", "lahir_hari": "25",
                                "lahir_bulan": "6", "lahir_tahun": "2010", "hubungan": "Anak"}]
    assert pressed_together(app, applicant, "/daftar/keluarga", "/daftar/keluarga/tambah", people) == [303, 303]
    with app.app_context():
        family = Answers(db.session.scalar(db.select(Draft.answers))).get(FAMILY)
    assert [person.nama for person in family.anggota][1:] in (
        ["Sari Dewi", "Rina O'Connor Situmorang"], ["Rina O'Connor Situmorang", "Sari Dewi"])


def test_a_save_another_tab_overtook_is_made_again_on_the_newer_answers(app, applicant, monkeypatch):
    """The draft is read without a lock and saved against the version read: here the other tab saves
    between this tab's read and its save, so the save fails, and the view runs again on top of it."""
    applicant.through([("jalur", {"jalur": "baru"}), ("kk", {"nomor_kk": "3171-0120-0115-0003"})])
    assert applicant.add_person(APPLICANT).status_code == 303
    cookie = applicant.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    other = app.test_client()
    other.set_cookie(cookie.key, cookie.value)
    other_token = csrf_token(other.get("/daftar/keluarga").get_data(as_text=True))
    child = SPOUSE | {"nama": "Rina O'Connor Situmorang", "nik": "3171016506100003", "lahir_hari": "25",
                      "lahir_bulan": "6", "lahir_tahun": "2010", "hubungan": "Anak"}
    read, reads, answers = drafts._read_apart, [], []

    def read_then_overtaken(query):
        row = read(query)
        reads.append(row[0].version)
        if len(reads) == 1:  # the other tab presses in between, and its save lands first
            tab = threading.Thread(target=lambda: answers.append(
                other.post("/daftar/keluarga/tambah", data=child | {"csrf_token": other_token}).status_code))
            tab.start()
            tab.join()
        return row

    monkeypatch.setattr(drafts, "_read_apart", read_then_overtaken)
    assert applicant.add_person(SPOUSE).status_code == 303
    assert answers == [303]
    assert reads == [reads[0], reads[0], reads[0] + 1]  # read, the other tab's read, read again after its save
    with app.app_context():
        family = Answers(db.session.scalar(db.select(Draft.answers))).get(FAMILY)
    assert [person.nama for person in family.anggota][1:] == ["Rina O'Connor Situmorang", "Sari Dewi"]


def test_two_photos_uploaded_at_the_same_moment_are_both_kept(app, family):
    """The KTP from one tab and the KK from another, sent together: both photos stay, and only
    the files the draft names are on disk."""
    shots = photos()
    forms = [{"ktp": shots["ktp"]}, {"kk": shots["kk"]}]
    results = pressed_together(app, family, "/daftar/dokumen", "/daftar/dokumen", forms,
                               content_type="multipart/form-data")
    assert sorted(results) == [422, 422]  # each page still misses photos: shown again, with what it has
    with app.app_context():
        kept = Answers(db.session.scalar(db.select(Draft.answers))).get(DOCUMENTS)
    assert set(kept.foto) == {"ktp", "kk"}
    names = {os.path.basename(path).split(".")[0] for path in stored_files(app)}
    assert {name for name in names if not name.endswith("-kecil")} == set(kept.foto.values())


def test_a_replaced_photo_s_old_file_goes_only_once_the_change_holds(app, family, monkeypatch):
    upload(family, photos())
    first = set(stored_files(app))
    assert len(first) == 6 and family.client.get("/daftar/dokumen/ktp.jpg").status_code == 200

    def fail():
        raise OperationalError("COMMIT", {}, Exception("the database went away"))

    with monkeypatch.context() as patched, app.test_request_context():
        patched.setattr(db.session, "commit", fail)
        assert upload(family, {"ktp": photos()["ktp"]}).status_code == 503
    assert set(stored_files(app)) == first  # the failed change took nothing away and left nothing
    assert family.client.get("/daftar/dokumen/ktp.jpg").status_code == 200

    assert upload(family, {"ktp": photos()["ktp"]}).status_code == 303
    now = set(stored_files(app))
    assert len(now) == 6 and now != first  # the new KTP photo in, the old one's two files out
    removed = upload(family, {}, to="/daftar/dokumen/hapus/kk")
    assert removed.status_code == 303 and len(stored_files(app)) == 4


def statements_of(app, send) -> list[str]:
    """The SQL statements the database is sent while `send()` runs (BEGINs included)."""
    seen = []

    def record(_connection, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        send()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_a_saved_answer_is_one_select_and_one_update_naming_the_version_read(app, applicant):
    """Into a draft that exists: no BEGIN, COMMIT or write lock around them (each statement is its own
    transaction, core/database.py own_connection), the version raised, nothing else written."""
    applicant.through([("jalur", {"jalur": "reaktivasi"})])
    with app.app_context():
        before = db.session.scalar(db.select(Draft.version))
    token = applicant.token()
    sent = statements_of(app, lambda: applicant.client.post(
        "/daftar/jalur", data={"jalur": "baru", "csrf_token": token}))
    assert len(sent) == 2, sent
    assert sent[0].startswith("SELECT drafts.id") and "FROM drafts LEFT OUTER JOIN applications" in sent[0]
    assert sent[1].startswith("UPDATE drafts SET answers=")
    assert re.search(r"WHERE drafts\.id = \S+ AND drafts\.version = \S+$", sent[1]), sent[1]
    with app.app_context():
        draft = db.session.scalar(db.select(Draft))
    assert draft.version == before + 1
    assert Answers(draft.answers).path == "baru"


def test_a_first_answer_and_one_that_writes_a_message_too_go_through_the_session(app, applicant):
    """A new draft is an INSERT, and the contact step writes the resume code's message with the answer:
    one transaction for both (on SQLite begun with BEGIN IMMEDIATE, in the writer queue)."""
    token = applicant.token()
    first = statements_of(app, lambda: applicant.client.post(
        "/daftar/jalur", data={"jalur": "reaktivasi", "csrf_token": token}))
    assert any(statement.startswith("INSERT INTO drafts") for statement in first)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert "BEGIN IMMEDIATE" in first
    assert len(statements_of(app, lambda: applicant.client.post(  # the second: the draft exists
        "/daftar/jalur", data={"jalur": "reaktivasi", "csrf_token": token}))) == 2
    applicant.through(REACTIVATION[1:4])
    token = csrf_token(applicant.client.get("/daftar/kontak").get_data(as_text=True))
    contact = statements_of(app, lambda: applicant.client.post("/daftar/kontak", data={
        "ponsel": "+62 812-3456-7890", "email": "", "kabar": "sms", "csrf_token": token}))
    written = [" ".join(statement.split()[:3]) for statement in contact if statement.startswith(("INSERT", "UPDATE"))]
    assert "UPDATE drafts SET" in written and "INSERT INTO messages" in written, contact
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert "BEGIN IMMEDIATE" in contact  # both in one transaction, in the writer queue


def test_a_database_failure_while_saving_an_answer_shows_the_503_page_and_keeps_the_answer_before(
        app, applicant, monkeypatch):
    applicant.through([("jalur", {"jalur": "reaktivasi"})])
    token = applicant.token()
    real = drafts.own_connection

    class Failing:
        def __init__(self, connection):
            self.connection = connection

        def execute(self, statement, *args):
            if getattr(statement, "is_update", False):
                raise OperationalError("UPDATE drafts", {}, Exception("disk I/O error"))
            return self.connection.execute(statement, *args)

        def __getattr__(self, name):
            return getattr(self.connection, name)

    monkeypatch.setattr(drafts, "own_connection", lambda: Failing(real()))
    failed = applicant.client.post("/daftar/jalur", data={"jalur": "baru", "csrf_token": token})
    assert failed.status_code == 503
    assert "Jawaban yang sudah tersimpan sebelumnya aman" in failed.get_data(as_text=True)
    monkeypatch.undo()
    with app.app_context():
        assert Answers(db.session.scalar(db.select(Draft.answers))).path == "reaktivasi"
    again = applicant.client.post("/daftar/jalur", data={"jalur": "baru", "csrf_token": token})
    assert again.status_code == 303


def test_the_requests_own_connection_goes_back_to_the_pool(app, applicant):
    applicant.through([("jalur", {"jalur": "reaktivasi"}), ("jalur", {"jalur": "baru"})])
    with app.app_context():
        assert db.engine.pool.checkedout() == 0
