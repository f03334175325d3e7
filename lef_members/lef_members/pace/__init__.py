"""Site side of a member's own pace (rules in ``lef_members.domain.pace``).

- :mod:`.jobs`: the daily jobs (a "Not now" that ended, intervision invitations) and keeping
  the member's last intervision up to date.
- :mod:`.overview`: what a member's work changed: shared feedback and the yearly overview (page
  and PDF).
"""
