"""The benchmark's reminder fan-out (a real worker, a local SMTP server) and PDF timings."""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from campaigns.models import AdministrativeUnit, Plan
from devtools import synthetic

Log = Callable[[str], None]


class BenchError(Exception):
    """The benchmark cannot run (wrong database, a page failing, a worker not starting)."""


# --- reminders through a real worker, delivered to a local SMTP server ------------------------


def reminder_days(year: int) -> list:
    """One day per deadline date of the synthetic communes' plans (05/12 and 10/12): 7 days
    before it. The bench reminds for next year's deadline, which no unit has reported on yet:
    every unit with an address is reminded (at national scale, all ~100,000)."""
    import datetime

    from reporting.models import ReportingDeadline

    dates = set(
        ReportingDeadline.objects.filter(
            plan__issuer__code__startswith=synthetic.CODE_PREFIX, reporters=ReportingDeadline.Reporters.UNITS
        ).values_list("day", "month")
    )
    return sorted(datetime.date(year, month, day) - datetime.timedelta(days=7) for day, month in dates)


def process_tree_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a process and its descendants, from /proc: the live
    ones, and those that ended and were reaped (their time is in their parent's cutime and
    cstime: a Celery pool's children, PostgreSQL's backends). None where there is no /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    stats: dict[int, tuple[int, float]] = {}  # pid: (parent, seconds)
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / tick)
    tree, total = {pid}, 0.0
    for _round in range(4):  # the worker, its pool, anything they started
        tree |= {child for child, (parent, _s) in stats.items() if parent in tree}
    for member in tree:
        total += stats.get(member, (0, 0.0))[1]
    return round(total, 2)


def postgres_pid() -> int | None:
    """The PostgreSQL server's main process (the parent of this connection's backend), when it
    runs on this machine: its tree's CPU is the database's share of the work. Other databases
    of the same server count too: on a shared machine, compare with `machine_busy_cpu_s`."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    try:
        return int((Path("/proc") / str(backend) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def machine_busy_cpu() -> float | None:
    """CPU seconds the whole machine spent busy (all cores, everything but idle and iowait)."""
    try:
        fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def _worker_command(queue: str, profile: Path | None) -> list[str]:
    command = ["-m", "celery", "-A", "config", "worker", "-Q", queue, "--without-gossip", "--without-mingle",
               "--without-heartbeat", "-l", "warning", "-n", f"{queue}@%h"]  # fmt: skip
    if profile is None:
        return [sys.executable, *command]
    # Profiled: one process (solo pool) under pyinstrument, which writes its text report at exit.
    out = ["-o", str(profile / "worker.txt"), "-r", "text", "--show-all"]
    return [sys.executable, "-m", "pyinstrument", *out, *command, "-P", "solo"]


def reminder_fanout(
    env: dict[str, str], broker: str, *, log: Log, log_path: Path, timeout: float, profile: Path | None = None
) -> dict:
    """send_reminders for those days, delivered by one `celery worker` on Redis over SMTP to a
    local server (devtools.smtpsink.LeanSink, started here): seconds from the start of planning
    to the last reminder marked sent, how many messages the SMTP server accepted, and the CPU
    seconds of this process (planning and claiming), of the worker and of the SMTP server.
    With `profile` (a directory), planning and the worker run under pyinstrument."""
    from config.celery import app
    from devtools.smtpsink import LeanSink
    from reporting.models import Reminder
    from reporting.services.reminders import send_reminders

    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.broker_url = broker
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    timed_out = False
    with LeanSink() as sink, log_path.open("wb") as out:
        worker_env = {**env, "CELERY_BROKER_URL": broker, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments  # nosec
            _worker_command(queue, profile), cwd=settings.BASE_DIR, env=worker_env, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            ready = time.monotonic() + 60
            while not app.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=1.0):
                if worker.poll() is not None or time.monotonic() > ready:
                    raise BenchError(f"Celery worker không khởi động được; xem {log_path}")
            days = reminder_days(timezone.localdate().year + 1)
            worker_cpu, sink_cpu = process_tree_cpu(worker.pid), sink.cpu_seconds
            database = postgres_pid()
            database_cpu, busy_cpu = process_tree_cpu(database) if database else None, machine_busy_cpu()
            profiler = _profiler(profile)
            started, cpu = time.perf_counter(), time.process_time()
            claimed = 0
            for day in days:
                claimed += len(send_reminders(today=day))
            claim_seconds, claim_cpu = time.perf_counter() - started, time.process_time() - cpu
            if profiler is not None:
                profiler.stop()
                (profile / "planning.txt").write_text(profiler.output_text(show_all=True), encoding="utf-8")
            log(
                f"  đã nhận {claimed} thư nhắc ({', '.join(f'{d:%d/%m/%Y}' for d in days)}) trong {claim_seconds:.1f} s"
            )
            deadline = time.monotonic() + timeout
            sent = 0
            pending = Reminder.objects.filter(status=Reminder.Status.PENDING)
            while pending.exists():  # by the index of pending rows: a count of the sent would read them all
                if time.monotonic() > deadline:
                    timed_out = True
                    break
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            sent = Reminder.objects.filter(status=Reminder.Status.SENT).count()
            if timed_out:
                log(f"  hết {timeout:.0f} s mới gửi {sent}/{claimed} thư nhắc; xem {log_path}")
            worker_cpu = _minus(process_tree_cpu(worker.pid), worker_cpu)
            sink_cpu = sink.cpu_seconds - sink_cpu
            database_cpu = _minus(process_tree_cpu(database) if database else None, database_cpu)
            busy_cpu = _minus(machine_busy_cpu(), busy_cpu)
            accepted = sink.count
        finally:
            worker.terminate()
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    units = Reminder.objects.filter(unit__isnull=False, status=Reminder.Status.SENT).values("unit").distinct().count()
    log(f"  gửi xong {sent} thư ({units} đơn vị, máy chủ SMTP nhận {accepted}) sau {seconds:.1f} s")
    return {
        "units": units,
        "emails": sent,
        "claimed": claimed,
        "smtp_accepted": accepted,
        "seconds": round(seconds, 1),
        "plan_and_claim_s": round(claim_seconds, 1),
        "plan_and_claim_cpu_s": round(claim_cpu, 1),
        "worker_cpu_s": worker_cpu,
        "smtp_server_cpu_s": round(sink_cpu, 1),
        "postgres_cpu_s": database_cpu,
        "machine_busy_cpu_s": busy_cpu,
        "timed_out": timed_out,
        "per_second": round(sent / seconds, 1) if seconds else 0,
    }


def _minus(after: float | None, before: float | None) -> float | None:
    return round(after - before, 1) if after is not None and before is not None else None


def _profiler(profile: Path | None):
    if profile is None:
        return None
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    return profiler


# --- PDFs -------------------------------------------------------------------------------------


def _timed(result: dict, name: str, render: Callable[[], bytes]) -> None:
    """Wall-clock seconds (`name_s`), this process's CPU seconds (`name_cpu_s`: on a machine
    shared with other work the figure that does not move with load) and pages (`name_pages`)."""
    import io

    from pypdf import PdfReader

    started, cpu = time.perf_counter(), time.process_time()
    data = render()
    result[f"{name}_s"] = round(time.perf_counter() - started, 2)
    result[f"{name}_cpu_s"] = round(time.process_time() - cpu, 2)
    result[f"{name}_pages"] = len(PdfReader(io.BytesIO(data)).pages)


def pdf_times(plan: Plan, province: AdministrativeUnit, year: int, decision_id: int | None) -> dict:
    """Render times, as a worker renders them (warm: the first render of a process also loads
    the fonts): a commune's and the province's annual summary, the decision of 500 awardees
    and its certificates (full and onto pre-printed blanks)."""
    from awards.documents import render_certificates_pdf
    from campaigns.selectors import plan_document_queryset
    from reporting.officialdoc import render_official_pdf
    from reporting.officialdoc.decision import build_decision, decision_queryset
    from reporting.renderers import render_commune_summary_pdf, render_province_summary_pdf

    def commune() -> bytes:
        return render_commune_summary_pdf(plan_document_queryset().get(pk=plan.pk), year)

    commune()  # warm-up
    result = {"province_communes": AdministrativeUnit.objects.filter(province=province).count()}
    _timed(result, "commune", commune)
    _timed(result, "province", lambda: render_province_summary_pdf(province, year))
    if decision_id:
        from awards.models import Decision

        def decision() -> Decision:
            return Decision.objects.with_lines().select_related("admin_unit").get(pk=decision_id)

        result["decision_awardees"] = decision().lines.count()
        _timed(result, "decision", lambda: render_official_pdf(build_decision(decision_queryset().get(pk=decision_id))))
        _timed(result, "certificates", lambda: render_certificates_pdf(decision()))
        _timed(result, "certificates_blank", lambda: render_certificates_pdf(decision(), blank=True))
        for suffix in ("s", "cpu_s"):
            total = result[f"decision_{suffix}"] + result[f"certificates_{suffix}"]
            result[f"decision_and_certificates_{suffix}"] = round(total, 2)
    return result
