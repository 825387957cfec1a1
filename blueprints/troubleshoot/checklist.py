# The "Masih belum aktif?" checklist as data and pure functions.
#
# Editors write content/checklists/belum-aktif.yml: questions (pick an answer),
# checks (something to try, with two answers of their own: it worked, it did not),
# a time (when the person paid, compared with how long a payment takes to count)
# and outcomes (what to do next, where). The graph is checked when it loads: every
# reference exists, every step is reachable, every path ends in an outcome, no
# loop lacks an exit. A person's progress is just the list of (step, choice)
# pairs they made; replaying it from the start gives where they are, so a
# reload, a back link or a changed answer needs no other state.
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from babel.dates import format_datetime

from blueprints.core.content import ContentError, located
from blueprints.core.figures import LOCALE, read_yaml, substitute

KINDS = {"question", "check", "time", "outcome"}
DONE, FAILED = "sudah", "gagal"
SOON, LATE = "0", "1"  # a time step's answers: less, or more, than `within` ago


@dataclass(frozen=True)
class Answer:
    label: str
    next: str
    summary: str = ""  # how the person says it in the summary for the officer ("mandiri")

    @property
    def said(self) -> str:
        return self.summary or self.label


@dataclass(frozen=True)
class Step:
    name: str
    kind: str
    text: str
    why: str = ""
    how: str = ""
    answers: tuple[Answer, ...] = ()  # a question's options, a check's done/failed, a time's soon/late
    summary: str = ""  # what the step is about, in the summary for the officer ("Jenis peserta")
    title: str = ""  # outcomes
    next_text: str = ""  # outcomes: what to do next
    guide: str | None = None
    link: str | None = None  # an endpoint of this site, e.g. apply.start
    wait: str | None = None  # the name of a figure: hours to wait (outcomes, and a time's `within`)

    def choice(self, value: str) -> Answer | None:
        """The answer chosen by its value: an index for questions, sudah/gagal for checks, and for a
        time the index before '@' (SOON or LATE, decided when the person answered) and the time."""
        if self.kind == "check":
            return {DONE: self.answers[0], FAILED: self.answers[1]}.get(value)
        if self.kind == "time":
            index, at, when = value.partition("@")
            known = given_time(value) is not None
            fits = at and (known if index == SOON else index == LATE and (known or not when))
            return self.answers[int(index)] if fits else None
        return {str(index): answer for index, answer in enumerate(self.answers)}.get(value)


def timed(soon: bool, when: datetime.datetime | None) -> str:
    """A time step's value: which way it went and the time given (none: 'I do not remember')."""
    return f"{SOON if soon else LATE}@{when.strftime('%Y-%m-%dT%H:%M') if when else ''}"


def given_time(value: str) -> datetime.datetime | None:
    """The time a person gave on a time step (naive: their own clock), or None."""
    try:
        return datetime.datetime.strptime(value.partition("@")[2], "%Y-%m-%dT%H:%M")  # noqa: DTZ007 (their clock)
    except ValueError:
        return None


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
    kept = [list(pair) for pair in history[:len(path)]]
    names = [step.name for step, _ in path]
    if name in names:
        kept = kept[:names.index(name)]
    elif checklist.current(history).name != name:
        return None
    step = checklist.steps[name]
    if step.kind == "outcome" or step.choice(value) is None:
        return None
    return [*kept, [name, value]]


def summary_lines(done: list, history: list, outcome: Step) -> list[str]:
    """The summary for the officer, in the person's own voice: one line per step answered."""
    values = dict(history)
    lines = []
    for step, answer in done:
        said = answer.said
        if step.kind == "time" and (when := given_time(values.get(step.name, ""))):
            said = format_datetime(when, "EEEE, d MMMM yyyy 'pukul' HH.mm", locale=LOCALE)
        lines.append(f"- {step.summary}: {said}")
    return [*lines, f"- {outcome.summary}"]


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

    def answer(spec, name, label_key="label", next_key="next", summary_key="summary"):
        return Answer(text(spec[label_key], name), str(spec[next_key]), text(spec.get(summary_key), name))

    steps = {}
    for name, spec in data["steps"].items():
        if not isinstance(spec, dict) or spec.get("type") not in KINDS:
            raise ContentError(path, f"langkah '{name}': type harus question, check, atau outcome")
        kind = spec["type"]
        needs = {"question": ["answers"], "check": ["done", "done_label", "failed", "failed_label"],
                 "time": ["within", "soon", "soon_label", "late", "late_label"], "outcome": []}[kind]
        missing = [key for key in [*needs, "summary"] if not spec.get(key)]
        if missing:
            raise ContentError(path, f"langkah '{name}' ({kind}) belum punya: {', '.join(missing)}")
        if kind == "question":
            raw = spec["answers"]
            if not isinstance(raw, list) or not all(isinstance(a, dict) and "label" in a and "next" in a for a in raw):
                raise ContentError(path, f"langkah '{name}': setiap jawaban perlu label dan next")
            answers = tuple(answer(a, name) for a in raw)
        elif kind == "check":
            answers = (answer(spec, name, "done_label", "done", "done_summary"),
                       answer(spec, name, "failed_label", "failed", "failed_summary"))
        elif kind == "time":
            answers = (answer(spec, name, "soon_label", "soon", "soon_summary"),
                       answer(spec, name, "late_label", "late", "late_summary"))
        else:
            answers = ()
        steps[name] = Step(
            name=name, kind=kind, text=text(spec.get("text"), name), why=text(spec.get("why"), name),
            how=text(spec.get("how"), name), answers=answers, summary=text(spec.get("summary"), name),
            title=text(spec.get("title"), name), next_text=text(spec.get("next"), name),
            guide=spec.get("guide"), link=spec.get("link"), wait=spec.get("within") or spec.get("wait"),
        )
    checklist = Checklist(title=str(data.get("title", "")), start=str(data.get("start", "")), steps=steps)
    for step in steps.values():
        if step.wait is not None and getattr(figures.get(step.wait), "kind", None) != "duration_hours":
            raise ContentError(path, f"langkah '{step.name}': wait (atau within) harus nama angka berjenis "
                                     "duration_hours")
    found = problems(checklist)
    if found:
        raise ContentError(path, "; ".join(found))
    return checklist


def load_checklist(path: Path, figures: dict) -> Checklist:
    try:
        return parse_checklist(read_yaml(path), path, figures)
    except ContentError as error:
        raise located(error) from None
