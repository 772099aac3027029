"""Guards of the production entry points: gunicorn (gunicorn.conf.py at the top of the
checkout) and the Celery worker and beat (config/celery.py) refuse to run with DEBUG on.

DEBUG defaults to on so that `./dev serve` works with nothing configured; a production
process that forgot `DEBUG=0` would show tracebacks and the URL patterns to anyone. Set
DJANGO_ALLOW_DEBUG=1 to run one of them with DEBUG on anyway (a local worker, the tests).
"""

import os

ALLOW_ENV = "DJANGO_ALLOW_DEBUG"


def refuse_debug(process: str) -> None:
    from django.conf import settings

    if settings.DEBUG and os.environ.get(ALLOW_ENV) != "1":
        raise SystemExit(
            f"{process} không chạy khi DEBUG đang bật (DEBUG không đặt thì mặc định là 1): "
            f"ở môi trường vận hành hãy đặt DEBUG=0 và DJANGO_SECRET_KEY. "
            f"Nếu thật sự muốn chạy {process} với DEBUG=1 (máy phát triển), đặt {ALLOW_ENV}=1."
        )
