from .brands import (
    BrandFeaturedItem,
    BrandPerson,
    BrandPhoto,
    BrandShowcasePage,
    CommunityBrandPage,
    CompetitionEntry,
    CompetitionVote,
    ShowcaseCompetitionPage,
)
from .events import EventKind, EventPage, EventRegistration
from .feedback import Comment, CommentReport, CourseSurvey, Rating
from .groups import GroupMembership, GroupNotice, LearningGroup
from .stories import LearningStarPage, StarNomination
from .venues import INSTITUTION_PAGE_TYPES, VenueKind, VenuePage

__all__ = [
    "INSTITUTION_PAGE_TYPES",
    "BrandFeaturedItem",
    "BrandPerson",
    "BrandPhoto",
    "BrandShowcasePage",
    "Comment",
    "CommentReport",
    "CommunityBrandPage",
    "CompetitionEntry",
    "CompetitionVote",
    "CourseSurvey",
    "EventKind",
    "EventPage",
    "EventRegistration",
    "GroupMembership",
    "GroupNotice",
    "LearningGroup",
    "LearningStarPage",
    "Rating",
    "ShowcaseCompetitionPage",
    "StarNomination",
    "VenueKind",
    "VenuePage",
]
