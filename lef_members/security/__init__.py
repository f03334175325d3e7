"""What keeps people outside the forum to what is theirs: the request gate, the limits on Frappe's
bookkeeping records (contacts, comments, files, tags) and the app's own trusted writes.

See docs/threat-model.md.
"""
