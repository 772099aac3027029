from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

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
            plans = plans.filter(
                Q(title__icontains=q)
                | Q(number__icontains=q)
                | Q(issuer__name__icontains=q)
                | Q(campaign__name__icontains=q)
            )
        if self.cleaned_data["status"]:
            plans = plans.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["level"] == Level.PROVINCE:
            plans = plans.filter(issuer__province__isnull=True)
        elif self.cleaned_data["level"] == Level.COMMUNE:
            plans = plans.filter(issuer__province__isnull=False)
        return plans
