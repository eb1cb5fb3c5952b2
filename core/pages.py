"""The one rule for reaching a page by its id from a URL or a form."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from wagtail.models import Page


def page_viewable_or_404(
    *,
    request: HttpRequest,
    page_id: int,
    types: tuple[type[Page], ...] = (Page,),
) -> Page:
    """The live page `page_id`, specific and of one of `types`, that this
    request may see; otherwise 404.

    "May see" is what Wagtail applies when serving the page: every view
    restriction on it or its ancestors (login, password, groups) accepts the
    request. So an action on a page (rate, favourite, register, propose) is
    open exactly to whoever can read it, and an id that is a draft, private to
    others or of another type looks the same as one that never existed.
    """
    page = Page.objects.live().type(*types).filter(pk=page_id).first()
    if page is None:
        raise Http404
    page = page.specific
    if not isinstance(page, types) or not all(
        restriction.accept_request(request)
        for restriction in page.get_view_restrictions()
    ):
        raise Http404
    return page


def page_open_to(page: Page, user) -> bool:
    """Whether `user` passes every view restriction on the page, judged
    without a request (a password restriction needs one, so it does not
    pass): for rules about people rather than requests, such as which
    lessons a course asks of its learner."""
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == restriction.LOGIN:
            if not user.is_authenticated:
                return False
        elif restriction.restriction_type == restriction.GROUPS:
            if (
                not user.is_superuser
                and not restriction.groups.filter(
                    pk__in=user.groups.values("pk")
                ).exists()
            ):
                return False
        else:
            return False
    return True
