# Retention: what people and readers leave here is kept only as long as the
# periods in config.py say. Each blueprint that stores something registers one
# purger for its own tables (guides the feedback, apply the drafts and
# applications), so no blueprint reaches into another's models; `flask data
# purge`, run daily, calls purge(), which runs them all at one moment and adds
# up what they removed.
#
# A purger deletes within the current database session and does not commit;
# purge() writes nothing of its own either. The caller commits, together with
# its audit record, so the deletions and the record of them land as one.
import datetime
from collections import Counter
from collections.abc import Callable, Mapping

from flask import current_app

Purger = Callable[[datetime.datetime, Mapping], Counter]

_purgers: dict[str, Purger] = {}


def register(name: str, purger: Purger) -> None:
    """Run purger(moment, config) on every purge; registering a name again replaces it."""
    _purgers[name] = purger


def purge(moment: datetime.datetime | None = None) -> Counter:
    """Run every registered purger at `moment` (an aware datetime, now by default) with the
    app's config; return how many of each kind of thing they removed."""
    moment = (moment or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC)
    removed = Counter()
    for purger in _purgers.values():
        removed.update(purger(moment, current_app.config))  # update keeps kinds with 0 removed
    return removed
