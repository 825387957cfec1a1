"""The question objects: every field of every step reaches the check page and the operator export,
stored answers read back as they were written, and every URL they lead to is served by its route.

The field-by-field proof takes two complete sets of answers, A and B, that differ in every
value. For each question and each value inside its answer (a person's name inside the
family, one photo's stored name), A's answer with that one value taken from B must change
the question's rows on the check page and its cells in the export. A field that is not
shown on the check page must be named, with a reason, in the question's `unseen`, and one left out
of the export in its `unexported`; none may be in both. An identifier typed by the person is the
usual case: the check page shows it as typed, the export writes its checked digits."""
import dataclasses
import datetime
import re

import pytest

from blueprints.apply import flow
from blueprints.apply.questions import (
    ARREARS,
    BANK,
    CARD,
    CATEGORY,
    CLASS,
    CONSENT,
    CONTACT,
    DOCUMENTS,
    DOMICILE,
    FACILITY,
    FAMILY,
    FAMILY_CARD,
    PATH,
    QUESTIONS,
    Answers,
    Situation,
    export_columns,
)
from blueprints.apply.questions.common import ConsentAnswer, ContactAnswer, PathAnswer
from blueprints.apply.questions.documents import DocumentsAnswer
from blueprints.apply.questions.family import FamilyAnswer, FamilyCardAnswer, Member
from blueprints.apply.questions.household import BankAnswer, ClassAnswer, DomicileAnswer, FacilityAnswer
from blueprints.apply.questions.reactivation import ArrearsAnswer, CardAnswer, CategoryAnswer
from blueprints.core.web import content
from tests.conftest import ROOT
from tests.test_apply_new import photos, upload

UTC = datetime.UTC
A = {
    PATH: PathAnswer("baru"),
    FAMILY_CARD: FamilyCardAnswer("3171012001150003", "3171-0120-0115-0003"),
    FAMILY: FamilyAnswer((
        Member("Budi Santoso", "3171011708850001", "3171 0117 0885 0001", datetime.date(1985, 8, 17), "L",
               "Kepala keluarga", False),
        Member("Sari Dewi", "3171015203880002", "3171015203880002", datetime.date(1988, 3, 12), "P", "Istri",
               False))),
    DOMICILE: DomicileAnswer("31", "3171"),
    FACILITY: FacilityAnswer("CONTOH-0001"),
    CLASS: ClassAnswer("2"),
    CONTACT: ContactAnswer("+6281234567890", "0812 3456 7890", "budi@contoh.co.id", "email"),
    BANK: BankAnswer("BRI", "123456789012", "1234-5678-9012", "Budi Santoso"),
    DOCUMENTS: DocumentsAnswer({"ktp": "a" * 32, "kk": "b" * 32, "swafoto": "c" * 32}),
    CONSENT: ConsentAnswer("Saya setuju (versi A).", datetime.datetime(2026, 11, 30, 3, 0, tzinfo=UTC)),
    CARD: CardAnswer("0001944358911", "0001 9443 58911", "3171011708850001", "3171-0117-0885-0001",
                     datetime.date(1985, 8, 17), False),
    CATEGORY: CategoryAnswer("mandiri", "3", 3),
    ARREARS: ArrearsAnswer(3, 2025),
}
B = {
    PATH: PathAnswer("reaktivasi"),
    FAMILY_CARD: FamilyCardAnswer("3273021010990007", "3273-0210-1099-0007"),
    FAMILY: FamilyAnswer((
        Member("Yohanes O'Brien Simanjuntak", "3273012506900003", "3273 0125 0690 0003", datetime.date(1990, 6, 26),
               "P", "Istri", True),
        Member("Maria Magdalena Kusumawardhani", "3273016011950004", "3273016011950004 ",
               datetime.date(1995, 11, 20), "L", "Anak", True))),
    DOMICILE: DomicileAnswer("32", "3273"),
    FACILITY: FacilityAnswer("nanti"),
    CLASS: ClassAnswer("1"),
    CONTACT: ContactAnswer("+628111112222", "+62 811-1111-2222", "maria.k@contoh.id", "whatsapp"),
    BANK: BankAnswer("BNI", "0099887766", "0099 8877 66", "Yohanes O'Brien"),
    DOCUMENTS: DocumentsAnswer({"ktp": "d" * 32, "kk": "e" * 32, "swafoto": "f" * 32}),
    CONSENT: ConsentAnswer("Saya setuju (versi B).", datetime.datetime(2026, 12, 1, 9, 30, tzinfo=UTC)),
    CARD: CardAnswer("0002123456789", "0002 1234 56789", "3273012506900003", "3273012506900003",
                     datetime.date(1990, 6, 25), True),
    CATEGORY: CategoryAnswer("ppu", "1", 5),
    ARREARS: ArrearsAnswer(11, 2023),
}


def leaves(value, path=()):
    """Every single value inside an answer, with its path (field names, indexes, keys)."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from leaves(getattr(value, field.name), (*path, field.name))
    elif isinstance(value, tuple | dict):
        for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
            yield from leaves(item, (*path, key))
    else:
        yield path, value


def leaf(value, path):
    for key in path:
        value = getattr(value, key) if dataclasses.is_dataclass(value) else value[key]
    return value


def with_leaf(value, path, new):
    """The answer with one value replaced, everything else as it was."""
    if not path:
        return new
    key, rest = path[0], path[1:]
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{key: with_leaf(getattr(value, key), rest, new)})
    if isinstance(value, dict):
        return {**value, key: with_leaf(value[key], rest, new)}
    return tuple(with_leaf(item, rest, new) if index == key else item for index, item in enumerate(value))


def exempt(path, names) -> bool:
    """Whether a value's path (its field names, without indexes or keys) is named in unseen or unexported,
    or lies inside one that is: "anggota.nik" names the NIK of every person in the family."""
    name = ".".join(part for part in path if isinstance(part, str))
    return any(name == named or name.startswith(named + ".") for named in names)


def situation(answers: dict) -> Situation:
    return Situation(Answers({q.name: a.stored() for q, a in answers.items()}), content())


def shown(question, answers):
    """What the check page and the export make of one question's answer, as plain strings."""
    here = situation(answers)
    answer = here.answers.get(question)
    return ([(str(row.label), str(row.value)) for row in question.rows(answer, here)],
            question.export(answer, here))


def test_every_question_of_every_path_is_in_both_test_answers():
    on_a_path = {name for path in flow.PATHS.values() for name in path} - {flow.CHECK}
    assert set(QUESTIONS) == on_a_path
    assert {q.name for q in A} == {q.name for q in B} == on_a_path


@pytest.mark.parametrize("question", list(A), ids=lambda q: q.name)
def test_the_two_answers_differ_in_every_value(question):
    a, b = dict(leaves(A[question])), dict(leaves(B[question]))
    assert a.keys() == b.keys()
    assert all(a[path] != b[path] for path in a), [path for path in a if a[path] == b[path]]


@pytest.mark.parametrize("question", list(A), ids=lambda q: q.name)
def test_every_field_reaches_the_check_page_and_the_export(app, question):
    with app.test_request_context():
        rows, cells = shown(question, A)
        assert rows and all(value for _label, value in rows), rows  # nothing shown blank
        assert set(cells) == set(question.columns), "export() fills exactly the columns the question names"
        paths = [path for path, _value in leaves(A[question])]
        for named in (question.unseen, question.unexported):
            assert all(any(exempt(path, {name}) for path in paths) for name in named), "names a value it has"
            assert all(reason.strip() for reason in named.values())
        assert not set(question.unseen) & set(question.unexported), "a value must reach one of the two"
        for path, _value in leaves(A[question]):
            changed = A | {question: with_leaf(A[question], path, leaf(B[question], path))}
            other_rows, other_cells = shown(question, changed)
            if not exempt(path, question.unexported):
                assert other_cells != cells, f"{question.name}: {path} is not in the export"
            if not exempt(path, question.unseen):
                assert other_rows != rows, f"{question.name}: {path} is not on the check page"


@pytest.mark.parametrize("question", list(A), ids=lambda q: q.name)
def test_a_stored_answer_reads_back_as_it_was_written(question):
    for answer in (A[question], B[question]):
        stored = answer.stored()
        assert stored["v"] == question.schema.VERSION
        assert question.load(stored) == answer


def test_an_answer_that_does_not_fit_its_schema_is_asked_again(app):
    with app.test_request_context():
        answers = Answers({"jalur": {"v": 1, "jalur": "baru"}, "kk": {"nomor_kk": "3171-0120-0115-0003"},
                           "keluarga": {"v": 1, "anggota": [{"nama": 7}]}})
        assert answers.get(FAMILY_CARD) is None and answers.get(FAMILY) is None  # no version; a wrong type
        assert flow.first_unanswered(answers.state()) == "kk"


def test_the_application_s_contributions_come_from_its_questions(app):
    with app.test_request_context():
        new = situation(A).answers
        assert new.niks() == ["3171011708850001", "3171015203880002"]
        assert new.birth_date() == datetime.date(1985, 8, 17)
        assert new.photo_names() == {"a" * 32, "b" * 32, "c" * 32}
        reactivation = situation(A | {PATH: PathAnswer("reaktivasi")}).answers
        assert reactivation.niks() == ["3171011708850001"] and reactivation.birth_date() == datetime.date(1985, 8, 17)
        assert reactivation.photo_names() == new.photo_names()  # removed with the draft, whichever path


def test_the_export_header_names_every_question_s_columns_once():
    columns = export_columns()
    assert len(columns) == len(set(columns))
    assert set(columns) == {c for q in QUESTIONS.values() for c in q.columns}


def test_every_question_page_is_served_by_the_generic_step_route_and_none_is_shadowed(app):
    adapter = app.url_map.bind("localhost")
    for name in QUESTIONS:
        assert adapter.match(f"/daftar/{name}", method="GET")[0] == "apply.step"
        assert adapter.match(f"/daftar/{name}", method="POST")[0] == "apply.step"
    for rule in app.url_map.iter_rules():
        fixed = re.fullmatch(r"/daftar/([a-z-]+)", rule.rule)
        assert fixed is None or rule.endpoint == "apply.step" or fixed.group(1) not in QUESTIONS, rule.rule


def test_every_change_link_on_the_check_page_opens_its_page(app, family):
    upload(family, photos())
    family.through([("persetujuan", {"setuju": "y"})])
    page = family.client.get("/daftar/periksa").get_data(as_text=True)
    links = re.findall(r'<a href="(/daftar/[^"]+\?ubah=1)">Ubah', page)
    assert len(links) >= len(flow.PATHS[flow.NEW]) - 1
    adapter = app.url_map.bind("localhost")
    for link in links:
        path = link.split("?")[0]
        assert adapter.match(path)[0] in ("apply.step", "apply.change_member"), link
        opened = family.client.get(link)
        assert opened.status_code == 200, link
        assert 'href="/daftar/periksa">Kembali' in opened.get_data(as_text=True), link


ACRONYMS = re.compile(r"\b(ktp|kk|nik|hp|jkn|bpjs|pbi|ppu|pbpu|otp|pin|va)\b")  # written in lower case
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_acronyms_keep_their_capitals_in_every_ui_string():
    """Every string a person can see goes through gettext, so the extractor finds them all: labels,
    hints, messages, headings ("Foto KTP", "Nomor KK", "Nomor HP", never "foto ktp")."""
    from babel.messages.extract import extract_from_dir

    found = []
    for folder, method in (("blueprints", "python"), ("templates", "jinja2")):
        for filename, line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[(f"**.{'py' if method == 'python' else 'html'}", method)],
                keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}):
            for text in message if isinstance(message, tuple) else (message,):
                if text and ACRONYMS.search(PLACEHOLDER.sub("", text)):
                    found.append(f"{folder}/{filename}:{line}: {text}")
    assert found == []
