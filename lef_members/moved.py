"""The dotted paths code had before the app was laid out by feature (December 2026), kept
importable for one release.

Paths outlive a deploy: a job queued before a migrate names its function by path
(``frappe.enqueue("lef_members.lef_members.doctype.allowance_payout.allowance_payout.alert_members")``,
or a pickled function object), a desk tab opened before it calls a whitelisted method by path,
a script or cron line runs ``bench execute lef_members.demo.create``. Each old module name is
an alias of the module that now holds the code: the same module object, so the same functions,
the same whitelist and the same pickles. Plain Python (no framework), installed by the
package's ``__init__``; it answers only old names, which no file holds any more.

Remove in the release after the next one, with the entries of :data:`SERVICES`.
"""

import importlib
import importlib.abc
import importlib.util
import os
import sys

APP = "lef_members"
_HERE = os.path.dirname(os.path.abspath(__file__))

# A service module (or package) that moved, by its old dotted path.
SERVICES = {
	"lef_members.assignment_flow": "lef_members.lef_assignments.assignment_flow",
	"lef_members.queries": "lef_members.lef_assignments",
	"lef_members.queries.candidates": "lef_members.lef_assignments.candidates",
	"lef_members.training": "lef_members.lef_training.training_path",
	"lef_members.hours": "lef_members.lef_hours.hour_logs",
	"lef_members.payouts": "lef_members.lef_hours.payouts",
	"lef_members.payout_files": "lef_members.lef_hours.payout_files",
	"lef_members.figures": "lef_members.lef_hours.next_year_figures",
	"lef_members.privacy": "lef_members.lef_members.privacy",
	"lef_members.charts": "lef_members.lef_members.charts",
	"lef_members.pace": "lef_members.lef_members.pace",
	"lef_members.organisations": "lef_members.lef_requests.organisations",
	"lef_members.guest": "lef_members.lef_requests.guest",
	"lef_members.demo": "lef_members.setup.demo",
	"lef_members.notify": "lef_members.utilities.notify",
	"lef_members.links": "lef_members.utilities.links",
	"lef_members.reader": "lef_members.utilities.reader",
	"lef_members.printing": "lef_members.utilities.printing",
	"lef_members.database": "lef_members.utilities.database",
}
# Records (DocTypes, reports, print formats, web forms) all sat in the module "LEF Members";
# one that moved to a feature module is found there by its folder name.
OLD_RECORDS = "lef_members.lef_members."
RECORD_KINDS = ("doctype", "report", "print_format", "web_form")


def moved_to(name: str) -> str | None:
	"""The module that now holds what the old dotted module path ``name`` held, or None."""
	for old in sorted(SERVICES, key=len, reverse=True):
		if name == old or name.startswith(old + "."):
			return SERVICES[old] + name[len(old) :]
	if not name.startswith(OLD_RECORDS):
		return None
	parts = name[len(OLD_RECORDS) :].split(".")
	if len(parts) < 2 or parts[0] not in RECORD_KINDS:
		return None
	kind, record = parts[0], parts[1]
	if os.path.isdir(os.path.join(_HERE, "lef_members", kind, record)):
		return None  # it did not move
	for module in _feature_modules():
		if os.path.isdir(os.path.join(_HERE, module, kind, record)):
			return ".".join([APP, module, *parts])
	return None


def current_path(dotted: str) -> str | None:
	"""The path a function has now, for a path it had before (or has): None if it resolves to
	nothing. Imports what it names, through the old paths where need be."""
	module, _, name = dotted.rpartition(".")
	try:
		function = getattr(importlib.import_module(module), name)
	except (ImportError, AttributeError, ValueError):
		return None
	return f"{function.__module__}.{function.__name__}"


def _feature_modules() -> list[str]:
	"""The folders of the modules listed in modules.txt, as Frappe scrubs their names."""
	with open(os.path.join(_HERE, "modules.txt"), encoding="utf-8") as f:
		names = [line.strip() for line in f if line.strip()]
	return [name.lower().replace(" ", "_").replace("-", "_") for name in names]


class _OldPaths(importlib.abc.MetaPathFinder, importlib.abc.Loader):
	"""Answers an old path with the module that holds its code now. First in ``sys.meta_path``:
	under an old package's name (``lef_members.pace``, now the real package) Python's own
	finder would otherwise load ``lef_members.pace.jobs`` a second time, as another module."""

	def find_spec(self, fullname, path=None, target=None):
		if not fullname.startswith(APP + ".") or moved_to(fullname) is None:
			return None
		return importlib.util.spec_from_loader(fullname, self)

	def __init__(self):
		self._real_specs = {}

	def create_module(self, spec):
		module = importlib.import_module(moved_to(spec.name))
		# The import system stamps the alias's spec on what this returns; keep the real one.
		self._real_specs[spec.name] = module.__spec__
		return module

	def exec_module(self, module):
		module.__spec__ = self._real_specs.pop(module.__spec__.name, module.__spec__)


def install() -> None:
	if not any(isinstance(finder, _OldPaths) for finder in sys.meta_path):
		sys.meta_path.insert(0, _OldPaths())
