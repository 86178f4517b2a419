"""The built-in sample incident, so every feature has something real to show on first start."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from planner.incidents.model import Customer, Incident, Moment, Severity
from planner.incidents.moments import add_moment
from planner.incidents.service import create_customer, create_incident
from planner.resources import resource_path
from planner.store.settings import SAMPLE_OFFERED, get_setting, set_setting
from planner.timeutil import now_utc

if TYPE_CHECKING:
    from sqlite_utils import Database

def load_sample_data() -> dict[str, Any]:
    """The sample as written in resources/sample/incident.toml."""
    with open(resource_path("sample/incident.toml"), "rb") as fh:
        import tomllib  # only when the sample is added, not at every start

        return tomllib.load(fh)


def add_sample(db: Database, *, now: datetime | None = None) -> int:
    """Add the sample incident (customer, story, moments) and return its id."""
    # Imported here: the checker and calendar code are not needed on an ordinary start-up.
    from planner.apology.service import Apology, save_apology
    from planner.followups.plan import add_relative_followups
    from planner.visits.model import visit_from_table
    from planner.visits.service import create_visit

    moment = (now or now_utc()).replace(microsecond=0)
    data = load_sample_data()
    c, i = data["customer"], data["incident"]
    since = moment.date().replace(year=moment.year - int(c["customer_since_years"]), day=1)
    with db.atomic():
        customer = create_customer(db, Customer(
            company=c["company"], contact_name=c["contact_name"], contact_role=c["contact_role"],
            phone=c["phone"], email=c["email"], address=c["address"],
            customer_since=date(since.year, since.month, 1), annual_value=c["annual_value"],
            relationship_notes=c["relationship_notes"],
        ), now=moment)
        assert customer.id is not None
        incident = create_incident(db, Incident(
            customer_id=customer.id, title=i["title"], what_went_wrong=i["what_went_wrong"],
            failure_type=i["failure_type"], severity=Severity(i["severity"]),
            happened_at=_days_ago(moment, i["happened_days_ago"], hour=8),
            reported_at=_days_ago(moment, i["reported_days_ago"], hour=9, minute=30),
            impact=i["impact"], is_sample=True,
        ), now=moment)
        assert incident.id is not None
        for m in data.get("moments", []):
            add_moment(db, incident.id, Moment(at_text=m["at"], what=m["what"], feeling=m["feeling"]))
        for v in data.get("visits", []):
            create_visit(db, visit_from_table(incident.id, v, place=customer.address, now=moment),
                         now=moment)
        add_relative_followups(db, incident.id, data.get("followups", []), now=moment)
        if a := data.get("apology"):
            save_apology(db, Apology(
                incident_id=incident.id, regret=a["regret"], responsibility=a["responsibility"],
                remedy=a["remedy"], remedy_owner=a.get("remedy_owner", ""),
                channel=a.get("channel", "in_person"),
                planned_for=_days_ago(moment, -int(a["planned_in_days"]), hour=10),
            ), now=moment)
        set_setting(db, SAMPLE_OFFERED, "1")
    return incident.id


def add_sample_on_first_start(db: Database, *, now: datetime | None = None) -> int | None:
    """On an empty data folder, add the sample once; a user who deleted it never sees it again."""
    if get_setting(db, SAMPLE_OFFERED) is not None:
        return None
    if db.execute("SELECT count(*) FROM incidents").fetchone()[0]:
        set_setting(db, SAMPLE_OFFERED, "1")
        return None
    return add_sample(db, now=now)


def _days_ago(now: datetime, days: int, *, hour: int, minute: int = 0) -> datetime:
    local = now.astimezone()
    return (local - timedelta(days=days)).replace(hour=hour, minute=minute, second=0)
