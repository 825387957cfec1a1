"""Guides: the Markdown library under content/, its search and the feedback form."""
from flask import Blueprint

bp = Blueprint("guides", __name__)

from blueprints.guides import routes  # noqa: E402,F401  (registers the views)
