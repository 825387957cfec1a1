"""Core: home page, health check, error pages, hashed assets and the content store."""
from flask import Blueprint

bp = Blueprint("core", __name__)

from blueprints.core import routes  # noqa: E402,F401  (registers the views)
