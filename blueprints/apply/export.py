"""The operator export: sent applications as CSV, one row each, for the channel that takes them
to BPJS Kesehatan (`flask applications export`, and an admin's download at the desk)."""
import csv
import datetime
from typing import TextIO

from blueprints.apply import privacy, questions
from blueprints.apply.models import Application
from blueprints.apply.questions import Answers, Situation
from extensions import db

COLUMNS = ("reference", "status", "submitted", *questions.export_columns(), "same_nik_as")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP's CSV injection advice): a name typed
    as "=HYPERLINK(...)" is written with a leading apostrophe. "+62 812..." and "-" become text too."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def export_row(application: Application, library) -> dict[str, str]:
    """One CSV row by column: the application's own, then each answered question's cells."""
    row = {"reference": application.reference, "status": application.status,
           "submitted": application.created_at.isoformat()}
    answers = Answers(application.answers)
    situation = Situation(answers, library)
    for question, answer in answers.given():
        row |= question.export(answer, situation)
    return row


def write_csv(stream: TextIO, since: datetime.date, library) -> int:
    """Write the applications submitted since a day (UTC) to `stream`; return how many."""
    start = datetime.datetime.combine(since, datetime.time(), datetime.UTC)
    rows = db.session.scalars(
        db.select(Application).where(Application.created_at >= start).order_by(Application.created_at)).all()
    others = privacy.same_nik_elsewhere()
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    for application in rows:
        same = " ".join(others.get(application.reference, []))
        writer.writerow({column: spreadsheet_safe(value) for column, value in
                         (export_row(application, library) | {"same_nik_as": same}).items()})
    return len(rows)
