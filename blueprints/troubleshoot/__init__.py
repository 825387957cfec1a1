"""Troubleshoot: the "Masih belum aktif?" checklist at /bantuan/belum-aktif."""
from flask import Blueprint

bp = Blueprint("troubleshoot", __name__)


def blueprint() -> Blueprint:
    """The blueprint with its views, for create_app to register.

    They are attached here rather than on import, so checklist.py and hours.py
    load without Flask's views.
    """
    from blueprints.troubleshoot import routes  # noqa: F401  (attach views to bp)
    return bp
