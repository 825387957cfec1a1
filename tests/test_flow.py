"""The step order of the application."""
from blueprints.apply.flow import (
    CHECK, CHOOSE, NEW, PATHS, REACTIVATE, Progress, can_visit, first_unanswered, next_step, previous_step,
    progress, steps,
)


def answered(path, upto=None):
    """Answers for every step of a path before `upto` (all of them when None)."""
    answers = {}
    for step in PATHS[path]:
        if step in (upto, CHECK):
            break
        answers[step] = {"jalur": path} if step == CHOOSE else {"x": 1}
    return answers


def test_before_the_choice_only_the_first_step_exists():
    assert steps({}) == (CHOOSE,)
    assert first_unanswered({}) == CHOOSE
    assert not can_visit("kk", {})


def test_the_choice_decides_the_path():
    assert steps(answered(NEW, "kk"))[1] == "kk"
    assert steps(answered(REACTIVATE, "kartu"))[1] == "kartu"


def test_a_later_step_cannot_be_visited_before_an_earlier_one():
    answers = answered(NEW, "domisili")
    assert can_visit("domisili", answers)
    assert not can_visit("kelas", answers)
    assert first_unanswered(answers) == "domisili"


def test_a_step_from_the_other_path_cannot_be_visited():
    assert not can_visit("tunggakan", answered(NEW))
    assert not can_visit("nonsense", answered(NEW))


def test_next_step_goes_on_in_order_then_to_the_summary():
    answers = answered(REACTIVATE, "tunggakan")
    answers["tunggakan"] = {"x": 1}
    assert next_step("tunggakan", answers) == "kontak"
    assert next_step("persetujuan", answered(REACTIVATE)) == CHECK


def test_after_a_change_from_the_summary_it_returns_there():
    answers = answered(NEW)
    assert next_step("kontak", answers, from_check=True) == CHECK


def test_changing_the_path_sends_the_person_to_the_new_path_s_first_gap():
    answers = answered(NEW)
    answers[CHOOSE] = {"jalur": REACTIVATE}
    assert next_step(CHOOSE, answers, from_check=True) == "kartu"
    assert not can_visit(CHECK, answers)


def test_previous_step_and_progress():
    answers = answered(NEW)
    assert previous_step(CHOOSE, answers) is None
    assert previous_step("keluarga", answers) == "kk"
    assert progress("kk", answers) == Progress(2, 10)
    assert progress(CHECK, answers).number == progress(CHECK, answers).total
