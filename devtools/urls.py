from django.urls import path

from devtools import views

app_name = "devtools"

urlpatterns = [path("trang-trong/", views.blank, name="blank")]
