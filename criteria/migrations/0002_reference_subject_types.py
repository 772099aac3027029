"""The subject types seen in the real plans. Administrators add more in the admin."""

from django.db import migrations

from criteria.reference import ensure_subject_types


def create(apps, schema_editor):
    ensure_subject_types(apps.get_model("criteria", "SubjectType"))


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
