"""What an organisation sends through the public "Request an expert by experience" form,
checked and cleaned before anything is stored.

:func:`check_request` takes the submitted values as a plain dict and returns a
:class:`CleanRequest`, or raises :class:`RequestErrors` carrying one error per field at
fault (each a :class:`DomainError` with ``field`` set), so the form can show every problem
at once. Unknown keys are ignored; a value of the wrong kind (a list where text is
expected) is a field error like any other, never a crash.

Text is stored as plain text: HTML tags are removed (the content of ``script`` and
``style`` entirely), entities are unescaped, and text that turns into markup again after
unescaping is stripped once more. Control characters, invisible formatting characters
(zero-width spaces, byte-order marks, bidirectional overrides such as U+202E, tag
characters) and lone surrogates are removed; at most four combining marks stay on one
letter; whitespace is collapsed. Emoji and accented letters are kept.

Spam: the form carries a hidden field ``website`` that people never see and never fill.
When it is filled, :class:`SpamSuspected` is raised before anything else is looked at.
The caller must then act as if the request was accepted (show the usual thanks, send no
e-mail) and store nothing, so a bot learns nothing; the error's message does not say what
tripped it either. Bursts of submissions are the web form's rate limit's business.

Dates: each requested date is a day with a start and end time, as local wall-clock times
(Europe/Brussels); a session ends on the day it starts. Instead of (or besides) fixed
dates, an organisation may give a period in which the dates are still flexible.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html.parser import HTMLParser

from lef_members.domain.errors import DomainError, InvalidValueError, _
from lef_members.domain.identifiers import normalize_email, normalize_phone, normalize_postcode
from lef_members.domain.organisations import normalize_enterprise_number

ON_SITE = "On site"
ONLINE = "Online"
LOCATION_TYPES = (ON_SITE, ONLINE)

HONEYPOT_FIELD = "website"
MIN_EXPERTS = 1
MAX_EXPERTS = 10
MAX_DATES = 50
YEARS_AHEAD = 2
# Combining marks kept on one letter (Vietnamese needs two; "Zalgo" text stacks dozens).
MAX_COMBINING_MARKS = 4

# Longest text kept per field, in characters, after cleaning.
MAX_LENGTHS: dict[str, int] = {
	"organisation_name": 140,
	"contact_person": 140,
	"assignment_type": 140,
	"title": 140,
	"description": 5000,
	"audience": 500,
	"themes": 1000,
	"language": 60,
	"address": 240,
	"city": 140,
	"fee_expectation": 500,
	"heard_from": 240,
}
MULTILINE_FIELDS = frozenset({"description", "audience", "themes", "fee_expectation"})

# Raw input longer than this many times the field's limit is refused before it is parsed.
_RAW_FACTOR = 4
_RAW_MINIMUM = 1000

_TOO_LONG: dict[str, str] = {
	"organisation_name": _(
		"The organisation name is too long: at most {max} characters (you gave {length})."
	),
	"contact_person": _(
		"The contact person's name is too long: at most {max} characters (you gave {length})."
	),
	"assignment_type": _("The kind of assignment is too long: at most {max} characters (you gave {length})."),
	"title": _("The title is too long: at most {max} characters (you gave {length})."),
	"description": _("The description is too long: at most {max} characters (you gave {length})."),
	"audience": _("The audience is too long: at most {max} characters (you gave {length})."),
	"themes": _("The themes are too long: at most {max} characters (you gave {length})."),
	"language": _("The language is too long: at most {max} characters (you gave {length})."),
	"address": _("The address is too long: at most {max} characters (you gave {length})."),
	"city": _("The city is too long: at most {max} characters (you gave {length})."),
	"fee_expectation": _("The fee expectation is too long: at most {max} characters (you gave {length})."),
	"heard_from": _(
		"The answer to how you heard of us is too long: at most {max} characters (you gave {length})."
	),
}

_REQUIRED: dict[str, str] = {
	"organisation_name": _("Enter the name of your organisation."),
	"contact_person": _("Enter the name of a contact person."),
	"assignment_type": _("Choose the kind of assignment."),
	"title": _("Give your request a short title."),
	"description": _("Describe what you are asking for."),
	"address": _("Enter the address where the assignment takes place."),
}

_MSG_NOT_TEXT = _("This field must be plain text, not a list or another kind of value.")
_MSG_LOCATION = _("Choose whether the assignment takes place on site or online.")
_MSG_EXPERTS = _("Enter how many experts by experience you need: a whole number from {min} to {max}.")
_MSG_CONSENT = _("Please agree to the processing of your data: without it we cannot handle your request.")
_MSG_NO_DATES = _(
	"Give at least one date with a start and end time, or a period in which the dates are flexible."
)


@dataclass(frozen=True)
class RequestedDate:
	"""One session the organisation asks for: a day, from start to end (local wall-clock time)."""

	day: date
	start_time: time
	end_time: time


@dataclass(frozen=True)
class CleanRequest:
	"""A request that passed every check, with cleaned plain-text values."""

	organisation_name: str
	enterprise_number: str
	contact_person: str
	email: str
	phone: str
	assignment_type: str
	title: str
	description: str
	audience: str
	themes: str
	language: str
	location_type: str
	address: str
	postcode: str
	city: str
	country: str
	dates: tuple[RequestedDate, ...]
	flexible: bool
	period_from: date | None
	period_to: date | None
	number_of_experts: int
	fee_expectation: str
	heard_from: str
	consent: bool


class RequestErrors(DomainError):
	"""The request was refused; ``errors`` holds one :class:`DomainError` per problem, each with its ``field``."""

	def __init__(self, errors: list[DomainError]) -> None:
		self.errors = list(errors)
		super().__init__(
			_("The request was not sent: please correct the fields marked below."),
			field=None,
			count=len(self.errors),
		)

	@property
	def fields(self) -> list[str | None]:
		"""The fields at fault, in form order, each once."""
		return list(dict.fromkeys(err.field for err in self.errors))

	def by_field(self) -> dict[str | None, list[DomainError]]:
		grouped: dict[str | None, list[DomainError]] = {}
		for err in self.errors:
			grouped.setdefault(err.field, []).append(err)
		return grouped


class SpamSuspected(DomainError):
	"""The request looks automated. The caller pretends success and stores nothing.

	The message is deliberately vague: it is never shown to a real visitor and must not
	tell a bot what gave it away.
	"""

	def __init__(self) -> None:
		super().__init__(_("Your request could not be sent. Please try again later."))


class _Refused(Exception):
	"""Internal: a single field's value was refused; carries the error to collect."""

	def __init__(self, error: DomainError) -> None:
		self.error = error


# --- cleaning text ---------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
	{
		"p",
		"br",
		"div",
		"li",
		"ul",
		"ol",
		"tr",
		"table",
		"h1",
		"h2",
		"h3",
		"h4",
		"h5",
		"h6",
		"hr",
		"blockquote",
	}
)
_DROP_CONTENT_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "title"})
_LOOKS_LIKE_MARKUP = re.compile(r"<[A-Za-z/!?]|&(#?\w+);")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


class _TextExtractor(HTMLParser):
	"""Collects the text of an HTML fragment; drops tags, comments and script/style content."""

	def __init__(self) -> None:
		super().__init__(convert_charrefs=True)
		self.parts: list[str] = []
		self._dropping = 0

	def handle_starttag(self, tag: str, attrs) -> None:
		if tag in _DROP_CONTENT_TAGS:
			self._dropping += 1
		elif tag in _BLOCK_TAGS:
			self.parts.append("\n")

	def handle_startendtag(self, tag: str, attrs) -> None:
		if tag in _BLOCK_TAGS:
			self.parts.append("\n")

	def handle_endtag(self, tag: str) -> None:
		if tag in _DROP_CONTENT_TAGS:
			self._dropping = max(0, self._dropping - 1)
		elif tag in _BLOCK_TAGS:
			self.parts.append("\n")

	def handle_data(self, data: str) -> None:
		if not self._dropping:
			self.parts.append(data)


def strip_html(text: str) -> str:
	"""The text of an HTML fragment, entities unescaped; markup that unescaping revealed is stripped too.

	Ordinary uses of "<" stay ("a < b", "<3"); one directly followed by a letter, "/", "!" or
	"?" that is not part of a finished tag gets a space after it ("x<y" becomes "x< y").
	"""
	for _pass in range(3):
		if not _LOOKS_LIKE_MARKUP.search(text):
			break
		parser = _TextExtractor()
		parser.feed(text)
		parser.close()
		text = "".join(parser.parts)
	# What is left of an unfinished tag ("<img src=x onerror=..." without its ">") can never
	# become one: a space after "<" is plain text to every browser.
	return _TAG_START.sub("< ", text)


def _is_emoji_part(ch: str) -> bool:
	return unicodedata.category(ch) in ("So", "Sk") or "\ufe00" <= ch <= "\ufe0f"


def _drop_invisible(text: str) -> str:
	"""Remove control and invisible formatting characters; keep newlines and emoji joiners."""
	text = text.replace("\r\n", "\n").replace("\r", "\n")
	kept: list[str] = []
	last = len(text) - 1
	for i, ch in enumerate(text):
		if ch in "\n\t":
			kept.append(ch)
			continue
		category = unicodedata.category(ch)
		if category in ("Zl", "Zp"):
			kept.append("\n")
		elif category in ("Cc", "Cs", "Co") or ch in "\ufffe\uffff":
			continue
		elif category == "Cf":
			# The zero-width joiner builds emoji (family, professions); elsewhere it hides things.
			if (
				ch == "\u200d"
				and 0 < i < last
				and _is_emoji_part(text[i - 1])
				and _is_emoji_part(text[i + 1])
			):
				kept.append(ch)
		else:
			kept.append(ch)
	return "".join(kept)


def _limit_combining(text: str) -> str:
	kept: list[str] = []
	run = 0
	for ch in text:
		if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
			run += 1
			if run > MAX_COMBINING_MARKS:
				continue
		else:
			run = 0
		kept.append(ch)
	return "".join(kept)


def clean_text(value: str, multiline: bool = False) -> str:
	"""Plain, visible, tidy text: no HTML, no invisible characters, whitespace collapsed.

	One-line text becomes a single line; multi-line text keeps its line breaks (at most
	one empty line in a row).
	"""
	text = _drop_invisible(value)
	text = strip_html(text)
	text = _drop_invisible(text)
	text = _limit_combining(unicodedata.normalize("NFC", text))
	if not multiline:
		return " ".join(text.split())
	lines = [" ".join(line.split()) for line in text.split("\n")]
	text = "\n".join(lines)
	return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- reading values ----------------------------------------------------------------------

_TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y", "ja", "oui"})
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?")
_INT_RE = re.compile(r"[0-9]{1,3}")


def _is_true(value: object) -> bool:
	if isinstance(value, bool):
		return value
	if isinstance(value, int):
		return value == 1
	if isinstance(value, str):
		return value.strip().lower() in _TRUE_WORDS
	return False


def _untouched_row(item: object) -> bool:
	if not isinstance(item, Mapping) or not _is_blank(item.get("date")):
		return False
	start, end = item.get("start_time"), item.get("end_time")
	if _is_blank(start) and _is_blank(end):
		return True
	# Filled with "now" a moment apart: the same minute, not a span anyone asked for.
	first, last = _parse_time(start), _parse_time(end)
	return first is not None and last is not None and (first.hour, first.minute) == (last.hour, last.minute)


def _is_blank(value: object) -> bool:
	return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _honeypot_filled(value: object) -> bool:
	"""Whether the hidden field holds anything (an unchecked or empty field does not)."""
	if isinstance(value, str):
		return bool(value.strip())
	return bool(value)


def _raw_text(value: object, field: str) -> str:
	"""The value as a string: text as is, a number written out, nothing else."""
	if value is None:
		return ""
	if isinstance(value, str):
		return value
	if isinstance(value, int | Decimal) and not isinstance(value, bool):
		return str(value)
	if isinstance(value, float) and value == value and abs(value) != float("inf"):
		return str(value)
	raise _Refused(DomainError(_MSG_NOT_TEXT, field=field))


def _parse_date(value: object) -> date | None:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, str):
		match = _DATE_RE.fullmatch(value.strip())
		if match:
			try:
				return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
			except ValueError:
				return None
	return None


def _parse_time(value: object) -> time | None:
	if isinstance(value, time):
		return value.replace(microsecond=0, tzinfo=None)
	if isinstance(value, timedelta):
		seconds = int(value.total_seconds())
		if 0 <= seconds < 86400:
			return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
		return None
	if isinstance(value, str):
		match = _TIME_RE.fullmatch(value.strip())
		if match:
			hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
			if hour < 24 and minute < 60 and second < 60:
				return time(hour, minute, second)
	return None


def _years_later(day: date, years: int) -> date:
	try:
		return day.replace(year=day.year + years)
	except ValueError:  # 29 February
		return day.replace(year=day.year + years, day=28)


def _hhmm(value: time) -> str:
	return value.strftime("%H:%M")


# --- the check ---------------------------------------------------------------------------


def check_request(
	data: Mapping[str, object],
	today: date,
	*,
	assignment_types: Collection[str] | None = None,
) -> CleanRequest:
	"""Check everything an organisation submitted; return the cleaned request or raise.

	Raises :class:`SpamSuspected` when the hidden honeypot field is filled (the caller
	pretends success and stores nothing), otherwise :class:`RequestErrors` with every
	field error at once. ``assignment_types``, when given, are the kinds the form offers.
	"""
	if not isinstance(data, Mapping):
		raise RequestErrors([DomainError(_("The request is empty or could not be read."))])
	if _honeypot_filled(data.get(HONEYPOT_FIELD)):
		raise SpamSuspected()

	errors: list[DomainError] = []

	def attempt(func, *args, default=None):
		try:
			return func(*args)
		except _Refused as refused:
			errors.append(refused.error)
		except InvalidValueError as err:
			errors.append(err)
		return default

	def text(key: str, required: bool = False) -> str:
		raw = _raw_text(data.get(key), key)
		limit = MAX_LENGTHS[key]
		if len(raw) > max(limit * _RAW_FACTOR, _RAW_MINIMUM):
			raise _Refused(DomainError(_TOO_LONG[key], field=key, max=limit, length=len(raw)))
		value = clean_text(raw, multiline=key in MULTILINE_FIELDS)
		if required and not value:
			raise _Refused(DomainError(_REQUIRED[key], field=key))
		if len(value) > limit:
			raise _Refused(DomainError(_TOO_LONG[key], field=key, max=limit, length=len(value)))
		return value

	def identifier(key: str, normalize, required: bool, *args) -> str:
		raw = _raw_text(data.get(key), key)
		if len(raw) > _RAW_MINIMUM:
			raw = raw[:_RAW_MINIMUM]
		value = clean_text(raw)
		if not value and not required:
			return ""
		return normalize(value, *args)

	organisation_name = attempt(text, "organisation_name", True, default="")
	enterprise_number = attempt(
		identifier, "enterprise_number", normalize_enterprise_number, False, default=""
	)
	contact_person = attempt(text, "contact_person", True, default="")
	email = attempt(identifier, "email", normalize_email, True, default="")
	phone = attempt(identifier, "phone", normalize_phone, False, default="")
	assignment_type = attempt(text, "assignment_type", True, default="")
	if assignment_type and assignment_types is not None and assignment_type not in assignment_types:
		errors.append(
			DomainError(_("Choose one of the kinds of assignment in the list."), field="assignment_type")
		)
	title = attempt(text, "title", True, default="")
	description = attempt(text, "description", True, default="")
	audience = attempt(text, "audience", default="")
	themes = attempt(text, "themes", default="")
	language = attempt(text, "language", default="")

	location_type = _location_type(data.get("location_type"))
	address = postcode = city = country = ""
	if location_type is None:
		errors.append(DomainError(_MSG_LOCATION, field="location_type"))
	elif location_type == ON_SITE:
		address = attempt(text, "address", True, default="")
		city = attempt(text, "city", default="")
		country = attempt(_country, data.get("country"), default="")
		if country:  # a postcode is read by its country's rules
			postcode = attempt(identifier, "postcode", normalize_postcode, True, country, default="")

	dates: tuple[RequestedDate, ...] = ()
	checked = attempt(_dates, data.get("dates"), today, default=())
	if isinstance(checked, list):  # one error per faulty row
		errors.extend(checked)
	else:
		dates = checked
	flexible = _is_true(data.get("flexible"))
	dates_given = not _is_blank(data.get("dates"))
	period_given = not (_is_blank(data.get("period_from")) and _is_blank(data.get("period_to")))
	period_from = period_to = None
	if flexible or (period_given and not dates_given):
		flexible = True
		period = _period(data.get("period_from"), data.get("period_to"), today)
		if isinstance(period, list):
			errors.extend(period)
		else:
			period_from, period_to = period
	elif not dates and not any(err.field == "dates" for err in errors):
		errors.append(DomainError(_MSG_NO_DATES, field="dates"))

	number_of_experts = _number_of_experts(data.get("number_of_experts"))
	if number_of_experts is None:
		errors.append(DomainError(_MSG_EXPERTS, field="number_of_experts", min=MIN_EXPERTS, max=MAX_EXPERTS))

	fee_expectation = attempt(text, "fee_expectation", default="")
	heard_from = attempt(text, "heard_from", default="")

	if not _is_true(data.get("consent")):
		errors.append(DomainError(_MSG_CONSENT, field="consent"))

	if errors:
		raise RequestErrors(errors)
	return CleanRequest(
		organisation_name=organisation_name,
		enterprise_number=enterprise_number,
		contact_person=contact_person,
		email=email,
		phone=phone,
		assignment_type=assignment_type,
		title=title,
		description=description,
		audience=audience,
		themes=themes,
		language=language,
		location_type=location_type or "",
		address=address,
		postcode=postcode,
		city=city,
		country=country,
		dates=dates,
		flexible=flexible,
		period_from=period_from,
		period_to=period_to,
		number_of_experts=number_of_experts or 0,
		fee_expectation=fee_expectation,
		heard_from=heard_from,
		consent=True,
	)


def _location_type(value: object) -> str | None:
	if not isinstance(value, str):
		return None
	word = re.sub(r"[\s_\-]", "", value).lower()
	if word == "onsite":
		return ON_SITE
	if word == "online":
		return ONLINE
	return None


def _country(value: object) -> str:
	if _is_blank(value):
		return "BE"
	if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2}", value.strip()):
		return value.strip().upper()
	raise _Refused(
		DomainError(_("Enter the country as a two-letter code, such as BE or NL."), field="country")
	)


def _number_of_experts(value: object) -> int | None:
	if isinstance(value, bool):
		return None
	if isinstance(value, int):
		number = value
	elif isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
		number = int(value.strip())
	else:
		return None
	return number if MIN_EXPERTS <= number <= MAX_EXPERTS else None


def _dates(value: object, today: date) -> tuple[RequestedDate, ...] | list[DomainError]:
	"""The requested dates in order, or the list of errors about them."""
	if _is_blank(value):
		return ()
	if not isinstance(value, list | tuple):
		raise _Refused(DomainError(_("The dates could not be read."), field="dates"))
	if len(value) > MAX_DATES:
		raise _Refused(
			DomainError(
				_(
					"Give at most {max} dates. For a longer series, choose a flexible period and describe the rhythm in the description."
				),
				field="dates",
				max=MAX_DATES,
			)
		)
	limit = _years_later(today, YEARS_AHEAD)
	errors: list[DomainError] = []
	rows: list[tuple[int, RequestedDate]] = []
	# A row with no day and no span of time is one a table added by itself (a Tab past its last
	# cell fills start and end with the current time, seconds apart): nothing a person typed,
	# so not refused.
	value = [item for item in value if not _untouched_row(item)]
	for row, item in enumerate(value, start=1):
		if not isinstance(item, Mapping):
			errors.append(
				DomainError(
					_("Date {row}: give a day, a start time and an end time."), field="dates", row=row
				)
			)
			continue
		day = _parse_date(item.get("date"))
		start = _parse_time(item.get("start_time"))
		end = _parse_time(item.get("end_time"))
		if day is None:
			errors.append(DomainError(_("Date {row}: enter a valid day."), field="dates", row=row))
		elif day < today:
			errors.append(
				DomainError(
					_("Date {row}: {date} is in the past."), field="dates", row=row, date=day.isoformat()
				)
			)
		elif day > limit:
			errors.append(
				DomainError(
					_("Date {row}: {date} is too far ahead; we plan at most two years ahead, until {limit}."),
					field="dates",
					row=row,
					date=day.isoformat(),
					limit=limit.isoformat(),
				)
			)
		if start is None:
			errors.append(DomainError(_("Date {row}: enter a valid start time."), field="dates", row=row))
		if end is None:
			errors.append(DomainError(_("Date {row}: enter a valid end time."), field="dates", row=row))
		if start is not None and end is not None and end <= start:
			errors.append(
				DomainError(
					_("Date {row}: the end time {end} must be after the start time {start}."),
					field="dates",
					row=row,
					start=_hhmm(start),
					end=_hhmm(end),
				)
			)
		if day is not None and start is not None and end is not None and end > start:
			rows.append((row, RequestedDate(day, start, end)))
	by_start = sorted(rows, key=lambda r: (r[1].day, r[1].start_time))
	# Sweep in order of start, remembering the session that reaches latest on that day.
	reach: tuple[int, RequestedDate] | None = None
	for row, requested in by_start:
		if reach and reach[1].day == requested.day and requested.start_time < reach[1].end_time:
			errors.append(
				DomainError(
					_("Date {row} overlaps with date {other}: give each session once."),
					field="dates",
					row=row,
					other=reach[0],
				)
			)
		if not reach or reach[1].day != requested.day or requested.end_time > reach[1].end_time:
			reach = (row, requested)
	if errors:
		return errors
	return tuple(r for _row, r in by_start)


def _period(start_value: object, end_value: object, today: date) -> tuple[date, date] | list[DomainError]:
	"""The flexible period (first and last day), or the list of errors about it."""
	errors: list[DomainError] = []
	start = _parse_date(start_value)
	end = _parse_date(end_value)
	limit = _years_later(today, YEARS_AHEAD)
	if start is None:
		errors.append(DomainError(_("Enter the first day of the period."), field="period_from"))
	elif start < today:
		errors.append(
			DomainError(
				_("The period cannot start in the past ({date})."),
				field="period_from",
				date=start.isoformat(),
			)
		)
	if end is None:
		errors.append(DomainError(_("Enter the last day of the period."), field="period_to"))
	elif end > limit:
		errors.append(
			DomainError(
				_("The period must end within two years, by {limit} at the latest."),
				field="period_to",
				limit=limit.isoformat(),
			)
		)
	if start is not None and end is not None and end < start:
		errors.append(DomainError(_("The period ends before it starts."), field="period_to"))
	if errors:
		return errors
	return start, end
