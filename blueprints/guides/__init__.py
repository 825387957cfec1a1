"""Guides: the Markdown library under content/, its search and the feedback form."""
from flask import Blueprint

bp = Blueprint("guides", __name__, cli_group=None)


def blueprint() -> Blueprint:
    """The blueprint with its views, commands and retention rule, for create_app to register.

    They are attached here rather than on import, so articles.py and search.py
    load without Flask's views.
    """
    from blueprints.core import retention
    from blueprints.guides import cli, routes  # noqa: F401  (attach views and commands to bp)
    from blueprints.guides.retention import purge_feedback

    retention.register("umpan_balik", purge_feedback)
    return bp
