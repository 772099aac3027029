"""Seed every title and form of the law with who decides it in which period (the district's
rows until 30/06/2025, the commune's since), map the existing forms onto them (kind, short
name, recipients), and give register entries from signed decisions their decision's kind."""

from django.db import migrations

from awards.reference import ensure_vote_thresholds
from awards.reference_cycle import ensure_cycle_reference


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    ensure_cycle_reference(apps.get_model, db)
    # The council's thresholds of forms that exist only now (CSTĐ toàn quốc).
    ensure_vote_thresholds(apps.get_model("awards", "AwardForm"), apps.get_model("awards", "VoteThreshold"), using=db)
    entries = apps.get_model("awards", "RegisterEntry").objects.using(db)
    kinds = dict(apps.get_model("awards", "CommendationKind").objects.using(db).values_list("code", "pk"))
    signed = entries.filter(decision_line__isnull=False, kind__isnull=True)
    for entry_pk, code in signed.values_list("pk", "decision_line__decision__kind"):
        entries.filter(pk=entry_pk).update(kind_id=kinds.get(code))


class Migration(migrations.Migration):
    dependencies = [("awards", "0015_reference_authority_kinds")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
