"""The checklist graph and its logic, without Flask."""
import datetime
from pathlib import Path

import pytest

from blueprints.core.content import ContentError
from blueprints.core.figures import load_figures
from blueprints.troubleshoot.checklist import answer_to, load_checklist, parse_checklist, problems, summary_lines
from blueprints.troubleshoot.forms import clock_time
from tests.checklist_ways import outcomes, way_to

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


# Every real cause of a card that stays inactive (issue 14), each with its own outcome.
CAUSES = {
    "masa_tunggu": "a new registrant still in the 14-day wait",
    "bayar_pertama": "a new registrant past the wait who has not paid the first fee",
    "lewat_batas": "a new registrant past the 30-day deadline",
    "rehab_berjalan": "REHAB instalments still running",
    "bayar_sebagian": "a partial payment: not every family member, or only the current month",
    "salah_va": "paid into the wrong virtual account",
    "ppu_phk": "laid off (PHK): six months of cover with proof",
    "anak_lewat_usia": "a child over 21/25 or married, dropped from a parent's PPU cover",
    "ppu_belum_dinonaktifkan": "PPU to mandiri blocked: the employer has not ended the PPU membership",
    "pemda_berhenti": "PBPU Pemda/UHC ended by the local government",
    "pbi_nonaktif": "PBI dropped after the DTSEN review",
    "ganda_meninggal": "a duplicate membership, or recorded as deceased",
    "bayi_belum": "a newborn not registered within 28 days",
    "mungkin_dihapus": "a member who may qualify for the write-off",
    "tunggu": "paid less than a day ago",
    "bayar_ulang": "a payment that failed",
    "ada_tunggakan": "arrears not paid",
    "ke_dukcapil": "a NIK or KK that does not match Dukcapil",
    "kantor_belum_bayar": "an employer that has not paid",
    "ke_mandiri": "a worker who resigned",
    "hubungi": "nothing else found: contact BPJS Kesehatan",
}


def test_it_covers_what_people_run_into(checklist):
    assert set(CAUSES) <= set(outcomes(checklist))
    assert checklist.steps["ada_tunggakan"].link == "apply.start"
    assert "24 jam" in checklist.steps["kapan_bayar"].answers[0].label  # a figure, filled in


@pytest.mark.parametrize("outcome", sorted(CAUSES))
def test_a_person_can_walk_to_each_cause(checklist, outcome):
    history = []
    for name, value in way_to(checklist, outcome):
        history = answer_to(history, checklist, name, value)
        assert history is not None, (outcome, name, value)
    assert checklist.current(history).name == outcome
    step = checklist.steps[outcome]
    assert step.title and step.next_text and step.summary and (step.guide or step.link)


def test_every_check_names_its_own_answers(checklist):
    checks = [s for s in checklist.steps.values() if s.kind == "check"]
    labels = [a.label for s in checks for a in s.answers]
    assert len(set(labels)) == len(labels)  # no "Tidak berhasil" on every check
    assert "Tidak berhasil" not in labels


def test_the_summary_is_in_the_person_s_own_voice(checklist):
    history = []
    for name, value in way_to(checklist, "ppu_phk"):
        history = answer_to(history, checklist, name, value)
    lines = summary_lines(checklist.walk(history), history, checklist.steps["ppu_phk"])
    assert lines == ["- Jenis peserta: pekerja yang didaftarkan kantor (PPU)", "- Pekerjaan: terkena PHK",
                     "- Saya terkena PHK."]


def test_the_summary_gives_the_time_paid_as_the_person_gave_it(checklist):
    history = []
    for name, value in way_to(checklist, "tunggu"):
        history = answer_to(history, checklist, name, value)
    assert "- Waktu membayar: Jumat, 27 November 2026 pukul 10.00" in summary_lines(checklist.walk(history), history,
                                                                 checklist.steps["tunggu"])


def spec(**steps):
    return {"title": "t", "start": "a", "steps": steps}


def outcome(title):
    return {"type": "outcome", "title": title, "summary": f"Saya {title}."}


def check(done, failed):
    return {"type": "check", "summary": "s", "text": "c", "done": done, "done_label": "Sudah",
            "failed": failed, "failed_label": "Belum"}


@pytest.mark.parametrize("data, message", [
    (spec(a={"type": "question", "summary": "s", "text": "?", "answers": [{"label": "x", "next": "nowhere"}]}),
     "'nowhere' yang tidak ada"),
    (spec(a=outcome("t"), b=outcome("u")), "'b' tidak bisa dicapai"),
    (spec(a={"type": "question", "summary": "s", "text": "?", "answers": []}), "belum punya: answers"),
    (spec(a=check("b", "b"), b=check("a", "a")), "putaran tanpa keluar"),
    (spec(a={"type": "check", "summary": "s", "text": "c", "done": "b", "done_label": "ya"}),
     "belum punya: failed, failed_label"),
    (spec(a={"type": "outcome", "title": "t"}), "belum punya: summary"),
    (spec(a={"type": "time", "summary": "s", "within": "reaktivasi.aktif_setelah_bayar", "soon": "b",
             "soon_label": "x"}, b=outcome("t")), "belum punya: late, late_label"),
    (spec(a={"type": "time", "summary": "s", "within": "iuran.kelas_1", "soon": "b", "soon_label": "x",
             "late": "b", "late_label": "y"}, b=outcome("t")), "within\\) harus nama angka berjenis duration_hours"),
    (spec(a={"type": "pertanyaan"}), "type harus"),
    ({"title": "t", "start": "z", "steps": {"a": outcome("t")}}, "start 'z'"),
])
def test_a_broken_checklist_is_refused_with_a_reason(data, message):
    with pytest.raises(ContentError, match=message):
        parse_checklist(data, Path("belum-aktif.yml"), FIGURES)


def test_a_loop_with_an_exit_is_fine():
    data = spec(a=check("a", "b"), b=outcome("t"))
    assert problems(parse_checklist(data, Path("x.yml"), FIGURES)) == []


MANDIRI = [("kategori", "0"), ("baru_daftar", "1"), ("rehab", "1")]


@pytest.mark.parametrize("choices, where", [
    ([], "kategori"),
    ([*MANDIRI, ("sudah_bayar", "1"), ("sanggup_bayar", "0")], "ada_tunggakan"),
    ([*MANDIRI, ("sudah_bayar", "0"), ("kapan_bayar", "0@2026-11-27T10:00")], "tunggu"),
    ([*MANDIRI, ("sudah_bayar", "0"), ("kapan_bayar", "1@"), ("cek_pembayaran", "1")], "bayar_ulang"),
    ([("kategori", "1"), ("ppu_masih_bekerja", "2"), ("ppu_resign", "1")], "ke_mandiri"),
    ([("kategori", "1"), ("ppu_masih_bekerja", "0"), ("ppu_kantor", "gagal")], "kantor_belum_bayar"),
    ([("kategori", "4"), ("pbi_dinsos", "gagal")], "pbi_nonaktif"),
    ([("kategori", "4"), ("pbi_dinsos", "sudah"), ("cek_dukcapil", "gagal")], "ke_dukcapil"),
])
def test_each_branch(checklist, choices, where):
    history = []
    for name, value in choices:
        history = answer_to(history, checklist, name, value)
    assert checklist.current(history).name == where


def test_changing_an_earlier_answer_drops_what_came_after(checklist):
    history = [["kategori", "0"], ["baru_daftar", "1"], ["rehab", "1"], ["sudah_bayar", "0"]]
    changed = answer_to(history, checklist, "kategori", "4")
    assert changed == [["kategori", "4"]]
    assert checklist.current(changed).name == "pbi_dinsos"


def test_changing_a_later_answer_keeps_the_time_given_before_it(checklist):
    history = [["kategori", "0"], ["baru_daftar", "1"], ["rehab", "1"], ["sudah_bayar", "0"],
               ["kapan_bayar", "1@2026-11-20T09:15"], ["cek_pembayaran", "1"]]
    changed = answer_to(history, checklist, "cek_pembayaran", "2")
    assert changed[-2] == ["kapan_bayar", "1@2026-11-20T09:15"] and checklist.current(changed).name == "salah_va"


@pytest.mark.parametrize("value", ["", "0", "1", "0@", "2@", "0@kemarin", "0@2026-13-01T10:00", "1@2026-11-27T25:00"])
def test_a_time_refuses_anything_but_soon_or_late_and_a_real_time(checklist, value):
    assert checklist.steps["kapan_bayar"].choice(value) is None


def test_answers_off_the_path_or_unknown_are_refused(checklist):
    assert answer_to([], checklist, "kapan_bayar", "1@") is None  # not reached yet
    assert answer_to([], checklist, "kategori", "9") is None
    assert answer_to([], checklist, "kategori", "sudah") is None


def test_a_tampered_history_stops_where_it_stops_making_sense(checklist):
    assert checklist.current([["kategori", "0"], ["tunggu", "0"]]).name == "baru_daftar"
    assert checklist.current([["bukan", "x"]]).name == "kategori"


def test_remaining_counts_the_longest_way_to_an_outcome(checklist):
    assert checklist.remaining("tunggu") == 1
    assert checklist.remaining("cek_dukcapil") == 3
    assert checklist.remaining("kategori") == 11


@pytest.mark.parametrize("value", ["", "-1", "9", "²", "٣", "0" * 5000, "1 ", "sudah"])
def test_a_question_refuses_any_value_but_an_answer_s_index(checklist, value):
    question = checklist.steps[checklist.start]
    assert question.choice(value) is None
    assert question.choice("0") is question.answers[0]


@pytest.mark.parametrize("typed, hour, minute", [
    ("14", 14, 0), ("14.30", 14, 30), ("14:30", 14, 30), ("9.05", 9, 5), ("0730", 7, 30), ("07:30:15", 7, 30),
    ("07.30.15", 7, 30), ("07.30 WIB", 7, 30), ("pukul 07.30", 7, 30), ("Pkl. 7.30", 7, 30), (" jam 9 ", 9, 0),
])
def test_a_time_is_read_the_way_receipts_and_people_write_it(typed, hour, minute):
    assert clock_time(typed) == datetime.time(hour, minute)


@pytest.mark.parametrize("typed", ["", "sore", "24.00", "7.5", "12345", "14.60", "-1"])
def test_what_is_not_a_time_is_refused(typed):
    assert clock_time(typed) is None
