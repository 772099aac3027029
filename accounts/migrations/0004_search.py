"""PostgreSQL: `unaccent` for search without diacritics and an ICU collation for Vietnamese
order (accounts.search). Both operations do nothing on SQLite, where accounts.search
registers a function and a collation of the same names on each connection."""

from django.contrib.postgres.operations import CreateCollation, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_calendar_token")]
    operations = [
        UnaccentExtension(),
        CreateCollation("vietnamese", provider="icu", locale="vi-VN"),
    ]
