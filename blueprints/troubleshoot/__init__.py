"""Troubleshoot: "Masih belum aktif?" (issue 4). For now only the entry point, which
gives the seed's basic checks and the channels until the guided checklist is built."""
from flask import Blueprint, render_template

bp = Blueprint("troubleshoot", __name__)


@bp.get("/bantuan/belum-aktif")
def start():
    """Give the first checks for a membership still inactive after paying."""
    return render_template("troubleshoot/start.html")
