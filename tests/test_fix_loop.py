"""The fix loop: an officer sends steps back with what is wrong, the applicant opens only those
steps from /status, fixes them, checks and sends the fix; the reference stays, the desk sees
what changed, and nothing of the application is lost on the way (its photos above all)."""
import datetime
import re

from sqlalchemy import select

from blueprints.apply import storage
from blueprints.apply.decisions import fixes_from
from blueprints.apply.models import Application, ApplicationNik, AuditEvent, Draft
from blueprints.apply.privacy import purge
from extensions import db
from tests.conftest import Applicant, csrf_token
from tests.test_apply_new import SPOUSE, photo_file, photos, upload
from tests.test_desk import Officer, decide, officer_page, post_decision, sent_application

BORN = {"lahir_hari": "17", "lahir_bulan": "8", "lahir_tahun": "1985"}
KK_NOTE = "Foto KK buram di bagian bawah; foto ulang di tempat terang."
NIK_NOTE = "NIK Sari Dewi tidak cocok dengan KK. Periksa angka ke-7 sampai ke-12."
NEW_SPOUSE_NIK = "3171 0152 0388 0003"


def sent_family(family) -> str:
    upload(family, photos())
    family.through([("persetujuan", {"setuju": "y"})])
    family.submit()
    done = family.client.get("/daftar/selesai").get_data(as_text=True)
    return re.search(r'class="reference">([A-Z0-9-]+)<', done).group(1)


def status_post(client, reference):
    """Look up the status with the reference and the birth date."""
    page = client.get("/status").get_data(as_text=True)
    return client.post("/status", data={"referensi": reference, **BORN, "csrf_token": csrf_token(page)})


def press_fix(client, reference):
    """Look up the status, then press "Perbaiki data" with what that form carries."""
    page = status_post(client, reference).get_data(as_text=True)
    form = page[page.index('action="/status/perbaiki"'):]
    form = form[:form.index("</form>")]
    fields = re.findall(r'<input [^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    return client.post("/status/perbaiki", data=dict(fields))


def ask_fix(desk, reference, **notes):
    """Press "Minta perbaikan" with these steps ticked and their notes."""
    fields = {f"catatan_{step}": note for step, note in notes.items()}
    fields |= {f"pilih_{step}": "y" for step in notes}
    return decide(desk, reference, "perbaikan", **fields)


def application(app, reference) -> Application:
    return db.session.scalar(select(Application).filter_by(reference=reference.replace("-", "")))


def verifying(officer, reference) -> Officer:
    desk = Officer(officer)
    desk.sign_in()
    assert decide(desk, reference, "diverifikasi").status_code == 303
    return desk


def test_a_family_fixes_a_member_s_nik_and_the_kk_photo_and_the_desk_sees_what_changed(officer, family):
    reference = sent_family(family)
    desk = verifying(officer, reference)
    with officer.app_context():
        before = application(officer, reference)
        old_kk, ktp = before.answers["dokumen"]["foto"]["kk"], before.answers["dokumen"]["foto"]["ktp"]

    # The officer: steps picked, each with what is wrong (a tick without a note is not enough).
    unsaid = ask_fix(desk, reference, dokumen="")
    assert unsaid.status_code == 422 and "Tulis apa yang perlu diperbaiki di langkah ini." in unsaid.get_data(True)
    nothing = decide(desk, reference, "perbaikan")
    assert nothing.status_code == 422 and "Pilih langkah yang perlu diperbaiki" in nothing.get_data(as_text=True)
    assert ask_fix(desk, reference, keluarga=NIK_NOTE, dokumen=KK_NOTE).status_code == 303
    waiting = officer_page(desk, reference)
    assert "Menunggu perbaikan dari pemohon" in waiting and "Mulai verifikasi" not in waiting
    assert "Lanjutkan verifikasi tanpa menunggu perbaikan" in waiting
    assert "dibuka di meja petugas (siti.nur" in waiting  # who opened it, by name, in the history

    # The applicant, on another phone: /status says what to fix and opens only those steps.
    phone = Applicant(officer.test_client())
    shown = status_post(phone.client, reference)
    page = shown.get_data(as_text=True)
    assert "Perlu perbaikan" in page
    assert re.search(rf"<dt>Anggota keluarga</dt>\s*<dd>{NIK_NOTE}</dd>", page), page  # each note under its step
    assert re.search(rf"<dt>Foto dokumen</dt>\s*<dd>{KK_NOTE}</dd>", page)
    opened = press_fix(phone.client, reference)
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/daftar/keluarga?ubah=1")
    step = phone.client.get("/daftar/keluarga?ubah=1").get_data(as_text=True)
    assert NIK_NOTE in step and "Sari Dewi" in step and "Kode untuk melanjutkan" not in step
    for closed in ("/daftar/kontak", "/daftar/rekening?ubah=1", "/daftar/jalur"):
        assert phone.client.get(closed).headers["Location"].endswith("/daftar/periksa"), closed
    summary = phone.client.get("/daftar/periksa").get_data(as_text=True)
    assert "Periksa perbaikan Anda" in summary and "Kirim perbaikan" in summary
    assert 'href="/daftar/kontak?ubah=1"' not in summary and 'href="/daftar/dokumen?ubah=1"' in summary
    assert "Sudah Anda ubah." not in summary

    # Sending before changing anything says so and sends nothing.
    unchanged = phone.client.post("/daftar/periksa", data={"csrf_token": csrf_token(summary)})
    assert unchanged.status_code == 422 and "Belum ada yang Anda ubah" in unchanged.get_data(as_text=True)

    changed = phone.answer("keluarga", SPOUSE | {"nik": NEW_SPOUSE_NIK}, path="/daftar/keluarga/orang/1?ubah=1")
    assert changed.headers["Location"].endswith("/daftar/periksa")
    replaced = upload(phone, {"kk": photo_file("IMG_20261202_081500.jpg")}, to="/daftar/dokumen?ubah=1")
    assert replaced.headers["Location"].endswith("/daftar/periksa")
    with officer.app_context():  # until it is sent, the application keeps its own answers and photo
        assert application(officer, reference).answers["dokumen"]["foto"]["kk"] == old_kk
        assert storage.read(old_kk) is not None
    summary = phone.client.get("/daftar/periksa").get_data(as_text=True)
    assert NEW_SPOUSE_NIK in summary and summary.count("Sudah Anda ubah.") == 2
    presses = [phone.client.post("/daftar/periksa", data={"csrf_token": csrf_token(summary)}) for _ in range(2)]
    assert [p.headers["Location"] for p in presses] == ["/daftar/perbaikan-terkirim"] * 2  # a double tap sends once
    sent = phone.client.get("/daftar/perbaikan-terkirim").get_data(as_text=True)
    assert "Perbaikan terkirim" in sent and reference in sent and "Sedang diverifikasi" in sent
    assert "sedang dicocokkan oleh petugas" in status_post(officer.test_client(), reference).get_data(as_text=True)

    # The desk: the same reference with the new answers, what changed, and the history.
    page = officer_page(desk, reference)
    assert "Yang diubah pemohon pada perbaikan terakhir" in page
    assert "NIK 3171015203880002" in page.split("Sebelumnya")[1] and NEW_SPOUSE_NIK in page
    assert "foto baru" in page and "pemohon mengirim perbaikan" in page
    queue = desk.client.get("/petugas/").get_data(as_text=True)
    found = desk.client.post("/petugas/cari", data={"cari": NEW_SPOUSE_NIK, "csrf_token": csrf_token(queue)})
    assert reference in found.get_data(as_text=True)
    with officer.app_context():
        fixed = application(officer, reference)
        assert fixed.status == "diverifikasi" and fixed.answers["keluarga"]["anggota"][1]["nik"] == "3171015203880003"
        assert fixed.answers["dokumen"]["foto"]["ktp"] == ktp and storage.read(ktp) is not None
        assert storage.read(fixed.answers["dokumen"]["foto"]["kk"]) is not None
        assert storage.read(old_kk) is None  # the blurred photo is gone with its answer
        assert db.session.scalar(select(db.func.count()).select_from(ApplicationNik).filter_by(
            application_id=fixed.id)) == 2
        assert db.session.scalar(select(Draft).filter_by(fix_of=fixed.id)).answers == {}
        moves = db.session.scalars(select(AuditEvent).where(AuditEvent.to_status.is_not(None))
                                   .order_by(AuditEvent.id)).all()
        assert [(m.action, m.from_status, m.to_status, m.staff_id is None) for m in moves][-2:] == [
            ("status", "diverifikasi", "perbaikan", False), ("perbaikan", "perbaikan", "diverifikasi", True)]
        assert all(not m.detail for m in moves)  # no applicant data in the audit

    # A second round: the fix starts again from the answers as they are now.
    assert ask_fix(desk, reference, kontak="Nomor HP tidak bisa dihubungi.").status_code == 303
    assert press_fix(phone.client, reference).headers["Location"].endswith("/daftar/kontak?ubah=1")
    assert 'value="0812 3456 7890"' in phone.client.get("/daftar/kontak?ubah=1").get_data(as_text=True)
    again = phone.answer("kontak", {"ponsel": "0813 1111 2222", "email": "", "kabar": "sms"},
                         path="/daftar/kontak?ubah=1")
    assert again.headers["Location"].endswith("/daftar/periksa")
    summary = phone.client.get("/daftar/periksa").get_data(as_text=True)
    assert NEW_SPOUSE_NIK in summary  # the first round's fix is kept
    phone.client.post("/daftar/periksa", data={"csrf_token": csrf_token(summary)})
    with officer.app_context():
        assert application(officer, reference).answers["kontak"]["ponsel"] == "+6281311112222"
    assert decide(desk, reference, "diverifikasi").status_code == 409  # it is being verified already

    # The officer goes on: waiting for payment, then active, and /status follows.
    assert decide(desk, reference, "menunggu_pembayaran", va="8888801234567890", jumlah="126.000").status_code == 303
    assert "8888 8012 3456 7890" in status_post(officer.test_client(), reference).get_data(as_text=True)
    assert decide(desk, reference, "aktif").status_code == 303
    assert "Kepesertaan Anda aktif" in status_post(officer.test_client(), reference).get_data(as_text=True)


def test_a_fix_left_unsent_never_costs_the_application_its_photos(officer, family):
    """A replaced photo in an abandoned fix: the application keeps its own, even once the fix
    draft expires and is purged."""
    reference = sent_family(family)
    desk = verifying(officer, reference)
    assert ask_fix(desk, reference, dokumen=KK_NOTE).status_code == 303
    phone = Applicant(officer.test_client())
    press_fix(phone.client, reference)
    upload(phone, {"kk": photo_file()}, to="/daftar/dokumen?ubah=1")
    upload(phone, {"kk": photo_file()}, to="/daftar/dokumen?ubah=1")  # changed twice: the first new one goes
    with officer.app_context():
        kept = application(officer, reference).answers["dokumen"]["foto"]
        fix = db.session.scalar(select(Draft).where(Draft.fix_of.is_not(None)))
        newest = fix.answers["dokumen"]["foto"]["kk"]
        assert all(storage.read(name) is not None for name in kept.values())
        fix.expires_at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
        db.session.commit()
        purge()
        assert db.session.scalar(select(Draft).where(Draft.fix_of.is_not(None))) is None
        assert all(storage.read(name) is not None for name in kept.values())
        assert storage.read(newest) is None
    again = press_fix(phone.client, reference)
    assert again.status_code == 303  # a new fix starts from what was sent


def test_an_officer_deciding_meanwhile_wins_and_the_applicant_is_told(officer):
    reference = sent_application(officer)  # a reactivation
    desk = verifying(officer, reference)
    assert "Minta perbaikan" in officer_page(desk, reference)
    assert ask_fix(desk, reference, kontak="Nomor HP tidak aktif; tulis nomor yang bisa dihubungi.").status_code == 303
    phone = Applicant(officer.test_client())
    press_fix(phone.client, reference)
    phone.answer("kontak", {"ponsel": "+62 813-1111-2222", "email": "", "kabar": "sms"}, path="/daftar/kontak?ubah=1")
    summary = phone.client.get("/daftar/periksa").get_data(as_text=True)
    page = officer_page(desk, reference)
    assert post_decision(desk, reference, "ditolak", page, alasan="sudah_terdaftar").status_code == 303
    late = phone.client.post("/daftar/periksa", data={"csrf_token": csrf_token(summary)})
    assert late.headers["Location"] == "/daftar/perbaikan-terkirim"
    told = phone.client.get(late.headers["Location"]).get_data(as_text=True)
    assert "tidak lagi menunggu perbaikan" in told and "Ditolak" in told
    assert phone.client.get("/daftar/kontak?ubah=1").status_code != 200  # the fix is closed
    with officer.app_context():
        assert application(officer, reference).answers["kontak"]["ponsel"] == "+6281234567890"


def test_a_fix_is_asked_only_while_verifying_and_only_for_steps_of_the_path(officer, runner):
    reference = sent_application(officer)
    desk = Officer(officer)
    desk.sign_in()
    assert "Minta perbaikan" not in officer_page(desk, reference)  # received: start verifying first
    assert decide(desk, reference, "perbaikan", catatan_kontak="x").status_code == 409
    assert decide(desk, reference, "diverifikasi").status_code == 303
    page = officer_page(desk, reference)
    assert 'name="perbaikan-pilih_kontak"' in page and 'name="perbaikan-pilih_dokumen"' not in page  # reactivation
    assert "perbaikan-pilih_kategori" not in page and "perbaikan-pilih_persetujuan" not in page
    wrong = runner.invoke(args=["applications", "set-status", reference, "perbaikan", "--fix", "dokumen=Foto buram"])
    assert wrong.exit_code != 0 and "kartu, tunggakan, kontak" in wrong.output
    done = runner.invoke(args=["applications", "set-status", reference, "perbaikan",
                               "--fix", "kartu=Nomor kartu salah"])
    assert done.exit_code == 0, done.output
    assert "Nomor kartu salah" in status_post(officer.test_client(), reference).get_data(as_text=True)


def test_opening_a_fix_needs_the_reference_and_birth_date_and_a_fix_to_make(officer):
    reference = sent_application(officer)
    client = officer.test_client()
    token = csrf_token(client.get("/status").get_data(as_text=True))
    wrong = client.post("/status/perbaiki", data={"referensi": reference, **BORN, "lahir_hari": "18",
                                                   "csrf_token": token})
    assert wrong.status_code == 422 and "tidak cocok" in wrong.get_data(as_text=True)
    stale = client.post("/status/perbaiki", data={"referensi": reference, **BORN, "csrf_token": "lama"})
    assert stale.status_code == 422 and 'value="17"' in stale.get_data(as_text=True)  # typed answers kept
    nothing_to_fix = client.post("/status/perbaiki", data={"referensi": reference, **BORN, "csrf_token": token})
    assert nothing_to_fix.status_code == 200 and "sudah kami terima" in nothing_to_fix.get_data(as_text=True)
    assert client.get("/daftar/periksa").headers["Location"].endswith("/daftar/jalur")  # no fix was opened


def test_the_steps_sent_back_keep_the_path_s_order_and_a_new_address_reopens_the_faskes(app):
    with app.test_request_context():  # (the messages are translated)
        fixes, missing = fixes_from("baru", ["rekening", "dokumen"], {
            "dokumen": "Foto KTP terpotong.", "domisili": " Alamat tidak sesuai KTP. ", "jalur": "x"})
        assert list(fixes) == ["domisili", "faskes", "dokumen"] and fixes["domisili"] == "Alamat tidak sesuai KTP."
        assert "tempat tinggal Anda berubah" in fixes["faskes"]
        assert list(missing) == ["rekening"]
        assert fixes_from("baru", ["faskes"], {"faskes": "Faskes penuh; pilih yang lain."})[0] == {
            "faskes": "Faskes penuh; pilih yang lain."}
