"""Configuration: defaults for a laptop, overridden by environment variables.

Every setting the app reads lives here, so an operator finds them in one place.
The README lists the environment variables in the same order.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))
    # How often a worker may look at content/ for changed files (seconds).
    CONTENT_CHECK_INTERVAL = float(os.environ.get("CONTENT_CHECK_INTERVAL", "1"))
    # Node packages (htmx, axe-core) installed by `npm ci`, served from here.
    NODE_MODULES_DIR = Path(os.environ.get("NODE_MODULES_DIR", BASE_DIR / "node_modules"))

    # Shared cache lifetime of guide pages; hashed assets live for a year.
    PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "300"))

    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    FEEDBACK_RATE_LIMIT = os.environ.get("FEEDBACK_RATE_LIMIT", "10 per minute;100 per day")

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"

    MAX_CONTENT_LENGTH = 1024 * 1024  # raised by the upload steps when they exist


class TestConfig(Config):
    TESTING = True
    CONTENT_CHECK_INTERVAL = 0.0
    FEEDBACK_RATE_LIMIT = "1000 per minute"
