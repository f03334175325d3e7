"""The system's Chromium for the browser tests (Debian's package; no browser download)."""

import os
import shutil

CHROMIUM = os.environ.get("LEF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	"--lang=en-US",  # the order a date field takes its parts in (month, day, year) for keyboard tests
]
