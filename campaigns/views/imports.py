"""Import a plan document (.docx, .txt, .pdf) into a structured draft. Stub: to be built."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def plan_import(request):
    return HttpResponse("Đang xây dựng")
