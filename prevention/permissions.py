"""What the prevention permissions mean for each role of the town (grids.roles turns this into groups)."""

from grids.models import Role

_READ = [
    "prevention.view_visit",
    "prevention.view_riskitem",
    "prevention.view_meeting",
    "prevention.view_rosterperson",
    "prevention.view_council",
]
_RECORD = [
    *_READ,
    "prevention.add_visit",
    "prevention.add_riskitem",
    "prevention.change_riskitem",
    "prevention.add_meeting",
    "prevention.change_meeting",
    "prevention.add_council",
    "prevention.change_council",
]
_PERSONAL = ["prevention.view_personal_data"]
_COMMUNITY = [
    *_RECORD,
    *_PERSONAL,
    "prevention.add_rosterperson",
    "prevention.add_oathceremony",
    "prevention.change_communitypage",
]

PREVENTION_ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.RECEPTION: _READ,
    Role.PETITION_OFFICE: _COMMUNITY,
    Role.DEPARTMENT_OFFICER: _READ,
    Role.DEPARTMENT_HEAD: _READ,
    Role.GRID_WORKER: [*_RECORD, *_PERSONAL],
    Role.MEDIATOR: _RECORD,
    Role.ENFORCEMENT_OFFICER: _RECORD,
    Role.COMMUNITY_STAFF: _COMMUNITY,
    Role.PETITION_AGENT: _RECORD,
    Role.TOWN_LEADER: [*_READ, *_PERSONAL],
    Role.ADMINISTRATOR: [],
}
