"""Learning groups: starting one, joining, leaving, organising, hiding.

A resident who starts a group is its organiser. Joining an open group is
immediate; an approval-based group puts the request before its organisers.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resources.models import Notification

from .feedback import FeedbackError, clean_text
from .models import GroupMembership, GroupNotice, LearningGroup

Role, Status = GroupMembership.Role, GroupMembership.Status


class GroupError(FeedbackError):
    """Why a group action cannot go ahead, in the resident's language."""


def membership(group: LearningGroup, user) -> GroupMembership | None:
    if not user.is_authenticated:
        return None
    return GroupMembership.objects.filter(group=group, member=user).first()


def is_organiser(group: LearningGroup, user) -> bool:
    held = membership(group, user)
    return bool(held and held.role == Role.ORGANISER)


@transaction.atomic
def start_group(organiser, **fields) -> LearningGroup:
    group = LearningGroup(created_by=organiser, **fields)
    group.description = clean_text(group.description, 600)
    group.full_clean()
    group.save()
    GroupMembership.objects.create(group=group, member=organiser, role=Role.ORGANISER)
    return group


def join(group: LearningGroup, user) -> GroupMembership:
    """Join, or ask to; asking twice returns the first request."""
    if group.hidden_at is not None:
        raise GroupError(_("这个小组已被隐藏，暂时不能加入。"))
    status = Status.ACTIVE if group.joining == group.Joining.OPEN else Status.PENDING
    try:
        with transaction.atomic():
            held = GroupMembership.objects.create(
                group=group, member=user, status=status
            )
    except IntegrityError:
        return GroupMembership.objects.get(group=group, member=user)
    if status == Status.PENDING:
        name = user.first_name or user.username
        message = _("%(name)s 申请加入“%(group)s”。")
        _tell_organisers(group, message % {"name": name, "group": group.name[:40]})
    return held


def leave(group: LearningGroup, user) -> None:
    held = membership(group, user)
    if held is None:
        return
    organisers = group.memberships.filter(role=Role.ORGANISER)
    if held.role == Role.ORGANISER and organisers.count() == 1:
        others = group.memberships.exclude(pk=held.pk)
        if others.filter(status=Status.ACTIVE).exists():
            raise GroupError(_("你是唯一的组织者，请先把组织者交给一位组员再退出。"))
        if others.filter(status=Status.PENDING).exists():
            # Nobody else could ever answer them.
            raise GroupError(_("还有入组申请等你处理，请先通过或拒绝，再退出小组。"))
    held.delete()


def _organiser_only(group: LearningGroup, user) -> None:
    if not is_organiser(group, user):
        raise GroupError(_("只有小组组织者可以这样做。"))


def approve(group: LearningGroup, held: GroupMembership, *, by) -> None:
    _organiser_only(group, by)
    held.status = Status.ACTIVE
    held.save(update_fields=["status"])
    Notification.objects.create(
        user_id=held.member_id,
        message=_("你已加入学习小组“%(group)s”。") % {"group": group.name[:40]},
        url=group.get_absolute_url(),
    )


def remove(group: LearningGroup, held: GroupMembership, *, by) -> None:
    _organiser_only(group, by)
    if held.member_id == by.pk:
        raise GroupError(_("不能移除自己；要退出请用“退出小组”。"))
    held.delete()


def make_organiser(group: LearningGroup, held: GroupMembership, *, by) -> None:
    _organiser_only(group, by)
    held.role, held.status = Role.ORGANISER, Status.ACTIVE
    held.save(update_fields=["role", "status"])


def post_notice(group: LearningGroup, body: str, *, by) -> GroupNotice:
    """A notice on the group page, and a message to every member."""
    _organiser_only(group, by)
    notice = GroupNotice.objects.create(
        group=group, author=by, body=clean_text(body, 500)
    )
    members = group.memberships.filter(status=Status.ACTIVE).exclude(member=by)
    Notification.objects.bulk_create(
        Notification(
            user_id=member_id,
            message=_("“%(group)s”有新通知：%(text)s")
            % {"group": group.name[:30], "text": notice.body[:100]},
            url=group.get_absolute_url(),
        )
        for member_id in members.values_list("member_id", flat=True)
    )
    return notice


def _tell_organisers(group: LearningGroup, message: str) -> None:
    organisers = group.memberships.filter(role=Role.ORGANISER)
    Notification.objects.bulk_create(
        Notification(user_id=row, message=message, url=group.get_absolute_url())
        for row in organisers.values_list("member_id", flat=True)
    )


def hide(group: LearningGroup, *, reason: str) -> None:
    """Editors take a group off every public page (and can put it back)."""
    if not reason.strip():
        raise GroupError(_("请写明隐藏原因，组织者会看到。"))
    group.hidden_at, group.hidden_reason = timezone.now(), reason.strip()[:200]
    group.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
    message = _("学习小组“%(group)s”已被管理员隐藏：%(reason)s")
    reason = group.hidden_reason[:100]
    _tell_organisers(group, message % {"group": group.name[:30], "reason": reason})


def show(group: LearningGroup) -> None:
    group.hidden_at, group.hidden_reason = None, ""
    group.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
