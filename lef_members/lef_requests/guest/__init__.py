"""What guests reach: the public web form's endpoint (envelope checks and limits that a header
cannot dodge) and the site's production checks. The rules are in ``domain/guest.py`` and
``domain/production.py``; this package reads the request, the settings and the counters."""
