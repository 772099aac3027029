import io
import json

import pytest
from django.core.management import CommandError, call_command

from campaigns.exchange import plan_from_data, plan_to_data
from campaigns.models import AdministrativeUnit, Plan
from campaigns.selectors import plan_document_queryset

pytestmark = pytest.mark.django_db

SCHEMA_KEYS = {
    "issuer", "number", "issued_on", "title", "campaign", "parents", "purposes", "requirements", "contents",
    "criteria", "award_forms", "solutions", "phases", "deadlines", "responsibilities", "recipients", "signer",
}  # fmt: skip


def export(*args) -> tuple[str, list[dict]]:
    out = io.StringIO()
    call_command("export_plan", *args, stdout=out)
    raw = out.getvalue()
    return raw, json.loads(raw)


def test_export_all_prints_every_plan_as_utf8_json():
    raw, data = export("--all")
    assert len(data) == Plan.objects.count() == 5
    assert "xã Cổ Lễ" in raw and "\\u" not in raw  # non-ASCII is not escaped
    for plan in data:
        assert plan.keys() >= SCHEMA_KEYS


def test_export_of_the_commune_plan_has_the_documented_shape(plan_co_le):
    _, [data] = export(str(plan_co_le.pk))
    assert data["issuer"] == {"name": "xã Cổ Lễ", "level": "commune", "province": "tỉnh Ninh Bình"}
    assert data["number"] == "" and data["issued_on"] is None
    assert data["campaign"] == "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số"
    assert data["parents"][0] == {
        "kind": "Kế hoạch",
        "number": "02/KH-UBND",
        "date": "2025-07-09",
        "issuer": "UBND tỉnh Ninh Bình",
        "summary": data["parents"][0]["summary"],
        "in_system": True,
        "plan_id": Plan.objects.get(issuer__name="Ninh Bình").pk,
    }
    assert data["parents"][1]["in_system"] is False
    assert list(data["criteria"]) == [
        "Cơ quan, đơn vị",
        "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
        "Doanh nghiệp",
        "Cá nhân",
    ]
    assert data["award_forms"][-1] == {
        "occasion": "final",
        "name": "Giấy khen của UBND xã",
        "granted_by": "Chủ tịch Ủy ban nhân dân xã, phường, đặc khu",
    }
    assert data["phases"][0] == {
        "name": "Giai đoạn 1",
        "start_year": 2025,
        "end_year": 2027,
        "review": {"kind": "preliminary", "year": 2027},
        "description": data["phases"][0]["description"],
    }
    assert data["deadlines"] == [
        {
            "day": 10,
            "month": 12,
            "reporter": "các phòng, ban, ngành, cơ quan và đơn vị",
            "receiver": "Ủy ban nhân dân xã",
            "via": "Phòng Văn hóa - Xã hội",
            "reporters": "units",
        }
    ]
    assert data["signer"] == {
        "capacity": "TM. ỦY BAN NHÂN DÂN",
        "delegation": "",
        "title": "CHỦ TỊCH",
        "name": "Vũ Mạnh Cường",
    }
    assert data["responsibilities"][1]["body"] == "Phòng Văn hóa - Xã hội"
    assert len(data["responsibilities"][1]["duties"]) == 4


def test_unsigned_draft_exports_null_signer_and_date(plan_ninh_binh):
    _, [data] = export(str(plan_ninh_binh.pk))
    assert data["signer"] is None and data["issued_on"] is None and data["number"] == ""


def test_export_then_import_gives_the_same_plan():
    """The schema carries everything: a plan rebuilt from its export exports identically."""
    issuer = AdministrativeUnit.objects.create(
        kind="xa", name="Thử Nghiệm", province=AdministrativeUnit.objects.get(name="Ninh Bình")
    )
    for original in plan_document_queryset():
        data = plan_to_data(original)
        copy = plan_from_data(data=data, issuer=issuer, parent_plans={})
        again = plan_to_data(plan_document_queryset().get(pk=copy.pk))
        for key in ("id", "issuer", "parents"):
            data.pop(key), again.pop(key)
        assert again == data


def test_export_needs_ids_or_all():
    with pytest.raises(CommandError, match="--all"):
        call_command("export_plan", stdout=io.StringIO())


def test_export_of_unknown_id_fails_clearly():
    with pytest.raises(CommandError, match="Không có kế hoạch mã: 9999"):
        call_command("export_plan", "9999", stdout=io.StringIO())
