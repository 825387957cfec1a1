"""Which event sends which message, with which values. Each function only writes outbox rows
into the caller's transaction (outbox.write); the caller's commit makes event and message one."""
import datetime

from flask_babel import format_date

from blueprints.apply import questions
from blueprints.apply.codes import display_code
from blueprints.apply.models import Application, Draft
from blueprints.apply.questions import CONTACT, Answers
from blueprints.apply.questions.common import recipients
from blueprints.core.clock import stored_utc
from blueprints.core.figures import format_value
from blueprints.messages import outbox
from blueprints.messages.models import Message, now
from blueprints.messages.texts import mask_numbers
from extensions import db

REMIND_BEFORE = datetime.timedelta(days=2)


def _copy(answers: Answers, library) -> str:
    """The answers as the check page lists them, every long number masked (for the email)."""
    from blueprints.apply import summary
    lines = []
    for group in summary.groups(answers, library):
        lines.append(group.title)
        lines += [f"- {row.label}: {row.value}" for row in group.rows]
        lines.append("")
    return mask_numbers("\n".join(lines)).strip()


def resume_code(draft: Draft, answers: Answers) -> None:
    """The resume code, once the person has said how to reach them (answers: the draft's, with that)."""
    contact = answers.get(CONTACT)
    outbox.write("kode_lanjutkan", recipients(contact), {
        "kode": display_code(draft.resume_code), "berlaku": format_date(stored_utc(draft.expires_at), "d MMMM y")},
        draft_id=draft.id)


def submitted(application: Application, library) -> None:
    answers = Answers(application.answers)
    outbox.write("terkirim", recipients(answers.get(CONTACT)), {
        "referensi": display_code(application.reference), "salinan": _copy(answers, library)},
        application_id=application.id)


def status_changed(application: Application, to: str, decision) -> None:
    """Fix requested, waiting for payment, active, rejected: each has its message."""
    from blueprints.apply.decisions import REJECTIONS, va_groups
    values = {"referensi": display_code(application.reference)}
    if to == "perbaikan":
        values["perbaikan"] = "\n".join(f"- {questions.get(step).summary_title}: {note}"
                                       for step, note in decision.fixes.items())
    elif to == "menunggu_pembayaran":
        values |= {"va": va_groups(decision.va),
                   "jumlah": format_value(decision.amount, "rupiah")}
    elif to == "ditolak":
        values["alasan"] = " ".join(filter(None, (str(REJECTIONS.get(decision.reason, "")), decision.note)))
    elif to != "aktif":
        return
    outbox.write(to, recipients(Answers(application.answers).get(CONTACT)), values, application_id=application.id)


def remind_expiring_drafts() -> int:
    """A reminder two days before an unsent draft is deleted, once per draft; commits."""
    moment = now()
    reminded = db.select(Message.draft_id).where(Message.kind == "pengingat", Message.draft_id.is_not(None))
    sent = db.select(Application.draft_id).where(Application.draft_id.is_not(None))
    count = 0
    for draft in db.session.scalars(db.select(Draft).where(
            Draft.expires_at > moment, Draft.expires_at <= moment + REMIND_BEFORE, Draft.fix_of.is_(None),
            Draft.id.not_in(reminded), Draft.id.not_in(sent))).all():
        contact = Answers(draft.answers).get(CONTACT)
        count += len(outbox.write("pengingat", recipients(contact), {
            "kode": display_code(draft.resume_code),
            "tanggal": format_date(stored_utc(draft.expires_at), "d MMMM y")}, draft_id=draft.id))
    db.session.commit()
    return count
