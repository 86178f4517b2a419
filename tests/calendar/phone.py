"""The other side of a sync in tests: a calendar app editing the server directly (via caldav)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tests.calendar.servers import PASSWORD, USER


class Phone:
    """Reads and edits the objects of one calendar on the server, as a rep's phone would."""

    def __init__(self, server_url: str, calendar_url: str) -> None:
        import caldav

        self.client = caldav.DAVClient(server_url, username=USER, password=PASSWORD, timeout=20)
        self.calendar = self.client.calendar(url=calendar_url)

    def close(self) -> None:
        self.client.close()

    def objects(self) -> dict[str, Any]:
        """UID -> icalendar component (VEVENT or VTODO) of every object in the calendar."""
        found = {}
        for obj in self.calendar.search():
            component = obj.icalendar_component
            found[str(component["UID"])] = component
        return found

    def texts(self) -> list[str]:
        return [str(obj.data) for obj in self.calendar.search()]

    def _object(self, uid: str) -> Any:
        return self.calendar.object_by_uid(uid)

    def move(self, uid: str, by: timedelta) -> None:
        """Drag the event (or task) ``by`` later, keeping its length."""
        obj = self._object(uid)
        component = obj.icalendar_component
        key = "DTSTART" if "DTSTART" in component else "DUE"
        start = component[key].dt
        component.pop(key)
        component.add(key, start + by)
        if "DTEND" in component:
            end = component["DTEND"].dt
            component.pop("DTEND")
            component.add("DTEND", end + by)
        obj.save(increase_seqno=False)

    def set_start(self, uid: str, start: datetime | date, end: datetime | date | None = None) -> None:
        obj = self._object(uid)
        component = obj.icalendar_component
        for key in ("DTSTART", "DTEND", "DURATION"):
            component.pop(key, None)
        component.add("DTSTART", start)
        if end is not None:
            component.add("DTEND", end)
        obj.save(increase_seqno=False)

    def tick_off(self, uid: str) -> None:
        obj = self._object(uid)
        component = obj.icalendar_component
        component.pop("STATUS", None)
        component.add("STATUS", "COMPLETED")
        component.add("COMPLETED", datetime.now().astimezone())
        obj.save(increase_seqno=False)

    def rename(self, uid: str, summary: str) -> None:
        obj = self._object(uid)
        obj.icalendar_component.pop("SUMMARY", None)
        obj.icalendar_component.add("SUMMARY", summary)
        obj.save(increase_seqno=False)

    def delete(self, uid: str) -> None:
        self._object(uid).delete()

    def add_own_event(self, uid: str, start: datetime) -> None:
        """An event of the rep's own (or a colleague's): Amends must leave it alone."""
        ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
               f"UID:{uid}\r\nDTSTAMP:20260301T000000Z\r\n"
               f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        self.calendar.add_event(ics)
