"""The guides' one form: was this page helpful?"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

COMMENT_MAX = 500


class FeedbackForm(FlaskForm):
    # Guide pages are cached for everyone and set no cookie, so this form has no
    # session-bound CSRF token; the view checks Origin/Referer and rate-limits it.
    class Meta:
        csrf = False

    membantu = RadioField(
        _l("Apakah halaman ini membantu?"),
        choices=[SelectChoice("ya", _l("Ya")), SelectChoice("tidak", _l("Tidak"))],
        validators=[InputRequired(_l("Pilih Ya atau Tidak untuk mengirim masukan."))],
        validate_choice=True,
    )
    komentar = TextAreaField(
        _l("Ada saran untuk halaman ini? (opsional)"),
        validators=[Length(max=COMMENT_MAX, message=_l(
            "Saran paling banyak %(max)d karakter. Persingkat sedikit lalu kirim lagi."))],
    )
