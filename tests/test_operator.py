"""The operator who runs the service is named wherever a person decides whether to trust it,
production refuses the example operator, and /tentang says where applications go, that
payment only ever goes to BPJS Kesehatan, what is never asked for and how to check."""
import re

import pytest

from app import create_app
from blueprints.core.operator import EXAMPLE, SETTINGS, operator_from
from blueprints.core.vault import new_key
from tests.conftest import OPERATOR, make_app
from tests.test_apply import REACTIVATION

REAL = OPERATOR
KEYS = {"SECRET_KEY": "s" * 32, "ENCRYPTION_KEYS": [new_key()], "NIK_HASH_KEY": "h" * 32}


def test_production_refuses_the_example_operator_and_names_what_is_missing(tmp_path):
    production = {"TESTING": True, "HTTPS": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}", **KEYS}
    with pytest.raises(RuntimeError, match=r"OPERATOR_NAME.*OPERATOR_CHANNEL"):
        create_app(production)
    with pytest.raises(RuntimeError, match=r"^set OPERATOR_ADDRESS in"):
        create_app(production | REAL | {"OPERATOR_ADDRESS": "  "})
    assert create_app(production | REAL).extensions["operator"].name == REAL["OPERATOR_NAME"]


def test_a_laptop_gets_the_example_operator_marked_as_an_example():
    operator = operator_from({setting: getattr(EXAMPLE, name) for name, setting in SETTINGS.items()})
    assert operator == EXAMPLE and all(value.startswith("CONTOH") for value in vars(operator).values())


@pytest.fixture
def real_operator(tmp_path):
    app, cleanup = make_app(tmp_path, **REAL)
    yield app
    cleanup()


def test_the_operator_is_named_where_people_decide_to_trust_the_service(real_operator):
    client = real_operator.test_client()
    name = "Koperasi Sehat Bersama O&#39;Hara"
    start = client.get("/daftar/").get_data(as_text=True)
    assert name in start and "PKS Nomor 12/KS/2026" in start and REAL["OPERATOR_CHANNEL"] in start
    assert 'href="/tentang"' in start
    privacy = client.get("/privasi").get_data(as_text=True)
    assert name in privacy and REAL["OPERATOR_ADDRESS"] in privacy and REAL["OPERATOR_CONTACT"] in privacy
    guide = client.get("/panduan/").get_data(as_text=True)  # a cached public page: the footer
    assert f"Layanan ini dijalankan oleh {name}." in guide and 'href="/tentang"' in guide


def test_the_confirmation_says_who_received_it_and_how_it_goes_on(real_operator):
    from tests.conftest import Applicant

    applicant = Applicant(real_operator.test_client())
    applicant.through(REACTIVATION)
    applicant.submit()
    done = applicant.client.get("/daftar/selesai").get_data(as_text=True)
    assert "diterima oleh Koperasi Sehat Bersama O&#39;Hara" in done and REAL["OPERATOR_CHANNEL"] in done


def test_about_page_says_where_applications_go_and_how_to_check(client):
    page = client.get("/tentang")
    assert page.status_code == 200 and "public" in page.headers["Cache-Control"]
    text = re.sub(r"\s+", " ", page.get_data(as_text=True))
    for said in ("Siapa yang menjalankan", "Apa yang terjadi dengan permohonan Anda", EXAMPLE.channel,
                 "Pembayaran hanya ke BPJS Kesehatan", "88888", "89888", "11 angka terakhir nomor kartu JKN",
                 "Kode OTP", "PIN ATM", "Kata sandi", "Transfer uang ke rekening siapa pun",
                 "Cara memastikan layanan ini asli", "Care Center 165", "Bisa juga tanpa kami",
                 'href="/panduan/aktivasi-lewat-mobile-jkn"', 'href="/panduan/aktivasi-lewat-pandawa"'):
        assert said in text, said


def test_the_bank_step_promises_only_what_the_operator_does(family):
    page = family.client.get("/daftar/rekening").get_data(as_text=True)
    assert "ditarik otomatis dari rekening ini" not in page  # we do not debit anyone
    assert "Autodebitnya didaftarkan oleh BPJS Kesehatan dengan bank Anda" in page
    assert "Kami tidak pernah menarik, menerima, atau meminta uang." in page
