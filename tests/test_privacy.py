"""Personal data at rest (sealed rows and photos, NIK hashes, key rotation) and the
operator commands that answer people's requests: flask data find/export/delete/purge."""
import csv
import datetime
import io
import json
import os
import re
import stat
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text
from sqlalchemy.orm import load_only

from blueprints.apply.models import Application, ApplicationNik, AuditEvent, Draft
from blueprints.apply.questions import DOCUMENTS, Answers
from blueprints.core.vault import KEYS_FILE, Vault, load_keys, new_key
from blueprints.guides.models import Feedback
from extensions import db
from tests.conftest import Applicant, make_app
from tests.test_apply import CARD, REACTIVATION, count
from tests.test_apply_new import photos, upload

SECRETS = ("3171011708850001", "0001 9443 58911", "0812-3456-7890", "Budi Santoso", "3171 0117 0885 0001",
           "3171-0120-0115-0003", "1234-5678-9012", "budi@contoh.co.id", "1985-08-17", "Sari Dewi",
           "0001944358911", "+6281234567890", "3171012001150003", "123456789012")  # and as stored: digits, +62
JPEG = b"\xff\xd8"


def submitted(applicant) -> str:
    """Finish the reactivation path and return the application's reference."""
    applicant.through(REACTIVATION)
    applicant.submit()
    return applicant.client.get("/daftar/selesai").get_data(as_text=True).split('class="reference">')[1][:9]


def registered(family_applicant) -> str:
    upload(family_applicant, photos())
    return submitted_family(family_applicant)


def submitted_family(family_applicant) -> str:
    family_applicant.through([("persetujuan", {"setuju": "y"})])
    family_applicant.submit()
    return family_applicant.client.get("/daftar/selesai").get_data(as_text=True).split('class="reference">')[1][:9]


def raw_rows(app) -> str:
    """Everything in the drafts and applications tables as the database holds it."""
    with app.app_context():
        rows = db.session.execute(text("SELECT answers, birth_date FROM drafts UNION ALL "
                                       "SELECT answers, birth_date FROM applications")).all()
    return repr(rows)


def stored_files(app) -> list:
    folder = app.config["UPLOAD_DIR"]
    return sorted(os.path.join(folder, name) for name in os.listdir(folder)) if os.path.isdir(folder) else []


# --- the vault ------------------------------------------------------------------

def test_the_vault_seals_and_opens_and_hashes_niks_with_its_own_key():
    vault = Vault([new_key()], "hash-key")
    token = vault.seal_json({"nik": "3171011708850001"})
    assert "3171" not in token and vault.open_json(token) == {"nik": "3171011708850001"}
    assert vault.nik_hash("3171 0117 0885 0001") == vault.nik_hash("3171011708850001")
    assert vault.nik_hash("3171011708850001") != Vault([new_key()], "other-key").nik_hash("3171011708850001")
    assert len(vault.nik_hash("3171011708850001")) == 64 and "3171" not in vault.nik_hash("3171011708850001")


def test_development_keys_are_made_once_into_instance_and_production_refuses_without_them(tmp_path):
    first, second = {}, {}
    load_keys(first, str(tmp_path))
    load_keys(second, str(tmp_path))
    assert first == second and len(first["ENCRYPTION_KEYS"]) == 1 and first["SECRET_KEY"]
    assert stat.S_IMODE((tmp_path / KEYS_FILE).stat().st_mode) == 0o600
    given = {"SECRET_KEY": "s", "ENCRYPTION_KEYS": [new_key()], "NIK_HASH_KEY": "h"}
    load_keys(dict(given), str(tmp_path / "elsewhere"))  # the environment wins; no file needed
    assert not (tmp_path / "elsewhere").exists()
    with pytest.raises(RuntimeError, match="ENCRYPTION_KEYS"):
        load_keys({"HTTPS": True, "SECRET_KEY": "s"}, str(tmp_path / "production"))


# --- sealed at rest -------------------------------------------------------------

def test_answers_and_birth_dates_are_sealed_in_the_database(app, family):
    reference = registered(family)
    applicant = Applicant(app.test_client())
    submitted(applicant)
    raw = raw_rows(app)
    assert raw.count("gAAAAA") >= 8  # Fernet tokens: answers and birth date of 2 drafts and 2 applications
    # Outside the tokens nothing is left to read (inside them, base64 may spell "BRI" by chance).
    outside = re.sub(r"gAAAAA[A-Za-z0-9_\-]+=*", "<sealed>", raw)
    for secret in (*SECRETS, "Kepala keluarga", "BRI"):
        assert secret not in outside, secret
    with app.app_context():  # and the app reads them back as they were given
        application = db.session.scalar(select(Application).filter_by(reference=reference.replace("-", "")))
        assert application.answers["kontak"]["email"] == "budi@contoh.co.id"
        assert application.birth_date == datetime.date(1985, 8, 17)


def test_photos_are_sealed_on_disk_and_shown_to_their_owner(app, family):
    upload(family, photos())
    files = stored_files(app)
    assert len(files) == 6
    for path in files:
        with open(path, "rb") as file:
            assert file.read(2) != JPEG, path
    thumbnail = family.client.get("/daftar/dokumen/ktp.jpg")
    assert thumbnail.status_code == 200 and thumbnail.data[:2] == JPEG


def test_every_nik_of_an_application_is_findable_by_its_keyed_hash(app, family, runner):
    reference = registered(family)
    with app.app_context():
        hashes = db.session.scalars(select(ApplicationNik.nik_hash)).all()
    assert len(hashes) == 2 and not any("3171" in h for h in hashes)
    for nik in ("3171 0117 0885 0001", "3171015203880002"):  # applicant and spouse, however typed
        assert runner.invoke(args=["data", "find", nik]).output.strip() == reference.replace("-", "")
    assert runner.invoke(args=["data", "find", "3171011708850009"]).output == ""


# --- people's rights ------------------------------------------------------------

def test_export_prints_everything_and_writes_the_photos(app, family, runner, tmp_path):
    reference = registered(family)
    result = runner.invoke(args=["data", "export", reference, "--photos", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    assert exported["reference"] == reference.replace("-", "") and exported["birth_date"] == "1985-08-17"
    kk = {"v": 2, "nomor_kk": "3171012001150003", "nomor_kk_diketik": "3171-0120-0115-0003"}
    assert exported["answers"]["kk"] == kk
    assert exported["consent"]["text"].startswith("Saya setuju")
    (message,) = exported["messages"]  # the reference, by WhatsApp as chosen (the resume code went with the draft)
    assert (message["kind"], message["channel"], message["to"]) == ("terkirim", "whatsapp", "+6281234567890")
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{exported['reference']}-{kind}.jpg" for kind in ("ktp", "kk", "swafoto"))
    assert (tmp_path / "out" / written[0]).read_bytes()[:2] == JPEG
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
    assert {stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) for name in written} == {0o600}
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action)) == "ekspor"


def test_export_says_which_photo_is_missing_and_writes_the_others(app, family, runner, tmp_path):
    reference = registered(family)
    with app.app_context():
        application = db.session.scalar(select(Application))
        ktp = Answers(application.answers).get(DOCUMENTS).foto["ktp"]
    (Path(app.config["UPLOAD_DIR"]) / f"{ktp}.jpg").unlink()
    result = runner.invoke(args=["data", "export", reference, "--photos", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "photo ktp is missing" in result.stderr and json.loads(result.stdout)["reference"]
    assert sorted(p.name.rsplit("-", 1)[1] for p in (tmp_path / "out").iterdir()) == ["kk.jpg", "swafoto.jpg"]


def test_delete_removes_rows_and_files_and_leaves_an_audit_event_without_personal_data(app, family, runner):
    reference = registered(family)
    other = Applicant(app.test_client())
    submitted(other)
    assert runner.invoke(args=["data", "delete", reference]).exit_code == 1  # asks first
    result = runner.invoke(args=["data", "delete", reference, "--yes"])
    assert "pengajuan 1, draf 1, berkas 6" in result.output, result.output
    assert count(app, Application) == 1 and count(app, Draft) == 1 and count(app, ApplicationNik) == 1
    assert stored_files(app) == []
    with app.app_context():
        event = db.session.scalar(select(AuditEvent))
        assert (event.action, event.reference) == ("hapus", reference.replace("-", ""))
        for secret in SECRETS:
            assert secret not in f"{event.reference} {event.detail}"
    assert "no application" in runner.invoke(args=["data", "export", reference]).output


def test_purge_applies_the_retention_periods(app, family, runner):
    kept_reference = registered(family)  # its photos must survive the purge of its draft
    unsent = Applicant(app.test_client())
    unsent.through(REACTIVATION[:3])
    finished = Applicant(app.test_client())
    finished_reference = submitted(finished)
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=400)
    with app.app_context():
        db.session.add_all([Feedback(guide="a", helpful=True, created_at=long_ago), Feedback(guide="b", helpful=False)])
        db.session.execute(db.update(Draft).values(expires_at=long_ago))
        db.session.execute(db.update(Application).where(Application.reference == finished_reference.replace("-", ""))
                           .values(status="aktif", updated_at=long_ago))
        db.session.commit()
    result = runner.invoke(args=["data", "purge"])
    assert "draf 3" in result.output and "pengajuan 1" in result.output and "umpan_balik 1" in result.output
    with app.app_context():
        assert db.session.scalars(select(Application.reference)).all() == [kept_reference.replace("-", "")]
        assert db.session.scalar(select(AuditEvent.action)) == "purge"
    assert count(app, Feedback) == 1 and count(app, Draft) == 0
    assert len(stored_files(app)) == 6  # the kept application's three photos and thumbnails


def test_an_unsent_draft_loses_its_photos_when_it_expires(app, family, runner):
    upload(family, photos())
    with app.app_context():
        db.session.execute(db.update(Draft).values(
            expires_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)))
        db.session.commit()
    assert "draf 1" in runner.invoke(args=["data", "purge"]).output
    assert stored_files(app) == []


def test_the_privacy_page_names_the_retention_periods_and_where_to_ask(client, app):
    page = client.get("/privasi").get_data(as_text=True)
    assert f"{app.config['DRAFT_LIFETIME_DAYS']} hari" in page
    assert f"{app.config['APPLICATION_RETENTION_DAYS']} hari" in page
    assert app.config["PRIVACY_CONTACT"] in page


# --- key rotation and the migration that sealed existing rows -------------------------

def test_rotation_re_encrypts_rows_and_photos_so_the_old_key_can_go(app, family):
    old, fresh = app.config["ENCRYPTION_KEYS"][0], new_key()
    hash_key = app.config["NIK_HASH_KEY"]
    upload(family, photos())
    reference = submitted(Applicant(app.test_client()))
    with app.app_context():
        before = db.session.scalar(select(Application.updated_at))

    app.extensions["vault"] = Vault([fresh, old], hash_key)  # the new key put in front
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert "drafts 2, applications 1, files 6" in result.output, result.output

    app.extensions["vault"] = Vault([fresh], hash_key)  # and the old one removed
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.reference == reference.replace("-", "")
        assert application.answers["kartu"]["nik"] == CARD["nik"]
        assert application.updated_at == before  # rotating does not restart the retention clock
        assert all(draft.answers for draft in db.session.scalars(select(Draft)))
    thumbnail = family.client.get("/daftar/dokumen/ktp.jpg")
    assert thumbnail.status_code == 200 and thumbnail.data[:2] == JPEG


def test_the_migration_seals_rows_written_before_it(tmp_path):
    app, cleanup = make_app(tmp_path)
    with app.app_context():
        downgrade(revision="0002")
        db.session.execute(text(
            "INSERT INTO drafts (id, resume_code, answers, birth_date, created_at, updated_at, expires_at) "
            "VALUES ('d1', 'ABCDEFGH', :answers, :born, :at, :at, :at)"),
            {"answers": json.dumps({"kartu": {"nik": "3171011708850001"}}), "born": datetime.date(1985, 8, 17),
             "at": datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)})
        db.session.commit()
        upgrade(revision="0003")
        assert "3171011708850001" not in raw_rows(app)
        draft = db.session.scalar(select(Draft).options(load_only(Draft.answers, Draft.birth_date))  # 0003's columns
                                  .filter_by(id="d1"))
        assert draft.answers == {"kartu": {"nik": "3171011708850001"}}
        assert draft.birth_date == datetime.date(1985, 8, 17)
    cleanup()


def test_the_operator_export_points_out_applications_that_share_a_nik(app, runner):
    first, second, third = (Applicant(app.test_client()) for _ in range(3))
    references = [submitted(first), submitted(second)]  # the same card holder twice
    other_card = dict(CARD, nik="3171011708850002")
    third.through([*REACTIVATION[:2], ("kartu", other_card), *REACTIVATION[3:]])
    third.submit()
    rows = csv.DictReader(io.StringIO(runner.invoke(args=["applications", "export", "--since", "2020-01-01"]).output))
    same = {row["reference"]: row["same_nik_as"] for row in rows}
    a, b = (reference.replace("-", "") for reference in references)
    assert same[a] == b and same[b] == a
    assert sorted(same.values()).count("") == 1  # the third names nobody else
