"""Personal data never travels in a URL or a cookie.

Both paths are walked to the confirmation, once as plain form posts and once
as htmx requests. After every step the session cookie is decoded, and every URL
the site produced (redirects, HX-Push-Url, HX-Redirect, and every href, action,
src and hx-* address in the page) is checked for the NIK, KK, card, phone,
email and account number, as typed, as bare digits and URL-encoded."""
import re
from urllib.parse import quote, quote_plus, unquote

import pytest

from tests.conftest import csrf_token
from tests.test_apply import CARD, REACTIVATION
from tests.test_apply_new import AFTER_FAMILY, APPLICANT, BEFORE_FAMILY, SPOUSE, photos

CONTACT = {"ponsel": "0812 3456 7890", "email": "budi.santoso@contoh.co.id", "kabar": "email"}
NEW_REGISTRATION = [*BEFORE_FAMILY, ("keluarga/tambah", APPLICANT), ("keluarga", SPOUSE),
                    *[(s, CONTACT if s == "kontak" else a) for s, a in AFTER_FAMILY],
                    ("dokumen", None), ("persetujuan", {"setuju": "y"})]
REACTIVATION_PATH = [(s, CONTACT if s == "kontak" else a) for s, a in REACTIVATION]
TYPED = [CARD["nik"], CARD["nomor_kartu"], APPLICANT["nik"], SPOUSE["nik"], "3171-0120-0115-0003",
         "1234-5678-9012", CONTACT["ponsel"], CONTACT["email"]]
URL_ATTRIBUTES = re.compile(r'(?:href|action|src|hx-get|hx-post|hx-push-url)="([^"]*)"')
URL_HEADERS = ("Location", "HX-Push-Url", "HX-Redirect", "HX-Location")


def forms_of(value: str) -> set[str]:
    digits = re.sub(r"\D", "", value)
    found = {value, quote(value), quote_plus(value)}
    return found | ({digits, "62" + digits[1:]} if len(digits) >= 8 else set())


FORBIDDEN = set().union(*(forms_of(value) for value in TYPED))


class Watcher:
    """Records what the site hands back: URLs and the decoded session cookie."""

    def __init__(self, app, client):
        self.app, self.client, self.urls, self.cookies = app, client, [], []

    def seen(self, response):
        self.urls += [response.headers[name] for name in URL_HEADERS if name in response.headers]
        if response.mimetype == "text/html":
            self.urls += URL_ATTRIBUTES.findall(response.get_data(as_text=True))
        cookie = self.client.get_cookie(self.app.config["SESSION_COOKIE_NAME"])
        if cookie is not None:
            self.cookies.append(self.app.session_interface.get_signing_serializer(self.app).loads(cookie.value))
        return response

    def walk(self, steps, headers):
        for step, answer in steps:
            page = self.seen(self.client.get(f"/daftar/{step.split('/')[0]}", headers=headers))
            data = {"csrf_token": csrf_token(page.get_data(as_text=True))}
            if step == "dokumen":
                data |= photos()
            response = self.seen(self.client.post(f"/daftar/{step}", data=data | (answer or {}), headers=headers))
            assert response.status_code in (200, 303), (step, response.status_code)
        page = self.seen(self.client.get("/daftar/periksa", headers=headers))
        self.seen(self.client.post("/daftar/periksa", data={"csrf_token": csrf_token(page.get_data(as_text=True))},
                                   headers=headers))
        done = self.seen(self.client.get("/daftar/selesai"))
        assert "Permohonan terkirim" in done.get_data(as_text=True)


@pytest.mark.parametrize("steps", [REACTIVATION_PATH, NEW_REGISTRATION], ids=["reaktivasi", "baru"])
@pytest.mark.parametrize("htmx", [False, True], ids=["forms", "htmx"])
def test_no_url_and_no_cookie_carries_personal_data(app, steps, htmx):
    watcher = Watcher(app, app.test_client())
    headers = {"HX-Request": "true", "HX-Target": "langkah"} if htmx else {}
    watcher.walk(steps, headers)
    assert len(watcher.urls) > 50 and len(watcher.cookies) > len(steps)
    for url in watcher.urls:
        assert not any(secret in url or secret in unquote(url) for secret in FORBIDDEN), url
    for payload in watcher.cookies:
        assert set(payload) <= {"draft", "csrf_token", "_permanent"}, payload
        assert not any(secret in str(payload) for secret in FORBIDDEN), payload
