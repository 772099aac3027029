"""Celery beat sends the daily digest of workflow notices at 07:00, Vietnam time (the same
crontab row as the reminders of 0004)."""

from django.db import migrations

TASK = {"name": "Thư tổng hợp thông báo hằng ngày (07:00)", "task": "reporting.notices.send_digests"}
SEVEN = {"minute": "0", "hour": "7", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def create(apps, schema_editor):
    crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    seven, _ = crontab.objects.get_or_create(timezone="Asia/Ho_Chi_Minh", **SEVEN)
    tasks = apps.get_model("django_celery_beat", "PeriodicTask").objects
    tasks.update_or_create(name=TASK["name"], defaults={"task": TASK["task"], "crontab": seven, "enabled": True})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0011_event_notices"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(create, remove)]
