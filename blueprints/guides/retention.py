"""How long readers' feedback is kept (FEEDBACK_RETENTION_DAYS); run by core/retention.py."""
import datetime
from collections import Counter
from collections.abc import Mapping

from blueprints.guides.models import Feedback
from extensions import db


def purge_feedback(moment: datetime.datetime, config: Mapping) -> Counter:
    """Delete feedback older than FEEDBACK_RETENTION_DAYS at `moment`; the caller commits."""
    before = moment - datetime.timedelta(days=config["FEEDBACK_RETENTION_DAYS"])
    deleted = db.session.execute(db.delete(Feedback).where(Feedback.created_at < before)).rowcount
    return Counter(umpan_balik=deleted)
