"""Plain-Python rules of the forum. Nothing here imports frappe.

Every module takes plain values (dataclasses, dicts, dates) and returns plain values;
the DocType controllers load what a rule needs, call it, and write the result back.
"""
