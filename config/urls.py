from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from accounts.forms import LoginForm
from accounts.language import set_language
from awards import urls as awards_urls
from reporting.urls import award_documents, award_registrations
from reporting.views.home import home

admin.site.site_header = "Quản trị Cổng thi đua - khen thưởng"
admin.site.site_title = "Quản trị thi đua - khen thưởng"
admin.site.index_title = "Dữ liệu tham chiếu, kế hoạch và tài khoản"


def healthz(request):
    """Liveness probe and the benchmark's floor: no database, no template, no session."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; the file is a static one."""
    return redirect(static("img/favicon.ico"), permanent=True)


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("campaigns.urls")),
    path("bao-cao/", include("reporting.urls")),
    # awards may not import reporting: the decision's and the tờ trình's documents and the
    # registration list with its reminders (reporting) join the awards namespace here.
    path(
        "khen-thuong/",
        include((awards_urls.urlpatterns + award_documents + award_registrations, awards_urls.app_name)),
    ),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("quan-tri/", admin.site.urls),
]
if settings.DEVTOOLS:  # development only: the benchmark's logged-in floor
    urlpatterns.append(path("_dev/", include("devtools.urls")))
