# Stylesheets and scripts are served under names that carry a hash of their
# content (site.1a2b3c4d.css), so browsers and CDNs may keep them for a year and
# a changed file is fetched at once under its new name. The manifest is built
# when the app starts; htmx comes from node_modules (installed by `npm ci`),
# never from a copy in the repository.
import hashlib
import logging
from pathlib import Path

log = logging.getLogger(__name__)

MIMETYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


class Assets:
    """Logical asset names, their hashed names, and the bytes behind each hashed name."""

    def __init__(self, sources: dict[str, Path]):
        self.urls: dict[str, str] = {}
        self.files: dict[str, tuple[bytes, str]] = {}  # hashed name -> (body, mimetype)
        for logical, path in sources.items():
            if not path.is_file():
                log.warning("asset %s missing at %s (run `make run` to install it)", logical, path)
                continue
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:10]
            stem, suffix = logical.rsplit(".", 1)
            hashed = f"{stem}.{digest}.{suffix}"
            self.urls[logical] = hashed
            self.files[hashed] = (body, MIMETYPES[path.suffix])

    def url_name(self, logical: str) -> str | None:
        return self.urls.get(logical)


def site_assets(static_dir: Path, node_modules: Path) -> Assets:
    return Assets({
        "css/site.css": static_dir / "css" / "site.css",
        "favicon.svg": static_dir / "favicon.svg",
        "js/htmx.js": node_modules / "htmx.org" / "dist" / "htmx.min.js",
        "js/swaps.js": static_dir / "js" / "swaps.js",
        "js/photos.js": static_dir / "js" / "photos.js",
    })
