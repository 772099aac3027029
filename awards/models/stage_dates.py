"""The order of a dossier's dates at one level (receipt, council, decision, tờ trình)."""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


def date_order_errors(stage) -> dict[str, str]:
    """A level's dates in the order the work is done: the council meets on or after the day
    the dossier was received at that level, the decision and the tờ trình sending the dossier
    up are dated on or after the council (or the receipt when there was no council). One rule
    for every level, read by the step services before a stage row is saved."""

    def day(value) -> str:
        return formats.date_format(value, "d/m/Y")

    received = timezone.localtime(stage.received_at).date() if stage.received_at else None
    council = stage.council_meeting_date
    errors = {}
    if council and received and council < received:
        errors["council_meeting_date"] = _(
            "Ngày họp Hội đồng (%(council)s) không thể trước ngày hồ sơ được tiếp nhận ở cấp này (%(received)s)."
        ) % {"council": day(council), "received": day(received)}
    for name, label in (("decision_date", _("Ngày quyết định")), ("submission_date", _("Ngày tờ trình"))):
        value = getattr(stage, name)
        if value is None:
            continue
        if council and value < council:
            errors[name] = _("%(what)s (%(date)s) không thể trước ngày họp Hội đồng (%(council)s).") % {
                "what": label,
                "date": day(value),
                "council": day(council),
            }
        elif received and value < received:
            errors[name] = _("%(what)s (%(date)s) không thể trước ngày hồ sơ được tiếp nhận (%(received)s).") % {
                "what": label,
                "date": day(value),
                "received": day(received),
            }
    return errors
