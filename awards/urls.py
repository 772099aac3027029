from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="nomination_list"),
    path("tinh/", views.province_queue, name="province_queue"),
    path("them/", views.nomination_create, name="nomination_create"),
    path("hinh-thuc/", views.award_form_options, name="award_form_options"),
    path("<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("<int:pk>/sua/", views.nomination_update, name="nomination_update"),
    path("<int:pk>/chuyen-buoc/", views.nomination_transition, name="nomination_transition"),
    path("<int:pk>/tai-lieu/", views.document_upload, name="document_upload"),
    path("tai-lieu/<int:pk>/xoa/", views.document_delete, name="document_delete"),
    path("tai-lieu/<int:pk>/tai-ve/", views.document_download, name="document_download"),
]
