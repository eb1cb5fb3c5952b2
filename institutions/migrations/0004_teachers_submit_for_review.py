"""Teachers' groups lose the right to publish and to approve.

Before, every institution's group could publish in its subtree and sat in the
review step of its own workflow, so a teacher could skip review or approve her
own work. `sync_institution_groups` now builds them without it; this takes it
away from databases made before, without waiting for that command.
"""

from django.db import migrations

TEACHER_LEVELS = ("townshipschoolpage", "villagepointpage")


def teachers_submit_for_review(apps, schema_editor):
    InstitutionEditorGroup = apps.get_model("cms", "InstitutionEditorGroup")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    teachers = InstitutionEditorGroup.objects.filter(
        page__content_type__app_label="cms",
        page__content_type__model__in=TEACHER_LEVELS,
    ).values_list("group_id", flat=True)
    GroupPagePermission.objects.filter(
        group_id__in=teachers, permission__codename="publish_page"
    ).delete()
    GroupApprovalTask.groups.through.objects.filter(group_id__in=teachers).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_review_task"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(teachers_submit_for_review, migrations.RunPython.noop)
    ]
