"""Wagtail names the top of the page tree and of the collections "Root";
teachers and editors see both in choosers and filters, so they get Chinese names."""

from django.db import migrations


def rename(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title="全部网站", draft_title="全部网站")
    Collection.objects.filter(depth=1, name="Root").update(name="全部资源")


def restore(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="全部网站").update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name="全部资源").update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_teachers_submit_for_review"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, restore)]
