# The order of the application's question pages, as data and pure functions.
#
# Each step is one URL (GET shows it, POST saves it), in the GOV.UK form-runner
# manner. The path the person chose on the first step (new registration or
# reactivation) decides which steps follow. A step may be visited only once
# every step before it has an answer, so a bookmarked or guessed URL sends the
# person to the first unanswered step instead of to a half-filled summary.
# After "Ubah" on the check-answers page, saving a step returns to the summary.
#
# The flow knows steps by name only; what each step asks and stores is its
# question object (questions/), which also says when it counts as answered.
from dataclasses import dataclass, field

CHOOSE = "jalur"
CHECK = "periksa"
ELSEWHERE = "ditangani-di-tempat-lain"  # the end for members whose case this form cannot help with
NEW, REACTIVATE = "baru", "reaktivasi"

# The category comes first on the reactivation path: a worker (PPU) or a state-paid member
# (PBI) is told at once where their case is handled, instead of filling in everything.
PATHS = {
    NEW: (CHOOSE, "kk", "keluarga", "domisili", "faskes", "kelas", "kontak", "rekening",
          "dokumen", "persetujuan", CHECK),
    REACTIVATE: (CHOOSE, "kategori", "kartu", "tunggakan", "kontak", "persetujuan", CHECK),
}
HANDLED_ELSEWHERE = (CHOOSE, "kategori", ELSEWHERE)


@dataclass(frozen=True)
class State:
    """Where a person stands: the path chosen (None before the first step) and the steps answered."""

    path: str | None = None
    answered: frozenset[str] = field(default_factory=frozenset)
    elsewhere: bool = False  # the answers so far show the case is handled elsewhere (PPU, PBI)


@dataclass(frozen=True)
class Progress:
    number: int
    total: int
    at_most: bool = False  # before the path is chosen the total is the longer path's


def steps(state: State) -> tuple[str, ...]:
    """The steps for the path chosen so far (only the first step before a choice)."""
    if state.elsewhere:
        return HANDLED_ELSEWHERE
    return PATHS.get(state.path or "", (CHOOSE,))


def first_unanswered(state: State) -> str:
    """The first step without an answer; the summary once everything is answered."""
    order = steps(state)
    return next((s for s in order if s != CHECK and s not in state.answered), order[-1])


def can_visit(step: str, state: State) -> bool:
    """True when the step belongs to the chosen path and every step before it is answered."""
    order = steps(state)
    if step not in order:
        return False
    return all(s in state.answered for s in order[:order.index(step)])


def next_step(step: str, state: State, from_check: bool = False) -> str:
    """Where to go after saving a step: back to the summary, or on to the next unanswered step."""
    if from_check and can_visit(CHECK, state):
        return CHECK
    order = steps(state)
    later = order[order.index(step) + 1:] if step in order else order
    return next((s for s in later if s not in state.answered or s in (CHECK, ELSEWHERE)), first_unanswered(state))


def previous_step(step: str, state: State) -> str | None:
    """The step before this one on the chosen path, for the "Kembali" link."""
    order = steps(state)
    if step not in order or order.index(step) == 0:
        return None
    return order[order.index(step) - 1]


def progress(step: str, state: State) -> Progress | None:
    """Which question page this is, for "Langkah 3 dari 9" (the summary is not counted). Before
    the path is chosen (or once the session is gone): the first page is "Langkah 1 dari paling
    banyak 10"; a page of one path only counts on that path; a page both paths ask (contact,
    consent) stands at a different place on each, so it gets no count rather than a wrong one."""
    if state.path not in PATHS:
        if step == CHOOSE:
            return Progress(1, max(len(path) for path in PATHS.values()) - 1, at_most=True)
        asking = [path for path, names in PATHS.items() if step in names]
        return progress(step, State(path=asking[0])) if len(asking) == 1 else None
    # Counted on the whole path even when the answers so far lead elsewhere (a PPU member who
    # comes back to change the category is at step 2 of the reactivation, not of 2).
    order = [s for s in PATHS[state.path] if s != CHECK]
    number = order.index(step) + 1 if step in order else len(order)
    return Progress(number, len(order))
