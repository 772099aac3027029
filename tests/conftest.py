"""Shared fixtures. The demo data (the five real plans) is loaded once per test session;
each test runs in a transaction that is rolled back, so tests never see each other's writes."""

import pytest

from accounts.models import User
from campaigns.demo.loader import load_demo
from campaigns.models import Plan
from tests import demo_snapshot
from tests.live import demo, workers  # noqa: F401 - fixtures for the tests that use real workers


def pytest_configure(config):
    """Passwords hashed with MD5 in the test process only: PBKDF2's deliberate 0.6 s per hash
    (seven demo accounts at every load_demo, a login per browser journey, an account per
    isolation test) was a third of the suite. The portal's own settings keep PBKDF2; processes
    the tests start (gunicorn, workers) use those and hash their own accounts."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Long tests first. pytest-django has sorted the tests into those on the rolled-back
    database, then the transactional ones (which flush it: they must come after), then those
    without a database, in which the load run (about two minutes) came last and set the tail of
    the parallel run (xdist hands the tests out in this order). Now the long tests without a
    database lead, each group's long tests start it, and the short tests without a database
    close the run, filling the tail."""

    def rank(item) -> tuple[int, int]:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        transactional = transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))
        uses_db = bool(marker) or "db" in item.fixturenames
        group = 2 if transactional else 1 if uses_db else 3
        long = item.get_closest_marker("long") is not None
        if long and group == 3:
            group = 0
        return group, not long

    items.sort(key=rank)


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete():
    """The flush after each transactional test empties the tables with DELETE on PostgreSQL,
    not TRUNCATE: they hold a few hundred rows, and TRUNCATE makes new files for all of the
    tables (3-4 s a test on a quiet machine). The same empty tables, the same post_migrate
    signal; sequences are not reset either way (a flush asked to reset them is left alone).
    Django's foreign keys are checked at commit, so the order of the DELETEs does not matter."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    truncate = operations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = truncate


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run inline in tests about logic; the worker tests (tests/reporting/
    test_reminders_live.py) switch this off and go through Redis and a real worker."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty shared cache: its database is rolled back, so what an
    earlier test cached (counts of a province and year) would be another database's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo(log=lambda *args: None)
        demo_snapshot.take()  # put back for the transactional tests (tests/demo_snapshot.py)


def _plan(issuer_name: str) -> Plan:
    """The demo (seed) plan of that issuer: the first one loaded."""
    return Plan.objects.filter(issuer__name=issuer_name).order_by("pk").first()


@pytest.fixture
def plan_co_le(db) -> Plan:
    return _plan("Cổ Lễ")


@pytest.fixture
def plan_ninh_binh(db) -> Plan:
    return _plan("Ninh Bình")


@pytest.fixture
def plan_vinh_bao(db) -> Plan:
    return _plan("Vĩnh Bảo")


@pytest.fixture
def commune_officer(db) -> User:
    """Culture-Social Office officer of xã Cổ Lễ (Ninh Bình)."""
    return User.objects.get(username="cole")


@pytest.fixture
def unit_reporter(db) -> User:
    return User.objects.get(username="donvi.cole")


@pytest.fixture
def province_reviewer(db) -> User:
    """Department of Home Affairs reviewer of tỉnh Ninh Bình."""
    return User.objects.get(username="ninhbinh")


@pytest.fixture
def outsider(db) -> User:
    """Officer of phường Tây Hiếu, in another province (Nghệ An)."""
    return User.objects.get(username="tayhieu")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.get(username="admin")


@pytest.fixture
def neighbour_officer(db) -> User:
    """Officer of xã Xuân Trường: same province as Cổ Lễ, another commune."""
    return User.objects.get(username="xuantruong")


@pytest.fixture
def commune_viewer(db) -> User:
    """A read-only account at xã Cổ Lễ (e.g. a commune leader who follows the campaign)."""
    from campaigns.models import AdministrativeUnit

    return User.objects.create_user(
        "lanhdao.cole",
        password="demo12345",
        role=User.Role.VIEWER,
        admin_unit=AdministrativeUnit.objects.get(name="Cổ Lễ"),
    )
