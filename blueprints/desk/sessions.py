"""Two session cookies: the applicant's ("sesi") everywhere but the desk, and the desk's own
("petugas") under /petugas/, signed apart (its own salt) so that one cookie's value is
worthless under the other's name. An officer's sign-in never shares a cookie with an
application being filled in on the same browser, and each can end without the other.

The applicant's cookie is permanent (a draft outlives a closed browser) and Flask would sign it
again on every response to move its expiry on; it is signed again only when it changed or is a day
old, which keeps it alive as long as the draft is used and spares every saved answer the work."""
import time

from flask import has_request_context, request
from flask.sessions import SecureCookieSessionInterface, SessionInterface
from itsdangerous import BadSignature

DESK_PATH = "/petugas"


def on_desk() -> bool:
    return has_request_context() and (request.path == DESK_PATH or request.path.startswith(DESK_PATH + "/"))


REFRESH_AFTER = 24 * 3600  # seconds


class SiteCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, remembering when it was signed."""

    def open_session(self, app, request):
        signer, value = self.get_signing_serializer(app), request.cookies.get(self.get_cookie_name(app))
        if signer is None or not value:
            return super().open_session(app, request)
        try:
            data, signed_at = signer.loads(value, max_age=int(app.permanent_session_lifetime.total_seconds()),
                                           return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at.timestamp()
        return session

    def should_set_cookie(self, app, session) -> bool:
        if session.modified:
            return True
        if not super().should_set_cookie(app, session):  # not permanent, or refreshing is turned off
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or time.time() - signed_at >= REFRESH_AFTER


class DeskCookie(SecureCookieSessionInterface):
    salt = "desk-session"

    def get_cookie_name(self, app) -> str:
        return app.config["DESK_SESSION_COOKIE_NAME"]


class AreaSessionInterface(SessionInterface):
    """Flask's signed-cookie sessions, the desk's or the site's by the path asked for."""

    def __init__(self):
        self.site, self.desk = SiteCookie(), DeskCookie()

    def _area(self) -> SecureCookieSessionInterface:
        return self.desk if on_desk() else self.site

    def open_session(self, app, request):
        return self._area().open_session(app, request)

    def save_session(self, app, session, response):
        return self._area().save_session(app, session, response)

    def get_signing_serializer(self, app):
        """The serializer of the area asked for (the site's outside a request), e.g. to read a cookie."""
        return self._area().get_signing_serializer(app)
