# What the check-answers page shows: each answered question's rows, in the
# order of the chosen path, with the link that changes them; plus the family's
# monthly contribution or the reactivation estimate. The rows themselves belong
# to the questions (questions/), so this module only puts them in order.
from blueprints.apply import questions
from blueprints.apply.questions import Answers, Group, Situation
from blueprints.apply.questions.household import monthly_fee
from blueprints.apply.questions.reactivation import estimate

__all__ = ["changes", "estimate", "groups", "monthly_fee"]


def groups(answers: Answers, library, changeable=None) -> list[Group]:
    """Every answer, grouped by the question that asked it, in the order of the chosen path;
    only the questions named in `changeable` get a change link, when it is given (a fix)."""
    situation = Situation(answers, library)
    return [Group(str(question.summary_title), question.rows(answer, situation),
                  question.url(from_check=True) if changeable is None or question.name in changeable else None)
            for question, answer in answers.given()]


def changes(answers: Answers, before: dict, library) -> list[tuple[str, tuple[tuple[str, str, str], ...]]]:
    """What the last fix changed, by question: (title, rows of (label, before, after)); `before`
    holds the fixed questions' stored answers as they were."""
    situation, old = Situation(answers, library), Answers({**answers.stored, **before})
    found = ((question, question.changes(old.get(question), answers.get(question), situation))
             for step in before if (question := questions.get(step)) is not None)
    return [(str(question.summary_title), rows) for question, rows in found if rows]
