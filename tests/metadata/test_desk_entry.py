"""The way into the desk: the apps screen (v15 and v16), v16's desktop icon and sidebar.

The sidebar (``lef_members/workspace_sidebar/lef.json``) is written out from the workspace's
cards, so the two cannot drift apart unnoticed: each card is a section, each link the same
link, in the same order. The icon, the hook and the permission function agree on the roles.
"""

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "lef_members"
WORKSPACE = APP / "lef_members" / "workspace" / "lef" / "lef.json"
SIDEBAR = APP / "workspace_sidebar" / "lef.json"
ICONS = APP / "desktop_icon"


def _load(path: Path) -> dict:
	return json.loads(path.read_text(encoding="utf-8"))


def _hook(name: str):
	tree = ast.parse((APP / "hooks.py").read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
			return ast.literal_eval(node.value)
	raise AssertionError(f"hooks.py has no {name}")


def _desk_roles() -> set[str]:
	tree = ast.parse((APP / "lef_members" / "desk.py").read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DESK_ROLES":
			return set(ast.literal_eval(node.value.args[0]))
	raise AssertionError("desk.py has no DESK_ROLES")


def _grouped(rows: list[dict], break_type: str) -> list[tuple[str | None, list[tuple[str, str, str]]]]:
	"""Each break with the links under it; links before the first break under ``None``."""
	groups: list = []
	for row in rows:
		if row["type"] == break_type:
			groups.append((row["label"], []))
		else:
			if not groups:
				groups.append((None, []))
			groups[-1][1].append((row["label"], row["link_type"], row["link_to"]))
	return groups


def sidebar_drift(workspace: dict, sidebar: dict) -> list[str]:
	problems = []
	if sidebar["title"] != workspace["name"] or sidebar["name"] != workspace["name"]:
		problems.append(f"sidebar {sidebar['name']!r} is not named after workspace {workspace['name']!r}")
	home = sidebar["items"][0]
	if (home["type"], home["link_type"], home["link_to"]) != ("Link", "Workspace", workspace["name"]):
		problems.append("the sidebar's first item is not the workspace itself")
	if sidebar.get("module") != workspace.get("module"):
		problems.append("the sidebar is not in the workspace's module")
	# After the workspace itself (the first item), the sections are the cards.
	if _grouped(sidebar["items"][1:], "Section Break") != _grouped(workspace["links"], "Card Break"):
		problems.append("the sidebar's sections and links differ from the workspace's cards")
	for item in sidebar["items"]:
		if item["type"] == "Link" and item is not home and not item.get("child"):
			problems.append(f"{item['label']!r} is not inside a section")
	return problems


def test_the_sidebar_follows_the_workspace_cards():
	assert sidebar_drift(_load(WORKSPACE), _load(SIDEBAR)) == []


def test_a_link_added_to_the_workspace_alone_is_caught():
	workspace, sidebar = _load(WORKSPACE), _load(SIDEBAR)
	workspace["links"].append(
		{"type": "Link", "label": "Hour Log", "link_type": "DocType", "link_to": "Hour Log"}
	)
	assert sidebar_drift(workspace, sidebar) == [
		"the sidebar's sections and links differ from the workspace's cards"
	]
	sidebar["items"][0]["link_to"] = "Home"
	assert "the sidebar's first item is not the workspace itself" in sidebar_drift(workspace, sidebar)


def test_the_apps_screen_entry_opens_the_workspace_for_its_roles_only():
	(entry,) = _hook("add_to_apps_screen")
	workspace = _load(WORKSPACE)
	assert entry["name"] == "lef_members"
	# /app/<route> on v15; v16 redirects /app/* to /desk/*.
	assert entry["route"] == f"/app/{workspace['name'].lower()}"
	logo = entry["logo"].removeprefix("/assets/lef_members/")
	assert (APP / "public" / logo).is_file()
	assert entry["has_permission"] == "lef_members.lef_members.desk.can_open_desk"
	assert _desk_roles() == {r["role"] for r in workspace["roles"]}


@pytest.mark.parametrize("name", ["lef_members", "lef"])
def test_the_desktop_icons_are_ours_and_shown_to_the_desk_roles(name):
	icon = _load(ICONS / f"{name}.json")
	assert icon["doctype"] == "Desktop Icon" and icon["app"] == "lef_members"
	assert icon["standard"] == 1 and icon["name"] == icon["label"]
	assert {r["role"] for r in icon["roles"]} == _desk_roles()


def test_the_app_icon_and_the_workspace_icon_point_where_the_hook_points():
	(entry,) = _hook("add_to_apps_screen")
	app_icon, link_icon = _load(ICONS / "lef_members.json"), _load(ICONS / "lef.json")
	assert app_icon["icon_type"] == "App" and app_icon["label"] == _hook("app_title")
	assert app_icon["logo_url"] == entry["logo"]
	assert app_icon["link"] == entry["route"].replace("/app/", "/desk/", 1)
	assert link_icon["parent_icon"] == app_icon["name"]
	assert (link_icon["link_type"], link_icon["link_to"]) == ("Workspace Sidebar", _load(SIDEBAR)["name"])
