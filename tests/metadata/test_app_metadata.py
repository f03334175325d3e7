"""The app's own metadata passes every static check Frappe's rules imply."""

from pathlib import Path

from tests.metadata.checker import APP_NAME, check_app, load_doctypes

APP_ROOT = Path(__file__).resolve().parents[2]


def test_app_is_where_the_checker_looks():
	assert (APP_ROOT / APP_NAME / "hooks.py").exists()
	assert load_doctypes(APP_ROOT, []), "no DocType found: the checker would check nothing"


def test_app_metadata_has_no_problems():
	problems = check_app(APP_ROOT)
	assert not problems, "Metadata problems:\n" + "\n".join(problems)
