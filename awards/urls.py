from django.urls import path

from awards import views
from awards.views import bulk, council, cycle, decisions, initiatives, register, registration, registration_commune

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="nomination_list"),
    path("tinh/", views.province_queue, name="province_queue"),
    path("tinh/goi-y-xa/", views.province_queue_options, {"field": "commune"}, name="province_queue_communes"),
    path("tinh/goi-y-ke-hoach/", views.province_queue_options, {"field": "plan"}, name="province_queue_plans"),
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
    path("phoi/can-chinh/", decisions.certificate_calibration, name="certificate_calibration"),
    # The council (Hội đồng Thi đua - Khen thưởng): meetings and their ballots; the minutes as PDF
    # and DOCX are reporting's (reporting.urls.award_documents).
    path("hoi-dong/", council.council_list, name="council_list"),
    path("hoi-dong/them/", council.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", council.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/sua/", council.council_update, name="council_update"),
    path("hoi-dong/<int:pk>/bo-phieu/", council.council_add_ballots, name="council_add_ballots"),
    path("hoi-dong/<int:pk>/chot/", council.council_close, name="council_close"),
    path("hoi-dong/phieu/<int:pk>/sua/", council.council_ballot_update, name="council_ballot_update"),
    path("hoi-dong/phieu/<int:pk>/xoa/", council.council_ballot_remove, name="council_ballot_remove"),
    # The award register (sổ vàng) and the awardees.
    path("so-vang/", register.register_list, name="register_list"),
    path("so-vang/excel/", register.register_export, name="register_export"),
    path("so-vang/them/", register.register_add, name="register_add"),
    path("so-vang/nhap-excel/", register.register_import, name="register_import"),
    path("doi-tuong/them/", register.awardee_create, name="awardee_create"),
    path("doi-tuong/<int:pk>/", register.awardee_detail, name="awardee_detail"),
    path("doi-tuong/<int:pk>/sua/", register.awardee_update, name="awardee_update"),
    # Registration (đăng ký thi đua): a unit's page and its steps; the commune's list and its
    # chasing are reporting's (reporting.urls.award_registrations, see config/urls.py).
    path(
        "dang-ky-thi-dua/nam/<int:year>/don-vi/<int:unit_id>/", registration.registration_unit, name="registration_unit"
    ),
    path(
        "dang-ky-thi-dua/nam/<int:year>/don-vi/<int:unit_id>/danh-hieu-tap-the/",
        registration.registration_title,
        name="registration_title",
    ),
    path(
        "dang-ky-thi-dua/nam/<int:year>/don-vi/<int:unit_id>/ca-nhan/",
        registration.registration_line_add,
        name="registration_line_add",
    ),
    path(
        "dang-ky-thi-dua/nam/<int:year>/don-vi/<int:unit_id>/them-nguoi/",
        registration.registration_person_add,
        name="registration_person_add",
    ),
    path("dang-ky-thi-dua/dong/<int:pk>/xoa/", registration.registration_line_remove, name="registration_line_remove"),
    path("dang-ky-thi-dua/<int:pk>/nop/", registration.registration_submit, name="registration_submit"),
    path("dang-ky-thi-dua/<int:pk>/tra-lai/", registration.registration_return, name="registration_return"),
    path("dang-ky-thi-dua/<int:pk>/tong-hop/", registration.registration_consolidate, name="registration_consolidate"),
    path(
        "dang-ky-thi-dua/xa/<int:commune_id>/tong-hop/",
        registration.registration_consolidate_all,
        name="registration_consolidate_all",
    ),
    path("dang-ky-thi-dua/excel/", registration_commune.registration_export, name="registration_export"),
    path("dang-ky-thi-dua/nhap-excel/", registration_commune.registration_import, name="registration_import"),
    path("dang-ky-thi-dua/han/", registration_commune.registration_deadline, name="registration_deadline"),
    # The yearly cycle: initiatives, proposals and their evaluation, decisions and tờ trình.
    path("sang-kien/", initiatives.initiative_list, name="initiative_list"),
    path("sang-kien/them/", initiatives.initiative_create, name="initiative_create"),
    path("sang-kien/<int:pk>/sua/", initiatives.initiative_update, name="initiative_update"),
    path("sang-kien/<int:pk>/xoa/", initiatives.initiative_delete, name="initiative_delete"),
    path("binh-xet/", cycle.cycle_evaluation, name="cycle_evaluation"),
    path("binh-xet/them/", cycle.proposal_create, name="proposal_create"),
    path("binh-xet/tu-dang-ky/", cycle.cycle_from_registrations, name="cycle_from_registrations"),
    path("binh-xet/quyet-dinh/", cycle.cycle_issue_decisions, name="cycle_issue_decisions"),
    path("binh-xet/trinh-tinh/", cycle.cycle_send_to_province, name="cycle_send_to_province"),
    path("binh-xet/<int:pk>/", cycle.proposal_detail, name="proposal_detail"),
    path("binh-xet/<int:pk>/sua/", cycle.proposal_update, name="proposal_update"),
    path("binh-xet/<int:pk>/vuot-tieu-chuan/", cycle.proposal_override, name="proposal_override"),
    path("binh-xet/<int:pk>/thanh-vien/", cycle.proposal_members, name="proposal_members"),
]
