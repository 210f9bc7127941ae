"""Reads an iCalendar feed from stdin with the icalendar library and prints
its events as JSON, after checking the RFC 5545 framing the library forgives:
every line ends in CRLF and is at most 75 octets."""
import json
import sys

from icalendar import Calendar

raw = sys.stdin.buffer.read()
problems = []
if not raw.endswith(b"\r\n"):
    problems.append("the feed does not end in CRLF")
for n, line in enumerate(raw.split(b"\r\n")[:-1], 1):
    if b"\n" in line or b"\r" in line:
        problems.append(f"line {n}: a bare line break")
    if len(line) > 75:
        problems.append(f"line {n}: {len(line)} octets")
    line.decode("utf-8")  # a fold inside a character raises here

cal = Calendar.from_ical(raw.decode("utf-8"))
if cal.name != "VCALENDAR" or str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
    problems.append("not a VCALENDAR 2.0 with a PRODID")
events = []
for ev in cal.walk("VEVENT"):
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        if ev.get(prop) is None:
            problems.append(f"an event without {prop}")
    events.append({
        "uid": str(ev.get("UID")),
        "summary": str(ev.get("SUMMARY")),
        "location": str(ev.get("LOCATION", "")),
        "description": str(ev.get("DESCRIPTION", "")),
        "start": ev.decoded("DTSTART").isoformat(),
        "end": ev.decoded("DTEND").isoformat(),
        "sequence": int(ev.get("SEQUENCE", 0)),
    })
json.dump({"name": str(cal.get("X-WR-CALNAME", "")), "events": events, "problems": problems}, sys.stdout, ensure_ascii=False)
