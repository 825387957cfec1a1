"""Static security scan: bandit finds nothing of medium severity or above in the
code that runs in production (and the migrations and benchmark that touch its data)."""
import subprocess
import sys

from tests.conftest import ROOT

SCANNED = ["app.py", "config.py", "extensions.py", "blueprints", "migrations", "bench"]


def test_bandit_reports_nothing_of_medium_severity_or_above():
    result = subprocess.run([sys.executable, "-m", "bandit", "--quiet", "--recursive", "--severity-level", "medium",
                             *SCANNED], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
