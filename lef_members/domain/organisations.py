"""Commissioning organisations: their enterprise or VAT number, and finding the one we
already know before creating a new one (never a duplicate).

When a coordinator accepts a request, the organisation behind it is looked up among the
existing ones in a fixed order, the strongest evidence first:

1. the same enterprise or VAT number (compared in its normal form, ``BE0403170701``);
2. the same e-mail domain (``@uzleuven.be``), except for public mail providers such as
   gmail.com or telenet.be, which many unrelated organisations share;
3. the same name once case, accents, punctuation, "&"/"en" and legal forms (vzw, asbl,
   bv, nv, cvba, B.V., ...) are set aside.

An existing organisation whose enterprise number is known and differs from the
candidate's is another legal entity: it is never matched by domain or name.
The result says which rule matched, so the coordinator can judge it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, ValidationError

from lef_members.domain.errors import InvalidValueError, _

RULE_ENTERPRISE_NUMBER = "enterprise_number"
RULE_EMAIL_DOMAIN = "email_domain"
RULE_NAME = "name"
RULES = (RULE_ENTERPRISE_NUMBER, RULE_EMAIL_DOMAIN, RULE_NAME)

ENTERPRISE_NUMBER_MAX_LENGTH = 40

# Domains where anyone can get an address: sharing one says nothing about being the same
# organisation. Lowercase, without "www.". Extend when a new provider shows up.
PUBLIC_MAIL_DOMAINS = frozenset(
	{
		# international
		"gmail.com",
		"googlemail.com",
		"hotmail.com",
		"hotmail.be",
		"hotmail.nl",
		"hotmail.fr",
		"hotmail.co.uk",
		"outlook.com",
		"outlook.be",
		"outlook.nl",
		"outlook.fr",
		"live.com",
		"live.be",
		"live.nl",
		"live.fr",
		"msn.com",
		"windowslive.com",
		"yahoo.com",
		"yahoo.be",
		"yahoo.fr",
		"yahoo.co.uk",
		"ymail.com",
		"rocketmail.com",
		"icloud.com",
		"me.com",
		"mac.com",
		"aol.com",
		"gmx.com",
		"gmx.net",
		"gmx.de",
		"web.de",
		"mail.com",
		"protonmail.com",
		"protonmail.ch",
		"proton.me",
		"pm.me",
		"tutanota.com",
		"tuta.io",
		"zoho.com",
		"fastmail.com",
		"hey.com",
		"yandex.com",
		"mail.ru",
		"qq.com",
		# Belgian providers
		"telenet.be",
		"skynet.be",
		"proximus.be",
		"belgacom.net",
		"pandora.be",
		"scarlet.be",
		"base.be",
		"voo.be",
		"edpnet.be",
		"mobistar.be",
		"orange.be",
		# Dutch providers
		"kpnmail.nl",
		"kpnplanet.nl",
		"planet.nl",
		"ziggo.nl",
		"home.nl",
		"hetnet.nl",
		"xs4all.nl",
		"chello.nl",
		"zeelandnet.nl",
		# French providers
		"orange.fr",
		"wanadoo.fr",
		"free.fr",
		"laposte.net",
		"sfr.fr",
	}
)

# Legal forms left out of a name before comparing (Belgian, Dutch, French and a few
# international ones), written without dots: "v.z.w." and "B.V." become "vzw" and "bv".
LEGAL_FORMS = frozenset(
	{
		"vzw",
		"ivzw",
		"asbl",
		"aisbl",
		"bv",
		"bvba",
		"nv",
		"cv",
		"cvba",
		"cvso",
		"commv",
		"vof",
		"ev",
		"sa",
		"srl",
		"sprl",
		"scrl",
		"ebvba",
		"esv",
		"ltd",
		"gmbh",
		"inc",
		"stichting",
	}
)
# "&", "en", "and", "et" join words; they are left out so "Zorg & Welzijn" and "Zorg en
# Welzijn" are the same name.
_CONNECTORS = frozenset({"en", "and", "et", "und"})
# Long forms of legal forms, removed as phrases.
_LONG_LEGAL_FORMS = (
	"vereniging zonder winstoogmerk",
	"association sans but lucratif",
	"besloten vennootschap",
	"naamloze vennootschap",
	"cooperatieve vennootschap",
)


@dataclass(frozen=True)
class OrgFacts:
	"""What matching needs to know of an organisation.

	``key`` identifies an existing organisation (its record name); a candidate from a
	request may leave it empty. ``email_domains`` holds domains or whole e-mail addresses
	(of its contacts, its website host); only the part after "@" counts.
	"""

	name: str
	enterprise_number: str = ""
	email_domains: tuple[str, ...] = ()
	key: str = ""


@dataclass(frozen=True)
class Match:
	"""An existing organisation that the candidate is, and the rule that says so.

	``others`` lists further organisations the same rule matched (the coordinator should
	look at them: there may already be a duplicate).
	"""

	key: str
	rule: str
	reason: str
	params: dict[str, object] = field(default_factory=dict)
	others: tuple[str, ...] = ()

	def render(self, translate=None) -> str:
		template = translate(self.reason) if translate else self.reason
		return template.format(**self.params)


def normalize_enterprise_number(value: str) -> str:
	"""Return a Belgian enterprise number or EU VAT number in compact form, or raise.

	A Belgian number is accepted as ``0403.170.701``, ``403170701`` or ``BE 0403 170 701``
	and returned as ``BE0403170701``; other EU VAT numbers need their country prefix
	(``NL004495445B01``). Greek numbers are written with ``EL`` as the EU does.
	"""
	raw = value.strip() if isinstance(value, str) else ""
	if not raw:
		raise InvalidValueError(_("Enter an enterprise or VAT number."), field="enterprise_number")
	shown = raw[:ENTERPRISE_NUMBER_MAX_LENGTH]
	compact = re.sub(r"[\s.\-/]", "", raw).upper()
	if len(raw) > ENTERPRISE_NUMBER_MAX_LENGTH or not re.fullmatch(r"[A-Z0-9]+", compact):
		raise InvalidValueError(
			_(
				"{number} is not an enterprise or VAT number: give a Belgian enterprise number such as 0403.170.701, or a VAT number from another EU country starting with its country code."
			),
			field="enterprise_number",
			number=shown,
		)
	try:
		if compact[:1].isdigit() or compact.startswith("BE"):
			return "BE" + be_vat.validate(compact)
		if compact.startswith("GR"):
			compact = "EL" + compact[2:]
		return eu_vat.validate(compact)
	except InvalidChecksum:
		raise InvalidValueError(
			_("{number} is not valid: its check digits do not match. Check for a typing error."),
			field="enterprise_number",
			number=shown,
		)
	except ValidationError:
		raise InvalidValueError(
			_(
				"{number} is not an enterprise or VAT number: give a Belgian enterprise number such as 0403.170.701, or a VAT number from another EU country starting with its country code."
			),
			field="enterprise_number",
			number=shown,
		)


def enterprise_number_key(value: str | None) -> str:
	"""The form two enterprise numbers are compared in; never raises.

	A valid number gives its compact form; a number stored before it was checked still
	compares by its letters and digits, so an old record is found too.
	"""
	if not value or not isinstance(value, str):
		return ""
	try:
		return normalize_enterprise_number(value)
	except InvalidValueError:
		compact = re.sub(r"[^A-Z0-9]", "", value.upper())
		if compact[:1].isdigit():  # a Belgian number without its prefix
			compact = "BE" + compact.rjust(10, "0")
		elif compact.startswith("GR"):
			compact = "EL" + compact[2:]
		return compact


def email_domain(value: str | None) -> str:
	"""The domain of an e-mail address (or of a domain or website host given as such)."""
	if not value or not isinstance(value, str):
		return ""
	text = value.strip().lower()
	text = re.sub(r"^[a-z]+://", "", text)
	text = text.rpartition("@")[2]
	text = text.split("/", 1)[0].split(":", 1)[0].strip(". ")
	return text.removeprefix("www.")


def is_public_mail_domain(domain: str) -> bool:
	return email_domain(domain) in PUBLIC_MAIL_DOMAINS


def normalize_name(name: str | None) -> str:
	"""The name as compared: no case, accents, punctuation, spaces, legal forms or "&"/"en".

	"Vzw De Okkernoot", "De Okkernoot v.z.w." and "de okkernoot" all give "deokkernoot".
	A name that is nothing but a legal form gives "" (and matches nothing).
	"""
	if not name or not isinstance(name, str):
		return ""
	text = unicodedata.normalize("NFKD", name)
	text = "".join(ch for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
	text = text.casefold().replace("&", " en ").replace("+", " en ")
	# Dots and apostrophes join letters ("v.z.w.", "B.V.", "Sint-Jan's"); the rest splits words.
	text = re.sub(r"[.'’`´]", "", text)
	text = re.sub(r"[^\w]+|_", " ", text)
	text = " ".join(text.split())
	for phrase in _LONG_LEGAL_FORMS:
		text = re.sub(rf"\b{phrase}\b", " ", text)
	words = [w for w in text.split() if w not in LEGAL_FORMS and w not in _CONNECTORS]
	return "".join(words)


def find_existing_organisation(candidate: OrgFacts, existing: Sequence[OrgFacts]) -> Match | None:
	"""The existing organisation the candidate is, by the strongest rule that matches, or None.

	Rules in order: same enterprise number, same (non-public) e-mail domain, same normalised
	name. An existing organisation with a known, different enterprise number is never
	matched by the weaker rules.
	"""
	number = enterprise_number_key(candidate.enterprise_number)
	if number:
		found = [org for org in existing if enterprise_number_key(org.enterprise_number) == number]
		if found:
			return _match(
				found,
				candidate,
				RULE_ENTERPRISE_NUMBER,
				_("Same enterprise or VAT number {number}."),
				lambda org: {"number": number},
			)

	def compatible(org: OrgFacts) -> bool:
		other = enterprise_number_key(org.enterprise_number)
		return not (number and other and other != number)

	pool = [org for org in existing if compatible(org)]

	domains = _domains(candidate.email_domains)
	if domains:
		found = [org for org in pool if domains & _domains(org.email_domains)]
		if found:
			return _match(
				found,
				candidate,
				RULE_EMAIL_DOMAIN,
				_("Same e-mail domain {domain}."),
				lambda org: {"domain": min(domains & _domains(org.email_domains))},
			)

	name = normalize_name(candidate.name)
	if name:
		found = [org for org in pool if normalize_name(org.name) == name]
		if found:
			return _match(
				found,
				candidate,
				RULE_NAME,
				_("Same name as {name}."),
				lambda org: {"name": org.name},
			)
	return None


def _domains(values: Iterable[str]) -> set[str]:
	domains = {email_domain(value) for value in values or ()}
	return {d for d in domains if d and "." in d and d not in PUBLIC_MAIL_DOMAINS}


def _match(
	found: list[OrgFacts],
	candidate: OrgFacts,
	rule: str,
	reason: str,
	params_for: Callable[[OrgFacts], dict[str, object]],
) -> Match:
	"""Pick one of the organisations a rule matched: the one that also has the same name, else the first."""
	name = normalize_name(candidate.name)
	best = next((org for org in found if name and normalize_name(org.name) == name), found[0])
	others = tuple(org.key for org in found if org is not best)
	return Match(key=best.key, rule=rule, reason=reason, params=params_for(best), others=others)


ORGANISATION_NAME_MAX_LENGTH = 140


def free_name(name: str, is_taken: Callable[[str], bool], enterprise_number: str = "") -> str:
	"""The record name for a new organisation: its own name, or, when another organisation
	already has it, the name with its enterprise number, else with a counter.

	Two organisations can share a name (a second legal entity called "De Brug"): they
	are told apart, never merged. ``is_taken`` answers for one candidate name (the
	database compares names without case or accents).
	"""
	base = " ".join((name or "").split())[:ORGANISATION_NAME_MAX_LENGTH]
	if not is_taken(base):
		return base
	candidates = []
	number = enterprise_number_key(enterprise_number)
	if number:
		candidates.append(_with_suffix(base, f"({number})"))
	candidates += [_with_suffix(base, f"({n})") for n in range(2, 100)]
	for candidate in candidates:
		if not is_taken(candidate):
			return candidate
	raise InvalidValueError(
		_("There are too many organisations called {name}: give this one a distinct name."),
		field="organisation_name",
		name=base,
	)


def _with_suffix(base: str, suffix: str) -> str:
	room = ORGANISATION_NAME_MAX_LENGTH - len(suffix) - 1
	return f"{base[:room].rstrip()} {suffix}"
