"""The step order of the application."""
from blueprints.apply.flow import (
    CHECK,
    CHOOSE,
    ELSEWHERE,
    NEW,
    PATHS,
    REACTIVATE,
    Progress,
    State,
    can_visit,
    first_unanswered,
    next_step,
    previous_step,
    progress,
    steps,
)


def answered(path, upto=None) -> State:
    """Every step of a path answered before `upto` (all of them when None)."""
    order = PATHS[path]
    done = order[:order.index(upto)] if upto else order[:-1]
    return State(path, frozenset(done))


def test_before_the_choice_only_the_first_step_exists():
    assert steps(State()) == (CHOOSE,)
    assert first_unanswered(State()) == CHOOSE
    assert not can_visit("kk", State())


def test_the_choice_decides_the_path():
    assert steps(answered(NEW, "kk"))[1] == "kk"
    assert steps(answered(REACTIVATE, "kategori"))[1] == "kategori"  # the category is asked first


def test_a_later_step_cannot_be_visited_before_an_earlier_one():
    state = answered(NEW, "domisili")
    assert can_visit("domisili", state)
    assert not can_visit("kelas", state)
    assert first_unanswered(state) == "domisili"


def test_a_step_from_the_other_path_cannot_be_visited():
    assert not can_visit("tunggakan", answered(NEW))
    assert not can_visit("nonsense", answered(NEW))


def test_next_step_goes_on_in_order_then_to_the_summary():
    state = answered(REACTIVATE, "tunggakan")
    state = State(state.path, state.answered | {"tunggakan"})
    assert next_step("tunggakan", state) == "kontak"
    assert next_step("persetujuan", answered(REACTIVATE)) == CHECK


def test_after_a_change_from_the_summary_it_returns_there():
    assert next_step("kontak", answered(NEW), from_check=True) == CHECK


def test_changing_the_path_sends_the_person_to_the_new_path_s_first_gap():
    state = State(REACTIVATE, answered(NEW).answered)
    assert next_step(CHOOSE, state, from_check=True) == "kategori"
    assert not can_visit(CHECK, state)


def test_a_worker_or_a_pbi_member_is_sent_where_their_case_is_handled():
    state = State(REACTIVATE, frozenset({CHOOSE, "kategori"}), elsewhere=True)
    assert next_step("kategori", state) == ELSEWHERE == first_unanswered(state)
    assert can_visit(ELSEWHERE, state) and not can_visit("kartu", state) and not can_visit(CHECK, state)
    assert not can_visit(ELSEWHERE, State(REACTIVATE, frozenset({CHOOSE, "kategori"})))  # a mandiri member


def test_previous_step_and_progress():
    state = answered(NEW)
    assert previous_step(CHOOSE, state) is None
    assert previous_step("keluarga", state) == "kk"
    assert progress("kk", state) == Progress(2, 10)
    assert progress(CHECK, state).number == progress(CHECK, state).total
    assert progress(CHOOSE, State()) == Progress(1, 10, at_most=True)  # before the choice: the longer path
    # Without a path (a session that expired): a page of one path counts on it; a page of both, not at all.
    assert progress("kk", State()) == Progress(2, 10) and progress("kartu", State()) == Progress(3, 6)
    assert progress("kontak", State()) is None
    elsewhere = State(REACTIVATE, frozenset({CHOOSE, "kategori"}), elsewhere=True)
    assert progress("kategori", elsewhere) == Progress(2, 6)  # back from "handled elsewhere" to change it
