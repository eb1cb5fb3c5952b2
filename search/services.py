"""State changes of the supermarket that are not the index itself."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ratelimit import first_use

from . import analysis, thesaurus
from .models import SearchMiss, SearchQuery, Synonym, SynonymCandidate

VISITOR_WINDOW = 30 * 24 * 3600
#: A search that found something this soon after one that did not is taken
#: as the same person trying other words for the same thing.
RETRY_WINDOW = timedelta(minutes=10)


def search_query_record(
    *, text: str, results: int, visitor: str = "", at: datetime | None = None
) -> None:
    """Count one search for `text` that found `results`, for the editors'
    unmet-demand list and the "大家常搜" chips.

    `visitor` (a hash of the client's address) is counted once per query in
    30 days, so one person repeating a phrase cannot make it "popular". `at`
    is when the search was made (default: now); retries are paired by it.
    """
    at = min(at or timezone.now(), timezone.now())
    text = analysis.normalise(text)[:100]
    if not text:
        return
    new_visitor = bool(visitor) and first_use(
        "search-visitor:"
        + hashlib.sha256(f"{text}\n{visitor}".encode()).hexdigest()[:32],
        window=VISITOR_WINDOW,
    )
    query, created = SearchQuery.objects.get_or_create(
        text=text,
        defaults={
            "searches": 1,
            "last_results": results,
            "visitors": int(new_visitor),
            "last_searched_at": at,
        },
    )
    if not created:
        SearchQuery.objects.filter(pk=query.pk).update(
            searches=F("searches") + 1,
            last_results=results,
            visitors=F("visitors") + int(new_visitor),
            last_searched_at=Greatest("last_searched_at", Value(at)),
        )
    if visitor:
        _retry_record(text=text, results=results, visitor=visitor[:32], at=at)


def _retry_record(*, text: str, results: int, visitor: str, at: datetime) -> None:
    """Remember a visitor's search that found nothing; when their next search
    within `RETRY_WINDOW` finds something, offer the pair to editors."""
    if not results:
        if not thesaurus.is_term(text):
            return  # a pasted paragraph or emoji could never become an entry
        SearchMiss.objects.filter(at__lt=at - RETRY_WINDOW).delete()
        SearchMiss.objects.update_or_create(
            visitor=visitor, defaults={"text": text, "at": at}
        )
        return
    miss = SearchMiss.objects.filter(visitor=visitor).first()
    if miss is None:
        return
    miss.delete()
    if (
        miss.at >= at - RETRY_WINDOW
        and _differs(miss.text, text)
        and thesaurus.is_term(text)
    ):
        synonym_candidate_record(missed=miss.text, found=text)


def _differs(missed: str, found: str) -> bool:
    return "".join(missed.split()) != "".join(found.split())


def synonym_candidate_record(*, missed: str, found: str) -> SynonymCandidate:
    """Count one more time residents found `found` after `missed` found
    nothing. A pair editors already decided on keeps its decision."""
    candidate, created = SynonymCandidate.objects.get_or_create(
        missed=missed[:100], found=found[:100]
    )
    if not created:
        SynonymCandidate.objects.filter(pk=candidate.pk).update(
            times=F("times") + 1, last_seen_at=timezone.now()
        )
        candidate.refresh_from_db()
    return candidate


def synonym_candidate_accept(*, candidate: SynonymCandidate) -> Synonym:
    """Make the candidate a one-way thesaurus entry (missed → found), checked
    like any entry an editor writes. Raises ValidationError, changing
    nothing, if the entry would be refused."""
    synonym = Synonym(
        words="".join(candidate.missed.split()),
        means="".join(candidate.found.split()),
        category=Synonym.Category.OTHER,
        note=f"来自居民搜索（{candidate.times} 次）",
    )
    synonym.full_clean()
    try:
        with transaction.atomic():
            synonym.save()
            SynonymCandidate.objects.filter(pk=candidate.pk).update(
                status=SynonymCandidate.Status.ACCEPTED
            )
    except IntegrityError as error:
        raise ValidationError(
            _("这个词刚被别人加进了同义词，请刷新后再看。")
        ) from error
    candidate.status = SynonymCandidate.Status.ACCEPTED
    return synonym


def synonym_candidate_reject(*, candidate: SynonymCandidate) -> None:
    SynonymCandidate.objects.filter(pk=candidate.pk).update(
        status=SynonymCandidate.Status.REJECTED
    )
    candidate.status = SynonymCandidate.Status.REJECTED
