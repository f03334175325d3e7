"""What a commissioning organisation does online: its request page (a signed link or a login),
its answers, change requests and cancellations, and its optional login.

The rules (stages, what may be asked when) live in ``domain/organisation_view.py``.
"""
