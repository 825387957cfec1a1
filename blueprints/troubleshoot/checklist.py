# The "Masih belum aktif?" checklist as data and pure functions.
#
# Editors write content/checklists/belum-aktif.yml: questions (pick an answer),
# checks (something to try: "Sudah saya lakukan" or "Tidak berhasil") and
# outcomes (what to do next, where). The graph is checked when it loads: every
# reference exists, every step is reachable, every path ends in an outcome, no
# loop lacks an exit. A person's progress is just the list of (step, choice)
# pairs they made; replaying it from the start gives where they are, so a
# reload, a back link or a changed answer needs no other state.
from dataclasses import dataclass, field
from pathlib import Path

from blueprints.core.content import ContentError, located
from blueprints.core.figures import read_yaml, substitute

KINDS = {"question", "check", "outcome"}
DONE, FAILED = "sudah", "gagal"


@dataclass(frozen=True)
class Answer:
    label: str
    next: str


@dataclass(frozen=True)
class Step:
    name: str
    kind: str
    text: str
    why: str = ""
    how: str = ""
    answers: tuple[Answer, ...] = ()  # a question's options, or a check's done/failed
    title: str = ""  # outcomes
    next_text: str = ""  # outcomes: what to do next
    guide: str | None = None
    link: str | None = None  # an endpoint of this site, e.g. apply.start
    wait: str | None = None  # the name of a figure: hours to wait

    def choice(self, value: str) -> Answer | None:
        """The answer chosen by its value: an index for questions, sudah/gagal for checks."""
        if self.kind == "check":
            return {DONE: self.answers[0], FAILED: self.answers[1]}.get(value)
        return {str(index): answer for index, answer in enumerate(self.answers)}.get(value)


@dataclass
class Checklist:
    title: str
    start: str
    steps: dict[str, Step] = field(default_factory=dict)

    def walk(self, history: list) -> list[tuple[Step, Answer]]:
        """Replay (step, choice) pairs from the start; stop at the first that does not fit."""
        path, current = [], self.start
        for name, value in history:
            step = self.steps.get(current)
            if name != current or step is None:
                break
            answer = step.choice(str(value))
            if answer is None:
                break
            path.append((step, answer))
            current = answer.next
        return path

    def current(self, history: list) -> Step:
        """Where the person is now."""
        path = self.walk(history)
        return self.steps[path[-1][1].next] if path else self.steps[self.start]

    def remaining(self, name: str) -> int:
        """Steps left on the longest way from here to an outcome, counting this one."""
        return _longest(self, name, frozenset())


def _longest(checklist: Checklist, name: str, seen: frozenset) -> int:
    step = checklist.steps[name]
    if step.kind == "outcome" or name in seen:
        return 1
    return 1 + max(_longest(checklist, a.next, seen | {name}) for a in step.answers)


def answer_to(history: list, checklist: Checklist, name: str, value: str) -> list | None:
    """The history after answering step `name` with `value`; None if the step is not on the path.

    Answering an earlier step again drops everything after it (a changed answer).
    """
    path = checklist.walk(history)
    names = [step.name for step, _ in path]
    if name in names:
        path = path[:names.index(name)]
    elif checklist.current(history).name != name:
        return None
    step = checklist.steps[name]
    if step.kind == "outcome" or step.choice(value) is None:
        return None
    return [[s.name, _value(s, a)] for s, a in path] + [[name, value]]


def _value(step: Step, answer: Answer) -> str:
    if step.kind == "check":
        return DONE if answer is step.answers[0] else FAILED
    return str(step.answers.index(answer))


def problems(checklist: Checklist) -> list[str]:
    """What is wrong with the graph, in words an editor can act on (empty when all is well)."""
    found = []
    steps = checklist.steps
    if checklist.start not in steps:
        return [f"start '{checklist.start}' tidak ada di steps"]
    for step in steps.values():
        for answer in step.answers:
            if answer.next not in steps:
                found.append(f"langkah '{step.name}' menuju '{answer.next}' yang tidak ada")
        if step.kind != "outcome" and not step.answers:
            found.append(f"langkah '{step.name}' tidak punya jalan keluar")
    if found:
        return found
    reachable, todo = set(), [checklist.start]
    while todo:
        name = todo.pop()
        if name not in reachable:
            reachable.add(name)
            todo.extend(a.next for a in steps[name].answers)
    found += [f"langkah '{n}' tidak bisa dicapai dari '{checklist.start}'" for n in steps if n not in reachable]
    reaches_outcome = {n for n, s in steps.items() if s.kind == "outcome"}
    changed = True
    while changed:
        changed = False
        for name, step in steps.items():
            if name not in reaches_outcome and any(a.next in reaches_outcome for a in step.answers):
                reaches_outcome.add(name)
                changed = True
    found += [f"dari langkah '{n}' tidak ada jalan ke sebuah outcome (putaran tanpa keluar)"
              for n in steps if n not in reaches_outcome]
    return found


def parse_checklist(data: object, path: Path, figures: dict) -> Checklist:
    """Build and check a checklist from its YAML data."""
    if not isinstance(data, dict) or not isinstance(data.get("steps"), dict):
        raise ContentError(path, "daftar periksa perlu title, start, dan steps")

    def text(value, name):
        return substitute(str(value or ""), figures, path) if value else ""

    steps = {}
    for name, spec in data["steps"].items():
        if not isinstance(spec, dict) or spec.get("type") not in KINDS:
            raise ContentError(path, f"langkah '{name}': type harus question, check, atau outcome")
        kind = spec["type"]
        if kind == "question":
            raw = spec.get("answers") or []
            if not all(isinstance(a, dict) and "label" in a and "next" in a for a in raw):
                raise ContentError(path, f"langkah '{name}': setiap jawaban perlu label dan next")
            answers = tuple(Answer(text(a["label"], name), str(a["next"])) for a in raw)
        elif kind == "check":
            if "done" not in spec or "failed" not in spec:
                raise ContentError(path, f"langkah '{name}': pemeriksaan perlu done dan failed")
            answers = (Answer("Sudah saya lakukan", str(spec["done"])), Answer("Tidak berhasil", str(spec["failed"])))
        else:
            answers = ()
        steps[name] = Step(
            name=name, kind=kind, text=text(spec.get("text"), name), why=text(spec.get("why"), name),
            how=text(spec.get("how"), name), answers=answers, title=text(spec.get("title"), name),
            next_text=text(spec.get("next"), name), guide=spec.get("guide"), link=spec.get("link"),
            wait=spec.get("wait"),
        )
    checklist = Checklist(title=str(data.get("title", "")), start=str(data.get("start", "")), steps=steps)
    for step in steps.values():
        if step.wait is not None and getattr(figures.get(step.wait), "kind", None) != "duration_hours":
            raise ContentError(path, f"langkah '{step.name}': wait harus nama angka berjenis duration_hours")
    found = problems(checklist)
    if found:
        raise ContentError(path, "; ".join(found))
    return checklist


def load_checklist(path: Path, figures: dict) -> Checklist:
    try:
        return parse_checklist(read_yaml(path), path, figures)
    except ContentError as error:
        raise located(error) from None
