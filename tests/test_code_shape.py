"""The application's code stays readable: no function in blueprints/apply is more complex than
radon's rank C (cyclomatic complexity 20), so a view or a question that grows a tangle of
branches fails here and gets split by idea."""
from pathlib import Path

import pytest
from radon.complexity import cc_rank
from radon.visitors import ComplexityVisitor

APPLY = Path(__file__).resolve().parent.parent / "blueprints" / "apply"


@pytest.mark.parametrize("path", sorted(APPLY.rglob("*.py")), ids=lambda p: str(p.relative_to(APPLY)))
def test_no_function_is_above_rank_c(path):
    blocks = ComplexityVisitor.from_code(path.read_text(encoding="utf-8")).blocks
    too_complex = [(block.fullname, block.complexity) for block in blocks if cc_rank(block.complexity) > "C"]
    assert too_complex == []
