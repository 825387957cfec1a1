# A question page of the application, as one object (the way GOV.UK Forms'
# runner models a step and its question). The object owns everything that
# knows the step's fields: its form, the schema of its stored answer, reading a
# submitted form into that schema and the schema into storage and back, what
# the check-answers page shows for it, its columns in the operator export, and
# what it contributes to the application as a whole (NIKs, the applicant's
# birth date, photo names). Everything else (the flow, the summary, the export,
# drafts, privacy) goes through these objects, so a field is named in one place:
# rename it and the code that reads it breaks loudly instead of going blank.
#
# An identifier or a phone number is stored in its checked form (the digits of a
# NIK, a mobile number in +62 form), which is what the export, the NIK hashes and
# messages use; beside it, a field named with the suffix TYPED keeps it as the
# person typed it ("3171 0117-0890 0001"), only to show back on the form and the
# check page, where they recognise their own writing.
#
# Stored answers carry their schema's version ("v"). A stored answer that does
# not fit its schema is treated as not given (the person is asked again), never
# as a crash; migrations move stored answers from one version to the next.
import dataclasses
import datetime
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from flask import request, url_for

from blueprints.apply.forms import StepForm

TYPED = "_diketik"


class StoredAnswerError(ValueError):
    """A stored answer that does not fit its question's schema."""


def to_stored(value: Any) -> Any:
    """A schema value as JSON: dates as ISO strings, tuples as lists, nested schemas as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_stored(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, tuple):
        return [to_stored(item) for item in value]
    if isinstance(value, dict):
        return {key: to_stored(item) for key, item in value.items()}
    return value


def _scalar(kind: type, value: Any) -> Any:
    if kind is datetime.datetime and isinstance(value, str):
        return datetime.datetime.fromisoformat(value)
    if kind is datetime.date and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise StoredAnswerError(f"expected {kind.__name__}, found {type(value).__name__}")


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def from_stored(kind: Any, value: Any) -> Any:
    """The JSON value read back as `kind` (a schema, or a type inside one); StoredAnswerError if it does not fit."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [arg for arg in args if arg is not type(None)]
        return from_stored(inner, value)
    if origin is tuple and isinstance(value, list):
        return tuple(from_stored(args[0], item) for item in value)
    if origin is dict and isinstance(value, dict):
        return {str(key): from_stored(args[1], item) for key, item in value.items()}
    if dataclasses.is_dataclass(kind) and isinstance(value, dict):
        hints = _hints(kind)
        try:
            return kind(**{f.name: from_stored(hints[f.name], value[f.name]) for f in dataclasses.fields(kind)})
        except (KeyError, ValueError) as error:
            raise StoredAnswerError(str(error)) from None
    if isinstance(kind, type) and origin is None:
        return _scalar(kind, value)
    raise StoredAnswerError(f"cannot read {type(value).__name__} as {kind}")


class Schema:
    """The stored answer of one question: a frozen dataclass with a version."""

    VERSION: ClassVar[int] = 1

    def stored(self) -> dict:
        return {"v": self.VERSION, **to_stored(self)}

    @classmethod
    def from_stored(cls, stored: Any):
        if not isinstance(stored, dict) or stored.get("v") != cls.VERSION:
            raise StoredAnswerError(f"not version {cls.VERSION}")
        return from_stored(cls, stored)


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of the check-answers page: what was asked, and the answer shown back."""

    label: str
    value: str
    change_url: str | None = None  # where "Ubah" goes for this row, when not to the question's page
    image_url: str | None = None  # a photo shown beside the row


@dataclasses.dataclass(frozen=True)
class Group:
    """The rows of one question on the check-answers page, with the link that changes them."""

    title: str
    rows: tuple[Row, ...]
    change_url: str | None  # None: these answers cannot be changed here (a step not sent back for a fix)


@dataclasses.dataclass(frozen=True)
class Saved:
    """What a submitted question page leads to: the answer to store (None: nothing to store)
    and whether the person goes on (False: the page is shown again with its errors)."""

    answer: Any
    done: bool


@dataclasses.dataclass(frozen=True)
class Situation:
    """What a question may look at besides its own answer: the other answers and the content library."""

    answers: Any  # questions.Answers
    library: Any  # core.library.Library


FORM_LABEL = "(the form field's label)"


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a question's schema: its row on the check-answers page and its export column.

    label None keeps it off the check page (the question's `unseen` says why); a row whose
    value shows as "" is left out (a confirmation that was not needed, a class not asked).
    """

    name: str
    column: str
    label: Any = FORM_LABEL  # a lazy string; by default the form field's own label
    show: Callable[[Any], str] = str  # the value as the check page shows it back
    cell: Callable[[Any], str] = str  # the value as the export writes it
    typed: bool = False  # the check page shows its twin `name + TYPED`, as typed; the export writes the checked form


class Question:
    """One question page. Made with its settings (name, form, schema, texts, fields); a subclass
    overrides what its page does differently. The defaults fit a page whose schema fields are
    the form's string fields under the same names, each shown and exported by a Field."""

    name: str
    title: Any  # the page's heading (lazy)
    summary_title: Any  # the heading of its group on the check-answers page (lazy)
    form_class: type[StepForm]
    schema: type
    fields: tuple[Field, ...] = ()
    columns: tuple[str, ...] = ()  # its columns in the operator export (from its fields unless given)
    # Schema fields the check-answers page does not show, each with the reason; everything
    # else must be there (tests/test_questions.py proves it, field by field).
    unseen: Mapping[str, str] = types.MappingProxyType({})
    # Schema fields the export leaves out, each with the reason (the same test proves the rest are there).
    unexported: Mapping[str, str] = types.MappingProxyType({})

    def __init__(self, name: str, form_class: type[StepForm], schema: type, *, title, summary_title, **settings):
        self.name, self.form_class, self.schema = name, form_class, schema
        self.title, self.summary_title = title, summary_title
        for setting, value in settings.items():
            if not hasattr(Question, setting):
                raise TypeError(f"a question has no setting {setting!r}")
            setattr(self, setting, value)
        if not self.columns:
            self.columns = tuple(dict.fromkeys(field.column for field in self.fields))
        typed = [field.name for field in self.fields if field.typed]
        self.unseen = {**{name: "shown as typed, from its twin" for name in typed}, **self.unseen}
        self.unexported = {**{name + TYPED: "the export has the checked form" for name in typed}, **self.unexported}

    @property
    def template(self) -> str:
        return f"apply/steps/{self.name}.html"

    def url(self, from_check: bool = False) -> str:
        """The page (routes.step serves every question); from the check page, saving returns there."""
        return url_for("apply.step", step=self.name, ubah="1" if from_check else None)

    # Forms ---------------------------------------------------------------------------------

    def form_options(self, situation: Situation) -> dict:
        """Keyword arguments for the form: choices that depend on the content or other answers."""
        return {}

    def form(self, situation: Situation, answer=None) -> StepForm:
        """The form, bound to the POST, or filled in from the stored answer."""
        options = self.form_options(situation)
        if request.method == "POST":
            return self.form_class(**options)
        return self.form_class(data=self.fill(answer) if answer is not None else None, **options)

    def fill(self, answer) -> dict:
        """The form's data for a stored answer (the inverse of read): a field typed by the person
        is filled as they typed it."""
        stored = {name: str(value) if type(value) is int else value for name, value in to_stored(answer).items()}
        return {**stored, **{name.removesuffix(TYPED): value for name, value in stored.items() if name.endswith(TYPED)}}

    def read(self, form: StepForm, situation: Situation):
        """The schema from a form that has validated."""
        return self.schema(**{f.name: self.value(form, f.name) for f in dataclasses.fields(self.schema)})

    @staticmethod
    def value(form: StepForm, name: str):
        """What a schema field takes from a validated form: a checked field's checked form, the
        `TYPED` twin the same field as typed, anything else its data (a field the post left out: empty)."""
        if name.endswith(TYPED):
            return form[name.removesuffix(TYPED)].data or ""
        field = form[name]
        return getattr(field, "canonical", field.data) or ""

    def save(self, form: StepForm, situation: Situation) -> Saved:
        """Check a submitted page and say what to store."""
        if form.validate():
            return Saved(self.read(form, situation), True)
        return Saved(None, False)

    def page_context(self, situation: Situation) -> dict:
        """What the page shows beside its form."""
        return {}

    # Storage -------------------------------------------------------------------------------

    def load(self, stored: Any):
        return self.schema.from_stored(stored)

    def is_answered(self, answer) -> bool:
        """Whether the flow may go past this step (a page can keep work in progress)."""
        return True

    # What the rest of the application reads ----------------------------------------------

    def rows(self, answer, situation: Situation) -> tuple[Row, ...]:
        """Its lines on the check-answers page."""
        shown = ((self.label(field), field.show(getattr(answer, field.name + TYPED if field.typed else field.name)))
                 for field in self.fields if field.label)
        return tuple(Row(label, value) for label, value in shown if value)

    def changes(self, before, after, situation: Situation) -> tuple[tuple[str, str, str], ...]:
        """What a fix changed on this page, for the desk: (label, before, after) of each row that differs."""
        old = {row.label: row.value for row in self.rows(before, situation)} if before is not None else {}
        new = {row.label: row.value for row in self.rows(after, situation)} if after is not None else {}
        return tuple((label, old.get(label, ""), new.get(label, "")) for label in dict.fromkeys([*old, *new])
                     if old.get(label) != new.get(label))

    def label(self, field: Field) -> str:
        """A row's label: the field's own on the form unless the check page needs a shorter one."""
        return self.form_label(field.name) if field.label is FORM_LABEL else str(field.label)

    def form_label(self, name: str) -> str:
        """The label of one of the form's fields."""
        unbound = getattr(self.form_class, name)  # WTForms keeps the label as the first argument
        return str(unbound.kwargs.get("label") or unbound.args[0])

    def export(self, answer, situation: Situation) -> dict[str, str]:
        """Its cells in the operator export, by column name."""
        return {field.column: field.cell(getattr(answer, field.name)) for field in self.fields}

    def niks(self, answer) -> tuple[str, ...]:
        return ()

    def birth_date(self, answer) -> datetime.date | None:
        """The applicant's date of birth, which unlocks resuming and the status page."""
        return None

    def photo_names(self, answer) -> frozenset[str]:
        return frozenset()
