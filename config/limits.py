"""A form over the size limits answers on its own page, in Vietnamese.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (text fields), more than
DATA_UPLOAD_MAX_NUMBER_FIELDS fields or DATA_UPLOAD_MAX_NUMBER_FILES files with a bare 400
page, and reads an upload of any size to disk. Here, before any view (or the CSRF check) reads
the form, the body is parsed once; when it is over a limit, or its length is over
REQUEST_MAX_BYTES (the whole request, files included, checked before reading: keep the web
server's client_max_body_size at least this), the request continues as a GET of the same
page, with the message, and answers 413: nothing is saved. An action that has no page of its
own (POST only) sends the user back where they came from, with the message.

In the browser static/js/form_limits.js checks the same limits before sending (base.html
gives it them), so what was typed stays on the page; this is the fallback.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseRedirect, QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def limits() -> dict[str, int]:
    return {
        "body": settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0,
        "fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 0,
        "files": settings.DATA_UPLOAD_MAX_NUMBER_FILES or 0,
        "request": settings.REQUEST_MAX_BYTES,
    }


def refusal(request) -> str | None:
    """Why the request's form cannot be read, or None when it can (it is then parsed)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.REQUEST_MAX_BYTES:
        return _(
            "Nội dung gửi đi quá lớn (%(size)s; tối đa %(max)s). Hãy gửi tệp nhỏ hơn hoặc chia thành nhiều lần."
        ) % {
            "size": filesizeformat(length),
            "max": filesizeformat(settings.REQUEST_MAX_BYTES),
        }
    try:
        request.POST, request.FILES  # noqa: B018 - parsing is the check
    except RequestDataTooBig:
        return _("Nội dung nhập quá lớn (tối đa %(max)s, không kể tệp đính kèm). Hãy rút gọn nội dung rồi gửi lại.") % {
            "max": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    except TooManyFieldsSent:
        return _("Biểu mẫu gửi quá nhiều trường (tối đa %(max)d). Hãy gửi ít dòng hơn mỗi lần.") % {
            "max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    except TooManyFilesSent:
        return _("Gửi quá nhiều tệp một lần (tối đa %(max)d).") % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    return None


class RequestLimitsMiddleware:
    """After the session, the user and the messages are set up; before any view reads the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        message = refusal(request)
        if message is None:
            return self.get_response(request)
        request.request_too_big = message  # base.html shows it above the page
        request.method = "GET"
        request._post, request._files = QueryDict(), MultiValueDict()
        response = self.get_response(request)
        if response.status_code == 405:  # a POST-only action: back to the page it was sent from
            messages.error(request, message)
            back = request.META.get("HTTP_REFERER", "")
            safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
            return HttpResponseRedirect(back if back and safe else "/")
        if response.status_code == 200:
            response.status_code = 413
        return response


def form_limits(request):
    """The limits, for static/js/form_limits.js (data attributes on <body>)."""
    return {"form_limits": limits()}
