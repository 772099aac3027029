"""The benchmark's reminder fan-out (a real worker, a local SMTP server) and PDF timings."""

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


def reminder_fanout(env: dict[str, str], broker: str, *, log: Log, log_path: Path, timeout: float) -> dict:
    """send_reminders for those days, delivered by one `celery worker` on Redis over SMTP to a
    local sink (devtools.smtpsink, started here): seconds from the start of planning to the
    last reminder marked sent, and how many messages the SMTP server accepted."""
    from config.celery import app
    from devtools.smtpsink import SmtpSink
    from reporting.models import Reminder
    from reporting.services.reminders import send_reminders

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.broker_url = broker
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    timed_out = False
    with SmtpSink() as sink, log_path.open("wb") as out:
        worker_env = {**env, "CELERY_BROKER_URL": broker, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments  # nosec
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-l", "warning", "-n", f"{queue}@%h"],
            cwd=settings.BASE_DIR, env=worker_env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            ready = time.monotonic() + 60
            while not app.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=1.0):
                if worker.poll() is not None or time.monotonic() > ready:
                    raise BenchError(f"Celery worker không khởi động được; xem {log_path}")
            days = reminder_days(timezone.localdate().year + 1)
            started = time.perf_counter()
            claimed = 0
            for day in days:
                claimed += len(send_reminders(today=day))
            claim_seconds = time.perf_counter() - started
            log(
                f"  đã nhận {claimed} thư nhắc ({', '.join(f'{d:%d/%m/%Y}' for d in days)}) trong {claim_seconds:.1f} s"
            )
            deadline = time.monotonic() + timeout
            sent = 0
            while True:
                sent = Reminder.objects.filter(status=Reminder.Status.SENT).count()
                if sent >= claimed:
                    break
                if time.monotonic() > deadline:
                    timed_out = True
                    log(f"  hết {timeout:.0f} s mới gửi {sent}/{claimed} thư nhắc; xem {log_path}")
                    break
                time.sleep(0.5)
            seconds = time.perf_counter() - started
        finally:
            worker.terminate()
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        accepted = sink.count
    units = Reminder.objects.filter(unit__isnull=False, status=Reminder.Status.SENT).values("unit").distinct().count()
    log(f"  gửi xong {sent} thư ({units} đơn vị, máy chủ SMTP nhận {accepted}) sau {seconds:.1f} s")
    return {
        "units": units,
        "emails": sent,
        "claimed": claimed,
        "smtp_accepted": accepted,
        "seconds": round(seconds, 1),
        "plan_and_claim_s": round(claim_seconds, 1),
        "timed_out": timed_out,
        "per_second": round(sent / seconds, 1) if seconds else 0,
    }


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
