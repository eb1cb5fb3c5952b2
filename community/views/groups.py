"""Learning groups for residents: browse, start, join, leave, organise."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core.validation import PlainTextField, id_from, ids_from
from institutions.models import INSTITUTION_PAGE_MODELS
from resources.models import CoursePage

from .. import groups
from ..models import GroupMembership, LearningGroup
from ..selectors import district_get, districts, groups_within, visible_groups


def _places():
    return Page.objects.live().public().type(*INSTITUTION_PAGE_MODELS).order_by("path")


class GroupForm(forms.ModelForm):
    class Meta:
        model = LearningGroup
        fields = ["name", "topic", "area", "meeting_place", "meeting_time",
                  "joining", "description"]  # fmt: skip
        widgets = {
            "joining": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"name": PlainTextField, "meeting_place": PlainTextField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _places()


def _visible(group_id: int) -> LearningGroup:
    group = LearningGroup.objects.filter(pk=group_id, hidden_at__isnull=True).first()
    if group is None:
        raise Http404
    return group


def group_list(request: HttpRequest) -> HttpResponse:
    district = district_get(request.GET.get("district", ""))
    found = groups_within(district) if district else visible_groups()
    return render(
        request,
        "community/group_list.html",
        {"groups": found[:100], "districts": districts(), "district": district},
    )


@login_required
def start_group(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        try:
            group = groups.start_group(request.user, **fields)
        except (groups.FeedbackError, ValidationError) as error:
            form.add_error(None, error.messages if hasattr(error, "messages")
                           else str(error))  # fmt: skip
        else:
            messages.success(
                request, _("学习小组建好了！把页面发给邻居，邀请大家加入。")
            )
            return redirect(group.get_absolute_url())
    return render(request, "community/group_form.html", {"form": form})


def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _visible(group_id)
    held = groups.membership(group, request.user)
    members = group.memberships.select_related("member")
    return render(
        request,
        "community/group_detail.html",
        {
            "group": group,
            "held": held,
            "organiser": bool(held and held.role == GroupMembership.Role.ORGANISER),
            "members": members.filter(status=GroupMembership.Status.ACTIVE),
            "pending": members.filter(status=GroupMembership.Status.PENDING),
            "notices": group.notices.all()[:10],
            "courses": group.courses.live().public(),
            "course_choices": CoursePage.objects.live()
            .public()
            .order_by("title")[:200],
        },
    )


@login_required
@require_POST
def join(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _visible(group_id)
    try:
        held = groups.join(group, request.user)
    except groups.GroupError as error:
        messages.error(request, str(error))
    else:
        if held.status == GroupMembership.Status.ACTIVE:
            messages.success(request, _("已加入小组。"))
        else:
            messages.info(request, _("已申请加入，组织者同意后会通知你。"))
    return redirect(group.get_absolute_url())


@login_required
@require_POST
def leave(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _visible(group_id)
    try:
        groups.leave(group, request.user)
    except groups.GroupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已退出小组。"))
    return redirect(group.get_absolute_url())


ORGANISER_ACTIONS = {
    "approve": groups.approve,
    "remove": groups.remove,
    "promote": groups.make_organiser,
}


@login_required
@require_POST
def organise(request: HttpRequest, group_id: int) -> HttpResponse:
    """The organiser's actions: approve, remove, promote, notice, courses."""
    group = _visible(group_id)
    action = request.POST.get("action", "")
    try:
        if action in ("approve", "remove", "promote"):
            held = get_object_or_404(
                GroupMembership, group=group, pk=id_from(request.POST.get("membership"))
            )
            ORGANISER_ACTIONS[action](group, held, by=request.user)
        elif action == "notice":
            groups.post_notice(group, request.POST.get("body", ""), by=request.user)
        elif action == "courses":
            if not groups.is_organiser(group, request.user):
                raise groups.GroupError(_("只有小组组织者可以这样做。"))
            chosen = (
                CoursePage.objects.live()
                .public()
                .filter(pk__in=ids_from(request.POST.getlist("courses")[:20]))
            )
            group.courses.set(chosen)
        else:
            raise Http404
    except groups.GroupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已保存。"))
    return redirect(group.get_absolute_url())
