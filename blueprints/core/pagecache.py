# Pages that are the same for every reader (home, guide index, guides, hashed
# assets) are rendered by Flask once and then answered from memory by this WSGI
# middleware, before Flask's request machinery runs at all: a guide then costs
# about what a bare "return 'ok'" route costs, on any number of workers.
#
# It behaves like a small shared cache in front of the app. A view opts in by
# marking its response (web.cacheable); the middleware keeps the exact status,
# headers and (already compressed) body Flask produced, once per URL and
# encoding, answers If-None-Match with 304 itself, and never stores a response
# that sets a cookie or varies on anything but Accept-Encoding. The entries
# hang off the content snapshot, so a changed guide or figure empties the cache.
import threading
from collections import OrderedDict
from dataclasses import dataclass

from werkzeug.datastructures import Headers
from werkzeug.http import parse_accept_header, parse_etags

MARK = "X-Whole-Page-Cache"
MAX_ENTRIES = 512  # per content snapshot; query strings make URLs unbounded


@dataclass(frozen=True)
class Entry:
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None


class PageStore:
    """A bounded, thread-safe map of URL and encoding to stored responses."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry: Entry):
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self):
        return len(self._entries)


def request_key(environ) -> tuple:
    accepts_gzip = parse_accept_header(environ.get("HTTP_ACCEPT_ENCODING"))["gzip"] > 0
    return environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), accepts_gzip


def storable(status: str, headers: Headers) -> bool:
    vary = {v.strip().lower() for v in headers.get("Vary", "").split(",") if v.strip()}
    return (status.startswith("200 ") and MARK in headers and "Set-Cookie" not in headers
            and vary <= {"accept-encoding"})


class WholePageCache:
    """WSGI middleware answering marked pages from memory."""

    def __init__(self, app, pages_for):
        self.app = app
        self.pages_for = pages_for  # () -> the PageStore of the current content snapshot

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] != "GET":
            return self.app(environ, start_response)
        pages = self.pages_for()
        key = request_key(environ)
        entry = pages.get(key)
        if entry is None:
            return self._fetch(environ, start_response, pages, key)
        if entry.etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(entry.etag):
            start_response("304 Not Modified", [(k, v) for k, v in entry.headers
                                                if k.lower() not in ("content-length", "content-type")])
            return [b""]
        start_response("200 OK", list(entry.headers))  # a copy: servers and middleware may add to it
        return [entry.body]

    def _fetch(self, environ, start_response, pages, key):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, Headers(headers)
            if not storable(status, captured["headers"]):
                return start_response(status, headers, exc_info)
            return lambda data: None  # body is collected below

        body_iter = self.app(environ, capture)
        if "status" not in captured or not storable(captured["status"], captured["headers"]):
            return body_iter
        try:
            body = b"".join(body_iter)
        finally:
            if hasattr(body_iter, "close"):
                body_iter.close()
        headers = captured["headers"]
        del headers[MARK]
        etag = headers.get("ETag")
        entry = Entry(headers.to_wsgi_list(), body, etag.strip('"') if etag else None)
        # Filed under what Flask-Compress really sent, not what was asked: it compresses for any
        # "gzip" in Accept-Encoding, even "gzip;q=0", and that body must never reach a client that
        # cannot read it.
        sent_gzip = headers.get("Content-Encoding", "").strip().lower() == "gzip"
        pages.put((*key[:-1], sent_gzip), entry)
        start_response(captured["status"], list(entry.headers))
        return [body]
