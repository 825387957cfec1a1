"""Guide index, guide pages, search, feeds and the feedback form."""
import hmac
import logging

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError

from blueprints.core.redact import redact
from blueprints.core.web import (
    cacheable,
    content,
    no_store,
    public_page,
    render_view,
    same_origin,
    wants_fragment,
)
from blueprints.guides import bp
from blueprints.guides.forms import FeedbackForm
from blueprints.guides.models import Feedback
from extensions import csrf, db, limiter

log = logging.getLogger(__name__)

FEEDBACK_TARGET = "umpan-balik"
THANKS = {"terkirim", "disaring"}  # sent; sent with numbers or emails removed
QUERY_MAX = 100


def published_guide(library, slug):
    guide = library.guides.by_slug.get(slug)
    if guide is None or (guide.draft and not previewing()):
        abort(404)
    return guide


def previewing() -> bool:
    """Drafts show to editors: everywhere under `make run`, elsewhere with the preview token."""
    token = current_app.config["CONTENT_PREVIEW_TOKEN"]
    given = request.args.get("pratinjau", "")
    return current_app.config["CONTENT_PREVIEW_ALL"] or (bool(token) and hmac.compare_digest(given, token))


def guide_context(library, guide, form=None, thanks=None, problem=None):
    previous, following = library.guides.neighbours(guide)
    return {
        "guide": guide,
        "category": library.guides.category(guide.category),
        "previous": previous,
        "following": following,
        "form": form or FeedbackForm(formdata=None),
        "thanks": thanks,
        "problem": problem,
    }


@bp.get("/panduan/")
def index():
    """List the guides by category."""
    return public_page(render_template("guides/index.html", categories=content().guides.by_category()))


@bp.get("/panduan/<slug>")
def show(slug):
    """Show one guide."""
    library = content()
    if slug in library.guides.moved:  # a guide that was replaced keeps its address working
        return redirect(url_for("guides.show", slug=library.guides.moved[slug]), 301)
    guide = published_guide(library, slug)
    thanks = request.args.get(FEEDBACK_TARGET)
    thanks = thanks if thanks in THANKS else None
    html = render_template("guides/show.html", **guide_context(library, guide, thanks=thanks))
    if guide.draft:  # a preview: never cached, never indexed
        response = no_store(make_response(html))
        response.headers["X-Robots-Tag"] = "noindex"
        return response
    return public_page(html)


def xml_document(template: str, mimetype: str, **context):
    """A public XML document; its absolute URLs keep it out of the host-blind page cache."""
    response = make_response(render_template(template, **context))
    response.mimetype = mimetype
    return cacheable(response, current_app.config["PAGE_MAX_AGE"], keep=False)


@bp.get("/sitemap.xml")
def sitemap():
    """The public pages and every published guide, for search engines."""
    return xml_document("guides/sitemap.xml", "application/xml", guides=content().guides.published())


@bp.get("/panduan/terbaru.atom")
def feed():
    """An Atom feed of the guides updated most recently."""
    return xml_document("guides/feed.atom", "application/atom+xml", guides=content().guides.recently_updated())


@bp.get("/cari")
def search():
    """Search the guides; htmx asks for the results fragment only."""
    query = request.args.get("q", "")[:QUERY_MAX].strip()
    library = content()
    hits = library.guides.search(query) if query else []
    response = render_view("guides/search.html", "guides/_results.html", "hasil",
                           query=query, hits=hits, categories=library.guides.by_category())
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response


@bp.post("/panduan/<slug>/umpan-balik")
@csrf.exempt
@limiter.limit(lambda: current_app.config["FEEDBACK_RATE_LIMIT"])
def feedback(slug):
    """Store whether a guide helped, then thank the reader."""
    library = content()
    guide = published_guide(library, slug)
    if not same_origin():
        abort(403)
    form = FeedbackForm()
    if not form.validate():
        return render_view("guides/show.html", "guides/_feedback.html", FEEDBACK_TARGET,
                           status=422, **guide_context(library, guide, form=form))
    comment, redacted = redact((form.komentar.data or "").strip())
    try:
        db.session.add(Feedback(guide=guide.slug, helpful=form.membantu.data == "ya",
                                comment=comment or None))
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("feedback not stored: %s", type(error).__name__)  # the message may quote values
        return render_view("guides/show.html", "guides/_feedback.html", FEEDBACK_TARGET,
                           status=503, **guide_context(library, guide, form=form, problem="database"))
    thanks = "disaring" if redacted else "terkirim"
    if wants_fragment(FEEDBACK_TARGET):
        return render_template("guides/_feedback.html", **guide_context(library, guide, thanks=thanks))
    return redirect(url_for("guides.show", slug=guide.slug, _anchor=FEEDBACK_TARGET,
                            **{FEEDBACK_TARGET: thanks}), 303)
