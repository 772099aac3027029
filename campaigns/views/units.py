"""Participating units of a commune: list, add, edit, deactivate, reporter accounts, Excel.

Stubs: to be implemented.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def unit_list(request):
    return HttpResponse("Đang xây dựng")


unit_create = unit_update = unit_deactivate = unit_reactivate = unit_reporter_create = unit_list
unit_import = unit_export = unit_list
