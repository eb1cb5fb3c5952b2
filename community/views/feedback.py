"""Residents rate and comment on lessons and courses, report comments, fill
in the course survey and nominate learning stars."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core.pages import page_viewable_or_404
from core.validation import PlainTextField
from institutions.models import INSTITUTION_PAGE_MODELS
from resources.models import CoursePage, LessonPage

from .. import feedback, stories
from ..models import Comment


def _page(request: HttpRequest, page_id: int) -> Page:
    return page_viewable_or_404(
        request=request, page_id=page_id, types=(CoursePage, LessonPage)
    )


@login_required
@require_POST
def rate(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    try:
        stars = int(request.POST.get("stars", ""))
        feedback.rate(request.user, page, stars)
    except ValueError:
        messages.error(request, _("请选 1 到 5 颗星。"))
    except feedback.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("谢谢你的评分！"))
    return redirect(f"{page.url}#feedback-heading-{page.pk}")


@login_required
@require_POST
def comment(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    try:
        feedback.comment(request.user, page, request.POST.get("body", ""))
    except feedback.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("留言已提交，管理员审核后会公开显示。"))
    return redirect(f"{page.url}#feedback-heading-{page.pk}")


@login_required
@require_POST
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    held = get_object_or_404(
        Comment.objects.filter(status=Comment.Status.APPROVED), pk=comment_id
    )
    feedback.report(held, request.user, request.POST.get("reason", ""))
    messages.success(request, _("已收到举报，管理员会尽快查看。"))
    page = held.page
    return redirect(f"{page.url}#feedback-heading-{page.pk}")


SCORES = [(n, str(n)) for n in range(5, 0, -1)]


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=gettext_lazy("总体来说，你对这门课程满意吗？（5 分最满意）"),
        choices=SCORES, coerce=int, widget=forms.RadioSelect,
    )  # fmt: skip
    usefulness = forms.TypedChoiceField(
        label=gettext_lazy("学到的东西对生活、工作有帮助吗？（5 分最有帮助）"),
        choices=SCORES, coerce=int, widget=forms.RadioSelect,
    )  # fmt: skip
    recommend = forms.TypedChoiceField(
        label=gettext_lazy("愿意推荐给邻居吗？"),
        choices=[("1", gettext_lazy("愿意")), ("0", gettext_lazy("不愿意"))],
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
    )  # fmt: skip
    suggestion = forms.CharField(
        label=gettext_lazy("还想对老师说什么？（可以不填）"),
        required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


@login_required
def course_survey(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _page(request, course_id)
    if not isinstance(course, CoursePage):
        raise Http404
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.answer_survey(request.user, course, **form.cleaned_data)
        except feedback.FeedbackError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("谢谢！你的意见会转给课程老师。"))
        return redirect(course.url)
    return render(request, "community/survey.html", {"form": form, "course": course})


class NominationForm(forms.Form):
    nominee_name = PlainTextField(label=gettext_lazy("被推荐人姓名"), max_length=30)
    place = forms.ModelChoiceField(
        label=gettext_lazy("所在社区或村"),
        queryset=Page.objects.none(),
    )
    story = forms.CharField(
        label=gettext_lazy("推荐理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "他（她）学了什么、怎么坚持的、给身边人带来了什么变化。"
        ),
    )
    consents = forms.BooleanField(
        label=gettext_lazy("我已征得被推荐人同意，公开其姓名和事迹")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = (
            Page.objects.live().public().type(*INSTITUTION_PAGE_MODELS).order_by("path")
        )


@login_required
def nominate_star(request: HttpRequest) -> HttpResponse:
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stories.nominate(
                request.user, nominee_name=data["nominee_name"], place=data["place"],
                story=data["story"], consents=data["consents"],
            )  # fmt: skip
        except feedback.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("推荐已提交，谢谢！审核后会在社区页面上刊登。"))
            return redirect("/")
    return render(request, "community/nominate.html", {"form": form})
