"""Apply: registration and reactivation (issue 3). For now only the entry points,
which send people to the official channels until the journey is built."""
from flask import Blueprint, render_template

bp = Blueprint("apply", __name__)


@bp.get("/daftar/")
def start():
    """Point applicants to the official channels while our form is being built."""
    return render_template("apply/start.html")


@bp.get("/status")
def status():
    """Point people to the official status check while ours is being built."""
    return render_template("apply/status.html")
