from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.search import search
from campaigns.models import Level, Plan


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + list(Plan.Status.choices)
    )
    level = forms.ChoiceField(
        label=_("Cấp"),
        required=False,
        choices=[("", _("Tất cả")), (Level.PROVINCE, Level.PROVINCE.label), (Level.COMMUNE, Level.COMMUNE.label)],
    )

    def filter(self, plans: QuerySet[Plan]) -> QuerySet[Plan]:
        if not self.is_valid():
            return plans
        q = self.cleaned_data["q"].strip()
        if q:
            plans = search(plans, q, ["title", "number", "issuer__name", "campaign__name"])
        if self.cleaned_data["status"]:
            plans = plans.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["level"] == Level.PROVINCE:
            plans = plans.filter(issuer__province__isnull=True)
        elif self.cleaned_data["level"] == Level.COMMUNE:
            plans = plans.filter(issuer__province__isnull=False)
        return plans


class EditMetaForm(forms.Form):
    """Posted with every plan edit: the version the user saw, and the amendment reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi kế hoạch đã ban hành."),
    )


class PlanGeneralForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "period_start",
            "period_end",
            "place",
            "preamble",
            "contents_intro",
            "award_subjects",
            "phases_intro",
            "closing",
            "signer_capacity",
            "signer_delegation",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "contents_intro": forms.Textarea(attrs={"rows": 3}),
            "award_subjects": forms.Textarea(attrs={"rows": 2}),
            "phases_intro": forms.Textarea(attrs={"rows": 2}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }


class PlanIssueForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=50, help_text=_("Ví dụ: 87/KH-UBND"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), help_text=_("dd/mm/yyyy"))
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    signer_capacity = forms.CharField(label=_("Thẩm quyền ký"), max_length=100, initial="TM. ỦY BAN NHÂN DÂN")
    signer_delegation = forms.CharField(label=_("Ký thay"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, initial="CHỦ TỊCH")
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
