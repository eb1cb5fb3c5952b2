from .events import EventKind, EventPage, EventRegistration
from .venues import INSTITUTION_PAGE_TYPES, VenueKind, VenuePage

__all__ = [
    "INSTITUTION_PAGE_TYPES",
    "EventKind",
    "EventPage",
    "EventRegistration",
    "VenueKind",
    "VenuePage",
]
