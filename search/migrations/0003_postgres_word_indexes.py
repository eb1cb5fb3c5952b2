from django.db import migrations

# Frozen copies of `search.INDEXES`; a changed expression needs a new
# migration (tests/search/test_fallback.py checks the planner uses them).
INDEXES = {
    "search_entry_words_gin": "to_tsvector('simple', title_words || ' ' || text_words)",
    "search_entry_pinyin_gin": "to_tsvector('simple', pinyin)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON search_searchentry "
            f"USING gin (({expression}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_stored_documents")]

    operations = [migrations.RunPython(create, drop)]
