"""What the case permissions mean for each role of the town (grids.roles turns this into groups)."""

from grids.models import Role

_CASE_READ = ["cases.view_case", "cases.view_attachment", "cases.view_caseevent", "cases.view_petitioner"]
_HANDLE = [*_CASE_READ, "cases.handle_case"]

# The petition office keeps the town's working-day calendar that every clock counts on: each year's notice,
# its rest days and make-up working days (the work calendar's admin, /calendar/), and reads its change record.
_CALENDAR = [
    *(
        f"workcalendar.{action}_{model}"
        for model in ("holidaynotice", "calendarday")
        for action in ("view", "add", "change", "delete")
    ),
    "workcalendar.view_calendarchange",
]

CASE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.RECEPTION: [*_CASE_READ, "cases.register_case"],
    Role.PETITION_OFFICE: [
        *_HANDLE,
        "cases.register_case",
        "cases.triage_case",
        "cases.decide_review",
        "cases.view_dashboard",
        "cases.export_cases",
        *_CALENDAR,
    ],
    Role.DEPARTMENT_OFFICER: _HANDLE,
    Role.DEPARTMENT_HEAD: [*_HANDLE, "cases.approve_extension", "cases.view_dashboard", "cases.export_cases"],
    Role.GRID_WORKER: [*_HANDLE, "cases.register_case"],
    Role.MEDIATOR: _HANDLE,
    Role.ENFORCEMENT_OFFICER: _HANDLE,
    Role.COMMUNITY_STAFF: [*_HANDLE, "cases.register_case"],
    Role.PETITION_AGENT: [*_CASE_READ, "cases.register_case"],
    # The town is the level above its departments: its office and leaders decide reviews (复查, 复核).
    Role.TOWN_LEADER: [*_CASE_READ, "cases.decide_review", "cases.view_dashboard", "cases.export_cases"],
    Role.ADMINISTRATOR: [],  # administrators are superusers: they hold every permission
}
