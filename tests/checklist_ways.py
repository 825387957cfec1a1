"""The way through the checklist to any of its steps: the (step, value) pairs a person would pick."""
from collections import deque

from blueprints.troubleshoot.checklist import DONE, FAILED, LATE, SOON

PAID = "2026-11-27T10:00"  # a time step's answer "less than a day ago", given on 27 November at 10.00


def value_of(step, index: int) -> str:
    """The value that picks a step's answer number `index`."""
    if step.kind == "check":
        return (DONE, FAILED)[index]
    if step.kind == "time":
        return f"{SOON}@{PAID}" if index == 0 else f"{LATE}@"
    return str(index)


def way_to(checklist, target: str) -> list[tuple[str, str]]:
    """The shortest list of choices from the start that ends on `target`."""
    ways, todo = {checklist.start: []}, deque([checklist.start])
    while todo:
        name = todo.popleft()
        for index, answer in enumerate(checklist.steps[name].answers):
            if answer.next not in ways:
                ways[answer.next] = ways[name] + [(name, value_of(checklist.steps[name], index))]
                todo.append(answer.next)
    return ways[target]


def outcomes(checklist) -> list[str]:
    return [name for name, step in checklist.steps.items() if step.kind == "outcome"]
