"""Configuration: defaults for a laptop, overridden by environment variables.

Every setting the app reads lives here, so an operator finds them in one place.
The README lists the environment variables in the same order.
"""
import datetime
import ipaddress
import os
from pathlib import Path

from blueprints.core.operator import EXAMPLE
from blueprints.messages.texts import SITE_SAMPLE

BASE_DIR = Path(__file__).resolve().parent
PHOTOS_PER_FORM = 3  # the documents step: KTP, KK, swafoto
FORM_ALLOWANCE = 1024 * 1024  # the rest of a form with photos: its text fields and multipart framing


class Config:
    # Secrets: from the environment in production; on a laptop, generated once into
    # instance/keys.json (see blueprints/core/vault.py). ENCRYPTION_KEYS is a
    # comma-separated list of Fernet keys, the newest first.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    ENCRYPTION_KEYS = [key for key in os.environ.get("ENCRYPTION_KEYS", "").split(",") if key.strip()]
    NIK_HASH_KEY = os.environ.get("NIK_HASH_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # the timeouts below are added (blueprints/core/database.py)
    # PostgreSQL: give up connecting after this (seconds, at least 2), waiting for a free pooled
    # connection after this, and in the web server end a statement or a lock wait after these (ms).
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
    DATABASE_POOL_TIMEOUT = float(os.environ.get("DATABASE_POOL_TIMEOUT", "3"))
    DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "15000"))
    DATABASE_LOCK_TIMEOUT_MS = int(os.environ.get("DATABASE_LOCK_TIMEOUT_MS", "5000"))
    # /readyz answers 503 when the database has not answered SELECT 1 within this (seconds).
    READY_TIMEOUT = float(os.environ.get("READY_TIMEOUT", "1"))

    CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))
    # A served worker hears of a change under content/ from the kernel (inotify); where it cannot, it
    # looks at every file this often (seconds). 0: every request looks (the tests).
    CONTENT_CHECK_INTERVAL = float(os.environ.get("CONTENT_CHECK_INTERVAL", "0.25"))  # an edit is live in ≤0.5 s
    # `flask content check` warns about a source last checked longer ago than this (days).
    CONTENT_SOURCE_MAX_AGE_DAYS = int(os.environ.get("CONTENT_SOURCE_MAX_AGE_DAYS", "365"))
    # Node packages (htmx, axe-core) installed by `npm ci`, served from here.
    NODE_MODULES_DIR = Path(os.environ.get("NODE_MODULES_DIR", BASE_DIR / "node_modules"))

    # Draft guides: shown at their URL with ?pratinjau=<token>, or always when
    # CONTENT_PREVIEW_ALL is set (make run sets it for editors on their laptop).
    CONTENT_PREVIEW_TOKEN = os.environ.get("CONTENT_PREVIEW_TOKEN", "")
    CONTENT_PREVIEW_ALL = os.environ.get("CONTENT_PREVIEW_ALL", "") not in ("", "0")
    # "Ubah halaman ini" links to this address, {path} replaced by e.g. content/guides/x.md.
    CONTENT_EDIT_URL = os.environ.get("CONTENT_EDIT_URL", "")

    # Shared cache lifetime of guide pages; hashed assets live for a year.
    PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "300"))
    COMPRESS_ALGORITHM = ["gzip"]
    COMPRESS_LEVEL = 9  # cached pages are compressed once
    COMPRESS_MIN_SIZE = 500

    # Counters must be shared by every worker and server: Redis (REDIS_URL, or RATELIMIT_STORAGE_URI
    # apart from the queue). `make serve` uses a local Redis when there is one (gunicorn.conf.py).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Keeps this site's counters apart when several sites share one Redis.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "jkn")
    FEEDBACK_RATE_LIMIT = os.environ.get("FEEDBACK_RATE_LIMIT", "10 per minute;100 per day")

    # Drafts of applications are kept this long after the last saved answer.
    DRAFT_LIFETIME_DAYS = int(os.environ.get("DRAFT_LIFETIME_DAYS", "30"))
    # Retention (`flask data purge`, run daily): applications whose status is final
    # (aktif, ditolak) are deleted this long after their last change; feedback too.
    APPLICATION_RETENTION_DAYS = int(os.environ.get("APPLICATION_RETENTION_DAYS", "365"))
    FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", "365"))
    # Where people send requests to see, correct or delete their data (the privacy page).
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "privasi@bantujkn.example")
    # PERMANENT_SESSION_LIFETIME follows DRAFT_LIFETIME_DAYS (see derive_settings).
    SESSION_COOKIE_SAMESITE = "Lax"
    # Forms check their own CSRF token, so a stale token re-shows the page with
    # the answers instead of failing before the view runs.
    WTF_CSRF_CHECK_DEFAULT = False
    WTF_CSRF_TIME_LIMIT = None
    LOOKUP_RATE_LIMIT = os.environ.get("LOOKUP_RATE_LIMIT", "10 per minute;50 per hour")

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"

    # One uploaded photo, at most (the pages state it). The request limits follow from it
    # (UPLOAD_MAX_BYTES, MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE: see derive_settings).
    PHOTO_MAX_BYTES = 5 * 1024 * 1024
    MAX_FORM_PARTS = 100
    # How long htmx waits for an answer before saying there is none (static/js/swaps.js):
    # long enough for three shrunk photos (about 3 MB) at 400 kbps, about 60 s.
    HTMX_TIMEOUT_MS = 120_000

    # Who runs the service and where applications go (blueprints/core/operator.py), named on
    # /daftar/, /tentang, the privacy page, the confirmation and the footer. The defaults are a
    # clearly fake example operator; production (HTTPS=1) refuses to start with any of them.
    OPERATOR_NAME = os.environ.get("OPERATOR_NAME", EXAMPLE.name)
    OPERATOR_LEGAL_BASIS = os.environ.get("OPERATOR_LEGAL_BASIS", EXAMPLE.legal_basis)
    OPERATOR_ADDRESS = os.environ.get("OPERATOR_ADDRESS", EXAMPLE.address)
    OPERATOR_CONTACT = os.environ.get("OPERATOR_CONTACT", EXAMPLE.contact)
    OPERATOR_CHANNEL = os.environ.get("OPERATOR_CHANNEL", EXAMPLE.channel)

    # How many proxies (load balancer, CDN) stand in front and set X-Forwarded-*.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # Production (behind HTTPS): Secure, __Host- cookies and HSTS. Off on a laptop.
    HTTPS = os.environ.get("HTTPS", "") not in ("", "0")
    SESSION_COOKIE_HTTPONLY = True  # SESSION_COOKIE_SECURE and _NAME follow HTTPS (see derive_settings)
    SUBMIT_RATE_LIMIT = os.environ.get("SUBMIT_RATE_LIMIT", "5 per minute;20 per day")
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR")  # None: instance/uploads

    # The staff desk (/petugas/, blueprints/desk/): its own session cookie (DESK_SESSION_COOKIE_NAME,
    # see derive_settings), ended after DESK_IDLE_MINUTES without a request and DESK_MAX_HOURS after
    # signing in; an account is locked for a while after DESK_LOCKOUT_AFTER wrong tries in a row, and
    # each address may try DESK_LOGIN_RATE_LIMIT. DESK_ALLOWED_NETWORKS (comma-separated, e.g.
    # "10.0.0.0/8,203.0.113.7") keeps the desk to those addresses; empty: any.
    DESK_IDLE_MINUTES = int(os.environ.get("DESK_IDLE_MINUTES", "15"))
    DESK_MAX_HOURS = int(os.environ.get("DESK_MAX_HOURS", "10"))
    DESK_LOCKOUT_AFTER = int(os.environ.get("DESK_LOCKOUT_AFTER", "5"))
    DESK_LOGIN_RATE_LIMIT = os.environ.get("DESK_LOGIN_RATE_LIMIT", "10 per 15 minutes")
    DESK_ALLOWED_NETWORKS = os.environ.get("DESK_ALLOWED_NETWORKS", "")

    # Messages to applicants (blueprints/messages/): the address links in them start with, and the
    # job queue that delivers them, Redis at REDIS_URL when set, else an SQLite file (QUEUE_FILE,
    # default instance/queue.sqlite3) that `make run` and `make worker` share.
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")
    REDIS_URL = os.environ.get("REDIS_URL", "")
    QUEUE_FILE = os.environ.get("QUEUE_FILE", "")
    QUEUE_NAME = os.environ.get("QUEUE_NAME", "jkn-mudah")  # keeps this site's queue apart in a shared Redis
    # Email over SMTP when MESSAGE_SMTP_HOST is set; SMS and WhatsApp through an HTTP provider when
    # its URL is set (see blueprints/messages/channels.py for what is posted); otherwise messages are
    # written as files under instance/outbox/.
    MESSAGE_SMTP_HOST = os.environ.get("MESSAGE_SMTP_HOST", "")
    MESSAGE_SMTP_PORT = int(os.environ.get("MESSAGE_SMTP_PORT", "587"))
    MESSAGE_SMTP_USER = os.environ.get("MESSAGE_SMTP_USER", "")
    MESSAGE_SMTP_PASSWORD = os.environ.get("MESSAGE_SMTP_PASSWORD", "")
    MESSAGE_SMTP_STARTTLS = os.environ.get("MESSAGE_SMTP_STARTTLS", "1") not in ("", "0")
    MESSAGE_EMAIL_FROM = os.environ.get("MESSAGE_EMAIL_FROM", "JKN Mudah <kabar@bantujkn.example>")
    MESSAGE_SMS_URL = os.environ.get("MESSAGE_SMS_URL", "")
    MESSAGE_WHATSAPP_URL = os.environ.get("MESSAGE_WHATSAPP_URL", "")
    MESSAGE_PROVIDER_TOKEN = os.environ.get("MESSAGE_PROVIDER_TOKEN", "")
    MESSAGE_SENDER = os.environ.get("MESSAGE_SENDER", "JKNMudah")
    MESSAGE_FILE_DIR = os.environ.get("MESSAGE_FILE_DIR", "")  # default instance/outbox
    # Delivery: a try holds its message MESSAGE_LEASE_SECONDS (a worker that dies frees it then);
    # a failure is tried again after base × 2^(n-1) seconds ±50 % (at most MAX), and after
    # MESSAGE_MAX_ATTEMPTS tries the message is dead until an admin retries it.
    MESSAGE_LEASE_SECONDS = int(os.environ.get("MESSAGE_LEASE_SECONDS", "120"))
    MESSAGE_RETRY_BASE_SECONDS = int(os.environ.get("MESSAGE_RETRY_BASE_SECONDS", "30"))
    MESSAGE_RETRY_MAX_SECONDS = int(os.environ.get("MESSAGE_RETRY_MAX_SECONDS", "3600"))
    MESSAGE_MAX_ATTEMPTS = int(os.environ.get("MESSAGE_MAX_ATTEMPTS", "8"))


class TestConfig(Config):
    """The defaults under test: create_app uses it when its test_config sets TESTING."""

    TESTING = True
    SECRET_KEY = "test-only"
    ENCRYPTION_KEYS = ["bm90LWEtcmVhbC1rZXktb25seS1mb3ItdGVzdHMuLi4="]
    NIK_HASH_KEY = "test-only"
    CONTENT_CHECK_INTERVAL = 0.0
    FEEDBACK_RATE_LIMIT = "1000 per minute"
    LOOKUP_RATE_LIMIT = "1000 per minute"
    SUBMIT_RATE_LIMIT = "1000 per minute"
    DESK_LOGIN_RATE_LIMIT = "1000 per minute"
    REDIS_URL = ""  # a test that wants the shared Redis queue says so


def derive_settings(config) -> None:
    """Set the settings that follow from others. create_app calls it on the final config,
    after a test's or an operator's overrides, so the two can never disagree."""
    config["PERMANENT_SESSION_LIFETIME"] = datetime.timedelta(days=config["DRAFT_LIFETIME_DAYS"])
    # The SMS texts are checked to fit with an address of SITE_SAMPLE's length (messages/texts.py).
    if len(config["SITE_URL"].rstrip("/")) > len(SITE_SAMPLE):
        raise ValueError(f"SITE_URL has {len(config['SITE_URL'].rstrip('/'))} characters: at most "
                         f"{len(SITE_SAMPLE)} keep every SMS in content/messages.yml within 160")
    # A __Host- cookie is only accepted over HTTPS, Secure, without Domain, on path /.
    config["SESSION_COOKIE_SECURE"] = config["HTTPS"]
    config["SESSION_COOKIE_NAME"] = "__Host-sesi" if config["HTTPS"] else "sesi"
    config["DESK_SESSION_COOKIE_NAME"] = "__Host-petugas" if config["HTTPS"] else "petugas"
    # Parsed here so that a mistyped network stops the server at start, not every desk page later.
    config["DESK_NETWORKS"] = [ipaddress.ip_network(part.strip(), strict=False)
                               for part in config["DESK_ALLOWED_NETWORKS"].split(",") if part.strip()]
    # A photo somewhat over the limit still reaches the documents page, which then says beside
    # that photo how big it is, and keeps the others; only a far bigger post gets the 413 page.
    config["UPLOAD_MAX_BYTES"] = 2 * config["PHOTO_MAX_BYTES"]
    config["MAX_CONTENT_LENGTH"] = PHOTOS_PER_FORM * config["UPLOAD_MAX_BYTES"] + FORM_ALLOWANCE
    # Werkzeug 3.1 applies this to its read buffer inside file parts too, not only to text
    # fields: at its old 64 KiB every photo over about 130 KB was refused with 413.
    config["MAX_FORM_MEMORY_SIZE"] = config["PHOTO_MAX_BYTES"]
