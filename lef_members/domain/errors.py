"""Errors the domain raises, carrying an untranslated message template.

The domain cannot translate (it knows nothing of the framework), so it marks its
English source strings with :func:`_` (an identity function the translation
extractor recognises) and keeps the values apart. The caller translates the
template first and formats it after: ``_(err.template).format(**err.params)``.
"""

from __future__ import annotations


def _(message: str) -> str:
	"""Mark a string for translation; the framework's edge translates it later."""
	return message


class DomainError(ValueError):
	"""A rule was broken. ``field`` names the input at fault where there is one."""

	def __init__(self, template: str, field: str | None = None, **params: object) -> None:
		self.template = template
		self.field = field
		self.params = params
		super().__init__(self.render())

	def render(self, translate=None) -> str:
		template = translate(self.template) if translate else self.template
		return template.format(**self.params)


class InvalidValueError(DomainError):
	"""A single value (an IBAN, a postcode, an e-mail address...) is malformed."""


class TransitionError(DomainError):
	"""A status change that the lifecycle does not allow, or whose conditions fail."""
