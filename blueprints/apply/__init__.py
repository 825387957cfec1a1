"""Apply: the application journey at /daftar/ (steps, check answers, submit,
confirmation, resume) and the status lookup at /status."""
from flask import Blueprint

bp = Blueprint("apply", __name__, cli_group=None)

from blueprints.apply import cli, routes  # noqa: E402,F401  (registers views and commands)
