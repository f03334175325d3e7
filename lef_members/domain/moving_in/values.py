"""Values as a forum's spreadsheet holds them, read into what the app stores.

People write a date as ``3/02/2025``, ``3 februari 2025`` or a spreadsheet date; hours as
``2,5`` or ``2u30``; several themes in one cell; a choice in Dutch, French or English as the
desk shows it; availability as ``ma en do voormiddag``. Each reader returns the stored value or
raises :class:`~lef_members.domain.errors.InvalidValueError` with a message for the row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from lef_members.domain.availability import AFTERNOON, EVENING, MORNING, PARTS_OF_DAY, WEEKDAYS, Slot
from lef_members.domain.errors import InvalidValueError, _

LANGUAGES = ("nl", "fr", "en")
# No figure a forum's sheet holds comes near this; a larger one is a mistake (or an attack).
MAX_NUMBER = Decimal(10) ** 9

# Spreadsheets count days from 30 December 1899 (Excel's and LibreOffice's day 0).
_SPREADSHEET_EPOCH = date(1899, 12, 30)
_MONTHS = {
	# nl
	"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
	"augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"okt": 10, "nov": 11, "dec": 12,
	# fr
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
	"juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
	"décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7,
	"oct": 10, "déc": 12,
	# en
	"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
	"october": 10, "mar": 3,
}  # fmt: skip

# Weekday words: full names in every language; two-letter abbreviations differ ("di" is
# Tuesday in Dutch and Sunday in French), so they are read in the workbook's language.
_FULL_DAYS = {
	**dict(
		zip(
			("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
			WEEKDAYS,
			strict=True,
		)
	),
	**dict(
		zip(("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"), WEEKDAYS, strict=True)
	),
	**{day.lower(): day for day in WEEKDAYS},
}
_SHORT_DAYS = {
	"nl": dict(zip(("ma", "di", "wo", "do", "vr", "za", "zo"), WEEKDAYS, strict=True)),
	"fr": dict(zip(("lu", "ma", "me", "je", "ve", "sa", "di"), WEEKDAYS, strict=True)),
	"en": dict(zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), WEEKDAYS, strict=True)),
}
_PARTS = {
	"vm": MORNING, "voormiddag": MORNING, "ochtend": MORNING, "morgen": MORNING,
	"voormiddagen": MORNING, "matin": MORNING, "matinée": MORNING, "matinee": MORNING,
	"morning": MORNING, "am": MORNING,
	"nm": AFTERNOON, "namiddag": AFTERNOON, "middag": AFTERNOON, "namiddagen": AFTERNOON,
	"apresmidi": AFTERNOON, "aprèm": AFTERNOON, "afternoon": AFTERNOON,
	"pm": AFTERNOON,
	"avond": EVENING, "avonds": EVENING, "savonds": EVENING, "soir": EVENING, "soirée": EVENING,
	"soiree": EVENING, "evening": EVENING,
}  # fmt: skip
_WHOLE_DAY = ("hele dag", "ganse dag", "toute la journée", "journée", "all day", "whole day")
# Words that join days or parts without meaning anything of their own.
_JOINERS = {"en", "et", "and", "&", "+", "of", "ou", "or", "s", "de", "la", "het", "the"}
_TRUE = {"ja", "j", "yes", "y", "oui", "o", "x", "1", "waar", "vrai", "true", "v", "✓"}
_FALSE = {"nee", "neen", "n", "no", "non", "0", "onwaar", "faux", "false", "-"}


def text(value: object) -> str:
	"""A cell as text: stripped, inner runs of spaces made one; numbers without a trailing .0."""
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return re.sub(r"\s+", " ", str(value)).strip()


def fold(value: object) -> str:
	"""How two spellings are compared: case, accents, dashes and spaces ignored."""
	decomposed = unicodedata.normalize("NFKD", text(value).casefold())
	plain = "".join(c for c in decomposed if not unicodedata.combining(c))
	return re.sub(r"[\s\-_'’.]+", " ", plain).strip()


def split_many(value: object) -> list[str]:
	"""Several values in one cell: separated by ``;``, ``,``, ``/``, ``|``, bullets or new lines.
	Never by "en"/"et" (a theme may hold that word). Repeats are dropped, order kept."""
	if isinstance(value, (list, tuple)):
		parts = [text(v) for v in value]
	else:
		parts = re.split(r"[;,/|\n•·]+", str(value or ""))
	seen, found = set(), []
	for part in (text(p).strip("-* ") for p in parts):
		if part and fold(part) not in seen:
			seen.add(fold(part))
			found.append(part)
	return found


def read_choice(value: object, choices: Mapping[str, Iterable[str]], what: str, field: str) -> str:
	"""The stored value that ``value`` names. ``choices`` maps each stored value to the
	spellings accepted for it (its label in each language, as the desk shows it)."""
	wanted = fold(value)
	for stored, spellings in choices.items():
		if wanted == fold(stored) or any(wanted == fold(s) for s in spellings):
			return stored
	raise InvalidValueError(
		_("{value} is not a known {what}."),
		field=field,
		translate_params=("what",),
		value=text(value),
		what=what,
	)


def read_date(value: object, field: str) -> date:
	"""A date as Belgians, the Dutch and the French write it (day first), as ISO, or as the
	spreadsheet's own date."""
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
		return _SPREADSHEET_EPOCH + timedelta(days=int(value))
	raw = text(value)
	day = _parse_date(raw.lower())
	if day is None:
		raise InvalidValueError(
			_("{value} is not a date: write it as 31/12/2025 or 31 december 2025."),
			field=field,
			value=raw,
		)
	return day


def _parse_date(raw: str) -> date | None:
	raw = re.sub(r"\s+(0?0:00(:00)?)$", "", raw)  # a date the spreadsheet kept with midnight
	try:
		match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
		if match:
			return date(int(match[1]), int(match[2]), int(match[3]))
		match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", raw)
		if match:
			return date(_year(match[3]), int(match[2]), int(match[1]))
		match = re.fullmatch(r"(\d{1,2})(?:e|er|st|nd|rd|th)?\.?\s+([a-zéûè]+)\.?\s+(\d{2}|\d{4})", raw)
		if match and match[2] in _MONTHS:
			return date(_year(match[3]), _MONTHS[match[2]], int(match[1]))
	except ValueError:
		return None  # 31/02/2025
	return None


def _year(value: str) -> int:
	year = int(value)
	return year + 2000 if year < 100 else year


def read_number(value: object, field: str) -> Decimal:
	"""A number or an amount: ``2,5``, ``2.5``, ``1.234,50``, ``€ 12,50``, ``12.50 EUR``."""
	if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
		value = format(Decimal(str(value)), "f") if Decimal(str(value)).is_finite() else str(value)
	raw = text(value)
	cleaned = re.sub(r"(?i)eur|€|\s", "", raw)
	if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):  # 1.234,50
		cleaned = cleaned.replace(".", "")
	elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):  # 1,234.50
		cleaned = cleaned.replace(",", "")
	cleaned = cleaned.replace(",", ".")
	try:
		number = Decimal(cleaned) if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) else None
	except InvalidOperation:
		number = None
	if number is None or not number.is_finite():
		raise InvalidValueError(_("{value} is not a number."), field=field, value=raw)
	if abs(number) >= MAX_NUMBER:
		raise InvalidValueError(_("{value} is too large."), field=field, value=raw)
	return number


def read_hours(value: object, field: str) -> Decimal:
	"""Hours: a number (``2,5``) or hours and minutes (``2u30``, ``2h30``, ``2:30``)."""
	raw = text(value).lower()
	match = re.fullmatch(r"(\d{1,2})\s*[uh:]\s*(\d{1,2})?\s*(min)?", raw)
	hours = None
	if match and int(match[2] or 0) < 60:
		hours = Decimal(int(match[1])) + (Decimal(int(match[2] or 0)) / 60).quantize(Decimal("0.01"))
	if hours is None:
		hours = read_number(value, field)
	if not 0 <= hours <= 24:
		raise InvalidValueError(
			_("{value} hours cannot be right for one day: give between 0 and 24."), field=field, value=raw
		)
	return hours


def read_bool(value: object, field: str) -> bool:
	if isinstance(value, bool):
		return value
	word = fold(value)
	if word in _TRUE:
		return True
	if word in _FALSE or word == "":
		return False
	raise InvalidValueError(_("{value} is not yes or no."), field=field, value=text(value))


def read_availability(value: object, language: str = "nl") -> tuple[frozenset[Slot], str]:
	"""The weekly pattern a cell describes, and what of it could not be read.

	``ma en do voormiddag`` is Monday and Thursday morning, ``di-do namiddag`` Tuesday to
	Thursday afternoon, ``maandag`` the whole Monday. Words it does not know (``enkel online``)
	come back as a remark to keep beside the pattern, so nothing written is lost; a cell with
	no day in it comes back as a remark only, for the member to fill in their days.
	"""
	raw = text(value)
	if not raw:
		return frozenset(), ""
	short = _SHORT_DAYS.get(language, _SHORT_DAYS["nl"])
	slots: set[Slot] = set()
	unread: list[str] = []
	for clause in re.split(r"[;\n]+", raw.lower()):
		days: list[str] = []  # waiting for their part of day
		parts: list[str] = []  # a part named before its days ("voormiddag: ma, di")
		words = _words(clause)
		i = 0
		while i < len(words):
			word = words[i]
			day = _FULL_DAYS.get(word) or short.get(word) or _FULL_DAYS.get(word.rstrip("s"))
			if day and i + 2 < len(words) and words[i + 1] in ("-", "tot", "t/m", "à", "au", "to"):
				last = _FULL_DAYS.get(words[i + 2]) or short.get(words[i + 2])
				if last:
					days += _day_range(day, last)
					i += 3
					continue
			if day:
				days.append(day)
			elif word in _PARTS:
				if days:
					slots.update(Slot(d, _PARTS[word]) for d in days)
					days, parts = [], []
				else:
					parts.append(_PARTS[word])
			elif word not in _JOINERS and word != "-":
				unread.append(word)
			i += 1
		if days:
			for d in days:
				slots.update(Slot(d, p) for p in (parts or PARTS_OF_DAY))
	if not slots:
		return frozenset(), raw
	return frozenset(slots), (raw if unread else "")


def _words(clause: str) -> list[str]:
	for phrase in _WHOLE_DAY:
		clause = clause.replace(phrase, " ")
	clause = clause.replace("'s ", "s").replace("’s ", "s")
	clause = re.sub(r"apr[eè]s-midi", "apresmidi", clause)
	clause = re.sub(r"(\w)-(\w)", r"\1 - \2", clause)
	return [w for w in re.split(r"[\s:.(),/]+", clause) if w]


def _day_range(first: str, last: str) -> list[str]:
	start, end = WEEKDAYS.index(first), WEEKDAYS.index(last)
	if end < start:
		end += 7
	return [WEEKDAYS[i % 7] for i in range(start, end + 1)]


def country_of_postcode(postcode: str, default: str = "BE") -> str:
	"""A postcode written without a country: ``1234 AB`` is Dutch, four digits the forum's."""
	compact = re.sub(r"\s+", "", postcode or "").upper()
	if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
		return "NL"
	return default
