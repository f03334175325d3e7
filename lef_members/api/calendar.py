"""A member's upcoming assignments as an iCalendar feed behind a personal secret URL.

The URL carries a signed token whose nonce is stored on the member; resetting the feed
stores a new nonce, and every older URL stops working. The feed lists only the member's
own accepted sessions, with the assignment's title and place: nothing about others.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_days, get_datetime, now_datetime, today
from icalendar import Calendar, Event

from lef_members.api.portal import get_my_member
from lef_members.domain import assignments as asg
from lef_members.domain import tokens
from lef_members.lef_assignments.candidates import session_of
from lef_members.lef_assignments.work import accepted_work
from lef_members.utilities import links
from lef_members.utilities.reader import for_reader

FEED_VALID_DAYS = 5 * 365  # the nonce, not the date, is what ends a feed
PAST_DAYS = 30


def feed_url(member) -> str:
	if not member.calendar_nonce:
		member.db_set("calendar_nonce", tokens.new_nonce(), update_modified=False)
	token = links.make(tokens.PURPOSE_CALENDAR, member.name, member.calendar_nonce, FEED_VALID_DAYS)
	return links.url("/api/method/lef_members.api.calendar.feed", token)


@frappe.whitelist(methods=["POST"])
def reset_feed() -> dict:
	"""A new secret URL for the member's calendar; the old one stops working."""
	member = get_my_member()
	member.db_set("calendar_nonce", tokens.new_nonce(), update_modified=False)
	return {
		"url": feed_url(member),
		"message": _("Your calendar has a new address. Update it in your calendar app."),
	}


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=120, seconds=60 * 60)  # calendar apps poll a few times an hour; more is guessing
def feed(token: str = ""):
	try:
		claims = links.read(tokens.PURPOSE_CALENDAR, token)
		nonce = frappe.db.get_value("Expert by Experience", claims.subject, "calendar_nonce")
		if not nonce:
			raise tokens.InvalidToken()
		tokens.check_not_used(claims, current_nonce=nonce)
	except tokens.InvalidToken as error:
		frappe.throw(error.render(for_reader()), frappe.PermissionError, title=_("Link not valid"))
	frappe.response.type = "download"
	frappe.response.filename = "lef.ics"
	frappe.response.filecontent = build_calendar(claims.subject)
	frappe.response.content_type = "text/calendar; charset=utf-8"
	frappe.response.display_content_as = "inline"


def build_calendar(member: str) -> bytes:
	query, expert, assignment, session = accepted_work()
	rows = (
		query.select(
			assignment.name,
			assignment.title,
			assignment.location_type,
			assignment.address,
			assignment.municipality,
			session.name.as_("session"),
			session.session_date,
			session.start_time,
			session.end_time,
			session.location,
			session.online_link,
		)
		.where(expert.member == member)
		.where(session.session_date >= add_days(today(), -PAST_DAYS))
		.orderby(session.session_date)
		.run(as_dict=True)
	)
	calendar = Calendar()
	calendar.add("prodid", "-//lef_members//calendar//NL")
	calendar.add("version", "2.0")
	calendar.add("x-wr-calname", frappe.db.get_single_value("LEF Settings", "forum_name") or "LEF")
	stamp = get_datetime(now_datetime())
	for row in rows:
		start, end = session_of(row.session_date, row.start_time, row.end_time)
		event = Event()
		event.add("uid", f"{row.session}@lef_members")
		event.add("dtstamp", stamp)
		event.add("dtstart", start)
		event.add("dtend", end)
		event.add("summary", row.title)
		place = (
			row.location
			or (row.online_link if row.location_type == "Online" else None)
			or ", ".join(part for part in (row.address, row.municipality) if part)
		)
		if place:
			event.add("location", place)
		calendar.add_component(event)
	return calendar.to_ical()
