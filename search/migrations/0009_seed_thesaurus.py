"""The thesaurus's first few hundred entries (search/thesaurus.txt): residents'
words, local names and misspellings by sound. Entries an editor already made
with the same words are left as they are; editors maintain the rest in the
admin from here on."""

from django.db import migrations

SEED_NOTE = "起步词表"


def seed(apps, schema_editor):
    from search import thesaurus

    thesaurus.seed_store(apps.get_model("search", "Synonym"), note=SEED_NOTE)


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(note=SEED_NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0008_thesaurus_candidates")]

    operations = [migrations.RunPython(seed, unseed)]
