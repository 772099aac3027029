"""The stage rows' data migration (awards 0008), forward and back, on a database of its own
holding a dossier in every state with its level columns filled. The database is the
configured backend's (SQLite locally, PostgreSQL in CI): a scratch database beside the test
database, so moving the schema back and forth leaves the other tests' data alone."""

import copy
import datetime

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("awards", "0007_stages")]  # the stage table exists, the level columns still hold the data
AFTER = [("awards", "0009_drop_level_columns")]
ALIAS = "awards_migrations"

STATUSES = [
    "draft",
    "submitted",
    "returned",
    "received",
    "appraised",
    "council_reviewed",
    "decided",
    "forwarded",
    "received_by_province",
    "returned_by_province",
    "appraised_by_province",
    "province_council_reviewed",
    "decided_by_province",
    "forwarded_to_national",
]
AT_PROVINCE = set(STATUSES[7:])
COMMUNE_COLUMNS = {
    "returned_reason": "returned_reason",
    "appraisal_comment": "appraisal_comment",
    "council_meeting_date": "council_meeting_date",
    "council_members_present": "council_members_present",
    "council_votes_for": "council_votes_for",
    "council_votes_against": "council_votes_against",
    "forwarded_at": "forwarded_at",
}
PROVINCE_COLUMNS = {
    "province_returned_reason": "returned_reason",
    "province_appraisal_comment": "appraisal_comment",
    "province_council_meeting_date": "council_meeting_date",
    "province_council_members_present": "council_members_present",
    "province_council_votes_for": "council_votes_for",
    "province_council_votes_against": "council_votes_against",
    "national_submission_number": "submission_number",
    "national_submission_date": "submission_date",
}
DECISION = ["decision_number", "decision_date", "decision_signer"]


@pytest.fixture
def scratch(django_db_blocker, tmp_path):
    """A connection to an empty database of the configured backend."""
    config = copy.deepcopy(connections.databases["default"])
    postgres = connection.vendor == "postgresql"
    config["NAME"] = f"{connection.settings_dict['NAME']}_migrations" if postgres else str(tmp_path / "m.sqlite3")
    with django_db_blocker.unblock():
        if postgres:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
        connections.settings[ALIAS] = config
        try:
            yield connections[ALIAS]
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            if postgres:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')


def migrate(db, target):
    executor = MigrationExecutor(db)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def old_dossiers(apps, db) -> dict[str, dict]:
    """One dossier per state, on the old schema, with the columns each state has filled."""
    model = lambda label: apps.get_model(*label.split(".")).objects.using(db.alias)  # noqa: E731
    user = model("accounts.User").create(username="cole", password="x")
    province = model("campaigns.AdministrativeUnit").create(name="Ninh Bình", kind="province", code="NB")
    commune = model("campaigns.AdministrativeUnit").create(name="Cổ Lễ", kind="commune", code="NB1", province=province)
    subject = model("criteria.SubjectType").first() or model("criteria.SubjectType").create(code="x", name="x")
    unit = model("campaigns.ParticipatingUnit").create(
        admin_unit=commune, name="Trường THCS Cổ Lễ", subject_type=subject
    )
    campaign = model("campaigns.Campaign").create(name="Đổi mới sáng tạo", launched_by="Thủ tướng")
    plan = model("campaigns.Plan").create(
        issuer=commune, campaign=campaign, number="12/KH-UBND", title="Thi đua", period_start=2026, period_end=2030
    )
    award_form = model("awards.AwardForm").create(
        code="giay_khen", name="Giấy khen", granted_by="Chủ tịch UBND xã", level="commune", recipients="both", rank=9
    )
    filled = {}
    for index, status in enumerate(STATUSES):
        columns = {}
        if status != "draft":
            columns |= {
                "returned_reason": f"Thiếu xác nhận ({status})",
                "appraisal_comment": f"Đủ điều kiện ({status})",
                "council_meeting_date": datetime.date(2026, 12, 1 + index),
                "council_members_present": 9,
                "council_votes_for": 8,
                "council_votes_against": 1,
            }
        if status in AT_PROVINCE:
            columns |= {
                "forwarded_at": timezone.now().replace(microsecond=0) - datetime.timedelta(days=index),
                "forwarded_by_id": user.pk,
                "province_returned_reason": f"Tỉnh trả lại ({status})",
                "province_appraisal_comment": f"Tỉnh thẩm định ({status})",
                "province_council_meeting_date": datetime.date(2027, 1, 1 + index),
                "province_council_members_present": 11,
                "province_council_votes_for": 10,
                "province_council_votes_against": 1,
            }
        if status == "forwarded_to_national":
            columns |= {
                "national_submission_number": "12/TTr-UBND",
                "national_submission_date": datetime.date(2027, 1, 25),
            }
        if status in ("decided", "decided_by_province"):
            columns |= {
                "decision_number": f"{index}/QĐ-UBND",
                "decision_date": datetime.date(2027, 2, index),
                "decision_signer": "Vũ Mạnh Cường",
            }
        nomination = model("awards.Nomination").create(
            plan=plan,
            occasion="annual",
            award_form=award_form,
            nominee_kind="collective",
            unit=unit,
            achievements=status,
            status=status,
            created_by=user,
            **columns,
        )
        if status == "received":
            model("awards.NominationEvent").create(nomination=nomination, to_status="received", by=user)
        filled[status] = {"pk": nomination.pk, **columns}
    return filled


@pytest.mark.django_db
@pytest.mark.long
def test_every_state_lands_in_its_stage_rows_and_comes_back(scratch):
    apps = migrate(scratch, BEFORE)
    filled = old_dossiers(apps, scratch)

    apps = migrate(scratch, AFTER)
    Stage = apps.get_model("awards", "NominationStage")
    stages = {(s.nomination_id, s.level): s for s in Stage.objects.using(ALIAS).all()}
    for status, columns in filled.items():
        pk = columns["pk"]
        levels = {level for nomination_id, level in stages if nomination_id == pk}
        expected = set() if status == "draft" else {"commune"}
        expected |= {"province"} if status in AT_PROVINCE else set()
        expected |= {"national"} if status == "forwarded_to_national" else set()
        assert levels == expected, status
        for level, mapping in (("commune", COMMUNE_COLUMNS), ("province", PROVINCE_COLUMNS)):
            stage = stages.get((pk, level))
            for column, field in mapping.items():
                if stage is not None:
                    assert getattr(stage, field) == columns.get(column, stage._meta.get_field(field).get_default())
        if status in AT_PROVINCE:
            assert stages[(pk, "commune")].forwarded_by_id == columns["forwarded_by_id"]
        decided_at = {"decided": "commune", "decided_by_province": "province"}.get(status)
        for level in levels:
            stage = stages[(pk, level)]
            decision = [getattr(stage, name) for name in DECISION]
            assert decision == ([columns[name] for name in DECISION] if level == decided_at else ["", None, ""])
    received = stages[(filled["received"]["pk"], "commune")]
    assert received.received_at is not None and received.received_by_id is not None  # read from the timeline

    apps = migrate(scratch, BEFORE)
    Nomination = apps.get_model("awards", "Nomination")
    assert not apps.get_model("awards", "NominationStage").objects.using(ALIAS).exists()
    for status, columns in filled.items():
        restored = Nomination.objects.using(ALIAS).get(pk=columns["pk"])
        for column in [*COMMUNE_COLUMNS, *PROVINCE_COLUMNS, *DECISION, "forwarded_by_id"]:
            default = Nomination._meta.get_field(column.removesuffix("_id")).get_default()
            assert getattr(restored, column) == columns.get(column, default), (status, column)


@pytest.mark.django_db
@pytest.mark.long
def test_the_vote_thresholds_are_seeded_for_the_forms_there_and_go_back(scratch):
    """awards 0014: a threshold for each seeded form that exists (a code not yet an award form
    is skipped) and the simple majority for every other form; back to 0013, and forward again."""
    apps = migrate(scratch, [("awards", "0013_registration")])
    forms = apps.get_model("awards", "AwardForm").objects.using(ALIAS)
    forms.get_or_create(
        code="chien_si_thi_dua_co_so",
        defaults={"name": "Chiến sĩ thi đua cơ sở", "granted_by": "Chủ tịch UBND xã", "level": "commune",
                  "recipients": "individual", "rank": 6},
    )  # fmt: skip
    forms.filter(code="chien_si_thi_dua_tinh").delete()
    for _ in range(2):  # forward, back, forward: the seed is the same
        apps = migrate(scratch, [("awards", "0014_council")])
        rows = apps.get_model("awards", "VoteThreshold").objects.using(ALIAS)
        seeded = {(row.award_form.code if row.award_form_id else None, str(row.percent), row.base) for row in rows}
        assert ("chien_si_thi_dua_co_so", "80.00", "all_members") in seeded
        assert (None, "50.00", "voting") in seeded
        assert not any(code == "chien_si_thi_dua_tinh" for code, _, _ in seeded)
        migrate(scratch, [("awards", "0013_registration")])


@pytest.mark.django_db
@pytest.mark.long
def test_the_time_sent_up_is_copied_from_the_commune_stage(scratch):
    """awards 0025: each dossier's sent_up_at (the province queue's order) is its commune
    stage's forwarded_at; a dossier never sent up has none."""
    apps = migrate(scratch, BEFORE)
    filled = old_dossiers(apps, scratch)

    apps = migrate(scratch, [("awards", "0025_nomination_sent_up_at")])

    Nomination = apps.get_model("awards", "Nomination")
    for status, columns in filled.items():
        sent_up_at = Nomination.objects.using(ALIAS).get(pk=columns["pk"]).sent_up_at
        assert sent_up_at == columns.get("forwarded_at"), status
    assert sum(1 for columns in filled.values() if columns.get("forwarded_at")) == len(AT_PROVINCE)
