from django.urls import path

from awards import views
from awards.views import bulk, decisions, register

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="nomination_list"),
    path("tinh/", views.province_queue, name="province_queue"),
    path("them/", views.nomination_create, name="nomination_create"),
    path("nhieu-ho-so/", bulk.nomination_bulk, name="nomination_bulk"),
    path("hinh-thuc/", views.award_form_options, name="award_form_options"),
    path("<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("<int:pk>/sua/", views.nomination_update, name="nomination_update"),
    path("<int:pk>/chuyen-buoc/", views.nomination_transition, name="nomination_transition"),
    path("<int:pk>/tai-lieu/", views.document_upload, name="document_upload"),
    path("tai-lieu/<int:pk>/xoa/", views.document_delete, name="document_delete"),
    path("tai-lieu/<int:pk>/tai-ve/", views.document_download, name="document_download"),
    # Decisions (quyết định khen thưởng) and their documents; the decision itself and the tờ
    # trình as PDF and DOCX are reporting's (reporting.urls.award_documents, see config/urls.py).
    path("quyet-dinh/", decisions.decision_list, name="decision_list"),
    path("quyet-dinh/them/", decisions.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/sua/", decisions.decision_update, name="decision_update"),
    path("quyet-dinh/<int:pk>/ho-so/", decisions.decision_add_nominations, name="decision_add_nominations"),
    path("quyet-dinh/<int:pk>/them-dong/", decisions.decision_add_line, name="decision_add_line"),
    path("quyet-dinh/dong/<int:pk>/xoa/", decisions.decision_remove_line, name="decision_remove_line"),
    path("quyet-dinh/<int:pk>/ky/", decisions.decision_sign, name="decision_sign"),
    path("quyet-dinh/<int:pk>/thu-hoi/", decisions.decision_revoke, name="decision_revoke"),
    path("quyet-dinh/<int:pk>/ban-quet/", decisions.decision_scan, name="decision_scan"),
    path("quyet-dinh/<int:pk>/giay-khen/", decisions.decision_certificates, name="decision_certificates"),
    path("phoi/can-chinh/", decisions.certificate_calibration, name="certificate_calibration"),
    # The award register (sổ vàng) and the awardees.
    path("so-vang/", register.register_list, name="register_list"),
    path("so-vang/excel/", register.register_export, name="register_export"),
    path("so-vang/them/", register.register_add, name="register_add"),
    path("so-vang/nhap-excel/", register.register_import, name="register_import"),
    path("doi-tuong/them/", register.awardee_create, name="awardee_create"),
    path("doi-tuong/<int:pk>/", register.awardee_detail, name="awardee_detail"),
    path("doi-tuong/<int:pk>/sua/", register.awardee_update, name="awardee_update"),
]
