from django.urls import path

from campaigns.views import imports, plans, units

app_name = "campaigns"

urlpatterns = [
    # Plans (campaigns/views/plans.py)
    path("ke-hoach/", plans.plan_list, name="plan_list"),
    path("ke-hoach/nhap-van-ban/", imports.plan_import, name="plan_import"),
    path("ke-hoach/nhap-van-ban/<int:pk>/", imports.plan_import_progress, name="plan_import_progress"),
    path("ke-hoach/nhap-van-ban/<int:pk>/tien-do/", imports.plan_import_status, name="plan_import_status"),
    path("ke-hoach/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/xay-dung-ke-hoach-xa/", plans.plan_derive, name="plan_derive"),
    path("ke-hoach/<int:pk>/sua/", plans.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/sua/<slug:section>/", plans.plan_section, name="plan_section"),
    path("ke-hoach/<int:pk>/sua/<slug:section>/<int:sub_id>/", plans.plan_section, name="plan_subsection"),
    path("ke-hoach/<int:pk>/ban-hanh/", plans.plan_issue, name="plan_issue"),
    path("ke-hoach/<int:pk>/so-voi-ke-hoach-cap-tren/", plans.plan_diff, name="plan_diff"),
    # Participating units (campaigns/views/units.py)
    path("don-vi/", units.unit_list, name="unit_list"),
    path("don-vi/them/", units.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/sua/", units.unit_update, name="unit_update"),
    path("don-vi/<int:pk>/ngung/", units.unit_deactivate, name="unit_deactivate"),
    path("don-vi/<int:pk>/kich-hoat/", units.unit_reactivate, name="unit_reactivate"),
    path("don-vi/<int:pk>/tai-khoan/", units.unit_reporter_create, name="unit_reporter_create"),
    path("don-vi/nhap-excel/", units.unit_import, name="unit_import"),
    path("don-vi/xuat-excel/", units.unit_export, name="unit_export"),
]
