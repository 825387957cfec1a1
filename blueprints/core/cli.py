"""`flask dev`, the development server `make run` starts."""
import click
from flask.cli import ScriptInfo, pass_script_info
from werkzeug.serving import run_simple

from blueprints.core import bp


@bp.cli.command("dev", with_appcontext=False)
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@pass_script_info
def dev(info: ScriptInfo, host: str, port: int):
    """Serve with Werkzeug, restarting when a Python file changes.

    As `flask run --reload`, but with Werkzeug's stat reloader: with watchdog installed (content/
    is watched with it, blueprints/core/content.py) `flask run` would pick Werkzeug's watchdog
    reloader, which watches the whole tree and the standard library through inotify, and its event
    queue then overflows over and over while the server imports its modules."""
    run_simple(host, port, info.load_app(), use_reloader=True, reloader_type="stat", threaded=True)
