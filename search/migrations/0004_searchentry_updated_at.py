import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_word_indexes")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
    ]
