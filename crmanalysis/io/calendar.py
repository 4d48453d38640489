"""An iCalendar export (``.ics``: Google Calendar's, Outlook's) read as a table of meetings, one row per occurrence.

A sales team that logs its meetings in its calendar, not in the CRM, sends its reps' calendars. Each event
becomes a row as a calendar's CSV export would name it (Subject, Start, End, Organizer, Status); a repeating
event becomes one row per occurrence up to a quarter after the export, less its excluded dates and the
occurrences moved or cancelled on their own. Two columns say what a meeting was: ``Status`` (Cancelled, or
Declined where the calendar's owner declined it) and ``Direction`` (internal where no guest is from outside
the owner's organisation: a stand-up, a calendar block).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from .readers import RawFile, ReadError, _records

__all__ = ["read_ics"]

#: how far after the export a repeating event is written out: its next quarter's meetings are planned ones
HORIZON = timedelta(days=92)
#: an attendee that is no person: a meeting room, a group's address
_NO_PERSON = re.compile(r"@(resource|group)\.calendar\.google\.com$|^(room|resource)", re.IGNORECASE)
_LINE = re.compile(r"^(?P<name>[A-Z0-9-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$")


def _unescape(text: str) -> str:
    return text.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def _props(block: str) -> list[tuple[str, dict[str, str], str]]:
    """An event's lines as (name, parameters, value), its folded lines joined."""
    out = []
    for line in block.splitlines():
        m = _LINE.match(line)
        if m:
            params = dict(p.split("=", 1) for p in m["params"].split(";")[1:] if "=" in p)
            out.append((m["name"], {k.upper(): v.strip('"') for k, v in params.items()}, m["value"]))
    return out


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _when(value: str, params: dict[str, str], home: ZoneInfo | None) -> tuple[datetime | date, ZoneInfo | None]:
    """A DTSTART-like value: a day (all-day), a UTC time (…Z) or a wall time in its TZID (else floating)."""
    if params.get("VALUE") == "DATE" or re.fullmatch(r"\d{8}", value):
        return datetime.strptime(value[:8], "%Y%m%d").date(), None
    utc = value.endswith("Z")
    t = datetime.strptime(value.rstrip("Z")[:15], "%Y%m%dT%H%M%S")
    zone = ZoneInfo("UTC") if utc else _zone(params.get("TZID")) or home
    return t, zone


def _local(t: datetime | date, zone: ZoneInfo | None, home: ZoneInfo | None) -> datetime:
    """*t* as a wall time in the calendar's own zone (*home*), naive; a day as its midnight."""
    if not isinstance(t, datetime):
        return datetime(t.year, t.month, t.day)
    if zone is None or home is None:
        return t
    return t.replace(tzinfo=zone).astimezone(home).replace(tzinfo=None)


def _occurrences(ev: dict, home: ZoneInfo | None, until: datetime) -> list[datetime | date]:
    """The starts of an event, its repeats written out up to *until* (wall times in its own zone), less EXDATEs."""
    start, zone = ev["start"]
    if not ev.get("rrule"):
        return [start]
    from dateutil.rrule import rrulestr

    rule = ev["rrule"]
    # an UNTIL in UTC against a wall-time start: the rule is expanded in wall time, so its end is too
    end = re.search(r"UNTIL=(\d{8}T\d{6})Z", rule)
    if end and isinstance(start, datetime):
        last = datetime.strptime(end[1], "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo("UTC"))
        rule = rule.replace(end[0], "UNTIL=" + last.astimezone(zone or ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%S"))
    first = start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)
    try:
        dates = rrulestr(f"RRULE:{rule}", dtstart=first).between(first, until, inc=True)
    except (ValueError, TypeError):
        return [start]
    skip = set(ev.get("exdate", ()))
    return [d if isinstance(start, datetime) else d.date() for d in dates
            if (d if isinstance(start, datetime) else d.date()) not in skip]


def _event(props: list[tuple[str, dict[str, str], str]], home: ZoneInfo | None) -> dict:
    ev: dict = {"attendees": [], "exdate": []}
    for name, params, value in props:
        if name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            ev[name.lower()] = _when(value, params, home)
        elif name == "EXDATE":
            ev["exdate"] += [_when(v, params, home)[0] for v in value.split(",") if v]
        elif name == "ATTENDEE":
            ev["attendees"].append((value.split(":", 1)[-1].lower(), params.get("PARTSTAT", ""),
                                    params.get("CUTYPE", "INDIVIDUAL")))
        elif name in ("UID", "SUMMARY", "STATUS", "RRULE", "DTSTAMP"):
            ev[name.lower()] = _unescape(value)
        elif name == "ORGANIZER":
            ev["organizer"] = value.split(":", 1)[-1].lower()
    ev["start"] = ev.pop("dtstart", None)
    return ev


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1] if "@" in email else ""


def _row(ev: dict, start: datetime | date, owner: str, home: ZoneInfo | None) -> dict:
    zone = ev["start"][1]
    begin = _local(start, zone, home)
    length = None
    if ev.get("dtend") and ev["start"][0] is not None:
        a, b = ev["start"][0], ev["dtend"][0]
        length = (b - a) if type(a) is type(b) else None
    home_domain = _domain(owner) or _domain(ev.get("organizer", ""))
    people = [(e, s) for e, s, kind in ev["attendees"]
              if kind.upper() in ("INDIVIDUAL", "") and not _NO_PERSON.search(e)]
    outside = [(e, s) for e, s in people if _domain(e) and _domain(e) != home_domain]
    mine = next((s for e, s in people if e == owner), "")
    # declined by the calendar's owner, or by every guest from outside: no meeting took place with a customer
    declined = mine.upper() == "DECLINED" or (outside and all(s.upper() == "DECLINED" for _, s in outside))
    status = "Cancelled" if ev.get("status", "").upper() == "CANCELLED" else "Declined" if declined else "Confirmed"
    # the occurrence's instant names it: one meeting in two reps' calendars of different zones is one meeting
    instant = _local(start, zone, ZoneInfo("UTC")) if isinstance(start, datetime) and zone else begin
    return {"Event ID": f"{ev.get('uid', '')}/{instant:%Y%m%dT%H%M}", "Subject": ev.get("summary", ""),
            "Start": f"{begin:%Y-%m-%d %H:%M}", "End": f"{begin + length:%Y-%m-%d %H:%M}" if length else "",
            "All day": "Yes" if not isinstance(ev["start"][0], datetime) else "No", "Type": "Meeting",
            "Status": status, "Direction": "external" if outside else "internal", "Owner": owner,
            "Organizer": ev.get("organizer", ""), "Guests": "; ".join(e for e, _ in people)}


def read_ics(path: Path, usecols: Callable[[list[str]], Iterable[str] | None] | None = None) -> RawFile:
    """An ``.ics`` calendar as one row per meeting occurrence (see the module's text)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252")
    text = re.sub(r"\r?\n[ \t]", "", text)                      # folded lines
    if "BEGIN:VEVENT" not in text:
        raise ReadError(f"{path}: no events in this calendar file; export the calendar with its events")
    cal = dict((m[1], m[2].strip()) for m in re.finditer(r"^(X-WR-CALNAME|X-WR-TIMEZONE):(.*)$", text, re.M))
    home = _zone(cal.get("X-WR-TIMEZONE"))
    owner = cal.get("X-WR-CALNAME", "") if "@" in cal.get("X-WR-CALNAME", "") else \
        path.stem if "@" in path.stem else cal.get("X-WR-CALNAME", path.stem)
    owner = owner.lower()
    blocks = re.findall(r"BEGIN:VEVENT\r?\n(.*?)END:VEVENT", text, re.S)
    events = []
    for b in blocks:
        try:
            events.append(_event(_props(b), home))
        except ValueError:              # a date no calendar writes: the event is said below, not read
            continue
    unread = len(blocks) - len([e for e in events if e.get("start")])
    events = [e for e in events if e.get("start")]
    stamps = [datetime.strptime(e["dtstamp"].rstrip("Z")[:15], "%Y%m%dT%H%M%S") for e in events
              if re.fullmatch(r"\d{8}T\d{6}Z?", e.get("dtstamp", ""))]
    until = (max(stamps) if stamps else datetime.now()) + HORIZON
    # an occurrence moved or cancelled on its own is an event of its own (its RECURRENCE-ID): the series skips it
    moved = {(e.get("uid"), _local(*e["recurrence-id"], home)) for e in events if e.get("recurrence-id")}
    rows = []
    for ev in events:
        for start in _occurrences(ev, home, until):
            if ev.get("rrule") and (ev.get("uid"), _local(start, ev["start"][1], home)) in moved:
                continue
            rows.append(_row(ev, start, owner, home))
    frame = pd.DataFrame(rows, columns=["Event ID", "Subject", "Start", "End", "All day", "Type", "Status",
                                        "Direction", "Owner", "Organizer", "Guests"]).astype("string")
    # every event's DTSTAMP is the time the calendar was exported (Google writes it so): the export's own date
    generated = f"{max(stamps):%Y-%m-%d %H:%M}" if stamps else None
    note = f"{len(events):,} events of a calendar, {len(frame):,} meetings with each repeat written out" + (
        f"; {unread:,} event(s) without a start date that could be read, not counted" if unread else "")
    return _records(path, frame, usecols, note, generated=generated)
