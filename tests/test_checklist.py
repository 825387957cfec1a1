"""The checklist graph and its logic, without Flask."""
from pathlib import Path

import pytest

from blueprints.core.content import ContentError
from blueprints.core.figures import load_figures
from blueprints.troubleshoot.checklist import answer_to, load_checklist, parse_checklist, problems

ROOT = Path(__file__).resolve().parent.parent
FIGURES = load_figures(ROOT / "content" / "data" / "figures.yml")


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(ROOT / "content" / "checklists" / "belum-aktif.yml", FIGURES)


def all_paths(checklist, name=None, seen=()):
    """Every path from the start to an outcome, as lists of step names."""
    name = name or checklist.start
    step = checklist.steps[name]
    if step.kind == "outcome":
        return [[name]]
    return [[name, *rest] for a in step.answers if a.next not in seen
            for rest in all_paths(checklist, a.next, (*seen, name))]


def test_the_repository_checklist_is_a_sound_graph(checklist):
    assert problems(checklist) == []
    reached = {name for path in all_paths(checklist) for name in path}
    assert reached == set(checklist.steps)  # every step is on some path
    for path in all_paths(checklist):
        assert checklist.steps[path[-1]].kind == "outcome"


def test_it_covers_what_people_run_into(checklist):
    outcomes = {s.name for s in checklist.steps.values() if s.kind == "outcome"}
    assert {"tunggu", "bayar_ulang", "ada_tunggakan", "ppu_berhenti", "pbi_nonaktif", "ke_dukcapil",
            "hubungi"} <= outcomes
    assert checklist.steps["ada_tunggakan"].link == "apply.start"
    assert "24 jam" in checklist.steps["kapan_bayar"].answers[0].label  # a figure, filled in


def spec(**steps):
    return {"title": "t", "start": "a", "steps": steps}


@pytest.mark.parametrize("data, message", [
    (spec(a={"type": "question", "text": "?", "answers": [{"label": "x", "next": "nowhere"}]}),
     "'nowhere' yang tidak ada"),
    (spec(a={"type": "outcome", "title": "t"}, b={"type": "outcome", "title": "u"}), "'b' tidak bisa dicapai"),
    (spec(a={"type": "question", "text": "?", "answers": []}), "tidak punya jalan keluar"),
    (spec(a={"type": "check", "text": "c", "done": "b", "failed": "b"},
          b={"type": "check", "text": "d", "done": "a", "failed": "a"}), "putaran tanpa keluar"),
    (spec(a={"type": "check", "text": "c", "done": "b"}), "perlu done dan failed"),
    (spec(a={"type": "pertanyaan"}), "type harus"),
    ({"title": "t", "start": "z", "steps": {"a": {"type": "outcome"}}}, "start 'z'"),
])
def test_a_broken_checklist_is_refused_with_a_reason(data, message):
    with pytest.raises(ContentError, match=message):
        parse_checklist(data, Path("belum-aktif.yml"), FIGURES)


def test_a_loop_with_an_exit_is_fine():
    data = spec(a={"type": "check", "text": "c", "done": "a", "failed": "b"}, b={"type": "outcome", "title": "t"})
    assert problems(parse_checklist(data, Path("x.yml"), FIGURES)) == []


@pytest.mark.parametrize("choices, where", [
    ([], "kategori"),
    ([("kategori", "0"), ("sudah_bayar", "1")], "ada_tunggakan"),
    ([("kategori", "0"), ("sudah_bayar", "0"), ("kapan_bayar", "0")], "tunggu"),
    ([("kategori", "0"), ("sudah_bayar", "0"), ("kapan_bayar", "1"), ("cek_pembayaran", "gagal")], "bayar_ulang"),
    ([("kategori", "1"), ("ppu_masih_bekerja", "1")], "ppu_berhenti"),
    ([("kategori", "1"), ("ppu_masih_bekerja", "0"), ("ppu_kantor", "gagal")], "hubungi"),
    ([("kategori", "2"), ("pbi_dinsos", "gagal")], "pbi_nonaktif"),
    ([("kategori", "2"), ("pbi_dinsos", "sudah"), ("cek_dukcapil", "gagal")], "ke_dukcapil"),
])
def test_each_branch(checklist, choices, where):
    history = []
    for name, value in choices:
        history = answer_to(history, checklist, name, value)
    assert checklist.current(history).name == where


def test_changing_an_earlier_answer_drops_what_came_after(checklist):
    history = [["kategori", "0"], ["sudah_bayar", "0"], ["kapan_bayar", "0"]]
    changed = answer_to(history, checklist, "kategori", "2")
    assert changed == [["kategori", "2"]]
    assert checklist.current(changed).name == "pbi_dinsos"


def test_answers_off_the_path_or_unknown_are_refused(checklist):
    assert answer_to([], checklist, "kapan_bayar", "0") is None  # not reached yet
    assert answer_to([], checklist, "kategori", "9") is None
    assert answer_to([], checklist, "kategori", "sudah") is None


def test_a_tampered_history_stops_where_it_stops_making_sense(checklist):
    assert checklist.current([["kategori", "0"], ["tunggu", "0"]]).name == "sudah_bayar"
    assert checklist.current([["bukan", "x"]]).name == "kategori"


def test_remaining_counts_the_longest_way_to_an_outcome(checklist):
    assert checklist.remaining("tunggu") == 1
    assert checklist.remaining("cek_dukcapil") == 2
    assert checklist.remaining("kategori") == 8


@pytest.mark.parametrize("value", ["", "-1", "9", "²", "٣", "0" * 5000, "1 ", "sudah"])
def test_a_question_refuses_any_value_but_an_answer_s_index(checklist, value):
    question = checklist.steps[checklist.start]
    assert question.choice(value) is None
    assert question.choice("0") is question.answers[0]
