"""Numbers and dates as a reader of each language writes them, for sentences the domain builds
(a payout's reasons, what waits for a figure).

Dutch (nl, nl-BE): "1.760,83", "2.000", "05-05-2026"; French (fr, fr-BE): "1 760,83" (a narrow
no-break space between thousands), "05/05/2026"; English: "1,760.83", "05/05/2026". A number is
shown with the decimals it needs: an amount of EUR 861.08 as "861,08", a limit of 2,000 km as
"2.000", a rate of EUR 0.4326 as "0,4326", never with the trailing zeros of a computation
("2000.000000000").
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

_SEPARATORS = {"nl": (".", ","), "fr": ("\u202f", ","), "en": (",", ".")}
_DATES = {"nl": "%d-%m-%Y", "fr": "%d/%m/%Y", "en": "%d/%m/%Y"}


def _base(lang: str | None) -> str:
	base = (lang or "en").split("-")[0].lower()
	return base if base in _SEPARATORS else "en"


def format_number(value: Decimal | int | float, lang: str | None = None) -> str:
	"""``value`` with the reader's separators and only the decimals it has (at most four)."""
	number = Decimal(str(value))
	exponent = number.normalize().as_tuple().exponent
	places = 0 if not isinstance(exponent, int) or exponent >= 0 else min(-exponent, 4)
	if places == 1:
		places = 2  # 12.5 reads as an amount: 12,50
	text = f"{abs(number):,.{places}f}"
	thousands, decimal = _SEPARATORS[_base(lang)]
	text = text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)
	return ("-" if number < 0 else "") + text


def format_date(value: date, lang: str | None = None) -> str:
	return value.strftime(_DATES[_base(lang)])


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
