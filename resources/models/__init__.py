from .certificates import Certificate
from .contributions import Contribution
from .conversions import COMMUNITY_ACCOUNT, ConversionRequest, ConversionRule
from .credits import AppendOnlyError, CreditEntry
from .learners import CONSENT_VERSION, LearnerProfile
from .pages import (
    FEATURE_PERMISSION,
    INSTITUTION_PAGE_TYPES,
    Audience,
    Contributor,
    ContributorRole,
    CourseContributor,
    CoursePage,
    CoursePageForm,
    CourseTag,
    Difficulty,
    LessonContributor,
    LessonPage,
    Licence,
    LocalTheme,
    Topic,
)
from .progress import CourseCompletion, Favourite, LessonProgress
from .requests import CourseRequest, CourseRequestSupport, Notification

__all__ = [
    "FEATURE_PERMISSION",
    "INSTITUTION_PAGE_TYPES",
    "AppendOnlyError",
    "COMMUNITY_ACCOUNT",
    "CONSENT_VERSION",
    "Audience",
    "Certificate",
    "Contribution",
    "Contributor",
    "ConversionRequest",
    "ConversionRule",
    "ContributorRole",
    "CourseCompletion",
    "CourseContributor",
    "CoursePage",
    "CoursePageForm",
    "CourseRequest",
    "CourseRequestSupport",
    "CourseTag",
    "CreditEntry",
    "Difficulty",
    "Favourite",
    "LearnerProfile",
    "LessonContributor",
    "LessonProgress",
    "LessonPage",
    "Licence",
    "LocalTheme",
    "Notification",
    "Topic",
]
