"""Application factory: configuration, extensions, blueprints and CLI."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from blueprints.core import logs
from blueprints.core.database import tune_sqlite
from blueprints.core.vault import Vault, load_keys
from config import Config, TestConfig
from extensions import babel, compress, csrf, db, htmx, limiter, migrate


def create_app(test_config=None):
    """Create and configure an instance of the site."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(TestConfig if test_config else Config)
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_keys(app.config, app.instance_path)
    app.extensions["vault"] = Vault(app.config["ENCRYPTION_KEYS"], app.config["NIK_HASH_KEY"])
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'jkn.sqlite3'}"
    if not app.config["UPLOAD_DIR"]:
        app.config["UPLOAD_DIR"] = str(Path(app.instance_path) / "uploads")
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_LEVEL", 9)  # cached pages are compressed once
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    if not app.testing:
        logs.configure()

    db.init_app(app)
    tune_sqlite(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"))
    htmx.init_app(app)
    csrf.init_app(app)
    babel.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)

    from blueprints import apply, core, guides, troubleshoot
    from blueprints.core.assets import site_assets
    from blueprints.core.content import ContentStore
    from blueprints.core.pagecache import WholePageCache
    from blueprints.guides.articles import load_library

    app.extensions["content"] = ContentStore(
        app.config["CONTENT_DIR"], load_library, app.config["CONTENT_CHECK_INTERVAL"])
    app.wsgi_app = logs.RequestLog(
        WholePageCache(app.wsgi_app, lambda: app.extensions["content"].current().pages))
    if app.config["PROXY_COUNT"]:  # real client address and scheme behind the load balancer
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.extensions["assets"] = site_assets(Path(app.root_path) / "static", app.config["NODE_MODULES_DIR"])

    app.register_blueprint(core.bp)
    app.register_blueprint(guides.bp)
    app.register_blueprint(apply.bp)
    app.register_blueprint(troubleshoot.bp)
    return app
