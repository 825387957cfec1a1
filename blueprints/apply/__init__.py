"""Apply: the application journey at /daftar/ (steps, check answers, submit,
confirmation, resume) and the status lookup at /status."""
from flask import Blueprint

bp = Blueprint("apply", __name__, cli_group=None)


def blueprint() -> Blueprint:
    """The blueprint with its views and commands, for create_app to register.

    They are attached here rather than on import, so the pure modules of this
    package (faskes.py, flow.py, identity.py, ...) load without Flask's views.
    """
    from blueprints.apply import cli, routes  # noqa: F401  (attach views and commands to bp)
    return bp
