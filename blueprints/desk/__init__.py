"""The staff desk (/petugas/): officers sign in with a password and a second factor, then
process applications. Only staff accounts made with `flask staff add` exist; nobody registers."""
from flask import Blueprint

bp = Blueprint("desk", __name__, url_prefix="/petugas", cli_group=None)  # `flask staff ...`


def blueprint() -> Blueprint:
    """The blueprint with its views and commands, for create_app to register (the pure modules of
    this package load without them)."""
    from blueprints.desk import admin, cli, routes  # noqa: F401  (attach views and commands to bp)
    return bp
