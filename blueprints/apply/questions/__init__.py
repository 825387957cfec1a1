"""Every question page of the application, one object each (see base.py), and `Answers`: a draft's
or an application's stored answers read through those objects.

flow.py owns the order of the steps by name; this package owns what each step is.
"""
import datetime
import logging

from blueprints.apply import flow
from blueprints.apply.questions.base import Group, Question, Row, Saved, Situation, StoredAnswerError
from blueprints.apply.questions.common import CONSENT, CONTACT, PATH
from blueprints.apply.questions.documents import DOCUMENTS
from blueprints.apply.questions.family import FAMILY, FAMILY_CARD
from blueprints.apply.questions.household import BANK, CLASS, DOMICILE, FACILITY
from blueprints.apply.questions.reactivation import ARREARS, CARD, CATEGORY, MANDIRI

__all__ = ["ARREARS", "BANK", "CARD", "CATEGORY", "CLASS", "CONSENT", "CONTACT", "DOCUMENTS", "DOMICILE",
           "FACILITY", "FAMILY", "FAMILY_CARD", "PATH", "QUESTIONS", "Answers", "Group", "Question", "Row",
           "Saved", "Situation", "export_columns", "get"]

log = logging.getLogger(__name__)

QUESTIONS: dict[str, Question] = {q.name: q for q in (
    PATH, FAMILY_CARD, FAMILY, DOMICILE, FACILITY, CLASS, CONTACT, BANK, DOCUMENTS, CONSENT,
    CARD, CATEGORY, ARREARS)}


def get(name: str) -> Question | None:
    """The question page with this name (its URL slug), if there is one."""
    return QUESTIONS.get(name)


def in_order(path: str) -> list[Question]:
    return [QUESTIONS[name] for name in flow.PATHS[path] if name != flow.CHECK]


def export_columns() -> tuple[str, ...]:
    """The question columns of the operator export: the new-registration path's, then the
    reactivation path's not named yet (both paths fill "nik", "class", "members" and "segment")."""
    columns: dict[str, None] = {}
    for path in flow.PATHS:
        for question in in_order(path):
            columns.update(dict.fromkeys(question.columns))
    return tuple(columns)


class Answers:
    """Stored answers (the JSON of a draft or an application), read through their questions."""

    def __init__(self, stored: dict | None):
        self.stored = dict(stored or {})
        self._read: dict[str, object] = {}

    def get(self, question: Question):
        """The question's answer as its schema, or None when it has none (or one that no longer fits)."""
        if question.name not in self._read:
            raw = self.stored.get(question.name)
            try:
                self._read[question.name] = None if raw is None else question.load(raw)
            except StoredAnswerError as error:  # the message names types, never values
                log.warning("stored answer to %s does not fit its schema (%s); asked again", question.name, error)
                self._read[question.name] = None
        return self._read[question.name]

    @property
    def path(self) -> str | None:
        chosen = self.get(PATH)
        return chosen.jalur if chosen else None

    def state(self) -> flow.State:
        """What the flow needs to know: the path chosen and the steps answered."""
        category = self.get(CATEGORY)
        return flow.State(self.path, frozenset(
            name for name, question in QUESTIONS.items()
            if (answer := self.get(question)) is not None and question.is_answered(answer)),
            elsewhere=self.path == flow.REACTIVATE and category is not None and category.segmen != MANDIRI)

    def given(self) -> list[tuple[Question, object]]:
        """The answered questions of the chosen path, in its order, with their answers."""
        if self.path is None:
            return []
        answered = self.state().answered
        return [(q, self.get(q)) for q in in_order(self.path) if q.name in answered]

    def on_path_only(self) -> dict:
        """The stored JSON with only the chosen path's questions (and what no question owns)."""
        mine = {name for name in flow.steps(self.state()) if name != flow.CHECK}
        return {name: value for name, value in self.stored.items() if name in mine or name not in QUESTIONS}

    def replaced(self, question: Question, answer) -> dict:
        """The stored JSON with one question's answer replaced."""
        return {**self.stored, question.name: answer.stored()}

    def without(self, question: Question) -> dict:
        return {name: value for name, value in self.stored.items() if name != question.name}

    def niks(self) -> list[str]:
        """Every NIK the application names: the card holder's, or each family member's."""
        return [nik for question, answer in self.given() for nik in question.niks(answer)]

    def birth_date(self) -> datetime.date | None:
        """The applicant's date of birth, from the first question of the path that knows it."""
        return next((born for question, answer in self.given() if (born := question.birth_date(answer))), None)

    def photo_names(self) -> set[str]:
        """Every stored photo the answers refer to, on either path (to remove them with the answers)."""
        return {name for question in QUESTIONS.values()
                if (answer := self.get(question)) is not None for name in question.photo_names(answer)}
