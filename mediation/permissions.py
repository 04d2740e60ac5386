"""What the mediation permissions mean for each role (grids.roles turns this into groups)."""

from grids.models import Role

_VIEW = ["mediation.view_mediation"]
_CONDUCT = [*_VIEW, "mediation.conduct_mediation"]

MEDIATION_ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PETITION_OFFICE: _CONDUCT,
    Role.MEDIATOR: _CONDUCT,
    Role.COMMUNITY_STAFF: _CONDUCT,
    Role.GRID_WORKER: _VIEW,
    Role.TOWN_LEADER: _VIEW,
}
