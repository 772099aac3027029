"""The ladder of award forms every plan lists (see awards/reference.py)."""

from django.db import migrations

from awards.reference import ensure_award_forms


def create(apps, schema_editor):
    ensure_award_forms(apps.get_model("awards", "AwardForm"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
