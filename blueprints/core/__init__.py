"""Core: home page, health check, error pages, hashed assets and the content store."""
from flask import Blueprint

bp = Blueprint("core", __name__, cli_group=None)


def blueprint() -> Blueprint:
    """The blueprint with its views, for create_app to register.

    They are attached here rather than on import, so the pure modules of this
    package (content.py, figures.py, fees.py, ...) load without Flask's views.
    """
    from blueprints.core import cli, routes  # noqa: F401  (attach views and commands to bp)
    return bp
