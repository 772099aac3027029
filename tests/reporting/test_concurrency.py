"""Eight people submit (or save) the same report at the same moment: one wins, the others get
the normal "submitted already / changed elsewhere" answer, never a 500 or "database is
locked". Real threads, each with its own database connection: on SQLite a file database
(the shared in-memory test database cannot show file locking), on PostgreSQL the test database.
"""

import sqlite3
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reporting.models import AnnualReport, ReportEvent

from .conftest import filled, page_of, save_complete

THREADS = 8


@pytest.fixture
def database(demo, tmp_path, monkeypatch):
    """Threads open their own connections: on SQLite, to a file copy of the test database
    (same settings and OPTIONS as the portal's embedded default)."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    path = tmp_path / "concurrent.sqlite3"

    def copy() -> None:
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        monkeypatch.setitem(connections.settings, "default", {**connections.settings["default"], "NAME": str(path)})

    yield copy


def at_once(request) -> list:
    """Run `request(client)` in THREADS threads released together; their outcomes."""
    barrier = threading.Barrier(THREADS)
    outcomes: list = [None] * THREADS
    reporter = User.objects.get(username="donvi.cole")

    def run(index: int) -> None:
        try:
            client = Client()
            client.force_login(reporter)
            barrier.wait(timeout=30)
            response = request(client)
            outcomes[index] = (response.status_code, [str(m) for m in get_messages(response.wsgi_request)], response)
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


def in_thread(query):
    """Read the threads' database from a fresh connection of its own."""
    found = []
    thread = threading.Thread(target=lambda: (found.append(query()), connections.close_all()))
    thread.start()
    thread.join(30)
    return found[0]


def test_concurrent_submits_of_one_report_give_one_submission_and_normal_refusals(database, plan_co_le):
    reporter = User.objects.get(username="donvi.cole")
    report = save_complete(plan_co_le, 2026, reporter.participating_unit, reporter)
    database()
    url = reverse("reporting:report_submit", args=[report.pk])
    outcomes = at_once(lambda client: client.post(url, {"version": report.version}))
    assert not [o for o in outcomes if not isinstance(o, tuple)], outcomes
    assert {status for status, _messages, _r in outcomes} == {302}
    texts = [" ".join(messages) for _status, messages, _r in outcomes]
    assert sum("Đã nộp báo cáo" in text for text in texts) == 1, texts
    assert all("Đã nộp báo cáo" in t or "không sửa được nữa" in t or "thay đổi ở nơi khác" in t for t in texts), texts
    assert in_thread(lambda: ReportEvent.objects.filter(report_id=report.pk, action="submit").count()) == 1
    assert in_thread(lambda: AnnualReport.objects.get(pk=report.pk).status) == AnnualReport.Status.SUBMITTED


def test_concurrent_draft_saves_keep_one_and_tell_the_others(database, plan_co_le):
    reporter = User.objects.get(username="donvi.cole")
    unit = reporter.participating_unit
    report = save_complete(plan_co_le, 2026, unit, reporter)
    data = filled(page_of(plan_co_le, 2026, unit), text="Bản đồng thời")
    database()
    url = reverse("reporting:report", args=[plan_co_le.pk, 2026, unit.pk])
    outcomes = at_once(lambda client: client.post(url, data))
    assert not [o for o in outcomes if not isinstance(o, tuple)], outcomes
    saved = [o for o in outcomes if o[0] == 302]
    refused = [o for o in outcomes if o[0] != 302]
    assert len(saved) == 1 and len(refused) == THREADS - 1
    for status, _messages, response in refused:
        html = response.content.decode()
        assert status == 200 and "thay đổi ở nơi khác" in html and "Bản đồng thời nội dung 1" in html
    assert in_thread(lambda: AnnualReport.objects.get(pk=report.pk).version) == report.version + 1
