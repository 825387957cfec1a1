"""Home, health check, hashed assets, error pages and what every template may use."""
import contextvars
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import lru_cache

import phonenumbers
from flask import Response, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from blueprints.core import bp
from blueprints.core.figures import format_value
from blueprints.core.logs import current_request_id
from blueprints.core.web import cacheable, content, public_page, wants_notice
from extensions import db

log = logging.getLogger(__name__)

YEAR = 365 * 24 * 3600


@bp.app_context_processor
def site_context():
    """Let templates look up a figure by name, link to hashed assets, name the language and the
    operator who runs the service."""
    return {"figure": content().figures.__getitem__, "asset_url": asset_url, "locale": get_locale(),
            "operator": current_app.extensions["operator"]}


def asset_url(logical: str) -> str | None:
    name = current_app.extensions["assets"].url_name(logical)
    return url_for("core.asset", name=name) if name else None


# No inline scripts or styles anywhere (htmx is configured through its meta tag
# to inject none), so the policy needs no 'unsafe-inline' and no 'unsafe-eval'.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


# Powerful browser features this site never uses are switched off; the camera only on the page
# that asks for photos of the documents and the selfie (a file box may open the camera there).
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), browsing-topics=(), camera={camera}, display-capture=(), "
                      "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()")
PHOTO_PAGES = {("apply.step", "dokumen")}


@bp.after_app_request
def security_headers(response):
    """The same protective headers on every response, cached pages included."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    photos = (request.endpoint, (request.view_args or {}).get("step")) in PHOTO_PAGES
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY.format(camera="(self)" if photos else "()"))
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


@bp.get("/")
def home():
    """Show the three journeys and a search box."""
    return public_page(render_template("core/home.html", categories=content().guides.by_category()))


@bp.get("/privasi")
def privacy():
    """Say what personal data the site keeps, why, for how long, who sees it and how to ask."""
    return public_page(render_template("core/privacy.html"))


@bp.get("/tentang")
def about():
    """Say who runs the service, where applications go, and how to check that it is genuine."""
    return public_page(render_template("core/about.html"))


@bp.get("/aset/<path:name>")
def asset(name):
    """Serve a stylesheet or script under its content-hashed name."""
    found = current_app.extensions["assets"].files.get(name)
    if found is None:
        abort(404)
    body, mimetype = found
    return cacheable(Response(body, mimetype=mimetype), YEAR, immutable=True)


@bp.get("/readyz")
@bp.get("/healthz")
def healthz():
    """Report whether the app and its database answer (ready for traffic), within READY_TIMEOUT."""
    if not database_answers(db.engine, current_app.config["READY_TIMEOUT"]):
        log.error("health check: database unreachable")
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


# The probe runs beside the request, so a database that never answers costs the health check
# READY_TIMEOUT, not the worker's whole timeout; while one probe is still waiting, the next answers at
# once (the database is not ready) instead of queueing behind it.
_probe = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readyz")
_waiting: list[Future] = []


def _select_one(engine) -> bool:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return True


def database_answers(engine, within: float) -> bool:
    """Whether the database answers SELECT 1 within `within` seconds."""
    if _waiting and not _waiting[-1].done():
        return False
    # In the request's context, so that the probe reads as a GET does (core/database.py).
    _waiting[:] = [_probe.submit(contextvars.copy_context().run, _select_one, engine)]
    try:
        return _waiting[-1].result(timeout=within)
    except (FutureTimeout, SQLAlchemyError):
        return False


# Each error: its title, what happened, and what to do next. Without JavaScript the
# person sees a page; an htmx request gets the same words as a notice swapped in
# above the form (templates/core/_notice.html), so nothing typed is lost.
TRY_AGAIN_LATER = _l("Tunggu beberapa menit, lalu tekan tombolnya sekali lagi.")
ERRORS = {
    400: (_l("Permintaan tidak bisa diproses"),
          _l("Ada yang tidak beres dengan permintaan ini."), _l("Muat ulang halaman ini, lalu kirim lagi.")),
    403: (_l("Permintaan ditolak"),
          _l("Formulir ini harus dikirim dari halaman di situs ini."), _l("Buka lagi halamannya lalu kirim ulang.")),
    404: (_l("Halaman tidak ditemukan"),
          _l("Alamat ini mungkin salah ketik atau halamannya sudah dipindahkan."), _l("Mulai dari beranda.")),
    405: (_l("Cara membuka halaman ini tidak didukung"),
          _l("Buka halaman ini dari tautan di situs, bukan dari alamat yang disalin."), _l("Mulai dari beranda.")),
    413: (_l("Kiriman terlalu besar"),
          _l("Foto atau isian yang Anda kirim sekaligus melebihi batas ukuran."),
          _l("Kirim foto satu per satu, atau pilih foto yang lebih kecil, lalu kirim lagi. Tanpa JavaScript, tekan "
             "Kembali di browser: isian Anda masih ada di sana.")),
    429: (_l("Terlalu banyak permintaan"),
          _l("Anda mengirim terlalu sering dalam waktu singkat."), _l("Tunggu satu menit, lalu coba lagi.")),
    500: (_l("Maaf, ada gangguan di situs kami"),
          _l("Kesalahan ini ada di pihak kami, bukan Anda."), _l("Coba lagi beberapa saat lagi.")),
}


def error_page(error):
    """Show an error in plain Indonesian with a way forward (in place, for an htmx request)."""
    status = getattr(error, "code", None) or 500
    if status not in ERRORS:
        status = 500 if status >= 500 else 400
    title, message, next_step = ERRORS[status]
    template = "core/_notice.html" if wants_notice() else "core/error.html"
    return render_template(template, status=status, title=title, message=message, next_step=next_step,
                           error_id=current_request_id() if status >= 500 else None), status


for code in ERRORS:
    bp.app_errorhandler(code)(error_page)


@bp.app_errorhandler(SQLAlchemyError)
def database_unavailable(error):
    """Say honestly that the database is down and what happened to the person's answers."""
    db.session.rollback()
    log.error("database error: %s", type(error).__name__)  # the message may quote personal data
    if wants_notice():
        return render_template("core/_notice.html", title=_l("Situs sedang terganggu"), message=_l(
            "Kami tidak bisa menyimpan halaman ini sekarang. Jawaban yang sudah tersimpan sebelumnya aman."),
            next_step=TRY_AGAIN_LATER), 503
    return render_template("core/unavailable.html"), 503


@bp.app_template_filter()
def rupiah(amount: int) -> str:
    """Rp150.000."""
    return format_value(amount, "rupiah")


@bp.app_template_global()
def site_url(endpoint: str, **values) -> str:
    """An absolute address on the configured SITE_URL, never on the request's Host header: pages that
    carry one (the sitemap, the feed) are publicly cacheable, so a forged Host must not end up in them."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


@bp.app_template_filter()
def tel_url(number: str) -> str:
    """A tel: link for a phone number as written in the figures file."""
    return "tel:" + phone_digits(number, international=False)


@bp.app_template_filter()
def whatsapp_url(number: str) -> str:
    """A WhatsApp chat link for an Indonesian mobile number."""
    return "https://wa.me/" + phone_digits(number, international=True)


@lru_cache(maxsize=64)
def phone_digits(number: str, international: bool) -> str:
    parsed = phonenumbers.parse(number, "ID")
    if len(str(parsed.national_number)) <= 5:  # short codes such as 165 are dialled as is
        return str(parsed.national_number)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return e164.lstrip("+") if international else e164
