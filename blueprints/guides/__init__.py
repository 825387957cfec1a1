"""Guides: the Markdown library under content/, its search and the feedback form."""
from flask import Blueprint

bp = Blueprint("guides", __name__, cli_group=None)

from blueprints.guides import cli, routes  # noqa: E402,F401  (registers views and commands)
