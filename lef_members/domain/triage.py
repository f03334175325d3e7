"""Triage of an organisation's request: its statuses, and what an accepted request becomes.

A coordinator takes a request New -> In Review, may ask the organisation for more
information (Needs Info, the organisation answers by e-mail and the request goes back
In Review), and ends it Accepted (an Assignment is made of it) or Declined (with a
reason, and a message that is mailed). A declined request may be taken up again (In
Review); an accepted one is final: its assignment is what changes from then on.

:func:`assignment_values` turns a request into the values of a new Assignment in one
place, so the desk action and its tests agree on every field. Nothing here reads the
database: the caller hands over the request, the assignment type's defaults and the
experience themes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from lef_members.domain.errors import DomainError, TransitionError, _
from lef_members.domain.requests import MAX_EXPERTS, MIN_EXPERTS, ON_SITE, RequestedDate

NEW = "New"
IN_REVIEW = "In Review"
NEEDS_INFO = "Needs Info"
ACCEPTED = "Accepted"
DECLINED = "Declined"

STATUSES = (NEW, IN_REVIEW, NEEDS_INFO, ACCEPTED, DECLINED)

TRANSITIONS: dict[str, frozenset[str]] = {
	NEW: frozenset({IN_REVIEW, NEEDS_INFO, ACCEPTED, DECLINED}),
	IN_REVIEW: frozenset({NEEDS_INFO, ACCEPTED, DECLINED}),
	NEEDS_INFO: frozenset({IN_REVIEW, ACCEPTED, DECLINED}),
	ACCEPTED: frozenset(),
	DECLINED: frozenset({IN_REVIEW}),
}

# Statuses whose move sends the organisation an e-mail with the coordinator's own text.
MAILED_STATUSES = frozenset({NEEDS_INFO, DECLINED})

MAX_MESSAGE_LENGTH = 5000

# The Assignment's "audience" is a one-line field (140 characters); the request allows
# more. A longer audience is shortened there; the request keeps the whole text.
ASSIGNMENT_AUDIENCE_MAX = 140

DRAFT = "Draft"


def allowed_next(status: str) -> frozenset[str]:
	return TRANSITIONS.get(status, frozenset())


def check_status_change(old: str, new: str, message: str = "", reason: str = "") -> None:
	"""Raise :class:`TransitionError` when a request may not go from ``old`` to ``new``.

	Declining needs a reason; asking for information needs the question for the
	organisation (``message``).
	"""
	if new not in STATUSES:
		raise TransitionError(_("{status} is not a request status."), field="status", status=new)
	if new == old:
		return
	if new not in allowed_next(old):
		allowed = [s for s in STATUSES if s in allowed_next(old)]
		if not allowed:
			raise TransitionError(
				_("The request is {old}: its status can no longer change."),
				field="status",
				translate_params=("old",),
				old=old,
			)
		raise TransitionError(
			_("A request cannot go from {old} to {new}. From {old} the next step is: {allowed}."),
			field="status",
			translate_params=("old", "new", "allowed"),
			old=old,
			new=new,
			allowed=allowed,
		)
	if new == DECLINED and not (reason or "").strip():
		raise TransitionError(_("Give the reason for declining the request."), field="decline_reason")
	if new == NEEDS_INFO and not (message or "").strip():
		raise TransitionError(
			_("Write the question for the organisation: it is sent to them by e-mail."),
			field="message_to_requester",
		)
	if len(message or "") > MAX_MESSAGE_LENGTH:
		raise TransitionError(
			_("The message is too long: at most {max} characters."),
			field="message_to_requester",
			max=MAX_MESSAGE_LENGTH,
		)


# --- from request to assignment -------------------------------------------------------


@dataclass(frozen=True)
class AssignmentTypeDefaults:
	"""What an assignment type contributes to a new assignment."""

	name: str
	billing_mode: str = "Per session"
	default_rate: Decimal | float | None = None
	default_experts_needed: int = 1


@dataclass(frozen=True)
class AcceptedRequest:
	"""The parts of a request an assignment is made of (values as stored on the request)."""

	name: str
	title: str
	assignment_type: str
	description: str = ""
	audience: str = ""
	language: str = ""
	location_type: str = ON_SITE
	address: str = ""
	postcode: str = ""
	city: str = ""
	number_of_experts: int = 0
	dates: tuple[RequestedDate, ...] = ()
	wished_themes: tuple[str, ...] = field(default_factory=tuple)


def assignment_values(
	request: AcceptedRequest,
	assignment_type: AssignmentTypeDefaults,
	organisation: str | None = None,
	contact: str | None = None,
	coordinator: str | None = None,
) -> dict[str, object]:
	"""The values of the Draft assignment an accepted request becomes.

	Sessions come from the requested dates, in order; the number of experts from the
	request, else the type's default; billing mode and rate from the type. The place is
	kept only for on-site work.
	"""
	on_site = request.location_type == ON_SITE
	sessions = sorted(request.dates, key=lambda d: (d.day, d.start_time))
	experts = request.number_of_experts or assignment_type.default_experts_needed or 1
	themes = list(dict.fromkeys(t for t in request.wished_themes if t))
	values: dict[str, object] = {
		"title": request.title,
		"assignment_type": assignment_type.name,
		"status": DRAFT,
		"organisation": organisation,
		"contact": contact,
		"coordinator": coordinator,
		"expert_request": request.name,
		"description": request.description,
		"audience": shorten(request.audience, ASSIGNMENT_AUDIENCE_MAX),
		"language": request.language or None,
		"location_type": request.location_type,
		"address": request.address if on_site else "",
		"postcode": request.postcode if on_site else "",
		"municipality": request.city if on_site else "",
		"experts_needed": experts,
		"billing_mode": assignment_type.billing_mode,
		"agreed_rate": assignment_type.default_rate or 0,
		"sessions": [
			{"session_date": d.day, "start_time": _hms(d.start_time), "end_time": _hms(d.end_time)}
			for d in sessions
		],
		"wished_themes": [{"experience_theme": theme} for theme in themes],
	}
	return values


def _hms(value: time) -> str:
	return value.strftime("%H:%M:%S")


def shorten(text: str, limit: int) -> str:
	"""One line of at most ``limit`` characters, cut at a word with an ellipsis when needed."""
	line = " ".join((text or "").split())
	if len(line) <= limit:
		return line
	cut = line[: limit - 1]
	if " " in cut[limit // 2 :]:
		cut = cut[: cut.rindex(" ")]
	return cut.rstrip(" ,.;:") + "…"


def split_person_name(full_name: str) -> tuple[str, str]:
	"""First and last name of a contact person as typed in one field ("Jan Van den Broeck")."""
	words = (full_name or "").split()
	if not words:
		return "", ""
	return words[0], " ".join(words[1:])


def _fold(text: str) -> str:
	decomposed = unicodedata.normalize("NFKD", text or "")
	plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
	return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def suggest_themes(text: str, themes: Mapping[str, Iterable[str]]) -> list[str]:
	"""The experience themes whose name (in any of the given languages) appears in ``text``.

	``themes`` maps each theme's name to the words it goes by ("Addiction": ["Addiction",
	"Verslaving"]). Matching ignores case and accents and needs whole words; the result
	keeps the order of ``themes``. A suggestion for the coordinator, never applied alone.
	"""
	haystack = f" {_fold(text)} "
	found = []
	for theme, words in themes.items():
		for word in (theme, *words):
			needle = _fold(word)
			if needle and f" {needle} " in haystack:
				found.append(theme)
				break
	return found


# --- repeated submissions ---------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
	"""What identifies a request as sent again: who sent it, its title, its organisation."""

	email: str
	title: str
	organisation_name: str = ""


def is_repeat(new: Submission, recent: Iterable[Submission]) -> bool:
	"""Whether ``new`` repeats one of the ``recent`` requests (a double click, a reload).

	The caller passes only requests from the last minutes. The same e-mail address with
	the same title (case, accents and punctuation aside) is the same request.
	"""
	email = (new.email or "").strip().casefold()
	title = _fold(new.title)
	if not email or not title:
		return False
	return any((r.email or "").strip().casefold() == email and _fold(r.title) == title for r in recent)


# --- retention --------------------------------------------------------------------------


def retention_cutoff(today: date, months: int) -> date | None:
	"""The day before which closed requests are anonymised; None when they are kept."""
	if not months or months <= 0:
		return None
	year, month = divmod(today.month - 1 - months, 12)
	year += today.year
	month += 1
	day = min(today.day, _days_in_month(year, month))
	return date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
	if month == 12:
		return 31
	return (date(year, month + 1, 1) - date(year, month, 1)).days


# --- assignment types -------------------------------------------------------------------

FREE = "Free"
MAX_DURATION_HOURS = 24


def assignment_type_problems(
	default_experts_needed: int,
	default_duration_hours: float,
	billing_mode: str,
	default_rate: float | Decimal | None,
) -> list[DomainError]:
	"""What is wrong with an assignment type's defaults (empty when nothing is)."""
	problems: list[DomainError] = []
	if not MIN_EXPERTS <= (default_experts_needed or 0) <= MAX_EXPERTS:
		problems.append(
			DomainError(
				_("The default number of experts must be between {min} and {max}."),
				field="default_experts_needed",
				min=MIN_EXPERTS,
				max=MAX_EXPERTS,
			)
		)
	if not 0 < (default_duration_hours or 0) <= MAX_DURATION_HOURS:
		problems.append(
			DomainError(
				_("The default duration must be more than 0 and at most {max} hours."),
				field="default_duration_hours",
				max=MAX_DURATION_HOURS,
			)
		)
	if (default_rate or 0) < 0:
		problems.append(DomainError(_("The default rate cannot be negative."), field="default_rate"))
	if billing_mode == FREE and (default_rate or 0) > 0:
		problems.append(
			DomainError(
				_("A free assignment type has no rate: set the rate to 0 or choose another billing mode."),
				field="default_rate",
			)
		)
	return problems
