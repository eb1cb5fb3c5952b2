"""The reviewer hears what an approval did."""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import WorkflowState


@hooks.register("after_edit_page")
def say_what_the_approval_did(request, page):
    if request.POST.get("workflow-action-name") != "approve":
        return None
    state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    if state is None:
        return None
    requester = state.requested_by
    who = (requester.first_name or requester.get_username()) if requester else ""
    if state.status == WorkflowState.STATUS_APPROVED:
        messages.success(
            request,
            _("已批准「%(title)s」的最新版本并发布，已通知提交人%(who)s。")
            % {"title": page.get_admin_display_title(), "who": who},
        )
    return None
