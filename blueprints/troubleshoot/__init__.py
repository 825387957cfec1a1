"""Troubleshoot: the "Masih belum aktif?" checklist at /bantuan/belum-aktif."""
from flask import Blueprint

bp = Blueprint("troubleshoot", __name__)

from blueprints.troubleshoot import routes  # noqa: E402,F401  (registers the views)
