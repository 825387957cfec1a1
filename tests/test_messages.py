"""Messages to applicants: each written by its event in the same transaction, only to the channel
the person chose, never with a NIK, KK, card or bank number in full; delivered through real
sockets (an SMTP server and an HTTP provider on 127.0.0.1), tried again with backoff when the
provider fails, dead after the configured tries, and never delivered twice for one key."""
import email
import email.policy
import json
import re
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from blueprints.core.content import ContentError
from blueprints.messages import outbox
from blueprints.messages.models import Message
from blueprints.messages.texts import load_texts, mask_numbers
from extensions import db
from tests.conftest import ROOT, Applicant, make_app
from tests.fake_provider import FakeProvider
from tests.test_apply import REACTIVATION
from tests.test_desk import Officer, decide, sent_application

FULL_NUMBERS = ("3171011708850001", "0001944358911", "6281234567890", "3171 0117 0885 0001", "0001 9443 58911")


def messages(app, **where) -> list[Message]:
    with app.app_context():
        rows = db.session.scalars(select(Message).filter_by(**where).order_by(Message.id)).all()
        for row in rows:
            _ = row.text, row.recipient  # loaded before the session goes
        db.session.expunge_all()
        return rows


def deliver_all(app) -> list[str]:
    with app.test_request_context():
        return [outbox.deliver(message_id) for message_id in outbox.due()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the texts ------------------------------------------------------------------------------

def test_the_texts_fit_one_sms_and_name_no_identifier(tmp_path):
    texts = load_texts(ROOT / "content" / "messages.yml")
    assert set(texts) == {"kode_lanjutkan", "terkirim", "perbaikan", "menunggu_pembayaran", "aktif", "ditolak",
                          "pengingat"}
    broken = tmp_path / "messages.yml"
    original = (ROOT / "content" / "messages.yml").read_text(encoding="utf-8")
    for change, said in (
            (("Kami tak pernah minta OTP.", "Kami tak pernah minta OTP, PIN, kata sandi, atau kode apa pun."),
             "lebih dari 160"),
            (("nomor referensi {referensi}. Cek", "nomor referensi {referensi} NIK {nik}. Cek"), "{nik} tidak dikenal"),
            (("Cek status di", "Cek “status” di"), "tidak ada di SMS biasa"),
            (("Alasannya ada di", "Alasannya {alasan} ada di"), "terlalu panjang untuk SMS")):
        broken.write_text(original.replace(*change), encoding="utf-8")
        with pytest.raises(ContentError, match=re.escape(said)):
            load_texts(broken)


def test_long_numbers_are_masked_however_they_are_typed():
    assert mask_numbers("NIK 3171 0117 0885 0001; HP +62 812-3456-7890") == \
        "NIK ••••••••••••0001; HP +•••••••••7890"
    assert mask_numbers("lahir 17 Agustus 1985, 3 orang") == "lahir 17 Agustus 1985, 3 orang"


# --- each event writes its message ---------------------------------------------------------

def test_the_resume_code_and_the_reference_go_only_where_the_person_chose(app):
    applicant = Applicant(app.test_client())
    applicant.through(REACTIVATION[:5])  # up to the contact page: SMS chosen
    code = re.search(r'class="code">([A-Z0-9-]+)<', applicant.client.get("/daftar/persetujuan").get_data(True))
    (first,) = messages(app)
    assert (first.kind, first.channel, first.recipient) == ("kode_lanjutkan", "sms", "+6281234567890")
    assert code.group(1) in first.text["body"] and len(first.text["body"]) <= 160
    applicant.answer("kontak", {"ponsel": "0812-3456-7890", "email": "budi@contoh.co.id", "kabar": "email"},
                     path="/daftar/kontak?ubah=1")
    assert len(messages(app)) == 1  # a change of contact does not send the code again
    applicant.through(REACTIVATION[5:])
    applicant.submit(presses=2)
    (sent,) = messages(app, kind="terkirim")
    assert (sent.channel, sent.recipient) == ("email", "budi@contoh.co.id")
    assert "Salinan jawaban Anda" in sent.text["body"] and "•8911" in sent.text["body"]  # the card, masked
    for row in messages(app):
        assert not any(number in json.dumps(row.text, ensure_ascii=False) for number in FULL_NUMBERS), row.kind


def test_no_message_for_someone_who_chose_none(app):
    applicant = Applicant(app.test_client())
    steps = [*REACTIVATION[:4], ("kontak", {"ponsel": "0812 3456 7890", "email": "", "kabar": "tidak"}),
             *REACTIVATION[5:]]
    applicant.through(steps)
    applicant.submit()
    assert messages(app) == []
    refused = Applicant(app.test_client())
    refused.through(REACTIVATION[:4])
    wrong = refused.answer("kontak", {"ponsel": "0812 3456 7890", "email": "", "kabar": "email"})
    assert wrong.status_code == 422 and "Tulis alamat email di atas" in wrong.get_data(as_text=True)


def test_each_status_change_has_its_message_and_a_move_refused_has_none(officer):
    reference = sent_application(officer)
    desk = Officer(officer)
    desk.sign_in()
    assert decide(desk, reference, "diverifikasi").status_code == 303
    page = desk.client.get(f"/petugas/permohonan/{reference}").get_data(as_text=True)
    assert decide(desk, reference, "perbaikan", pilih_kartu="y", catatan_kartu="Nomor kartu tidak terbaca.") \
        .status_code == 303
    from tests.test_desk import post_decision
    stale = post_decision(desk, reference, "ditolak", page, alasan="sudah_terdaftar")  # the page before the fix
    assert stale.status_code == 409
    kinds = [row.kind for row in messages(officer)]
    assert kinds == ["kode_lanjutkan", "terkirim", "perbaikan"]  # nothing for the refused rejection
    fix = messages(officer, kind="perbaikan")[0]
    assert reference in fix.text["body"] and "/status" in fix.text["body"]


# --- delivery over real sockets -------------------------------------------------------------

@pytest.fixture
def provider():
    with FakeProvider() as fake:
        yield fake


@pytest.fixture
def sms_app(tmp_path, provider):
    app, cleanup = make_app(tmp_path, MESSAGE_SMS_URL=provider.url,
                            MESSAGE_PROVIDER_TOKEN="rahasia", MESSAGE_MAX_ATTEMPTS=3,
                            MESSAGE_RETRY_BASE_SECONDS=0, MESSAGE_RETRY_MAX_SECONDS=0)
    yield app
    cleanup()


def test_a_failing_provider_means_retries_then_dead_and_a_retry_sends_it_once(sms_app, provider):
    applicant = Applicant(sms_app.test_client())
    applicant.through(REACTIVATION[:5])
    provider.failing = True
    assert deliver_all(sms_app) == ["gagal"]
    assert deliver_all(sms_app) == ["gagal"]
    assert deliver_all(sms_app) == ["mati"]  # MESSAGE_MAX_ATTEMPTS = 3
    assert deliver_all(sms_app) == []  # dead: no more tries
    (dead,) = messages(sms_app)
    assert (dead.status, dead.attempts, dead.last_error) == ("mati", 3, "HTTP 503")
    provider.failing = False
    with sms_app.app_context():
        outbox.retry(db.session.get(Message, dead.id))
    assert deliver_all(sms_app) == ["terkirim"]
    with sms_app.app_context():  # sent again with the same key (a lost answer): the provider keeps one
        row = db.session.get(Message, dead.id)
        row.status, row.next_attempt_at = "menunggu", row.created_at
        db.session.commit()
    assert deliver_all(sms_app) == ["terkirim"]
    assert len(provider.calls) == 5 and len(provider.delivered) == 1
    (accepted,) = provider.delivered.values()
    assert accepted["to"] == "+6281234567890" and accepted["channel"] == "sms"


class Inbox:
    def __init__(self):
        self.mails = []

    async def handle_DATA(self, server, session, envelope):
        self.mails.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def test_the_email_reaches_a_real_smtp_server_with_the_numbers_masked(tmp_path):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app, cleanup = make_app(tmp_path, MESSAGE_SMTP_HOST="127.0.0.1", MESSAGE_SMTP_PORT=port,
                            MESSAGE_SMTP_STARTTLS=False)
    try:
        applicant = Applicant(app.test_client())
        steps = [*REACTIVATION[:4], ("kontak", {"ponsel": "0812 3456 7890", "email": "Siti.O'Hara@contoh.co.id",
                                                "kabar": "email"}), *REACTIVATION[5:]]
        applicant.through(steps)
        applicant.submit()
        assert deliver_all(app) == ["terkirim", "terkirim"]
    finally:
        controller.stop()
        cleanup()
    (_code_to, code_mail), (to, raw) = inbox.mails
    mail = email.message_from_string(raw, policy=email.policy.default)
    assert to == ["Siti.O'Hara@contoh.co.id"] and mail["Subject"].startswith("Permohonan JKN terkirim")
    assert "Kode untuk melanjutkan" in email.message_from_string(code_mail, policy=email.policy.default).get_content()
    body = mail.get_content()
    assert not any(number in body for number in FULL_NUMBERS) and "•8911" in body  # the card, masked


def test_without_a_provider_messages_are_files_only_the_server_can_read(app):
    applicant = Applicant(app.test_client())
    applicant.through(REACTIVATION[:5])
    assert deliver_all(app) == ["terkirim"]
    (path,) = Path(app.config["MESSAGE_FILE_DIR"]).iterdir()
    assert path.stat().st_mode & 0o777 == 0o600 and "+6281234567890" in path.read_text(encoding="utf-8")


def test_the_desk_shows_the_outbox_and_only_an_admin_retries_a_dead_message(sms_app, provider):
    from tests.conftest import add_staff, csrf_token
    reference = sent_application(sms_app)
    provider.failing = True
    for _ in range(3):
        deliver_all(sms_app)
    assert [row.status for row in messages(sms_app)] == ["mati", "mati"]  # the code and the reference
    dead = messages(sms_app, kind="terkirim")[0]
    officer = Officer(sms_app)
    assert add_staff(sms_app).exit_code == 0
    officer.sign_in()
    page = officer.client.get(f"/petugas/permohonan/{reference}").get_data(as_text=True)
    assert "gagal terus, berhenti dicoba" in page and "HTTP 503" in page and "Kirim ulang" not in page
    refused = officer.client.post(f"/petugas/pesan/{dead.id}/ulang", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 403
    assert add_staff(sms_app, email="admin.satu@contoh.go.id", role="admin").exit_code == 0
    admin = Officer(sms_app, email="admin.satu@contoh.go.id")
    admin.sign_in()
    page = admin.client.get(f"/petugas/permohonan/{reference}").get_data(as_text=True)
    assert "Kirim ulang" in page
    provider.failing = False
    again = admin.client.post(f"/petugas/pesan/{dead.id}/ulang", data={"csrf_token": csrf_token(page)})
    assert again.status_code == 303
    assert deliver_all(sms_app) == ["terkirim"]  # the reference only: the code was not retried
    assert "terkirim" in admin.client.get(f"/petugas/permohonan/{reference}").get_data(as_text=True)


# --- periodic jobs and retention ------------------------------------------------------------

def test_an_unsent_draft_is_reminded_once_two_days_before_it_goes(app):
    import datetime

    from blueprints.apply.models import Draft
    from blueprints.messages.events import remind_expiring_drafts
    soon, later, sent = (Applicant(app.test_client()) for _ in range(3))
    for person in (soon, later, sent):
        person.through(REACTIVATION[:5])
    sent.through(REACTIVATION[5:])
    sent.submit()
    with app.app_context():
        drafts = db.session.scalars(select(Draft).order_by(Draft.created_at)).all()
        moment = datetime.datetime.now(datetime.UTC)
        for draft, days in zip(drafts, (1, 10, 1), strict=True):
            draft.expires_at = moment + datetime.timedelta(days=days)
        db.session.commit()
        soon_id = drafts[0].id
        assert remind_expiring_drafts() == 1
        assert remind_expiring_drafts() == 0  # once per draft
    (reminder,) = messages(app, kind="pengingat")
    assert reminder.draft_id == soon_id and reminder.channel == "sms" and len(reminder.text["body"]) <= 160


def test_each_period_of_a_periodic_job_runs_once_whichever_worker_asks(app):
    from blueprints.apply.models import AuditEvent
    from blueprints.messages.queue import once
    with app.app_context():
        assert once("purge", "2020-01-01") and not once("purge", "2020-01-01") and once("purge", "2020-01-02")
        purge = app.extensions["queue"].tasks["purge"]
        purge.call_local()
        purge.call_local()  # a second worker's scheduler, the same day
        assert len(db.session.scalars(select(AuditEvent).filter_by(action="purge")).all()) == 1


def test_messages_go_with_the_application_or_draft_they_belong_to(app, runner):
    from tests.test_desk import sent_application
    reference = sent_application(app)
    assert len(messages(app)) == 2
    deleted = runner.invoke(args=["data", "delete", reference, "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert messages(app) == []


def test_the_backoff_doubles_with_jitter_up_to_its_cap():
    config = {"MESSAGE_RETRY_BASE_SECONDS": 30, "MESSAGE_RETRY_MAX_SECONDS": 3600}
    for attempts, middle in ((1, 30), (2, 60), (4, 240), (9, 3600), (20, 3600)):
        waits = {outbox.backoff(attempts, config).total_seconds() for _ in range(50)}
        assert all(middle * 0.5 <= wait <= middle * 1.5 for wait in waits), (attempts, waits)
        assert len(waits) > 1  # jittered: workers retrying together spread out


def test_a_message_written_in_a_transaction_that_rolls_back_is_gone_with_it(app):
    with app.test_request_context():
        outbox.write("aktif", {"sms": "+6281234567890"}, {"referensi": "ABCD-EFGH"})
        db.session.rollback()
        assert db.session.info.get(outbox.PENDING) is None
        outbox.write("aktif", {"sms": "+6281234567890"}, {"referensi": "ABCD-EFGH"})
        db.session.commit()
    assert [row.kind for row in messages(app)] == ["aktif"]
