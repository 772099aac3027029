"""Seed the titles, base salaries and reward multiples; turn the free-text nominees of
existing dossiers into awardee records (one per commune, name and unit)."""

from django.db import migrations

from awards.reference import ensure_titles_and_money
from campaigns.excel import clean_text, fold


def seed(apps, schema_editor):
    ensure_titles_and_money(apps.get_model("awards", "AwardForm"), apps.get_model("awards", "BaseSalary"),
                            apps.get_model("awards", "RewardMultiple"))


def nominees_to_awardees(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    Awardee = apps.get_model("awards", "Awardee")
    Posting = apps.get_model("awards", "AwardeePosting")
    made = {}
    for nomination in Nomination.objects.filter(awardee__isnull=True).select_related("unit").order_by("pk"):
        unit = nomination.unit
        individual = nomination.nominee_kind == "individual"
        name = clean_text(nomination.individual_name if individual else unit.name)
        key = (unit.admin_unit_id, "individual" if individual else "collective", fold(name), unit.pk)
        awardee = made.get(key)
        if awardee is None:
            awardee = Awardee.objects.create(
                kind=key[1],
                admin_unit_id=unit.admin_unit_id,
                name=name,
                search_key=fold(name),
                unit=unit,
                position=clean_text(nomination.individual_position) if individual else "",
            )
            if individual:
                Posting.objects.create(awardee=awardee, unit=unit, position=awardee.position)
            made[key] = awardee
        Nomination.objects.filter(pk=nomination.pk).update(awardee=awardee)


def back(apps, schema_editor):
    apps.get_model("awards", "Nomination").objects.update(awardee=None)
    apps.get_model("awards", "AwardeePosting").objects.all().delete()
    apps.get_model("awards", "Awardee").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0011_awardees_decisions_register")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(nominees_to_awardees, back),
    ]
