# Logs are for operators, never a second copy of people's data. Every line goes
# through MaskingFilter, which removes anything shaped like an email address or
# a long number (NIK, KK, card, phone, bank account) from the message and from
# any traceback. RequestLog writes one line per request, cached pages included,
# with an id that the 500 page shows, so a person reporting an error and the
# operator reading the log are talking about the same request.
import logging
import re
import secrets
import string
import time

from flask import has_request_context, request

from blueprints.core.redact import LONG_NUMBER, redact

REQUEST_ID = "jkn.request_id"
FORMAT = "%(asctime)s %(levelname)s %(name)s request=%(request_id)s %(message)s"
_ID = re.compile(r"^[A-Za-z0-9-]{6,40}$")

log = logging.getLogger("jkn.requests")


class MaskingFilter(logging.Filter):
    """Replace personal-looking data in a record's message and traceback."""

    def filter(self, record):
        record.msg, _ = redact(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text, _ = redact(record.exc_text)
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id() or "-"
        return True


def new_request_id() -> str:
    """Twelve random letters: never a run of digits that a reader, or the log filter, could take for a number."""
    return "".join(string.ascii_lowercase[byte % 26] for byte in secrets.token_bytes(12))  # one read of urandom


def current_request_id() -> str | None:
    return request.environ.get(REQUEST_ID) if has_request_context() else None


def masked_handler(stream=None) -> logging.Handler:
    """A handler that writes one masked line per record (to stderr by default)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskingFilter())
    return handler


def configure(level=logging.INFO) -> logging.Handler:
    """One masking handler on the root logger."""
    handler = masked_handler()
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    return handler


class RequestLog:
    """WSGI middleware: give each request an id and log one line when it is answered."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        given = environ.get("HTTP_X_REQUEST_ID", "")
        # A client's id is logged only in a safe shape: no long number (it could be a NIK or a phone).
        request_id = given if _ID.match(given) and not LONG_NUMBER.search(given) else new_request_id()
        environ[REQUEST_ID] = request_id
        started = time.perf_counter()
        status_seen = []

        def start(status, headers, exc_info=None):
            status_seen.append(status.split(" ", 1)[0])
            return start_response(status, [*headers, ("X-Request-Id", request_id)], exc_info)

        try:
            return self.app(environ, start)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info("method=%s path=%s status=%s ms=%.1f", environ.get("REQUEST_METHOD"),
                         environ.get("PATH_INFO"), status_seen[0] if status_seen else "-",
                         (time.perf_counter() - started) * 1000, extra={"request_id": request_id})
