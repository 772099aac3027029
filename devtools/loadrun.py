"""The load and fault run behind `manage.py loadrun`: the portal on gunicorn (DEBUG=0) with
PostgreSQL, a Redis of its own and a real Celery worker; N logged-in sessions of every role
(officer, reviewer, reporter, viewer) reading and writing for a while on loopback; midway the
reminders of a day are queued, then the worker is killed and Redis killed and restarted (its
queue lost, as with `--save ""`), then both come back. Afterwards the database is checked:
every write that got a success is there once, every reminder claimed was sent once.

It reuses the benchmark's harness (devtools.bench: fresh database, gunicorn, login, requests).
Figures go to a JSON file; the CI test runs a short version and asserts no errors and no
loss, never on time.
"""

import datetime
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.models import ParticipatingUnit, Plan
from criteria.models import SubjectType
from devtools import bench
from devtools.bench import BenchError, Log

ROLES = ("officer", "reviewer", "reporter", "viewer")
STALE = "thay đổi ở nơi khác"
UNIT_PREFIX = "Đơn vị tải"
PASSWORD = "demo12345"  # noqa: S105 - the demo accounts' password  # nosec


@dataclass
class Options:
    users: int = 50
    seconds: float = 300
    database: str = "thidua_loadrun"
    workers: int = 3
    log_dir: Path = Path("/tmp")  # noqa: S108 - logs of gunicorn, the worker and Redis  # nosec
    reminder_timeout: float = 180


@dataclass
class Tally:
    """What the sessions saw; shared by their threads under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    saves: int = 0
    stale: int = 0

    def record(self, kind: str, started: float, error: str = "") -> None:
        with self.lock:
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.kinds[kind] += 1
            if error:
                self.errors.append(f"{kind}: {error}")


# --- the services of the run: Redis and the worker --------------------------------------------


class Process:
    """A child process we start, kill and start again (Redis, the worker)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.name, self.args, self.env, self.log_path = name, args, env, log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own programs and arguments  # nosec
                self.args, cwd=settings.BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def redis_process(port: int, log_dir: Path) -> Process:
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    return Process("redis", args, {}, log_dir / "loadrun-redis.log")


def wait_for(condition, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise BenchError(message)
        time.sleep(0.2)


def redis_up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def worker_process(env: dict[str, str], log_dir: Path) -> Process:
    args = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "-l", "warning", "-n", "loadrun@%h",
    ]  # fmt: skip
    return Process("worker", args, env, log_dir / "loadrun-worker.log")


def worker_up() -> bool:
    from config.celery import app

    try:
        return bool(app.control.ping(destination=[f"loadrun@{socket.gethostname()}"], timeout=1.0))
    except Exception:  # noqa: BLE001 - the broker is still coming back
        return False


# --- the sessions ------------------------------------------------------------------------------


@dataclass
class Subjects:
    """The accounts and objects the sessions work on (the demo data)."""

    accounts: dict[str, list[str]]
    reads: dict[str, list[str]]
    report_url: str
    report_fields: dict[str, str]
    subject_type: int


def subjects() -> Subjects:
    from reporting.selectors import reports as selectors

    reporter = User.objects.get(username="donvi.cole")
    unit = reporter.participating_unit
    User.objects.filter(username="lanhdao.cole").delete()
    User.objects.create_user("lanhdao.cole", password=PASSWORD, role=User.Role.VIEWER, admin_unit=unit.admin_unit)
    plan = Plan.objects.filter(issuer=unit.admin_unit).order_by("pk").first()
    year = min(max(timezone.localdate().year, plan.period_start), plan.period_end)
    page = selectors.report_page(plan=plan, year=year, unit=unit)
    fields = {f"content_{c.pk}": f"Kết quả nội dung {c.number}" for c in page.contents}
    for criterion in page.criteria:
        fields[f"criterion_{criterion.pk}"] = f"Kết quả tiêu chí {criterion.number}"
        fields[f"points_{criterion.pk}"] = ""
    common = [reverse("home"), reverse("campaigns:plan_list")]
    return Subjects(
        accounts={
            "officer": ["cole", "xuantruong", "tayhieu", "vinhbao"],
            "reviewer": ["ninhbinh"],
            "reporter": ["donvi.cole"],
            "viewer": ["lanhdao.cole"],
        },
        reads={
            "officer": [*common, reverse("campaigns:unit_list"), reverse("reporting:board")],
            "reviewer": [*common, reverse("reporting:province_dashboard"), reverse("awards:province_queue")],
            "reporter": [*common],
            "viewer": [*common, reverse("reporting:board")],
        },
        report_url=reverse("reporting:report", args=[plan.pk, year, unit.pk]),
        report_fields=fields,
        subject_type=SubjectType.objects.get(code="school").pk,
    )


def _csrf(cookie: str) -> str:
    return re.search(r"csrftoken=([^;]+)", cookie).group(1)


def _post(port: int, path: str, cookie: str, data: dict) -> tuple[int, bytes]:
    body = urlencode({"csrfmiddlewaretoken": _csrf(cookie), **data}).encode()
    status, content, _headers = bench.request(port, path, cookie=cookie, method="POST", body=body)
    return status, content


def session(port: int, role: str, number: int, cookie: str, sub: Subjects, until: float, tally: Tally) -> None:
    """One logged-in user: reads of their role's pages, and every third step a write."""
    reads = sub.reads[role]
    step = 0
    while time.monotonic() < until:
        step += 1
        started = time.perf_counter()
        try:
            if step % 3 == 0 and role == "officer":
                name = f"{UNIT_PREFIX} {number}-{step}"
                data = {"name": name, "subject_type": sub.subject_type, "contact_person": "", "email": "", "phone": ""}
                status, _content = _post(port, reverse("campaigns:unit_create"), cookie, data)
                tally.record("unit_create", started, "" if status == 302 else f"HTTP {status}")
                if status == 302:
                    with tally.lock:
                        tally.units_created.append(name)
            elif step % 3 == 0 and role == "reporter":
                report_save(port, cookie, sub, tally, started)
            else:
                path = reads[step % len(reads)]
                status, _content, _headers = bench.request(port, path, cookie=cookie)
                tally.record("read", started, "" if status == 200 else f"HTTP {status} {path}")
        except OSError as error:
            tally.record("connection", started, repr(error))


def report_save(port: int, cookie: str, sub: Subjects, tally: Tally, started: float) -> None:
    """Save the draft with the version the page showed; another session saving first makes
    this one a normal "changed elsewhere" refusal, which is not an error."""
    status, content, _headers = bench.request(port, sub.report_url, cookie=cookie)
    match = re.search(rb'name="version" value="(\d+)"', content)
    if status != 200 or not match:
        tally.record("report_save", started, f"HTTP {status} without a form")
        return
    status, content = _post(port, sub.report_url, cookie, {**sub.report_fields, "version": match.group(1).decode()})
    stale = status == 200 and STALE in content.decode()
    tally.record("report_save", started, "" if status == 302 or stale else f"HTTP {status}")
    with tally.lock:
        tally.saves += status == 302
        tally.stale += stale


# --- the fault ---------------------------------------------------------------------------------


def reminder_day() -> datetime.date:
    """A day on which the demo plans' units are reminded (7 days before a deadline)."""
    from reporting.models import ReportingDeadline

    deadline = (
        ReportingDeadline.objects.filter(plan__status=Plan.Status.ISSUED, day__isnull=False).order_by("pk").first()
    )
    year = timezone.localdate().year
    return datetime.date(year, deadline.month, deadline.day) - datetime.timedelta(days=7)


def fault(redis: Process, worker: Process, port: int, log: Log) -> dict:
    """Queue a day's reminders, kill the worker and Redis (the queue is lost), bring both back."""
    from reporting.services.reminders import send_reminders

    claimed = len(send_reminders(today=reminder_day()))
    worker.kill()
    redis.kill()
    log(f"  đã nhận {claimed} thư nhắc; đã giết worker và Redis")
    time.sleep(2)
    redis.start()
    wait_for(lambda: redis_up(port), 30, "Redis không khởi động lại được.")
    worker.start()
    wait_for(worker_up, 60, "Celery worker không khởi động lại được.")
    log("  Redis và worker đã chạy lại")
    return {"claimed": claimed}


def settle_reminders(outbox: Path, timeout: float) -> dict:
    """What beat's sweep does after STALE_PENDING, now: hand pending reminders to the worker
    again; then count what was sent and the e-mails that went out."""
    from reporting.models import Reminder
    from reporting.services import reminders

    reminders.STALE_PENDING = datetime.timedelta(0)
    reminders.requeue_stale_reminders()
    pending = Reminder.objects.filter(status=Reminder.Status.PENDING)
    deadline = time.monotonic() + timeout
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    rows = Reminder.objects.count()
    sent = Reminder.objects.filter(status=Reminder.Status.SENT).count()
    emails = count_emails(outbox)
    return {"rows": rows, "sent": sent, "emails": emails, "lost": rows - sent, "doubled": max(0, emails - sent)}


def count_emails(outbox: Path) -> int:
    """Django's file backend writes one file per connection, messages split by 79 dashes."""
    separator = b"\n" + b"-" * 79 + b"\n"
    return sum(1 for path in outbox.iterdir() for chunk in path.read_bytes().split(separator) if b"Subject:" in chunk)


# --- the whole run -----------------------------------------------------------------------------


def run(options: Options, log: Log = print) -> dict:
    from config.celery import app

    bench.require_postgresql()
    bench.use_fresh_database(options.database, log)
    call_command("migrate", verbosity=0, interactive=False)
    from campaigns.demo.loader import load_demo

    load_demo(log=lambda *args: None)
    sub = subjects()
    initial_version = report_version(sub)
    redis_port = bench.free_port()
    broker = f"redis://127.0.0.1:{redis_port}/0"
    outbox = options.log_dir / f"loadrun-mail-{secrets.token_hex(4)}"
    outbox.mkdir(parents=True)
    env = bench.server_env(bench.database_url(options.database), broker)
    worker_env = {**env, "EMAIL_URL": f"filemail:///{outbox}"}
    # Celery reads CELERY_BROKER_URL from the environment before its configuration: this
    # process must queue to the run's own Redis, like the server and the worker.
    os.environ["CELERY_BROKER_URL"] = broker
    app.conf.broker_url, app.conf.task_always_eager = broker, False
    app._pool = app.amqp._producer_pool = None
    redis = redis_process(redis_port, options.log_dir)
    worker = worker_process(worker_env, options.log_dir)
    tally = Tally()
    redis.start()
    try:
        wait_for(lambda: redis_up(redis_port), 30, "Redis không khởi động được (cần redis-server).")
        worker.start()
        wait_for(worker_up, 60, f"Celery worker không khởi động được; xem {worker.log_path}")
        with bench.Server(env, options.workers, options.log_dir / "loadrun-gunicorn.log") as server:
            sessions = []
            for number in range(options.users):
                role = ROLES[number % len(ROLES)]
                accounts = sub.accounts[role]
                cookie = bench.login(server.port, accounts[number // len(ROLES) % len(accounts)], PASSWORD)
                sessions.append((role, number, cookie))
            log(f"{len(sessions)} phiên đăng nhập; chạy {options.seconds:.0f} s")
            started = time.monotonic()
            until = started + options.seconds
            threads = [
                threading.Thread(target=session, args=(server.port, role, number, cookie, sub, until, tally))
                for role, number, cookie in sessions
            ]
            for thread in threads:
                thread.start()
            time.sleep(max(0.0, options.seconds * 0.4))
            faults = fault(redis, worker, redis_port, log)
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        faults.update(settle_reminders(outbox, options.reminder_timeout))
    finally:
        worker.stop()
        redis.stop()
    return figures(options, sub, tally, initial_version, faults, elapsed)


def report_version(sub: Subjects) -> int:
    from reporting.models import AnnualReport

    plan_id, year, unit_id = (int(part) for part in re.findall(r"\d+", sub.report_url))
    report = AnnualReport.objects.filter(plan_id=plan_id, year=year, unit_id=unit_id).first()
    return report.version if report else 0


def figures(options: Options, sub: Subjects, tally: Tally, initial_version: int, faults: dict, elapsed: float) -> dict:
    stored = list(ParticipatingUnit.objects.filter(name__startswith=UNIT_PREFIX).values_list("name", flat=True))
    created, counted = set(tally.units_created), Counter(stored)
    saved = report_version(sub) - initial_version
    requests = sum(tally.kinds.values())
    return {
        "users": options.users,
        "seconds": round(elapsed, 1),
        "requests": requests,
        "by_kind": dict(tally.kinds),
        "errors": len(tally.errors),
        "error_examples": tally.errors[:10],
        "latency": bench.percentiles(tally.latencies) if len(tally.latencies) > 1 else {},
        "writes": {
            "units_created": len(created),
            "units_lost": len(created - set(stored)),
            "units_doubled": sum(1 for name in counted if counted[name] > 1),
            "units_unexpected": len(set(stored) - created),
            "report_saves": tally.saves,
            "report_refused_as_stale": tally.stale,
            "report_saves_lost": max(0, tally.saves - saved),
            "report_saves_doubled": max(0, saved - tally.saves),
        },
        "reminders": faults,
    }


def write(result: dict, path: Path) -> None:
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def losses(result: dict) -> int:
    writes, reminders = result["writes"], result["reminders"]
    keys = ["units_lost", "units_doubled", "units_unexpected", "report_saves_lost", "report_saves_doubled"]
    return sum(writes[k] for k in keys) + reminders["lost"] + reminders["doubled"]
