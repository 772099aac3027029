"""Move each level's receive / return / appraisal / council / decision / submission columns of
a dossier into its stage rows (one per level it reached), and back.

A stage row exists for every level the dossier reached (read from its status) and for any
level whose columns hold a value, so nothing is lost. The times a level received the dossier
and (for the province) sent it to the national level had no column: they are read from the
dossier's timeline when it has them.
"""

from django.db import migrations

BATCH = 500
COMMUNE, PROVINCE, NATIONAL = "commune", "province", "national"

# Old column -> stage field, per level.
COLUMNS = {
    COMMUNE: {
        "returned_reason": "returned_reason",
        "appraisal_comment": "appraisal_comment",
        "council_meeting_date": "council_meeting_date",
        "council_members_present": "council_members_present",
        "council_votes_for": "council_votes_for",
        "council_votes_against": "council_votes_against",
        "forwarded_at": "forwarded_at",
        "forwarded_by_id": "forwarded_by_id",
    },
    PROVINCE: {
        "province_returned_reason": "returned_reason",
        "province_appraisal_comment": "appraisal_comment",
        "province_council_meeting_date": "council_meeting_date",
        "province_council_members_present": "council_members_present",
        "province_council_votes_for": "council_votes_for",
        "province_council_votes_against": "council_votes_against",
        "national_submission_number": "submission_number",
        "national_submission_date": "submission_date",
    },
}
# A dossier is decided at one level: the province's when its status says so, else the commune's.
DECISION = ("decision_number", "decision_date", "decision_signer")
REACHED = {
    COMMUNE: {
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
    },
    PROVINCE: {
        "forwarded",
        "received_by_province",
        "returned_by_province",
        "appraised_by_province",
        "province_council_reviewed",
        "decided_by_province",
        "forwarded_to_national",
    },
    NATIONAL: {"forwarded_to_national"},
}
# Timeline events that tell when a level received the dossier, and when the province sent it up.
RECEIVED_EVENT = {COMMUNE: "received", PROVINCE: "received_by_province"}
SENT_UP_EVENT = {PROVINCE: "forwarded_to_national"}
EMPTY = (None, "")


def _last_events(NominationEvent, db: str, to_status: str) -> dict[int, tuple]:
    rows = NominationEvent.objects.using(db).filter(to_status=to_status).order_by("at", "pk")
    return {row[0]: row[1:] for row in rows.values_list("nomination_id", "at", "by_id")}


def forward(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    NominationStage = apps.get_model("awards", "NominationStage")
    NominationEvent = apps.get_model("awards", "NominationEvent")
    db = schema_editor.connection.alias
    received = {level: _last_events(NominationEvent, db, status) for level, status in RECEIVED_EVENT.items()}
    sent_up = {level: _last_events(NominationEvent, db, status) for level, status in SENT_UP_EVENT.items()}
    stages = []
    for nomination in Nomination.objects.using(db).order_by("pk").iterator(chunk_size=BATCH):
        decided_at = PROVINCE if nomination.status == "decided_by_province" else COMMUNE
        for level in (COMMUNE, PROVINCE, NATIONAL):
            values = {field: getattr(nomination, column) for column, field in COLUMNS.get(level, {}).items()}
            if level == decided_at:
                values.update({name: getattr(nomination, name) for name in DECISION})
            values = {name: value for name, value in values.items() if value not in EMPTY}
            if nomination.status not in REACHED[level] and not values:
                continue
            if nomination.pk in received.get(level, {}):
                values["received_at"], values["received_by_id"] = received[level][nomination.pk]
            if nomination.pk in sent_up.get(level, {}):
                values["forwarded_at"], values["forwarded_by_id"] = sent_up[level][nomination.pk]
            stages.append(NominationStage(nomination_id=nomination.pk, level=level, **values))
        if len(stages) >= BATCH:
            NominationStage.objects.using(db).bulk_create(stages)
            stages = []
    NominationStage.objects.using(db).bulk_create(stages)


def backward(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    NominationStage = apps.get_model("awards", "NominationStage")
    db = schema_editor.connection.alias
    columns = [column for level_columns in COLUMNS.values() for column in level_columns] + list(DECISION)
    nominations = Nomination.objects.using(db).filter(stages__isnull=False).distinct().order_by("pk")
    for batch_start in range(0, nominations.count(), BATCH):
        batch = list(nominations[batch_start : batch_start + BATCH])
        by_nomination: dict[int, dict[str, object]] = {}
        for stage in NominationStage.objects.using(db).filter(nomination__in=batch).order_by("pk"):
            by_nomination.setdefault(stage.nomination_id, {})[stage.level] = stage
        for nomination in batch:
            stages = by_nomination.get(nomination.pk, {})
            for level, level_columns in COLUMNS.items():
                stage = stages.get(level)
                for column, field in level_columns.items():
                    if stage is not None:
                        setattr(nomination, column, getattr(stage, field))
            decided = stages.get(PROVINCE if nomination.status == "decided_by_province" else COMMUNE)
            if decided is not None:
                for name in DECISION:
                    setattr(nomination, name, getattr(decided, name))
        Nomination.objects.using(db).bulk_update(batch, columns)
    # The rows go with 0007's table; emptied here so that migrating forward again starts afresh.
    NominationStage.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0007_stages")]

    operations = [migrations.RunPython(forward, backward)]
