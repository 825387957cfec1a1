# HTTP helpers every blueprint shares: the current content snapshot, marking
# pages that every reader sees the same (see pagecache.py), the one place that
# decides whether a view answers with a full page or an htmx fragment, and the
# same-origin check for forms on cached pages.
from urllib.parse import urlsplit

from flask import Response, current_app, make_response, render_template, request

from blueprints.core.pagecache import MARK
from extensions import htmx


def content():
    """The current content snapshot of the running app."""
    return current_app.extensions["content"].current()


def cacheable(response: Response, max_age: int, immutable: bool = False, keep: bool = True) -> Response:
    """Mark a response that is the same for every visitor.

    Browsers and shared caches may keep it and it answers If-None-Match with 304.
    With `keep`, the whole-page cache in front of Flask serves it from memory
    after this; pages with absolute URLs (which name the request's host) pass
    keep=False, since that cache does not key on the host.
    """
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if immutable:
        response.cache_control.immutable = True
    response.add_etag()
    if keep:
        response.headers[MARK] = "1"
    return response.make_conditional(request)


def public_page(html: str) -> Response:
    """A rendered page that every reader sees the same: no cookie, cached everywhere."""
    return cacheable(make_response(html), current_app.config["PAGE_MAX_AGE"])


def no_store(response: Response) -> Response:
    """A page that depends on the visitor (their answers, their progress): never stored anywhere."""
    response.headers["Cache-Control"] = "no-store"
    return response


def wants_fragment(target: str) -> bool:
    """True for an htmx request aimed at the element `target`; boosts and history restores get pages."""
    return (bool(htmx) and htmx.target == target
            and not htmx.boosted and not htmx.history_restore_request)


def wants_notice() -> bool:
    """True for an htmx request that should get an error as a notice in place, not as a page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_view(page: str, fragment: str, target: str, status: int = 200, push_url: bool = False,
                **context) -> Response:
    """Render the full page, or only its fragment for an htmx request that targets it.

    With push_url, a fragment that is a page of its own (a step of a journey)
    tells htmx to put its URL in the address bar, so reload and back work.
    """
    fragment_only = wants_fragment(target)
    response = make_response(render_template(fragment if fragment_only else page, **context), status)
    response.vary.add("HX-Request")
    if push_url and fragment_only and status == 200:
        response.headers["HX-Push-Url"] = request.full_path.rstrip("?")
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
