from .activities import (
    ATTENDED,
    ORG_LIFE_KINDS,
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityStatus,
    Attendance,
    Presence,
    Signup,
)
from .demands import Demand, DemandEvent, DemandKind, DemandStatus, Satisfaction
from .services import Pledge, ServiceKind, ServiceRecord, TeamMember, VolunteerTeam
from .venues import Standard, Venue, VenueKind, VenuePhoto, VenueUnit

__all__ = [
    "ATTENDED",
    "ORG_LIFE_KINDS",
    "Activity",
    "ActivityKind",
    "ActivityPhoto",
    "ActivityStatus",
    "Attendance",
    "Demand",
    "DemandEvent",
    "DemandKind",
    "DemandStatus",
    "Pledge",
    "Presence",
    "Satisfaction",
    "ServiceKind",
    "ServiceRecord",
    "Signup",
    "Standard",
    "TeamMember",
    "Venue",
    "VenueKind",
    "VenuePhoto",
    "VenueUnit",
    "VolunteerTeam",
]
