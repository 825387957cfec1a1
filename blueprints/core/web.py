# HTTP helpers every blueprint shares: the current content snapshot, whole-page
# caching with ETags and gzip done once, and the one place that decides whether
# a view answers with a full page or with an htmx fragment.
import gzip
import hashlib
from urllib.parse import urlsplit
from dataclasses import dataclass

from flask import Response, current_app, make_response, render_template, request

from extensions import htmx


def content():
    """The current content snapshot of the running app."""
    return current_app.extensions["content"].current()


@dataclass(frozen=True)
class CachedBody:
    """A response body kept ready in both plain and gzipped form."""

    body: bytes
    gzipped: bytes
    etag: str
    mimetype: str

    @classmethod
    def of(cls, body: bytes, mimetype: str) -> "CachedBody":
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        return cls(body, gzip.compress(body, compresslevel=9, mtime=0), digest, mimetype)


def send_cached(cached: CachedBody, max_age: int, immutable: bool = False) -> Response:
    """Answer with a cached body: 304 when the client has it, gzip when it accepts it."""
    use_gzip = bool(request.accept_encodings["gzip"])
    etag = cached.etag + ("-gz" if use_gzip else "")
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(cached.gzipped if use_gzip else cached.body, mimetype=cached.mimetype)
        if use_gzip:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = (
        f"public, max-age={max_age}" + (", immutable" if immutable else ""))
    return response


def cached_page(key, render) -> Response:
    """Serve a page that is the same for every reader, rendering it once per content change."""
    pages = content().pages
    page = pages.get(key)
    if page is None:
        page = pages[key] = CachedBody.of(render().encode(), "text/html")
    return send_cached(page, current_app.config["PAGE_MAX_AGE"])


def wants_fragment(target: str) -> bool:
    """True for an htmx request aimed at the element `target`; boosts and history restores get pages."""
    return (bool(htmx) and htmx.target == target
            and not htmx.boosted and not htmx.history_restore_request)


def render_view(page: str, fragment: str, target: str, status: int = 200, **context) -> Response:
    """Render the full page, or only its fragment for an htmx request that targets it."""
    template = fragment if wants_fragment(target) else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def same_origin() -> bool:
    """False when Origin or Referer names another site than this one.

    Forms on cached pages carry no session token, so this is their CSRF guard.
    Browsers send Origin on every cross-site POST (as "null" when the page
    hides its referrer), so a request with neither header did not come from a
    cross-site form in a current browser.
    """
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if claimed is None:
        return True
    return urlsplit(claimed).netloc == request.host
