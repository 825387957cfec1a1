"""Application factory: configuration, extensions, blueprints and CLI."""
from pathlib import Path

import click
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from blueprints.core import logs
from blueprints.core.database import close_own_connection, engine_options, tune_sqlite
from blueprints.core.operator import operator_from
from blueprints.core.vault import Vault, load_keys
from blueprints.desk.sessions import AreaSessionInterface
from config import Config, TestConfig, derive_settings
from extensions import babel, compress, csrf, db, htmx, limiter, login_manager, migrate


def create_app(test_config=None):
    """Create and configure an instance of the site.

    test_config overrides settings; with TESTING=True it starts from TestConfig's.
    """
    app = Flask(__name__, instance_relative_config=True)
    test_config = test_config or {}
    app.config.from_object(TestConfig if test_config.get("TESTING") else Config)
    app.config.update(test_config)
    derive_settings(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_keys(app.config, app.instance_path)
    app.extensions["operator"] = operator_from(app.config)
    app.extensions["vault"] = Vault(app.config["ENCRYPTION_KEYS"], app.config["NIK_HASH_KEY"])
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'jkn.sqlite3'}"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"], app.config,
        serving=click.get_current_context(silent=True) is None)
    if not app.config["UPLOAD_DIR"]:
        app.config["UPLOAD_DIR"] = str(Path(app.instance_path) / "uploads")
    if not app.testing:
        logs.configure()

    db.init_app(app)
    tune_sqlite(app)
    app.teardown_appcontext(close_own_connection)
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"))
    htmx.init_app(app)
    csrf.init_app(app)
    babel.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    # Public pages must never read a session (that adds Vary: Cookie and keeps them out of every
    # cache): no `current_user` in every template, and no remember-me refresh after every request
    # (the desk has no remember-me; Flask-Login's init_app adds that hook unconditionally).
    login_manager.init_app(app, add_context_processor=False)
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
    app.session_interface = AreaSessionInterface()  # the desk keeps its own cookie

    from blueprints import apply, core, desk, guides, troubleshoot
    from blueprints.core.assets import site_assets
    from blueprints.core.content import ContentStore
    from blueprints.core.library import load_library
    from blueprints.core.pagecache import WholePageCache
    from blueprints.core.soundness import sound
    from blueprints.messages import outbox  # noqa: F401  (commits put their messages on the queue)
    from blueprints.messages.channels import channels
    from blueprints.messages.queue import Queue

    app.wsgi_app = logs.RequestLog(
        WholePageCache(app.wsgi_app, lambda: app.extensions["content"].current().pages))
    if app.config["PROXY_COUNT"]:  # real client address and scheme behind the load balancer
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.extensions["assets"] = site_assets(Path(app.root_path) / "static", app.config["NODE_MODULES_DIR"])
    app.extensions["queue"] = Queue(app)
    app.extensions["channels"] = channels(app.config, app.instance_path)

    for package in (core, guides, apply, troubleshoot, desk):
        app.register_blueprint(package.blueprint())
    # After the blueprints: a snapshot is checked against the site's own pages (core/soundness.py).
    # Under a `flask` command (a click context) broken content is logged, not fatal: `flask content
    # check`, `flask db upgrade` and the others must run on a broken tree.
    app.extensions["content"] = ContentStore(
        app.config["CONTENT_DIR"], sound(load_library, app.url_map), app.config["CONTENT_CHECK_INTERVAL"],
        strict=click.get_current_context(silent=True) is None)
    return app
