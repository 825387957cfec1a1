"""Flask extensions, created unbound and attached to the app in create_app()."""
from flask_babel import Babel
from flask_compress import Compress
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

# Objects stay readable after commit: a view that saves and then redirects
# should not pay for a second SELECT of what it just wrote.
db = SQLAlchemy(session_options={"expire_on_commit": False})
migrate = Migrate()
htmx = HTMX()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
