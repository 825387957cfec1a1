"""What each part of the code may import: pure loaders load without Flask's views, and
blueprints keep to their own models."""
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE_LOADERS = ["blueprints.apply.faskes", "blueprints.troubleshoot.checklist", "blueprints.troubleshoot.hours"]
USES_FLASK = re.compile(r"^\s*(?:from|import) (?:flask|flask_\w+|extensions)\b", re.MULTILINE)


def imported_by(*modules: str) -> dict[str, str]:
    """Every module a fresh interpreter holds after importing `modules`, with its file."""
    code = (f"import sys\nfor name in {modules!r}: __import__(name)\n"
            "import json\nprint(json.dumps({n: getattr(m, '__file__', None) or '' for n, m in sys.modules.items()}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_pure_loaders_import_no_views_commands_or_extensions():
    loaded = imported_by(*PURE_LOADERS)
    ours = {name: file for name, file in loaded.items() if name.startswith("blueprints.")}
    assert not [name for name in ours if name.endswith((".routes", ".cli"))]
    assert "extensions" not in loaded and "flask_sqlalchemy" not in loaded and "blueprints.core.web" not in loaded
    assert not [name for name in ours if name.startswith("blueprints.guides")]
    modules = {name: file for name, file in ours.items() if not file.endswith("__init__.py")}
    assert set(PURE_LOADERS) <= modules.keys()
    flask_using = [name for name, file in modules.items() if USES_FLASK.search(Path(file).read_text(encoding="utf-8"))]
    assert flask_using == []


def test_apply_does_not_reach_into_the_guides():
    reaching = [path.name for path in sorted((ROOT / "blueprints" / "apply").rglob("*.py"))
                if "blueprints.guides" in path.read_text(encoding="utf-8")]
    assert reaching == []


def test_the_factory_still_registers_every_command(runner):
    for group, command in [("content", "check"), ("data", "purge"), ("applications", "export"), ("keys", "rotate")]:
        result = runner.invoke(args=[group, "--help"])
        assert result.exit_code == 0, (group, result.output)
        assert command in result.output
