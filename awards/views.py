from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def nomination_list(request):
    return HttpResponse("Đang xây dựng")
