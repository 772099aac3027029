"""The load and fault run, short: a few sessions of every role for 20 seconds on gunicorn,
PostgreSQL, a Redis of its own and a worker, both killed and restarted midway. No request may
fail and no write or reminder may be lost or doubled; time is reported, never asserted.

Needs PostgreSQL and a Redis broker like the worker tests (skipped on the embedded default,
a failure on CI), and the redis-server program (the run starts and kills its own).
"""

import json
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from tests.live import require, require_worker_services


@pytest.mark.long
def test_a_short_load_and_fault_run_loses_and_doubles_nothing(tmp_path):
    require_worker_services()
    require(shutil.which("redis-server") is not None, "Cần chương trình redis-server (gói redis-server).")
    out = tmp_path / "loadrun.json"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "loadrun", "--users", "8", "--seconds", "20", "--workers", "2",
         "--database", "thidua_loadrun_ci", "--out", str(out), "--log-dir", str(tmp_path)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    print(json.dumps(figures, ensure_ascii=False))
    assert figures["errors"] == 0, figures["error_examples"]
    assert figures["requests"] > 0 and figures["by_kind"]["read"] > 0
    writes, reminders = figures["writes"], figures["reminders"]
    assert writes["units_created"] > 0 and writes["report_saves"] > 0
    assert writes["units_lost"] == writes["units_doubled"] == writes["units_unexpected"] == 0
    assert writes["report_saves_lost"] == writes["report_saves_doubled"] == 0
    assert reminders["claimed"] > 0
    assert reminders["lost"] == reminders["doubled"] == 0 and reminders["sent"] == reminders["rows"]
