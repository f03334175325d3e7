"""The text of a PDF the app made, read back with pdftotext (poppler-utils): what a reader sees."""

import subprocess


def pdf_text(data: bytes) -> str:
	"""The PDF's text in reading order (``-layout`` keeps a table's row on one line)."""
	if not data.startswith(b"%PDF"):
		raise AssertionError(f"not a PDF: {data[:40]!r}")
	done = subprocess.run(
		["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
		input=data,
		capture_output=True,
		check=True,
		timeout=60,
	)
	return done.stdout.decode("utf-8")
