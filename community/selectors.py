"""What the event, venue and map pages read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from institutions.models import INSTITUTION_PAGE_MODELS, DistrictCollegePage
from institutions.selectors import institution_scope
from resources.selectors import learner_is_established

from .models import (
    Comment,
    CommunityBrandPage,
    CompetitionVote,
    EventKind,
    EventPage,
    EventRegistration,
    GroupMembership,
    LearningGroup,
    Rating,
    ShowcaseCompetitionPage,
    VenueKind,
    VenuePage,
)

INSTITUTION = "institution"


def districts() -> QuerySet[DistrictCollegePage]:
    return DistrictCollegePage.objects.live().public().order_by("path")


def district_get(slug: str) -> DistrictCollegePage | None:
    return districts().filter(slug=slug).first() if slug else None


def upcoming_events(
    *,
    within: Page | None = None,
    venue: VenuePage | None = None,
    kind: str = "",
    past: bool = False,
    limit: int | None = 50,
) -> list[EventPage]:
    """Public events, soonest first; with `past`, the latest finished first."""
    events = EventPage.objects.live().public().select_related("venue")
    now = timezone.now()
    if past:
        events = events.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at")
    if within is not None:
        events = events.descendant_of(within)
    if venue is not None:
        events = events.filter(venue=venue)
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    return list(events[:limit] if limit else events)


@dataclass(frozen=True)
class Seats:
    capacity: int
    confirmed: int
    waiting: int

    @property
    def left(self) -> int:
        return max(self.capacity - self.confirmed, 0)


def event_seats(event: EventPage) -> Seats:
    live = EventRegistration.objects.filter(event=event)
    return Seats(
        capacity=event.capacity,
        confirmed=live.filter(status=EventRegistration.Status.CONFIRMED).count(),
        waiting=live.filter(status=EventRegistration.Status.WAITING).count(),
    )


def registration_for(event: EventPage, user) -> EventRegistration | None:
    if not user.is_authenticated:
        return None
    return (
        EventRegistration.objects.filter(event=event, learner=user)
        .exclude(status=EventRegistration.Status.CANCELLED)
        .first()
    )


def waiting_position(registration: EventRegistration) -> int:
    """1 for the first in line."""
    earlier = Q(created_at__lt=registration.created_at) | Q(
        created_at=registration.created_at, pk__lte=registration.pk
    )
    return EventRegistration.objects.filter(
        earlier,
        event_id=registration.event_id,
        status=EventRegistration.Status.WAITING,
    ).count()


def ticket_qr(request, registration: EventRegistration) -> str:
    """The ticket staff scan at the door: an inline SVG QR code of its check-in
    link (only staff of the event can open it)."""
    import segno

    url = request.build_absolute_uri(
        reverse("ticket_check_in", args=[registration.token])
    )
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#1b2a26")


def my_events(user) -> list[EventRegistration]:
    return list(
        EventRegistration.objects.filter(learner=user)
        .exclude(status=EventRegistration.Status.CANCELLED)
        .filter(event__ends_at__gte=timezone.now())
        .select_related("event")
        .order_by("event__starts_at")
    )


def attended(user, since: datetime | None = None) -> QuerySet[EventRegistration]:
    rows = EventRegistration.objects.filter(
        learner=user, checked_in_at__isnull=False
    ).select_related("event")
    if since is not None:
        rows = rows.filter(checked_in_at__gte=since)
    return rows


@dataclass
class MapPlace:
    """A pin (or, without coordinates, a list entry only) on the learning map."""

    title: str
    kind: str
    kind_label: str
    address: str
    url: str
    latitude: float | None
    longitude: float | None
    opening_hours: list[str]
    district: str
    step_free: bool | None = None
    open_to_residents: str = ""

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "kind": self.kind,
            "kind_label": str(self.kind_label),
            "address": self.address,
            "url": self.url,
            "lat": self.latitude,
            "lng": self.longitude,
        }


def place_kinds() -> list[tuple[str, str]]:
    return [(INSTITUTION, _("社区教育机构")), *VenueKind.choices]


def _coordinate(value) -> float | None:
    return float(value) if value is not None else None


def map_places(*, kind: str = "", district: DistrictCollegePage | None = None):
    """Venues and the network's own institutions, by district then name.

    Places without coordinates are included: the list shows them all, the map
    only those it can pin.
    """
    district_names = {d.path: d.title for d in districts()}

    def district_of(page: Page) -> str:
        matches = (n for p, n in district_names.items() if page.path.startswith(p))
        return next(matches, "")

    sources: list = []
    if kind in ("", INSTITUTION):
        for model in INSTITUTION_PAGE_MODELS:
            sources.extend(model.objects.live().public())
    if kind != INSTITUTION:
        venues = VenuePage.objects.live().public()
        if kind in VenueKind.values:
            venues = venues.filter(kind=kind)
        sources.extend(venues)
    if district is not None:
        sources = [page for page in sources if page.path.startswith(district.path)]
    places = []
    for page in sources:
        is_venue = isinstance(page, VenuePage)
        places.append(
            MapPlace(
                title=page.title,
                kind=page.kind if is_venue else INSTITUTION,
                kind_label=page.get_kind_display() if is_venue else page.level_label,
                address=page.address,
                url=page.url or "",
                latitude=_coordinate(page.latitude),
                longitude=_coordinate(page.longitude),
                opening_hours=page.opening_hours_lines,
                district=district_of(page),
                step_free=page.step_free if is_venue else None,
                open_to_residents=page.open_to_residents if is_venue else "",
            )
        )
    return sorted(places, key=lambda place: (place.district, place.title))


# Ratings are ranked by a Bayesian average: a few stars from one or two
# residents pull a page only part of the way from this neutral prior.
PRIOR_STARS = 3.5
PRIOR_WEIGHT = 3


def rating_scores(page_ids: list[int]) -> dict[int, float]:
    """The ranking signal for each page: 0 when nobody has rated it."""
    scores = dict.fromkeys(page_ids, 0.0)
    rows = (
        Rating.objects.filter(page_id__in=page_ids)
        .values("page_id")
        .annotate(total=Sum("stars"), n=Count("pk"))
    )
    for row in rows:
        scores[row["page_id"]] = round(
            (row["total"] + PRIOR_STARS * PRIOR_WEIGHT) / (row["n"] + PRIOR_WEIGHT), 3
        )
    return scores


@dataclass(frozen=True)
class RatingSummary:
    average: float | None
    count: int
    mine: int | None


def rating_summary(page: Page, user) -> RatingSummary:
    stats = Rating.objects.filter(page=page).aggregate(avg=Avg("stars"), n=Count("pk"))
    mine = None
    if user.is_authenticated:
        mine = (
            Rating.objects.filter(page=page, learner=user)
            .values_list("stars", flat=True)
            .first()
        )
    average = round(stats["avg"], 1) if stats["avg"] is not None else None
    return RatingSummary(average, stats["n"], mine)


def visible_comments(page: Page, user=None) -> list[Comment]:
    """Approved comments, plus the viewer's own ones still waiting."""
    shown = Q(status=Comment.Status.APPROVED)
    if user is not None and user.is_authenticated:
        shown |= Q(learner=user, status=Comment.Status.PENDING)
    return list(Comment.objects.filter(shown, page=page).select_related("learner")[:50])


def comments_for_staff(user) -> QuerySet[Comment]:
    """Comments on pages in the institutions the staff member serves."""

    comments = Comment.objects.select_related("page", "learner").annotate(
        report_count=Count("reports")
    )
    return institution_scope(queryset=comments, user=user, path_field="page__path")


def groups_within(place: Page) -> QuerySet[LearningGroup]:
    """Visible groups of a community and the communities under it."""
    return (
        LearningGroup.objects.filter(
            hidden_at__isnull=True, area__path__startswith=place.path
        )
        .select_related("area")
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__status=GroupMembership.Status.ACTIVE),
            )
        )
    )


def visible_groups() -> QuerySet[LearningGroup]:
    return groups_within(Page.get_first_root_node())


@dataclass
class DistrictBrands:
    district: DistrictCollegePage
    brands: list


def brands_by_district() -> list[DistrictBrands]:
    brands = list(CommunityBrandPage.objects.live().public().order_by("path"))
    return [
        DistrictBrands(d, [b for b in brands if b.path.startswith(d.path)])
        for d in districts()
    ]


def vote_of(competition: ShowcaseCompetitionPage, user) -> CompetitionVote | None:
    if not user.is_authenticated:
        return None
    return CompetitionVote.objects.filter(competition=competition, voter=user).first()


@dataclass(frozen=True)
class CompetitionResult:
    brand: CommunityBrandPage
    programme: str
    votes: int
    share: float


def competition_results(competition: ShowcaseCompetitionPage) -> list:
    """Votes per entry, most first; only shown once voting has closed."""
    counts = dict(
        CompetitionVote.objects.filter(competition=competition)
        .values("brand_id")
        .annotate(n=Count("pk"))
        .values_list("brand_id", "n")
    )
    total = sum(counts.values()) or 1
    results = [
        CompetitionResult(
            entry.brand, entry.programme, counts.get(entry.brand_id, 0),
            round(100 * counts.get(entry.brand_id, 0) / total, 1),
        )
        for entry in competition.entries.select_related("brand")
    ]  # fmt: skip
    return sorted(results, key=lambda result: -result.votes)


def person_is_established(*, user) -> bool:
    """Whether an account has cost someone real effort: a verified phone, a
    lesson learned in real time, or an event attended. Votes and comment
    reports count only from such accounts, so a batch of throwaway sign-ups
    can neither swing a competition nor take a comment down."""
    return (
        learner_is_established(user=user)
        or EventRegistration.objects.filter(
            learner=user, checked_in_at__isnull=False
        ).exists()
    )
