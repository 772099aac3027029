from django.urls import path

from reporting import views, views_documents, views_province

app_name = "reporting"

urlpatterns = [
    path("", views.board, name="board"),
    path("don-vi/<int:unit_id>/", views.unit_reports, name="unit_reports"),
    path("ke-hoach/<int:plan_id>/nam/<int:year>/don-vi/<int:unit_id>/", views.report, name="report"),
    path("<int:pk>/nop/", views.report_submit, name="report_submit"),
    path("<int:pk>/tra-lai/", views.report_return, name="report_return"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("tai-lieu/yeu-cau/", views_documents.document_request, name="document_request"),
    path("tai-lieu/<int:pk>/", views_documents.document_status, name="document_status"),
    path("tai-lieu/<int:pk>/tai-ve/", views_documents.document_download, name="document_download"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("lich/", views.calendar_settings, name="calendar_settings"),
    path("lich/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification_open"),
    path("ke-hoach/<int:plan_id>/lich-nhac-han/", views.reminder_policy, name="reminder_policy"),
    # The province: dashboard of communes and departments, statistics.
    path("tinh/", views_province.province_dashboard, name="province_dashboard"),
    path("tinh/thong-ke/", views_province.province_statistics, name="province_statistics"),
    path("tinh/thong-ke/excel/", views_province.province_statistics_export, name="province_statistics_export"),
    # The commune's report to the province.
    path("xa-gui-tinh/", views_province.commune_reports, name="commune_reports"),
    path(
        "xa-gui-tinh/ke-hoach/<int:plan_id>/nam/<int:year>/xa/<int:commune_id>/",
        views_province.commune_report,
        name="commune_report",
    ),
    path("xa-gui-tinh/<int:pk>/nop/", views_province.commune_report_submit, name="commune_report_submit"),
    path("xa-gui-tinh/<int:pk>/tra-lai/", views_province.commune_report_return, name="commune_report_return"),
]
