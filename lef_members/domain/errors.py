"""Errors the domain raises, carrying an untranslated message template.

The domain cannot translate (it knows nothing of the framework), so it marks its
English source strings with :func:`_` (an identity function the translation
extractor recognises) and keeps the values apart. The caller translates the
template first and formats it after: ``_(err.template).format(**err.params)``.
"""

from __future__ import annotations

from lef_members.domain.formats import sentence


def _(message: str, context: str | None = None) -> str:
	"""Mark a string for translation; the framework's edge translates it later. A ``context``
	is for the extractor only: the edge passes the same one (see locale/shared_words.txt)."""
	return message


class DomainError(ValueError):
	"""A rule was broken. ``field`` names the input at fault where there is one.

	``translate_params`` names the params whose values are themselves words of the app
	(a status, a weekday) and are translated along with the template; a list or tuple
	value is rendered as a comma-separated list.
	"""

	def __init__(
		self,
		template: str,
		field: str | None = None,
		*,
		translate_params: tuple[str, ...] = (),
		**params: object,
	) -> None:
		self.template = template
		self.field = field
		self.params = params
		self.translate_params = tuple(translate_params)
		super().__init__(self.render())

	def render(self, translate=None) -> str:
		"""In the reader's words: ``translate`` may carry the reader's language (``.lang``)."""
		return sentence(self.template, self.params, translate, self.translate_params)


class InvalidValueError(DomainError):
	"""A single value (an IBAN, a postcode, an e-mail address...) is malformed."""


class TransitionError(DomainError):
	"""A status change that the lifecycle does not allow, or whose conditions fail."""
