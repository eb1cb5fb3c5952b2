"""State changes for the institution network."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import (
    INSTITUTION_PAGE_MODELS,
    CityCentrePage,
    DistrictCollegePage,
    InstitutionEditorGroup,
    InstitutionPage,
    ReviewTask,
)
from .signals import institution_group_synced

# Colleges and the city centre edit for the network; schools and teaching
# points are teachers. Only editors may mark a course as 精品课程.
EDITOR_LEVELS = (CityCentrePage, DistrictCollegePage)
CRUD = ("add", "change", "delete", "view")

PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
# Only editors publish (by approving); teachers' pages always go to review.
EDITOR_PAGE_PERMISSIONS = ("publish_page",)
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def _group_name(page: InstitutionPage) -> str:
    name = f"{page.title} · 编辑组"
    taken = (
        Group.objects.filter(name=name).exclude(institution_link__page=page).exists()
    )
    return f"{page.title}（{page.get_parent().title}）· 编辑组" if taken else name


def _parent_collection(page: InstitutionPage) -> Collection:
    link = InstitutionEditorGroup.objects.filter(page=page.get_parent()).first()
    return link.collection if link else Collection.get_first_root_node()


@transaction.atomic
def institution_group_sync(*, page: InstitutionPage) -> Group:
    """Create or refresh the editor group of one institution.

    The group may add and edit pages only inside the institution's own
    subtree (a college's or the city's also publishes there), and upload
    images and documents only into the institution's own collection (nested
    under its parent's, so higher levels can use them too).
    Idempotent: re-running renames and tops up, it never duplicates.
    """
    link = (
        InstitutionEditorGroup.objects.select_related("group", "collection")
        .filter(page=page)
        .first()
    )
    name = _group_name(page)
    if link is None:
        group, _ = Group.objects.get_or_create(name=name)
        collection = _parent_collection(page).add_child(name=page.title)
        link = InstitutionEditorGroup.objects.create(
            page=page, group=group, collection=collection
        )
    else:
        group = link.group
        if group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        if link.collection.name != page.title:
            link.collection.name = page.title
            link.collection.save(update_fields=["name"])

    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    editors = isinstance(page.specific, EDITOR_LEVELS)
    for codename in (*PAGE_PERMISSIONS, *EDITOR_PAGE_PERMISSIONS):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        if codename in PAGE_PERMISSIONS or editors:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
        else:  # a teachers' group from before review could not be skipped
            GroupPagePermission.objects.filter(
                group=group, permission=permission
            ).delete()
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=link.collection, permission=permission
        )
    for codename in ("view_courserequest", "change_courserequest"):
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="resources", codename=codename
            )
        )
    if editors:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="resources", codename="feature_coursepage"
            )
        )
    if isinstance(page.specific, CityCentrePage):
        # The city's editors keep the credit bank's conversion rules (the
        # supermarket grants its own, see search.signal_handlers).
        for app_label, codename in (("resources", f"{a}_conversionrule") for a in CRUD):
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
    institution_workflow_sync(page=page, group=group)
    institution_group_synced.send(
        sender=type(page.specific),
        page=page,
        group=group,
        collection=link.collection,
        editors=editors,
    )
    return group


def institution_workflow_sync(*, page: InstitutionPage, group: Group) -> Workflow:
    """The moderation workflow for pages under an institution.

    Its one review step is taken by the editors of the institution itself, if
    it is a college or the city, and of every college and the city above it;
    a school's or teaching point's teachers submit and never approve. A
    workflow from before, with Wagtail's plain group approval step, gets the
    review step in its place (submissions already waiting keep theirs).
    """
    # Named after who reviews, so a teacher reads where her work goes.
    reviewer = page.get_ancestors(inclusive=True).type(*EDITOR_LEVELS).last()
    if reviewer is None or reviewer.pk == page.pk:
        name = f"{page.title}审核"
    else:
        name = f"{reviewer.title}审核 · {page.title}"
    link = WorkflowPage.objects.select_related("workflow").filter(page=page).first()
    if link is None:
        workflow = Workflow.objects.create(name=name)
        WorkflowPage.objects.create(page=page, workflow=workflow)
    else:
        workflow = link.workflow
        if workflow.name != name:
            workflow.name = name
            workflow.save(update_fields=["name"])
    step = WorkflowTask.objects.filter(workflow=workflow).select_related("task").first()
    task = step and step.task.specific
    if not isinstance(task, ReviewTask):
        task = ReviewTask.objects.create(name=name)
        if step is None:
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        else:
            step.task = task
            step.save(update_fields=["task"])
    elif task.name != name:
        task.name = name
        task.save(update_fields=["name"])
    approvers = InstitutionEditorGroup.objects.filter(
        page__in=page.get_ancestors(inclusive=True),
        page__content_type__in=[
            ContentType.objects.get_for_model(model) for model in EDITOR_LEVELS
        ],
    ).values_list("group", flat=True)
    task.groups.set(approvers)
    return workflow


def institution_groups_sync_all() -> list[Group]:
    """Refresh the groups of every institution, parents before children."""
    pages = Page.objects.type(*INSTITUTION_PAGE_MODELS).order_by("path").specific()
    return [institution_group_sync(page=page) for page in pages]
