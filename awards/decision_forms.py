"""Forms of decisions, awardees and the award register."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.forms import _date_field
from awards.models import Awardee, AwardForm, DecidingLevel, Decision, Nomination, RegisterEntry, forms_decided_at
from awards.models.nominations import STATES_OF
from awards.services.awardees import EDITABLE_FIELDS
from awards.services.decisions import HEADER_FIELDS
from campaigns.excel import fold
from campaigns.models import Level, ParticipatingUnit


class DecisionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decided_on = _date_field(_("Ngày ký"))
    proposal_date = _date_field(_("Ngày tờ trình"))

    class Meta:
        model = Decision
        fields = list(HEADER_FIELDS)
        widgets = {
            "legal_bases": forms.Textarea(attrs={"rows": 4}),
            "executors": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].required = False
        self.fields["proposal_date"].required = False

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in HEADER_FIELDS}


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=50, required=False)
    decided_on = _date_field(_("Ngày ký"))
    scan = forms.FileField(label=_("Bản quét quyết định đã ký (PDF, JPG, PNG)"), required=False)

    def __init__(self, *args, decision: Decision | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].required = False


class RevokeForm(forms.Form):
    revoking = forms.ModelChoiceField(label=_("Bị thu hồi bởi quyết định"), queryset=Decision.objects.none())
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoking"].queryset = Decision.objects.filter(
            admin_unit_id=decision.admin_unit_id, status=Decision.Status.SIGNED
        ).exclude(pk=decision.pk)


class LineForm(forms.Form):
    awardee = forms.ModelChoiceField(label=_("Đối tượng"), queryset=Awardee.objects.none())
    award_form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.none())
    achievement = forms.CharField(label=_("Thành tích (một dòng)"), max_length=500)

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awardee"].queryset = Awardee.objects.filter(admin_unit_id=decision.admin_unit_id)
        day = decision.decided_on or timezone.localdate()
        self.fields["award_form"].queryset = forms_decided_at(decision.admin_unit.level, day).order_by("rank", "name")


def decided_nominations(decision: Decision):
    """Dossiers decided at the decision's level, of its issuer, not yet in a decision."""
    level = decision.admin_unit.level
    found = Nomination.objects.filter(status=STATES_OF[level].decided, decision_line__isnull=True)
    if level == Level.COMMUNE:
        found = found.filter(plan__issuer_id=decision.admin_unit_id)
    else:
        found = found.filter(plan__issuer__province_id=decision.admin_unit_id)
    return found.select_related("award_form", "unit").order_by("award_form__rank", "pk")


class AddNominationsForm(forms.Form):
    nominations = forms.ModelMultipleChoiceField(
        label=_("Hồ sơ đã quyết định khen thưởng"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một hồ sơ.")},
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = decided_nominations(decision)
        self.fields["nominations"].label_from_instance = lambda n: f"{n.nominee_name} – {n.award_form.name}"


class AwardeeForm(forms.ModelForm):
    date_of_birth = _date_field(_("Ngày sinh"))

    class Meta:
        model = Awardee
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, admin_unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].required = False
        self.fields["unit"].queryset = ParticipatingUnit.objects.filter(admin_unit_id=admin_unit_id)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên (gõ có hoặc không dấu)"), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    level = forms.ChoiceField(label=_("Cấp khen"), required=False, choices=[("", "—"), *DecidingLevel.choices])
    award_form = forms.ModelChoiceField(label=_("Hình thức"), required=False, queryset=AwardForm.objects.all())
    unit = forms.ModelChoiceField(label=_("Đơn vị"), required=False, queryset=ParticipatingUnit.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["q"]:
            entries = entries.filter(search_key__contains=fold(data["q"]))
        for name, lookup in (
            ("year", "year"),
            ("level", "level"),
            ("award_form", "award_form"),
            ("unit", "awardee__unit"),
        ):
            if data[name]:
                entries = entries.filter(**{lookup: data[name]})
        return entries


class RegisterEntryForm(forms.ModelForm):
    decision_date = _date_field(_("Ngày quyết định"))

    class Meta:
        model = RegisterEntry
        fields = ["awardee", "award_form", "decision_number", "decision_date", "issuer_name", "achievement", "kind"]

    def __init__(self, *args, admin_unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awardee"].queryset = Awardee.objects.filter(admin_unit_id=admin_unit_id)
        self.fields["issuer_name"].required = False
        self.fields["kind"].help_text = _(
            "Để trống: khen thưởng thường xuyên. Khen chuyên đề, đột xuất không tính khi xét khen thưởng cao hơn."
        )


class RegisterImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
