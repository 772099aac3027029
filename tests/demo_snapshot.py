"""The demo data of the test database, copied once per test process and put back for the
transactional tests (browser journeys, real workers): their database is flushed after each,
and running load_demo again took each of them 7-11 s; putting the rows back takes about one.

What is put back is the state every other test starts from: the migrations' data and the
demo, as django_db_setup (tests/conftest.py) left them. On PostgreSQL only (COPY); elsewhere,
and before a snapshot exists, load_demo runs as before.
"""

import io

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

_tables: dict[str, bytes] = {}


def _quoted(table: str) -> str:
    return connection.ops.quote_name(table)


def take() -> None:
    """Copy every table of the models (the ones flush empties) into memory."""
    if connection.vendor != "postgresql":
        return
    _tables.clear()
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            buffer = io.BytesIO()
            cursor.cursor.copy_expert(f"COPY {_quoted(table)} TO STDOUT WITH (FORMAT binary)", buffer)
            _tables[table] = buffer.getvalue()


def restore() -> bool:
    """Empty the tables and put the snapshot's rows back, sequences past them; committed, so
    the live server and the workers see it. False when there is no snapshot to restore."""
    if connection.vendor != "postgresql" or not _tables:
        return False
    from django.contrib.contenttypes.models import ContentType

    models = apps.get_models(include_auto_created=True)
    with transaction.atomic(), connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        # DELETE, not TRUNCATE: these tables hold a few rows, and TRUNCATE makes new files for
        # every table (about 6 s here, as long as the flush). Django's foreign keys are checked
        # at commit, so the order does not matter.
        cursor.execute("".join(f"DELETE FROM {_quoted(table)};" for table in tables))  # noqa: S608 - Django's own table names, quoted
        for table, rows in _tables.items():
            cursor.cursor.copy_expert(f"COPY {_quoted(table)} FROM STDIN WITH (FORMAT binary)", io.BytesIO(rows))
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            cursor.execute("\n".join(statements))
    ContentType.objects.clear_cache()  # the rows' ids are the snapshot's, not the flush's
    return True


def load_demo_again() -> None:
    """The demo data for a transactional test: the snapshot, or load_demo without one."""
    if not restore():
        from campaigns.demo.loader import load_demo

        load_demo(log=lambda *args: None)
