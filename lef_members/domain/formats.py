"""Numbers and dates as a reader of each language writes them, for sentences the domain builds
(a payout's reasons, what waits for a figure, a match's reasons, a refusal).

Dutch (nl, nl-BE): "1.760,83", "2.000", "05-05-2026"; French (fr, fr-BE): "1 760,83" (a narrow
no-break space between thousands), "05/05/2026"; English: "1,760.83", "05/05/2026". A number is
shown with the decimals it needs: an amount of EUR 861.08 as "861,08", a limit of 2,000 km as
"2.000", a rate of EUR 0.4326 as "0,4326", never with the trailing zeros of a computation
("2000.000000000").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

_SEPARATORS = {"nl": (".", ","), "fr": ("\u202f", ","), "en": (",", ".")}
_DATES = {"nl": "%d-%m-%Y", "fr": "%d/%m/%Y", "en": "%d/%m/%Y"}


def base_language(lang: str | None) -> str:
	base = (lang or "en").split("-")[0].lower()
	return base if base in _SEPARATORS else "en"


def format_number(value: Decimal | int | float, lang: str | None = None) -> str:
	"""``value`` with the reader's separators and only the decimals it has (at most four)."""
	number = Decimal(str(value))
	exponent = number.normalize().as_tuple().exponent
	places = 0 if not isinstance(exponent, int) or exponent >= 0 else min(-exponent, 4)
	if places == 1:
		places = 2  # 12.5 reads as an amount: 12,50
	return ("-" if number < 0 else "") + _separated(f"{abs(number):,.{places}f}", lang)


def _separated(text: str, lang: str | None) -> str:
	"""Python's "1,760.83" with the reader's separators."""
	thousands, decimal = _SEPARATORS[base_language(lang)]
	return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def format_date(value: date, lang: str | None = None) -> str:
	return value.strftime(_DATES[base_language(lang)])


_MONTHS = {
	"nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
	"fr": (
		"janv.",
		"févr.",
		"mars",
		"avr.",
		"mai",
		"juin",
		"juil.",
		"août",
		"sept.",
		"oct.",
		"nov.",
		"déc.",
	),
	"en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def format_month(value: date, lang: str | None = None) -> str:
	"""A month as a chart's axis names it: "mrt 2026" (nl), "mars 2026" (fr), "Mar 2026"."""
	return f"{_MONTHS[base_language(lang)][value.month - 1]} {value.year}"


# Values that name a record of the app's master data, translated wherever a sentence names them
# (a regime is "BE forfaitaire vrijwilligersvergoeding" to a Dutch reader).
NAMED_RECORDS = frozenset({"regime"})

# Values a sentence names a month by, as the domain keys months ("2026-12"): "dec 2026".
MONTH_KEYS = frozenset({"month"})
_MONTH_KEY = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def format_money(value: Decimal | int | float, lang: str | None = None) -> str:
	"""An amount in euro, always to the cent: "€ 1.760,83" (nl), "1 760,83 €" (fr), "€1,760.83"."""
	number = Decimal(str(value)).quantize(Decimal("0.01"))
	text = _separated(f"{abs(number):,.2f}", lang)
	base = base_language(lang)
	sign = "-" if number < 0 else ""
	if base == "fr":
		return f"{sign}{text}\u00a0€"
	if base == "nl":
		return f"€\u00a0{sign}{text}"
	return f"{sign}€{text}"


def format_time(value: object) -> str:
	"""A time of day as every reader here writes it: "14:00" (from a time, a duration since
	midnight as Frappe stores a Time field, or text such as "14:00:00")."""
	if isinstance(value, timedelta):
		minutes = int(value.total_seconds()) // 60
		return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
	if isinstance(value, time | datetime):
		return value.strftime("%H:%M")
	hours, _sep, rest = str(value).partition(":")
	return f"{int(hours):02d}:{rest[:2] or '00'}"


def format_value(value: object, lang: str | None = None) -> object:
	"""A sentence's value as the reader writes it; text and anything else unchanged."""
	if isinstance(value, bool):
		return value
	if isinstance(value, Decimal | float):
		return format_number(value, lang)
	if isinstance(value, datetime):
		return format_date(value.date(), lang) + value.strftime(" %H:%M")
	if isinstance(value, date):
		return format_date(value, lang)
	return value


def format_params(params, lang: str | None = None) -> dict:
	return {key: format_value(value, lang) for key, value in params.items()}


# Words of the app that are translated with a context only (locale/shared_words.txt), by the name
# a sentence gives the value: "Morning" is "Voormiddag" as a part of the day.
WORD_CONTEXTS = {"part": "Expert Availability Slot", "parts": "Expert Availability Slot"}
SMALL_LETTER_WORDS = frozenset({"weekday", "part", "parts"})


def _word(translate, text: str, key: str) -> str:
	context = WORD_CONTEXTS.get(key)
	if context:
		try:
			return translate(text, context=context)
		except TypeError:  # a translate function that knows no contexts
			pass
	return translate(text)


def sentence(template: str, params, translate=None, words=(), lang: str | None = None) -> str:
	"""``template`` translated and filled in. The values named in ``words`` are words of the app
	(a weekday, a status, a skill) and are translated too; the others are written as the reader
	writes numbers and dates, the reader's language being ``lang`` or ``translate.lang`` (without
	one, values are shown as they are). A list is shown comma-separated."""
	tr = translate or (lambda text, context=None: text)
	lang = lang or getattr(translate, "lang", None)

	def shown(value: object, key: str) -> object:
		if key in words or key in NAMED_RECORDS:
			word = _word(tr, str(value), key)
			# Dutch and French write a weekday or part of the day in small letters mid-sentence.
			return word.lower() if key in SMALL_LETTER_WORDS and base_language(lang) in ("nl", "fr") else word
		if key in MONTH_KEYS and lang and isinstance(value, str) and _MONTH_KEY.fullmatch(value):
			return format_month(date(int(value[:4]), int(value[5:]), 1), lang)
		return format_value(value, lang) if lang else value

	values = {}
	for key, value in params.items():
		if isinstance(value, list | tuple):
			values[key] = ", ".join(str(shown(v, key)) for v in value)
		elif (key in words or key in NAMED_RECORDS) and value is None:
			values[key] = value
		else:
			values[key] = shown(value, key)
	return tr(template).format(**values)
