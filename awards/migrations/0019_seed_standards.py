"""Seed the standards of the titles (LĐTT, CSTĐCS, CSTĐ cấp tỉnh, TTLĐTT, TTLĐXS) and of the
province chairman's Bằng khen, each with its source, as rules of checks."""

from django.db import migrations

from awards.reference_standards import ensure_standards


def seed(apps, schema_editor):
    ensure_standards(apps.get_model, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("awards", "0018_proposals_standards")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
