from django.urls import path

from reporting.views import (
    calendar,
    chasing,
    commune_reports,
    decisions,
    documents,
    notifications,
    province,
    registrations,
    reports,
)

app_name = "reporting"

urlpatterns = [
    path("", reports.board, name="board"),
    path("nhac-ngay/", chasing.board_remind, name="board_remind"),
    path("chua-nop/excel/", chasing.board_missing_export, name="board_missing_export"),
    path("don-vi/<int:unit_id>/", reports.unit_reports, name="unit_reports"),
    path("ke-hoach/<int:plan_id>/nam/<int:year>/don-vi/<int:unit_id>/", reports.report, name="report"),
    path("<int:pk>/nop/", reports.report_submit, name="report_submit"),
    path("<int:pk>/tra-lai/", reports.report_return, name="report_return"),
    path("minh-chung/<int:pk>/", reports.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", reports.evidence_delete, name="evidence_delete"),
    path("tai-lieu/yeu-cau/", documents.document_request, name="document_request"),
    path("tai-lieu/<int:pk>/", documents.document_status, name="document_status"),
    path("tai-lieu/<int:pk>/tai-ve/", documents.document_download, name="document_download"),
    path("thong-bao/", notifications.notifications, name="notifications"),
    path("lich/", calendar.calendar_settings, name="calendar_settings"),
    path("lich/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("thong-bao/cach-nhan/", notifications.notice_preferences, name="notice_preferences"),
    path("thong-bao/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("ke-hoach/<int:plan_id>/lich-nhac-han/", notifications.reminder_policy, name="reminder_policy"),
    # The province: dashboard of communes and departments, statistics.
    path("tinh/", province.province_dashboard, name="province_dashboard"),
    path("tinh/nhac-ngay/", chasing.province_remind, name="province_remind"),
    path("tinh/chua-gui/excel/", chasing.province_missing_export, name="province_missing_export"),
    path("tinh/thong-ke/", province.province_statistics, name="province_statistics"),
    path("tinh/thong-ke/excel/", province.province_statistics_export, name="province_statistics_export"),
    # The commune's report to the province.
    path("xa-gui-tinh/", commune_reports.commune_reports, name="commune_reports"),
    path(
        "xa-gui-tinh/ke-hoach/<int:plan_id>/nam/<int:year>/xa/<int:commune_id>/",
        commune_reports.commune_report,
        name="commune_report",
    ),
    path("xa-gui-tinh/<int:pk>/nop/", commune_reports.commune_report_submit, name="commune_report_submit"),
    path("xa-gui-tinh/<int:pk>/tra-lai/", commune_reports.commune_report_return, name="commune_report_return"),
]

# The decision, its certificates, the tờ trình and the council's minutes: config/urls.py serves them under the
# awards paths and in the awards namespace ("awards:decision_pdf"), beside the decision pages.
award_documents = [
    path("to-trinh/", decisions.submission_document, name="submission_pdf"),
    path("to-trinh/docx/", decisions.submission_document, {"fmt": "docx"}, name="submission_docx"),
    path("binh-xet/to-trinh/", decisions.proposal_submission_document, name="proposal_submission_pdf"),
    path(
        "binh-xet/to-trinh/docx/",
        decisions.proposal_submission_document,
        {"fmt": "docx"},
        name="proposal_submission_docx",
    ),
    # One page for what is printed from a decision, each made in the background (GeneratedDocument).
    path("quyet-dinh/<int:pk>/pdf/", decisions.decision_documents, name="decision_pdf"),
    path("quyet-dinh/<int:pk>/docx/", decisions.decision_documents, {"fmt": "docx"}, name="decision_docx"),
    path("quyet-dinh/<int:pk>/giay-khen/", decisions.decision_documents, name="decision_certificates"),
    path("hoi-dong/<int:pk>/bien-ban/pdf/", decisions.council_minutes, name="council_minutes_pdf"),
    path("hoi-dong/<int:pk>/bien-ban/docx/", decisions.council_minutes, {"fmt": "docx"}, name="council_minutes_docx"),
]

# The commune's registration list (đăng ký thi đua) with its chasing: served by config/urls.py
# in the awards namespace ("awards:registration_board"), beside the registration pages.
award_registrations = [
    path("dang-ky-thi-dua/", registrations.registration_board_page, name="registration_board"),
    path(
        "dang-ky-thi-dua/xa/<int:commune_id>/nhac-ngay/", registrations.registration_remind, name="registration_remind"
    ),
    path(
        "dang-ky-thi-dua/chua-dang-ky/excel/",
        registrations.registration_missing_export,
        name="registration_missing_export",
    ),
]
