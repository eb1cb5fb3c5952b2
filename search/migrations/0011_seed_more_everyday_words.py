"""Seed entries added after 0009 (search/thesaurus.txt): 防诈骗, 反诈 and 防诈
found nothing, since no word of their group is in the catalogue; 降压 did
not lead to 高血压; 老人 did not find 老年人. Only entries whose words are not
stored yet are added."""

from django.db import migrations

SEED_NOTE = "起步词表（补充）"


def seed(apps, schema_editor):
    from search import thesaurus

    thesaurus.seed_store(apps.get_model("search", "Synonym"), note=SEED_NOTE)


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(note=SEED_NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0010_entry_group")]

    operations = [migrations.RunPython(seed, unseed)]
