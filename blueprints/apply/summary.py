# What the check-answers page shows: each answered question's rows, in the
# order of the chosen path, with the link that changes them; plus the family's
# monthly contribution or the reactivation estimate. The rows themselves belong
# to the questions (questions/), so this module only puts them in order.
from blueprints.apply.questions import Answers, Group, Situation
from blueprints.apply.questions.household import monthly_fee
from blueprints.apply.questions.reactivation import estimate

__all__ = ["estimate", "groups", "monthly_fee"]


def groups(answers: Answers, library) -> list[Group]:
    """Every answer, grouped by the question that asked it, in the order of the chosen path."""
    situation = Situation(answers, library)
    return [Group(str(question.summary_title), question.rows(answer, situation), question.url(from_check=True))
            for question, answer in answers.given()]
