"""Two session cookies: the applicant's ("sesi") everywhere but the desk, and the desk's own
("petugas") under /petugas/, signed apart (its own salt) so that one cookie's value is
worthless under the other's name. An officer's sign-in never shares a cookie with an
application being filled in on the same browser, and each can end without the other."""
from flask import has_request_context, request
from flask.sessions import SecureCookieSessionInterface, SessionInterface

DESK_PATH = "/petugas"


def on_desk() -> bool:
    return has_request_context() and (request.path == DESK_PATH or request.path.startswith(DESK_PATH + "/"))


class DeskCookie(SecureCookieSessionInterface):
    salt = "desk-session"

    def get_cookie_name(self, app) -> str:
        return app.config["DESK_SESSION_COOKIE_NAME"]


class AreaSessionInterface(SessionInterface):
    """Flask's signed-cookie sessions, the desk's or the site's by the path asked for."""

    def __init__(self):
        self.site, self.desk = SecureCookieSessionInterface(), DeskCookie()

    def _area(self) -> SecureCookieSessionInterface:
        return self.desk if on_desk() else self.site

    def open_session(self, app, request):
        return self._area().open_session(app, request)

    def save_session(self, app, session, response):
        return self._area().save_session(app, session, response)

    def get_signing_serializer(self, app):
        """The serializer of the area asked for (the site's outside a request), e.g. to read a cookie."""
        return self._area().get_signing_serializer(app)
