"""The checklist's forms: a choice (checked against the checklist itself) and when the person paid."""
import datetime
import re

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField

from blueprints.core.formtext import indonesian

DAYS_BACK = 7  # the days offered by name; anything earlier is "more than a week ago"
EARLIER, FORGOTTEN = "lama", "lupa"
# As receipts and people write it: 14, 14.30, 14:30, 0730, 07.30.15, "pukul 07.30 WIB", "jam 9".
CLOCK = re.compile(r"^(\d{1,2})(?:\s*[.:]?\s*(\d{2}))?(?:\s*[.:]\s*\d{2})?$")
CLOCK_WORDS = re.compile(r"\b(?:pukul|jam|pkl|wib|wita|wit)\b\.?", re.IGNORECASE)


class StepForm(FlaskForm):
    """Only the CSRF token; the choice is checked against the checklist itself."""


def clock_time(text: str) -> datetime.time | None:
    """A time as people type it: 14, 14.30, 14:30, 9.05, 0730, 07:30:15, pukul 07.30 WIB. None if not one."""
    match = CLOCK.match(CLOCK_WORDS.sub("", text or "").strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return datetime.time(hour, minute) if hour < 24 and minute < 60 else None


def day_choices(today: datetime.date) -> list[tuple[str, str]]:
    """Today, yesterday and the days before by name, then "earlier" and "I do not remember"."""
    days = []
    for back in range(DAYS_BACK):
        day = today - datetime.timedelta(days=back)
        name = format_date(day, "EEEE, d MMMM")
        label = {0: _l("Hari ini (%(day)s)", day=name), 1: _l("Kemarin (%(day)s)", day=name)}.get(back, name)
        days.append((day.isoformat(), label))
    return [*days, (EARLIER, _l("Lebih dari seminggu yang lalu")), (FORGOTTEN, _l("Saya tidak ingat"))]


class PaidForm(FlaskForm):
    """When the payment was made, in the person's own clock: a day by name and an hour."""

    class Meta:
        get_translations = indonesian

    hari = RadioField(_l("Hari Anda membayar"), validate_choice=False)
    jam = StringField(_l("Jam berapa, kira-kira?"), description=_l("Misalnya 14.30. Lihat jamnya di bukti bayar."),
                      render_kw={"inputmode": "decimal", "autocomplete": "off", "maxlength": 16, "size": 8})

    def __init__(self, today: datetime.date, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hari.choices = day_choices(today)

    def paid_at(self) -> datetime.datetime | bool | None:
        """The time paid; None when it is not known (earlier, forgotten); False with errors set."""
        known = {value for value, _ in self.hari.choices}
        if self.hari.data not in known:
            self.hari.errors = [str(_l("Pilih hari Anda membayar, atau “Saya tidak ingat”."))]
            return False
        if self.hari.data in (EARLIER, FORGOTTEN):
            return None
        at = clock_time(self.jam.data)
        if at is None:
            self.jam.errors = [str(_l("Tulis jamnya seperti 14.30 (jam 0 sampai 23), atau pilih “Saya tidak ingat”."))]
            return False
        return datetime.datetime.combine(datetime.date.fromisoformat(self.hari.data), at)
