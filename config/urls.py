from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from campaigns.views import plans as plan_views

admin.site.site_header = "Quản trị Cổng thi đua - khen thưởng"
admin.site.site_title = "Quản trị thi đua - khen thưởng"
admin.site.index_title = "Dữ liệu tham chiếu, kế hoạch và tài khoản"

urlpatterns = [
    path("", plan_views.home, name="home"),
    path("", include("campaigns.urls")),
    path("bao-cao/", include("reporting.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
