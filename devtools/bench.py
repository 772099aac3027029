"""The benchmark behind `manage.py bench`: synthetic data in a database of its own, the
portal served by gunicorn and loaded by concurrent clients, SQL queries per page at 1× and
10× data, the reminder fan-out through a real Celery worker on Redis, and PDF render times.

Separate from the tests (which never assert on wall-clock time). Load is generated with
the standard library only (threads and http.client), so it runs wherever the portal does.
"""

import http.client
import itertools
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.models import ParticipatingUnit, Plan
from devtools import synthetic
from devtools.bench_work import BenchError, Log, pdf_times, reminder_fanout


@dataclass(frozen=True)
class Page:
    name: str
    actor: str  # "officer" or "reviewer"
    path: str


FLOORS = ("healthz", "blank")


def pages_for(plan: Plan, decision_id: int | None, search: str) -> list[Page]:
    """The key pages, after the two floors: /healthz (no session, no database) and the blank
    logged-in page (devtools:blank: the base template, session, user, the nav's unread
    count). The province queue, dashboard, statistics and register search are the province
    reviewer's: they span every commune, so they are the ones that grow."""
    pages = [
        Page("healthz", "", reverse("healthz")),
        Page("blank", "officer", reverse("devtools:blank")),
        Page("officer_home", "officer", reverse("home")),
        Page("reviewer_home", "reviewer", reverse("home")),
        Page("report_board", "officer", reverse("reporting:board")),
        Page("plan_page", "officer", reverse("campaigns:plan_detail", args=[plan.pk])),
        Page("dossier_list", "officer", reverse("awards:nomination_list")),
        Page("province_queue", "reviewer", reverse("awards:province_queue")),
        Page("province_dashboard", "reviewer", reverse("reporting:province_dashboard")),
        Page("statistics", "reviewer", reverse("reporting:province_statistics")),
        Page("register_search", "reviewer", reverse("awards:register_list") + "?" + urlencode({"q": search})),
        Page("decision_list", "officer", reverse("awards:decision_list")),
    ]
    if decision_id:
        pages.append(Page("decision_page", "officer", reverse("awards:decision_detail", args=[decision_id])))
    return pages


# --- the database ---------------------------------------------------------------------------


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BenchError(
            "Phép đo cần PostgreSQL: đặt DATABASE_URL=postgres://… (đang dùng "
            f"{connection.vendor}). Phép đo tạo và dùng một cơ sở dữ liệu riêng trên cùng máy chủ đó."
        )


def database_url(name: str) -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def use_fresh_database(name: str, log: Log) -> None:
    """Drop and create the benchmark database, then point this process's connection at it."""
    import psycopg2
    from psycopg2 import sql

    db = connection.settings_dict
    if name == db["NAME"]:
        raise BenchError(f"Cơ sở dữ liệu đo ({name}) phải khác cơ sở dữ liệu đang dùng; chọn --database khác.")
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"] or None, port=db["PORT"] or None
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    log(f"Cơ sở dữ liệu đo: {name} (tạo mới)")


# --- the server and the load ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(db_url: str, broker: str, cache_prefix: str = "") -> dict[str, str]:
    """Production-like settings for the served portal, with a throwaway secret; the cache in
    Redis (beside the broker, under a key prefix of this run: nothing of an earlier run is read)."""
    return {
        "CACHE_URL": broker,
        "CACHE_KEY_PREFIX": cache_prefix or f"bench-{uuid.uuid4().hex[:8]}",
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": db_url,
        "DEBUG": "0",
        "DJANGO_DEVTOOLS": "1",  # the blank logged-in page (devtools:blank) is the floor
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


class Server:
    """`gunicorn config.wsgi` on a free port, for the duration of a `with` block."""

    def __init__(self, env: dict[str, str], workers: int, log_path: Path) -> None:
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        # DEBUG=0 serves static files through the manifest: it must exist.
        subprocess.run(  # noqa: S603 - our own interpreter and arguments  # nosec
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR, env=self.env, check=True,
        )  # fmt: skip
        self.log_file = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603  # nosec
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn dừng ngay khi khởi động; xem {self.log_path}")
            try:
                if request(self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError("gunicorn không trả lời /healthz sau 60 giây.")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def request(
    port: int,
    path: str,
    *,
    cookie: str = "",
    method: str = "GET",
    body: bytes | None = None,
    conn: http.client.HTTPConnection | None = None,
) -> tuple[int, bytes, list[tuple[str, str]]]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": "127.0.0.1", "Accept-Language": "vi"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data, response.getheaders()
    except (http.client.HTTPException, OSError):
        conn.close()  # gunicorn's sync workers close after each response; reconnect next time
        raise
    finally:
        if own:
            conn.close()


def _cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form; returns the Cookie header of the session."""
    login_path = reverse("login")
    status, body, headers = request(port, login_path)
    cookies = _cookies(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise BenchError(f"Trang đăng nhập trả về HTTP {status} không có mã CSRF.")
    form = urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password})
    status, _body, headers = request(
        port, login_path, method="POST", body=form.encode(), cookie=f"csrftoken={cookies['csrftoken']}"
    )
    cookies.update(_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        raise BenchError(f"Đăng nhập {username} không thành công (HTTP {status}).")
    return f"csrftoken={cookies['csrftoken']}; sessionid={cookies['sessionid']}"


def load(port: int, path: str, *, cookie: str, total: int, concurrency: int) -> list[float]:
    """`total` GETs of `path` by `concurrency` clients at once; latencies in ms (every one a 200)."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while True:
                with lock:
                    if next(counter) >= total:
                        return
                started = time.perf_counter()
                status, _body, headers = request(port, path, cookie=cookie, conn=conn)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        location = {k.lower(): v for k, v in headers}.get("location", "")
                        failures.append(f"HTTP {status} {location}".strip())
        finally:
            conn.close()

    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(client) for _ in range(concurrency)]:
            future.result()
    if failures:
        raise BenchError(f"{path}: {len(failures)} yêu cầu không thành công, ví dụ {failures[0]}")
    return latencies


def percentiles(latencies: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1)}


# --- queries and size per page (in-process, same database) ---------------------------------


def measure_page(user: User | None, path: str) -> dict:
    """SQL queries of one request with the shared cache empty (`queries`: what the first
    reader after a write pays, the N+1 check) and with it warm (`queries_warm`), and the
    HTML size. The process is warmed first: its first request loads what is cached later."""
    client = Client()
    if user is not None:
        client.force_login(user)
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client.get(path, secure=True)
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path, secure=True)
        with CaptureQueriesContext(connection) as warm:
            client.get(path, secure=True)
    if response.status_code != 200:
        raise BenchError(f"{path} trả về HTTP {response.status_code} cho {getattr(user, 'username', '-')}.")
    return {
        "queries": len(cold.captured_queries),
        "queries_warm": len(warm.captured_queries),
        "html_kb": round(len(response.content) / 1024, 1),
    }


# --- the whole run ----------------------------------------------------------------------------


@dataclass
class Options:
    scale: str = "province"
    seed: int = 1
    database: str = "thidua_bench"
    requests: int = 100
    concurrency: int = 8
    workers: int = 3
    broker: str = "redis://127.0.0.1:6379/0"
    reminder_timeout: float = 300
    log_dir: Path = Path("/tmp")  # noqa: S108 - logs of gunicorn and the worker  # nosec
    only: str = ""  # "reminders" / "pdf": the data and the reminder fan-out (or the PDFs), nothing else
    reuse: bool = False  # keep a database that holds this scale's data already (its reminders go)
    profile: Path | None = None  # a directory: planning and the worker under pyinstrument


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give a live database."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum(*models) -> None:
    """Reclaim what a run left (its rows deleted, each sent one's old version) as autovacuum
    would between two days: without it, where autovacuum is off, every run of --reuse finds
    the table and its indexes larger by all the rows of the runs before (1.4 million dead
    rows after a dozen runs: PostgreSQL's CPU in the fan-out up from 21 s to 28 s)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")  # nosec - a model's table


def load_average() -> str:
    """The machine's load, as `uptime` gives it (other work shares the cores: compare pages
    with the floors of the same run)."""
    one, five, fifteen = os.getloadavg()
    return f"{timezone.localtime():%H:%M:%S} load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"


def measure_pages(pages: list[Page], actors: dict, env: dict, options: Options, log: Log) -> dict:
    """Latency under concurrent clients through gunicorn, then queries and size in-process."""
    results: dict = {}
    with Server(env, options.workers, options.log_dir / "bench-gunicorn.log") as server:
        cookies = {role: login(server.port, user.username, synthetic.PASSWORD) for role, user in actors.items()}
        cookies[""] = ""
        warm = 2 * options.concurrency
        for page in pages:
            cookie = cookies[page.actor]
            load(server.port, page.path, cookie=cookie, total=warm, concurrency=options.concurrency)
            latencies = load(
                server.port, page.path, cookie=cookie, total=options.requests, concurrency=options.concurrency
            )
            results[page.name] = percentiles(latencies)
            log(f"  {page.name:<20} {results[page.name]}")  # as it goes: a run cut short still tells
    for page in pages:
        results[page.name].update(measure_page(actors.get(page.actor), page.path))
    blank = results["blank"]["p95_ms"]
    for page in pages:
        row = results[page.name]
        row["p95_vs_blank"] = round(row["p95_ms"] / blank, 2) if blank else None
        if page.name not in FLOORS:
            row["within_3x"] = row["p95_ms"] <= 3 * blank
            row["under_200kb"] = row["html_kb"] < 200
        log(f"  {page.name:<20} {page.path[:40]:<40} {row}")
    return results


def bench_subjects() -> dict:
    """The actors and the objects the pages show (after the data is built or grown)."""
    from awards.models import Decision

    officer, reviewer, commune, plan = synthetic.subjects()
    decision = (
        Decision.objects.filter(admin_unit=commune, status=Decision.Status.SIGNED)
        .exclude(number__startswith="500/")
        .annotate(n=Count("lines"))
        .order_by("-n", "-pk")
        .first()
    )
    return {
        "officer": officer,
        "reviewer": reviewer,
        "commune": commune,
        "plan": plan,
        "decision_id": decision.pk if decision else None,
    }


def reused_database(options: Options, log: Log) -> bool:
    """With --reuse, point at the benchmark database if it holds this scale's synthetic data
    already (its units as many as the scale makes), forgetting the reminders of earlier runs."""
    if not options.reuse or options.database == connection.settings_dict["NAME"]:
        return False
    from reporting.models import Notification, Reminder

    connections.close_all()
    previous = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"]["NAME"] = connections["default"].settings_dict["NAME"] = options.database
    try:
        scale = synthetic.SCALES[options.scale]
        units = ParticipatingUnit.objects.filter(admin_unit__code__startswith=synthetic.CODE_PREFIX).count()
        if units < scale.communes * scale.units[0]:
            raise ValueError(units)
    except Exception:  # no such database, not migrated, another scale: build afresh
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = connections["default"].settings_dict["NAME"] = previous
        return False
    Notification.objects.filter(reminder__isnull=False).delete()
    Reminder.objects.all().delete()
    vacuum(Reminder, Notification)
    analyze()
    log(f"Cơ sở dữ liệu đo: {options.database} (dùng lại: {units} đơn vị; đã xóa thư nhắc cũ)")
    return True


def prepare_data(options: Options, log: Log, timings: dict[str, float]) -> None:
    """A fresh database with the scale's synthetic data (or, with --reuse, the one there)."""
    started = time.perf_counter()
    if reused_database(options, log):
        timings["reuse"] = time.perf_counter() - started
        return
    use_fresh_database(options.database, log)
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate"] = time.perf_counter() - started
    mark = time.perf_counter()
    synthetic.Synthesizer(seed=options.seed, log=log).build(synthetic.SCALES[options.scale])
    analyze()
    timings["make_synthetic"] = time.perf_counter() - mark


def measure_reminders(options: Options, log: Log, machine: dict) -> dict:
    env = server_env(database_url(options.database), options.broker)
    log_path = options.log_dir / "bench-worker.log"
    result = reminder_fanout(
        env, options.broker, log=log, log_path=log_path, timeout=options.reminder_timeout, profile=options.profile
    )
    result["units_in_scale"] = ParticipatingUnit.objects.filter(is_active=True).count()
    machine["load_after_reminders"] = load_average()
    return result


def measure_pdf(plan, commune, officer, log: Log) -> dict:
    """The PDFs of the last year whose reports are all in, and of the decision of 500 awardees
    (made once: a database reused by --only pdf keeps the one an earlier run made)."""
    from awards.models import Decision

    big = Decision.objects.filter(admin_unit=commune, number="500/QĐ-UBND").first()
    big = big or synthetic.big_decision(commune, officer, awardees=500)
    year = timezone.localdate().year - 1
    result = pdf_times(plan, commune.province, year, big.pk)
    result["load_after"] = load_average()
    log(f"  PDF năm {year}: {result}")
    return result


def run(options: Options, log: Log = print) -> dict:
    require_postgresql()
    timings: dict[str, float] = {}
    machine: dict = {"cpus": os.cpu_count(), "load_at_start": load_average()}
    started = time.perf_counter()
    prepare_data(options, log, timings)
    if options.only == "reminders":
        mark = time.perf_counter()
        reminders = measure_reminders(options, log, machine)
        timings["reminders"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - started
        result = {"scale": options.scale, "machine": machine, "reminders": reminders}
        return {"result": result, "timings": {k: round(v, 1) for k, v in timings.items()}, "counts": synthetic.totals()}
    subjects = bench_subjects()
    officer, reviewer, commune, plan = (subjects[k] for k in ("officer", "reviewer", "commune", "plan"))
    province = commune.province
    if options.only == "pdf":
        mark = time.perf_counter()
        pdf = measure_pdf(plan, commune, officer, log)
        timings["pdf"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - started
        machine["load_at_end"] = load_average()
        result = {"scale": options.scale, "machine": machine, "pdf": pdf}
        return {"result": result, "timings": {k: round(v, 1) for k, v in timings.items()}, "counts": synthetic.totals()}
    actors = {"officer": officer, "reviewer": reviewer}
    pages = pages_for(plan, subjects["decision_id"], "nguyen van")
    log(f"Đo với {officer.username} ({commune}) và {reviewer.username} ({province})")

    env = server_env(database_url(options.database), options.broker)
    results: dict = {"pages": {}}
    mark = time.perf_counter()
    results["pages"]["1x"] = measure_pages(pages, actors, env, options, log)
    machine["load_after_pages_1x"] = load_average()
    timings["pages_1x"] = time.perf_counter() - mark

    mark = time.perf_counter()
    results["pdf"] = measure_pdf(plan, commune, officer, log)
    timings["pdf"] = time.perf_counter() - mark

    mark = time.perf_counter()
    results["reminders"] = measure_reminders(options, log, machine)
    timings["reminders"] = time.perf_counter() - mark

    mark = time.perf_counter()
    synthetic.Synthesizer(seed=options.seed, log=log).grow(commune=commune, factor=10)
    analyze()
    timings["grow_10x"] = time.perf_counter() - mark
    subjects = bench_subjects()
    pages = pages_for(plan, subjects["decision_id"], "nguyen van")
    mark = time.perf_counter()
    # The data grew behind the services' back (bulk inserts bump no version): a cache of its own.
    env = server_env(database_url(options.database), options.broker)
    results["pages"]["10x"] = measure_pages(pages, actors, env, options, log)
    machine["load_at_end"] = load_average()
    timings["pages_10x"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    for name, row in results["pages"]["10x"].items():
        before = results["pages"]["1x"].get(name)
        if before is not None:
            row["queries_flat"] = row["queries"] == before["queries"]
    ordered = {
        "scale": options.scale,
        "machine": machine,
        "sample": {
            "requests_per_page": options.requests,
            "warm_up_per_page": 2 * options.concurrency,
            "concurrency": options.concurrency,
            "gunicorn_workers": options.workers,
        },
        "pages": results["pages"],
        "reminders": results["reminders"],
        "pdf": results["pdf"],
    }
    return {"result": ordered, "timings": {k: round(v, 1) for k, v in timings.items()}, "counts": synthetic.totals()}


def write(result: dict, path: Path) -> None:
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def table(result: dict, timings: dict[str, float] | None = None) -> str:
    lines = [
        f"{'trang':<20} {'p95 1×':>8} {'×sàn':>6} {'KB':>7} {'tv':>4} │ {'p95 10×':>8} {'×sàn':>6} {'KB':>7} {'tv':>4}"
    ]
    one, ten = result.get("pages", {}).get("1x", {}), result.get("pages", {}).get("10x", {})
    if not one:  # --only reminders, --only pdf
        lines = []
    for name, row in one.items():
        other = ten.get(name, {})
        lines.append(
            f"{name:<20} {row['p95_ms']:>8} {row['p95_vs_blank'] or 0:>6} {row['html_kb']:>7} {row['queries']:>4} │ "
            f"{other.get('p95_ms', '-'):>8} {other.get('p95_vs_blank', '-'):>6} {other.get('html_kb', '-'):>7} "
            f"{other.get('queries', '-'):>4}"
        )
    reminders, pdf = result.get("reminders"), result.get("pdf")
    if reminders:
        lines.append(
            f"thư nhắc: {reminders['units']} đơn vị, {reminders['emails']} thư trong {reminders['seconds']} s"
            f"{' (hết giờ)' if reminders['timed_out'] else ''} "
            f"(CPU: lập danh sách {reminders['plan_and_claim_cpu_s']} s, "
            f"worker {reminders['worker_cpu_s']} s, máy chủ SMTP {reminders['smtp_server_cpu_s']} s, "
            f"PostgreSQL {reminders['postgres_cpu_s']} s, cả máy {reminders['machine_busy_cpu_s']} s)"
        )
    if pdf:
        lines.append(
            f"PDF: xã {pdf['commune_s']} s, toàn tỉnh ({pdf['province_communes']} xã) {pdf['province_s']} s "
            f"(CPU {pdf['province_cpu_s']} s), quyết định {pdf.get('decision_awardees', 0)} người "
            f"{pdf.get('decision_s', '-')} s + giấy khen {pdf.get('certificates_s', '-')} s "
            f"(CPU {pdf.get('decision_cpu_s', '-')} + {pdf.get('certificates_cpu_s', '-')} = "
            f"{pdf.get('decision_and_certificates_cpu_s', '-')} s), "
            f"in lên phôi {pdf.get('certificates_blank_cpu_s', '-')} s CPU"
        )
    if timings:
        lines.append("thời gian: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
    return "\n".join(lines)
