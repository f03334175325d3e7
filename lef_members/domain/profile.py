"""A member's matching profile: their child rows that matching reads, kept as one compact text
on the member record.

"Find experts" reads every active member. Reading their availability, themes, skills,
languages, periods away and declined audiences from six child tables costs a lookup per member
per table; reading one text column with the member's own row costs next to nothing. The
member's controller writes the profile on every save (from the child rows it just validated),
so the child tables stay the record and the profile is their copy for matching. A profile
that is missing or of another version reads as ``None``: the caller then reads the child
tables instead, so a stale format can never decide a match.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from lef_members.domain.availability import Absence, Slot

VERSION = 1


@dataclass(frozen=True)
class MatchingProfile:
	slots: frozenset[Slot]
	skills: frozenset[str]
	languages: frozenset[str]
	# (theme, may be named, willingness, not now until)
	themes: tuple[tuple[str, bool, str, date | None], ...]
	absences: tuple[Absence, ...]
	declined: frozenset[str]


def _day(value: object) -> str | None:
	if value in (None, ""):
		return None
	return value.isoformat() if isinstance(value, date) else str(value)[:10]


def encode_profile(
	slots: Iterable[tuple[str, str]],
	skills: Iterable[str],
	languages: Iterable[str],
	themes: Iterable[tuple[str, object, str | None, object]],
	absences: Iterable[tuple[object, object, str | None]],
	declined: Iterable[str],
) -> str:
	"""The profile as compact JSON, from the member's child rows."""
	return json.dumps(
		{
			"v": VERSION,
			"slots": sorted([str(d), str(p)] for d, p in slots),
			"skills": sorted({str(s) for s in skills if s}),
			"languages": sorted({str(x) for x in languages if x}),
			"themes": [
				[str(t), 1 if named else 0, str(willing or ""), _day(until)]
				for t, named, willing, until in themes
				if t
			],
			"absences": [[_day(f), _day(t), str(reason or "")] for f, t, reason in absences if f and t],
			"declined": sorted({str(g) for g in declined if g}),
		},
		separators=(",", ":"),
		ensure_ascii=False,
	)


def decode_profile(text: str | None) -> MatchingProfile | None:
	"""The profile, or ``None`` when there is none or it is not one this version reads."""
	if not text:
		return None
	return _decode(text)


# The profile read depends on the text alone and is immutable: a worker that ranks again reads
# most members' unchanged profiles from here instead of building them anew.
@lru_cache(maxsize=20_000)
def _decode(text: str) -> MatchingProfile | None:
	try:
		data = json.loads(text)
		if not isinstance(data, dict) or data.get("v") != VERSION:
			return None
		return MatchingProfile(
			slots=frozenset(Slot(d, p) for d, p in data["slots"]),
			skills=frozenset(data["skills"]),
			languages=frozenset(data["languages"]),
			themes=tuple(
				(t, bool(named), willing, date.fromisoformat(until) if until else None)
				for t, named, willing, until in data["themes"]
			),
			absences=tuple(
				Absence(date.fromisoformat(f), date.fromisoformat(t), reason)
				for f, t, reason in data["absences"]
			),
			declined=frozenset(data["declined"]),
		)
	except (ValueError, TypeError, KeyError):
		return None
