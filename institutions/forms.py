"""The reviewer's confirmation screens."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class ApproveForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=_("给提交人的话（可以不填）"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )


class RejectForm(TaskStateCommentForm):
    """A teacher sent back without a reason does not know what to change."""

    comment = forms.CharField(
        label=_("请写明要改什么"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("请写上修改意见，提交人才知道要改哪里。")},
    )
